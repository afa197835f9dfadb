"""statsbidrag report"""

from __future__ import annotations

import argparse

from statsbidrag.cli import ROOT_HELP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help=ROOT_HELP)
    parser.add_argument("--out", help="where to write the site (default: dist/site in the package folder; needed "
                                      "when the package is the copy inside the installed tool); replaced as a whole")
    parser.add_argument("--no-gx", action="store_true",
                        help="skip the Great Expectations suites and Data Docs (faster)")
    parser.add_argument("--no-checks", action="store_true", help="skip the checks suite")
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress on stderr")


def _require_gx() -> None:
    """Great Expectations is an optional extra: say how to get it, or how to do without."""
    import importlib.util
    if importlib.util.find_spec("great_expectations") is None:
        from statsbidrag._version import install_hint
        from statsbidrag.errors import UsageError
        raise UsageError("statsbidrag report: expected Great Expectations (the optional extra `report`); "
                         f"found it not installed. Install it with {install_hint('report')}, or pass --no-gx "
                         "to write the report without it.", code="SB502")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from statsbidrag.paths import writable
    from statsbidrag.report.site import build_site, stderr_progress

    root = args.root
    out = Path(args.out) if args.out else writable(root, "report", "dist/site/") / "dist" / "site"
    if not args.no_gx:
        _require_gx()
    summary = build_site(root, out, gx=not args.no_gx, checks=not args.no_checks,
                         progress=None if args.quiet else stderr_progress)
    print(f"wrote {len(summary.pages)} pages to {summary.out}")
    if summary.check_counts is None:
        print(f"  checks: {summary.checks_error}")
    else:   # counted as `statsbidrag check` counts them
        c = summary.check_counts
        print(f"  checks: {c['checks']} ({c['passed']} pass, {c['warnings']} warning, {c['failed']} fail); "
              f"{c['anomalies']} documented anomalies")
    if summary.gx is None:
        print(f"  Great Expectations: {summary.gx_error}")
    else:
        failed = [r.name for r in summary.gx if not r.success]
        print(f"  Great Expectations: {len(summary.gx)} suites, {sum(r.evaluated for r in summary.gx)} expectations, "
              f"{len(failed)} suite(s) failing{': ' + ', '.join(failed) if failed else ''}; "
              f"Data Docs in {summary.out / 'gx'}")
    print(f"  open {summary.out / 'index.html'}")
    return 0
