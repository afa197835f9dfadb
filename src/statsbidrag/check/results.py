"""What a checks run found: one CheckResult per check (its status and up to runner.MAX_EVIDENCE of
its offending rows), gathered in a Report (statsbidrag.check.runner.run_suite makes it;
statsbidrag.check.cache stores it as a dict and makes it again with Report.from_dict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from statsbidrag.check.findings import Finding


@dataclass
class CheckResult:
    name: str
    description: str
    severity: str
    status: str  # pass | fail | warning
    rows: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""
    path: str = ""
    rows_found: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "severity": self.severity,
                "status": self.status, "rows_found": self.rows_found, "message": self.message,
                "seconds": round(self.seconds, 4), "path": self.path, "rows": self.rows}


@dataclass
class Report:
    root: str
    results: list[CheckResult]
    seconds: float = 0.0
    setup_seconds: float = 0.0
    notes: list[Finding] = field(default_factory=list)  # the package's checks/ differ from the tool's (SB416)
    cached: bool = False  # reused from the cache of an identical earlier run (check_cache)

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        results = [CheckResult(r["name"], r["description"], r["severity"], r["status"], r["rows"], r["seconds"],
                               r["message"], r["path"], r["rows_found"]) for r in data["results"]]
        return cls(data["root"], results, data["seconds"], data["setup_seconds"],
                   [Finding.from_dict(n) for n in data.get("notes", [])])

    @property
    def ok(self) -> bool:
        """True when no error-severity check failed (warnings do not count)."""
        return not any(r.status == "fail" for r in self.results)

    def counts(self) -> dict[str, int]:
        checks = [r for r in self.results if not r.name.startswith("anomaly:")]
        return {"checks": len(checks),
                "passed": sum(r.status == "pass" for r in checks),
                "failed": sum(r.status == "fail" for r in checks),
                "warnings": sum(r.status == "warning" for r in checks),
                "anomalies": len(self.results) - len(checks)}

    def to_dict(self) -> dict:
        return {"ok": self.ok, "root": self.root, "seconds": round(self.seconds, 3),
                "setup_seconds": round(self.setup_seconds, 3), "cached": self.cached, "counts": self.counts(),
                "notes": [n.to_dict() for n in self.notes],
                "results": [r.to_dict() for r in self.results]}


def summary(rows: list[dict], found: int) -> str:
    """The first offending row's `problem` (or its values), and how many more there are."""
    if not found:
        return "no offending rows"
    first = rows[0]
    text = first.get("problem") or ", ".join(f"{k}={v}" for k, v in first.items())
    return str(text) + (f" (and {found - 1} more)" if found > 1 else "")


def from_rows(name: str, description: str, severity: str, rows: list[dict[str, Any]], found: int, seconds: float,
              path: str = "", message: str | None = None) -> CheckResult:
    """A check's result from its offending rows: pass when none, else fail (an error) or warning."""
    status = "pass" if not found else ("fail" if severity == "error" else "warning")
    return CheckResult(name, description, severity, status, rows, seconds,
                       message if message is not None else summary(rows, found), path, found)

