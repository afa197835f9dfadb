"""The `statsbidrag` command.

Each subcommand lives in its own module under statsbidrag.commands, with
`add_arguments(parser)` and `run(args) -> int`. Only the module of the command being
run is imported, so `statsbidrag build` never pays for Great Expectations.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import StatsbidragError

# name -> one-line help; the module is statsbidrag.commands.<name>.
COMMANDS = {
    "build": "regenerate every resource from sources/ and metadata/",
    "check": "validate the package and run every invariant check",
    "query": "run a read-only SQL query against the package's DuckDB views",
    "dist": "write the downloadable release zip to dist/",
    "verify": "verify a downloaded package (zip, folder or http(s) address)",
    "report": "write the browsable HTML report to dist/site/",
}


def _usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {text}" for name, text in COMMANDS.items()]
    return "usage: statsbidrag COMMAND [options]\n\ncommands:\n" + "\n".join(lines) + \
        "\n\nRun 'statsbidrag COMMAND --help' for a command's options."


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0 if argv else 2
    name = argv[0]
    if name not in COMMANDS:
        print(f"error: unknown command '{name}'.\n\n{_usage()}", file=sys.stderr)
        return 2
    command = importlib.import_module(f"statsbidrag.commands.{name}")
    parser = argparse.ArgumentParser(prog=f"statsbidrag {name}", description=COMMANDS[name])
    command.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    try:
        return command.run(args)
    except StatsbidragError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
