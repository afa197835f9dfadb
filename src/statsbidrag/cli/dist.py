"""statsbidrag dist: write the release (zip, wheel, SQLite database, SHA256SUMS) to dist/."""

from __future__ import annotations

import argparse

from statsbidrag.cli import ROOT_HELP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", help=ROOT_HELP + "; must be a checkout (the wheel is built from it)")
    parser.add_argument("--out", help="folder to write the release to (default: ROOT/dist)")
    parser.add_argument("--previous", metavar="OLD",
                        help="the previous release (zip, folder or http(s) address): what changed in the data "
                             "since it (`statsbidrag diff OLD .`) is written into this version's section of "
                             "CHANGELOG.md, in the checkout and in the zip")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from statsbidrag.paths import writable
    from statsbidrag.release.dist import SUMS, make_release
    root = args.root
    out = Path(args.out).resolve() if args.out else writable(root, "dist", "dist/") / "dist"
    release = make_release(root, writable(out, "dist", "the release"), previous=args.previous)
    assert release.outputs is not None  # make_release lists what it wrote
    lines = [f"wrote the release of version {release.version} to {release.folder}:"]
    width = max(map(len, release.outputs))
    lines += [f"  {name:<{width}}  SHA-256 {digest}" for name, digest in sorted(release.outputs.items())]
    lines.append(f"  {SUMS:<{width}}  (the lines above, for `sha256sum -c {SUMS}`)")
    lines.append(f"Publish the zip's SHA-256 next to it; `statsbidrag verify {release.path.name} "
                 f"--sha256 {release.sha256}` checks a download against it.")
    print("\n".join(lines))
    return 0
