"""One shape for whatever a run finds wrong, shared by `check --json`, `verify --json` and the report.

A Finding is a failing or warning check, a documented anomaly of a source, or a
difference `verify` finds in a download:

    code      what kind of finding: a check's name ("table_totals", "anomaly:<id>"), or a
              code of the error catalogue (statsbidrag.errors.CODES, e.g. "SB412")
    severity  "error" (fails the run), "warning" (reported; does not fail it) or "note"
    message   one sentence: where, what was expected, what was found
    file, line, resource, row
              where, when known (for a check, where its first offending row points)
    evidence  the offending rows a check returned (first column `problem`), at most
              statsbidrag.check.runner.MAX_EVIDENCE of them
    rows_found  how many offending rows there are in all (evidence may list fewer)

The findings are made here and only here (`from_result`, `from_report`, `difference`);
`report_json` is the body of `check --json` and of `verify --json`'s "suite".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    resource: str | None = None
    row: int | None = None
    evidence: list[dict] = field(default_factory=list)
    rows_found: int = 0

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**data)


def difference(code: str, file: str, expected: str, found: str, severity: str = "error") -> Finding:
    """A file that is not what it should be: `file: expected X; found Y` (verify, and a
    package whose checks/ differ from the tool's)."""
    from statsbidrag.errors import CODES
    assert code in CODES and CODES[code].raised_as == "Finding", code
    return Finding(code, severity, f"{file}: expected {expected}; found {found}", file=file)


def _first(row: dict[str, Any], *keys: str) -> Any:
    return next((row[k] for k in keys if row.get(k) is not None), None)


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class CheckOutcome(Protocol):
    """What a finding is made from: statsbidrag.check.results.CheckResult (which imports this module)."""
    name: str
    description: str
    severity: str
    status: str
    message: str
    path: str
    seconds: float
    rows_found: int

    @property
    def rows(self) -> Sequence[dict[str, Any]]: ...


class ChecksRun(Protocol):
    """A checks run: statsbidrag.check.results.Report."""
    root: str
    seconds: float
    setup_seconds: float
    cached: bool

    @property
    def results(self) -> Sequence[CheckOutcome]: ...
    @property
    def notes(self) -> Sequence[Finding]: ...
    @property
    def ok(self) -> bool: ...
    def counts(self) -> dict[str, int]: ...


def from_result(result: CheckOutcome) -> Finding | None:
    """The finding of one check result (statsbidrag.check.results.CheckResult); None if it passed.

    Its place is where its first offending row points: a source file and line, or a
    resource and row (the columns the checks use for them).
    """
    if result.status == "pass":
        return None
    first = result.rows[0] if result.rows else {}
    return Finding(result.name, "error" if result.status == "fail" else "warning", result.message,
                   file=_first(first, "path", "file"),
                   line=_number(_first(first, "source_line", "line", "line_number")),
                   resource=_first(first, "resource"), row=_number(_first(first, "row", "row_number")),
                   evidence=list(result.rows), rows_found=result.rows_found)


def from_report(report: ChecksRun) -> list[Finding]:
    """Every finding of a checks run (statsbidrag.check.results.Report): the package's
    checks/ differing from the tool's, then each check that did not pass, in run order."""
    found = [from_result(r) for r in report.results]
    return list(report.notes) + [f for f in found if f is not None]


def report_json(report: ChecksRun) -> dict[str, Any]:
    """A checks run as JSON: the verdict, one entry per check (its status and time) and the findings."""
    return {"ok": report.ok, "root": report.root, "seconds": round(report.seconds, 3),
            "setup_seconds": round(report.setup_seconds, 3), "cached": report.cached, "counts": report.counts(),
            "results": [{"name": r.name, "description": r.description, "severity": r.severity, "status": r.status,
                         "rows_found": r.rows_found, "seconds": round(r.seconds, 4), "path": r.path}
                        for r in report.results],
            "findings": [f.to_dict() for f in from_report(report)]}
