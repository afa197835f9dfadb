"""statsbidrag add FILE [--address URL] [--published YYYY-MM-DD] [--title TEXT] [--write]"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from statsbidrag.cli import ROOT_HELP
from statsbidrag.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the document: a PDF, HTML, Markdown or plain-text file, "
                        "a spreadsheet's CSV export, or SCB's download of county population (CSV or JSON-stat 2.0)")
    parser.add_argument("--address", default="", help="the address the document was downloaded from")
    parser.add_argument("--published", default="", help="the date the document was published, YYYY-MM-DD "
                        "(default: the first date printed in its first ten lines, named among what to check)")
    parser.add_argument("--title", default="", help="the document's title (default: the first of its first ten "
                        "lines that reads as one, a page heading such as 'Bilaga 1  1 (2)' left out)")
    parser.add_argument("--write", action="store_true",
                        help="archive FILE in sources/ and append the draft to metadata/ (marked draft = true)")
    parser.add_argument("--root", help=ROOT_HELP)


def run(args: argparse.Namespace) -> int:
    from statsbidrag import metadata
    from statsbidrag.intake.draft import draft, written_files
    from statsbidrag.paths import writable
    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"FILE: expected a document to add; found no file {file}", code="SB501")
    if args.published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.published):
        raise UsageError(f"--published: expected a date YYYY-MM-DD; found {args.published!r}", code="SB501")
    if args.address and not re.fullmatch(r"https?://\S+", args.address):
        raise UsageError(f"--address: expected an address https://...; found {args.address!r}", code="SB501")
    root = writable(args.root, "add", "sources/ and metadata/", out_option=False) if args.write else Path(args.root)
    result = draft(file, metadata.load(root), args.address, args.published, args.title)
    if not args.write:
        print(result.toml() or f"# no table of money found in {file}")
        print("\n" + result.summary())
        return 0
    if not result.drafted:
        print(result.summary())
        print("nothing written: the document has no table of money to publish")
        return 0
    from statsbidrag.publish.atomic import put_files
    from statsbidrag.publish.build import extract
    files = written_files(root, result)
    put_files(root, files, extract)  # the whole package must extract with them
    written = list(files)
    print(result.summary())
    print("written (marked draft = true):" + "".join(f"\n  {path}" for path in written))
    print("next: review the draft, run `statsbidrag build` and `statsbidrag check`, then remove `draft = true`")
    return 0
