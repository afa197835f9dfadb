"""statsbidrag diff OLD NEW: what changed in the data between two releases."""

from __future__ import annotations

import argparse

from statsbidrag.cli import JSON_SCHEMA_VERSION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD",
                        help="the earlier release: a zip, an unzipped folder or an http(s) address")
    parser.add_argument("new", metavar="NEW", help="the later release, the same way")
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")


def run(args: argparse.Namespace) -> int:
    import json

    from statsbidrag.release.diff import diff
    result = diff(args.old, args.new)
    print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, **result.to_dict()}, ensure_ascii=False, indent=2)
          if args.json else result.render())
    return 0
