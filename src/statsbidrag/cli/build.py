"""statsbidrag build"""

from __future__ import annotations

import argparse

from statsbidrag.cli import ROOT_HELP
from statsbidrag.publish.build import build


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help=ROOT_HELP)


def run(args: argparse.Namespace) -> int:
    from statsbidrag.paths import writable
    root = writable(args.root, "build", "resources/, datapackage.json and dist/", out_option=False)
    # The data package (resources/*.csv + datapackage.json) and what is derived from it:
    # sql/load_csv.sql from the schemas, dist/statsbidrag.duckdb (rewritten only when its
    # inputs changed) and dist/parquet/*.parquet, all published as one transaction
    # (statsbidrag.publish.atomic): a failure or a kill leaves the previous state, or the new one.
    changed = build(root, derived=True)
    print(f"built {root}: {len(changed)} file(s) changed" + "".join(f"\n  {c}" for c in changed))
    return 0
