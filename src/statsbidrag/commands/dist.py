"""statsbidrag dist: write the downloadable release zip to dist/."""

from __future__ import annotations

import argparse

from ..paths import project_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help="package folder (default: this checkout)")
    parser.add_argument("--out", help="folder to write the zip to (default: ROOT/dist)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..release import make_release
    root = Path(args.root).resolve() if args.root else project_root()
    release = make_release(root, Path(args.out).resolve() if args.out else None)
    print(f"wrote {release.path}\n"
          f"  version {release.version}: {len(release.files)} files, {release.bytes:,} bytes\n"
          f"  SHA-256 {release.sha256}\n"
          f"Publish this SHA-256 next to the zip; `statsbidrag verify {release.path.name} "
          f"--sha256 {release.sha256[:12]}...` checks a download against it.")
    return 0
