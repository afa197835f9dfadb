"""statsbidrag.sqlite: the package as one SQLite file, for Datasette and any SQLite client.

Every resource becomes a table with the column types, primary key and foreign keys of its
Table Schema (so Datasette links an allocation to its table, region and source); every view
of sql/views/ becomes a table holding the view's rows (SQLite cannot run DuckDB's SQL, so
the views are stored as DuckDB computes them, and `_statsbidrag_views` lists each with the
file that defines it). `source_lines` holds every line of every archived source document,
keyed by (source_id, line_number), so that a row's line number can link to the text printed
there (`statsbidrag serve`). Lists are stored as JSON text, dates as ISO text, booleans as 0/1.

Written with the standard library's sqlite3, rows in a fixed order and then VACUUMed, so
the file's bytes depend only on the package and the SQLite library version: two builds of
the same package give the same file (tests/integration/test_sqlite.py).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.paths import replacing
from statsbidrag.publish import database
from statsbidrag.tableschema.engine_types import engine_type
from statsbidrag.tableschema.model import Resource

if TYPE_CHECKING:
    import duckdb

SQLITE_FILE = "statsbidrag.sqlite"
VIEWS_TABLE = "_statsbidrag_views"
LINES_TABLE = "source_lines"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _value(value: object) -> object:
    """A value SQLite stores as it is: dates as ISO text, lists as JSON, Decimal as float."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _duckdb_to_sqlite(kind: str) -> str:
    kind = kind.upper()
    if kind.endswith("]") or kind.startswith(("STRUCT", "MAP")):
        return "TEXT"
    if kind in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
                "UTINYINT", "BOOLEAN"):
        return "INTEGER"
    if kind in ("DOUBLE", "FLOAT", "REAL") or kind.startswith("DECIMAL"):
        return "REAL"
    if kind == "DATE":  # ISO text in a column declared DATE, as engine_types says for a resource
        return "DATE"
    return "TEXT"


def _resource_ddl(resource: Resource) -> str:
    """CREATE TABLE with the column types (storage class affinity, from engine_types), primary
    and foreign keys of the resource's Table Schema."""
    schema = resource.schema
    lines = [f"  {_quote(f.name)} {engine_type(f.type, 'sqlite', f'{schema.where} field {f.name!r}')}"
             + (" NOT NULL" if f.required else "") for f in schema.fields]
    if schema.primary_key:
        lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, schema.primary_key))})")
    for foreign in schema.foreign_keys:
        lines.append(f"  FOREIGN KEY ({', '.join(map(_quote, foreign.fields))}) REFERENCES "
                     f"{_quote(foreign.target(resource.name))} ({', '.join(map(_quote, foreign.reference_fields))})")
    return f"CREATE TABLE {_quote(resource.name)} (\n" + ",\n".join(lines) + "\n)"


def _copy(con: duckdb.DuckDBPyConnection, lite: sqlite3.Connection, name: str, columns: list[str], order: str) -> None:
    rows = con.sql(f"select {', '.join(_quote(c) for c in columns)} from {_quote(name)} order by {order}").fetchall()
    marks = ", ".join("?" for _ in columns)
    lite.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", ([_value(v) for v in row] for row in rows))


def _write_source_lines(root: Path, con: duckdb.DuckDBPyConnection, lite: sqlite3.Connection) -> None:
    """Every line of every archived source, as `sources` lists them (path relative to the package):
    the lines the build read (extract.documents.read_lines: a PDF's text, a text file's lines)."""
    from statsbidrag.extract.documents import read_lines
    lite.execute(f"CREATE TABLE {LINES_TABLE} (\n  source_id TEXT NOT NULL,\n  line_number INTEGER NOT NULL,\n"
                 "  text TEXT NOT NULL,\n  PRIMARY KEY (source_id, line_number),\n"
                 "  FOREIGN KEY (source_id) REFERENCES sources (source_id)\n)")
    for source_id, path in con.sql("select source_id, path from sources order by source_id").fetchall():
        lines = read_lines(path, (root / path).read_bytes())
        if lines and lines[-1] == "":
            lines.pop()
        lite.executemany(f"INSERT INTO {LINES_TABLE} VALUES (?, ?, ?)",
                         ((source_id, number, text) for number, text in enumerate(lines, start=1)))


def write_sqlite(root: Path, target: Path) -> Path:
    """Write `target` (temp file + rename) from the package at `root`."""
    with replacing(target) as temp:
        con = database.connect(root)
        lite = sqlite3.connect(temp)
        try:
            lite.execute("PRAGMA page_size = 4096")
            for resource in database.resources(root):
                lite.execute(_resource_ddl(resource))
                _copy(con, lite, resource.name, resource.schema.names, "all")
            _write_source_lines(root, con, lite)
            lite.execute(f"CREATE TABLE {VIEWS_TABLE} (name TEXT PRIMARY KEY, definition TEXT NOT NULL)")
            for view, file in zip(database.view_names(root), database.view_files(root)):
                described = con.sql(f"describe {_quote(view)}").fetchall()
                columns = [(row[0], _duckdb_to_sqlite(row[1])) for row in described]
                lite.execute(f"CREATE TABLE {_quote(view)} (\n"
                             + ",\n".join(f"  {_quote(c)} {t}" for c, t in columns) + "\n)")
                _copy(con, lite, view, [c for c, _ in columns], "all")
                lite.execute(f"INSERT INTO {VIEWS_TABLE} VALUES (?, ?)",
                             (view, file.relative_to(root).as_posix()))
            lite.commit()
            lite.execute("VACUUM")
        finally:
            con.close()
            lite.close()
    return target
