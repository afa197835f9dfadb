"""statsbidrag build"""

from __future__ import annotations

import argparse

from ..build import build
from . import ROOT_HELP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help=ROOT_HELP)


def run(args: argparse.Namespace) -> int:
    from .. import database
    from ..paths import writable
    root = writable(args.root, "build", "resources/, datapackage.json and dist/")
    # The data package first (resources/*.csv + datapackage.json), then what is derived
    # from it: sql/load_csv.sql from the schemas, dist/statsbidrag.duckdb (rewritten only
    # when its inputs changed) and dist/parquet/*.parquet. Each file is written to a
    # temporary name and renamed, so a failure leaves the previous file in place.
    changed = build(root)
    changed += database.write_load_sql(root)
    changed += database.write_outputs(root)
    print(f"built {root}: {len(changed)} file(s) changed" + "".join(f"\n  {c}" for c in changed))
    return 0
