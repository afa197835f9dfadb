"""The `statsbidrag` command.

Each subcommand lives in its own module under statsbidrag.cli, with
`add_arguments(parser)` and `run(args) -> int`. Only the module of the command being
run is imported, so `statsbidrag build` never pays for Great Expectations.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from statsbidrag.errors import StatsbidragError, UsageError

# name -> one-line help; the module is statsbidrag.cli.<name>.
COMMANDS = {
    "add": "draft the metadata of a new document (PDF, HTML, Markdown, text); --write archives it",
    "build": "regenerate every resource from sources/ and metadata/",
    "check": "validate the package and run every invariant check",
    "query": "run a read-only SQL query against the package's DuckDB views",
    "dist": "write the release (zip, wheel, SQLite database, SHA256SUMS) to dist/",
    "verify": "verify a downloaded package (zip, folder or http(s) address)",
    "diff": "what changed in the data between two releases (zips, folders or http(s) addresses)",
    "report": "write the browsable HTML report to dist/site/",
    "serve": "browse the package in Datasette on 127.0.0.1 (optional extra: statsbidrag[serve])",
}


def _usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {text}" for name, text in COMMANDS.items()]
    return "usage: statsbidrag COMMAND [options]\n       statsbidrag --version\n\ncommands:\n" + \
        "\n".join(lines) + "\n\nRun 'statsbidrag COMMAND --help' for a command's options.\n" \
        "A command works on the package in --root, else STATSBIDRAG_ROOT, else the nearest folder\n" \
        "holding datapackage.json from the current folder upward, else the copy the tool carries;\n" \
        "it says which on standard error."


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors under their code (SB501) like every other error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"error {UsageError(f'{self.prog}: {message}')}\n")


def _resolve_root(args: argparse.Namespace) -> None:
    """Replace args.root (an option of most commands) by the package folder, and say which."""
    if not hasattr(args, "root"):
        return
    from statsbidrag.paths import find_root
    args.root, why = find_root(args.root)
    if not getattr(args, "quiet", False):  # --quiet: only failures and the summary
        print(f"statsbidrag: package {args.root} ({why})", file=sys.stderr)


def _finish_interrupted_build(args: argparse.Namespace) -> None:
    """Before a command reads a package, finish (or undo) a build that was killed in it."""
    from pathlib import Path

    from statsbidrag.publish.atomic import STATE, recover
    root = getattr(args, "root", None)
    if root is None or not (Path(root) / STATE).exists():
        return
    for line in recover(Path(root)):
        print(f"statsbidrag: {line}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(f"error {UsageError('expected a command; found none.')}\n\n{_usage()}", file=sys.stderr)
        return 2
    if argv[0] in ("-h", "--help"):
        print(_usage())
        return 0
    if argv[0] in ("-V", "--version"):
        from statsbidrag._version import __version__
        print(f"statsbidrag {__version__}")
        return 0
    name = argv[0]
    if name not in COMMANDS:
        unknown = UsageError(f"unknown command {name!r}: expected one of the commands below.")
        print(f"error {unknown}\n\n{_usage()}", file=sys.stderr)
        return 2
    command = importlib.import_module(f"statsbidrag.cli.{name}")
    parser = _Parser(prog=f"statsbidrag {name}", description=COMMANDS[name])
    command.add_arguments(parser)
    args = parser.parse_args(argv[1:])  # a usage error exits 2 with the message on stderr
    try:
        _resolve_root(args)
        _finish_interrupted_build(args)
        return command.run(args)
    except StatsbidragError as error:  # its message starts with its code: "error SB104: file:line: ..."
        print(f"error {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1


if __name__ == "__main__":
    sys.exit(main())
