"""statsbidrag query "SQL": run one read-only query against the package's DuckDB views."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from statsbidrag.cli import JSON_SCHEMA_VERSION, ROOT_HELP
from statsbidrag.jsonable import jsonable

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", help='the query, e.g. "from grant_allocations where region_code = \'09\'"')
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="print CSV (header, then one line per row)")
    output.add_argument("--json", action="store_true", help="print JSON: {schema_version, columns, "
                        "rows: [one object per row]}")
    parser.add_argument("--max-width", type=int, default=60, metavar="N",
                        help="cut table cells longer than N characters (0: never; --csv/--json never cut)")
    parser.add_argument("--root", help=ROOT_HELP)


def _text(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_number(value: object) -> bool:
    from decimal import Decimal
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def render_table(columns: list[str], rows: list[tuple], max_width: int = 0) -> str:
    """A plain text table: a header, a rule, one line per row, numbers right-aligned."""
    def cut(text: str) -> str:
        text = text.replace("\r", "\\r").replace("\n", "\\n")
        return text if not max_width or len(text) <= max_width else text[:max_width - 1] + "…"

    cells = [[cut(_text(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(_is_number(r[i]) or r[i] is None for r in rows) for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return " | ".join(v.rjust(w) if num else v.ljust(w)
                          for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(list(columns)), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out)


def _hint(con: duckdb.DuckDBPyConnection, root: Path) -> str:
    """What can be queried: the package's views (sql/views/) and its tables."""
    from statsbidrag.publish import database
    views = database.view_names(root)
    tables = [r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'main' "
                                    "order by table_name").fetchall() if r[0] not in views]
    return ("hint: the database is opened read only (statements that change it, or read or write "
            "files, are refused).\n"
            f"  views:  {', '.join(views)}\n"
            f"  tables: {', '.join(tables)}\n"
            "  columns of one: statsbidrag query \"describe grant_allocations\"")


def _refused(message: str, con: duckdb.DuckDBPyConnection, root: Path) -> int:
    """A query DuckDB refused or could not run: its message, with a code, and what can be queried."""
    from statsbidrag.errors import StatsbidragError
    print(f"error {StatsbidragError(message, code='SB306')}", file=sys.stderr)
    print(_hint(con, root), file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    import duckdb

    from statsbidrag.publish import database

    root = args.root
    from statsbidrag.paths import is_downloaded_release, is_installed_copy
    with database.read_only(root) as (con, note):
        if note and is_installed_copy(root):  # `build` cannot write there: do not suggest it
            note = "note: querying a database built in memory from the CSVs of the installed package."
        elif note and is_downloaded_release(root):  # nor into a release: SHA256SUMS lists its files
            note = ("note: this is a downloaded release, read only here: querying a database built in memory "
                    "from its CSVs (nothing is written into it). `statsbidrag verify .` checks it.")
        if note:
            print(note, file=sys.stderr)
        try:
            relation = con.sql(args.sql)
            columns = list(relation.columns) if relation is not None else []
            rows = relation.fetchall() if relation is not None else []
        except duckdb.Error as error:
            return _refused(str(error), con, root)
        except Exception as error:  # noqa: BLE001 - a refused statement is never a traceback
            # DuckDB raises a few refusals (of CALLs, PRAGMAs ...) as plain Python errors.
            return _refused(f"DuckDB refused the statement: {type(error).__name__}: {error}", con, root)
    try:
        _print(columns, rows, args)
    except BrokenPipeError:
        # The reader stopped early (`statsbidrag query ... | head`): not an error.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print(columns: list[str], rows: list[tuple], args: argparse.Namespace) -> None:
    import csv
    import json
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow("" if v is None else _text(v) for v in row)
    elif args.json:
        records = [{c: jsonable(v) for c, v in zip(columns, row)} for row in rows]
        print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, "columns": columns, "rows": records},
                         ensure_ascii=False, indent=2))
    elif columns:
        print(render_table(columns, rows, args.max_width))
    else:
        print("(the statement returned no result)")
    sys.stdout.flush()
