"""statsbidrag check: Frictionless validation, then every SQL check in checks/.

Prints one line per check (PASS, FAIL or WARN, rows found, time) and, under a failure
or a warning, the offending rows as evidence. Exit status 0 when no error-severity
check fails (warnings and documented anomalies do not fail the run), 1 otherwise.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from statsbidrag.cli import JSON_SCHEMA_VERSION, ROOT_HELP

if TYPE_CHECKING:
    from statsbidrag.check.findings import Finding
    from statsbidrag.check.results import Report

SHOWN_ROWS = 10
_LABEL = {"pass": "PASS", "fail": "FAIL", "warning": "WARN"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a machine-readable JSON report instead")
    parser.add_argument("--root", help=ROOT_HELP)
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print only the failing checks (with their evidence) and the summary")
    parser.add_argument("--no-cache", action="store_true",
                        help="run every check even if this machine has checked exactly these inputs before")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _evidence(finding: Finding) -> list[str]:
    lines = []
    for row in finding.evidence[:SHOWN_ROWS]:
        problem = row.get("problem")
        rest = {k: v for k, v in row.items() if k != "problem" and v is not None}
        if problem:
            lines.append(f"      - {problem}")
            if rest and finding.severity == "error":
                lines.append("        " + ", ".join(f"{k}={_cell(v)}" for k, v in rest.items()))
        else:
            lines.append("      - " + ", ".join(f"{k}={_cell(v)}" for k, v in rest.items()))
    if finding.rows_found > SHOWN_ROWS:
        lines.append(f"      ... and {finding.rows_found - SHOWN_ROWS} more row(s) (--json lists up to "
                     f"{len(finding.evidence)})")
    return lines


def format_report(report: Report, quiet: bool = False) -> str:
    """One line per check with the evidence of each failure or warning, the documented anomalies
    and the summary; `quiet`: only the failing checks (with their evidence) and the summary."""
    from statsbidrag.check.findings import from_report, from_result

    checks = [r for r in report.results if not r.name.startswith("anomaly:")]
    anomalies = [f for f in from_report(report) if f.code.startswith("anomaly:")]
    width = max(len(r.name) for r in checks) if checks else 10
    if quiet:
        checks, anomalies = [r for r in checks if r.status == "fail"], []
    lines = [] if quiet else [f"statsbidrag check: {report.root}"]
    for result in checks:
        rows = f"{result.rows_found} row{'' if result.rows_found == 1 else 's'}"
        lines.append(f"  {_LABEL[result.status]}  {result.name:<{width}}  {rows:>8}  {result.seconds:6.3f} s"
                     + (f"  {result.description}" if result.status != "pass" else ""))
        finding = from_result(result)
        if finding is not None:
            lines.extend(_evidence(finding))
    for note in [] if quiet else report.notes:
        lines.append(f"  NOTE  {note.message}")
    if anomalies:
        lines.append("\n  Documented anomalies in the sources (warnings; metadata/anomalies.toml):")
        for anomaly in anomalies:
            lines.append(f"  WARN  {anomaly.message}")
    counts = report.counts()
    verdict = "OK" if report.ok else "FAILED"
    if report.cached and not quiet:
        lines.append("\n  (the stored result of an earlier run on exactly these inputs and this version of the tool; "
                     "--no-cache runs the checks again)")
    lines.append(("" if quiet else "\n") + f"{verdict}: {counts['checks']} checks, {counts['passed']} passed, "
                 f"{counts['failed']} failed, {counts['warnings']} with warnings; "
                 f"{counts['anomalies']} documented anomalies ({report.seconds:.2f} s)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import json

    from statsbidrag.check.findings import report_json
    from statsbidrag.check.runner import run_suite

    report = run_suite(args.root, cache=not args.no_cache)
    if args.json:
        print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, **report_json(report)}, ensure_ascii=False,
                         indent=2))
    else:
        print(format_report(report, quiet=args.quiet))
    return 0 if report.ok else 1
