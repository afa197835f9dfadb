"""statsbidrag verify PATH_OR_URL: check a downloaded package before trusting it."""

from __future__ import annotations

import argparse

from statsbidrag.cli import JSON_SCHEMA_VERSION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PATH_OR_URL",
                        help="a release zip, an unzipped package folder, or an http(s) address of either "
                             "a zip or a datapackage.json")
    parser.add_argument("--sha256", default="", metavar="HEX",
                        help="the published SHA-256 of the zip; the download must match it")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print only what rejects the package (differences, failing checks) and the result")
    parser.add_argument("--max-mib", type=int, default=None, metavar="N",
                        help="refuse a package larger than N MiB unpacked (default 512)")
    parser.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                        help="give up a download over http(s) that has not finished after SECONDS in all "
                             "(default 60)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0 (at most 86400); found {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    import json

    from statsbidrag.release.verify import verify
    from statsbidrag.release.zipsafety import Limits, MiB
    limits = Limits()
    if args.max_mib is not None:
        total = args.max_mib * MiB
        limits = Limits(max_download_bytes=total, max_total_bytes=total,
                        max_file_bytes=min(total, limits.max_file_bytes),
                        max_resource_bytes=min(total, limits.max_resource_bytes))
    report = verify(args.target, limits=limits, expect_sha256=args.sha256, timeout=args.timeout)
    print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, **report.to_dict()}, ensure_ascii=False, indent=2)
          if args.json else report.render(quiet=args.quiet))
    return 0 if report.ok else 1
