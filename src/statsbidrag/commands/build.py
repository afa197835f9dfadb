"""statsbidrag build"""

from __future__ import annotations

import argparse

from ..build import build
from ..paths import project_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help="package folder (default: this checkout)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path
    root = Path(args.root).resolve() if args.root else project_root()
    changed = build(root)
    print(f"built {root}: {len(changed)} file(s) changed" + "".join(f"\n  {c}" for c in changed))
    return 0
