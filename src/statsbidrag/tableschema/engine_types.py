"""Each Table Schema type in each engine the package is read by: the one table.

A column's type is written once, in schemas/<resource>.json; this table says what that
type becomes in DuckDB (`publish.database`, `sql/load_csv.sql`), SQLite
(`publish.sqlite_export`), pandas as the report reads it (`report.data`), pandas as
`statsbidrag.load` types it (`tableschema.to_pandera`, required / optional), and the
dtype name Great Expectations reports for the report's column
(`tableschema.to_great_expectations`). None: that engine has no translation, and the
module using it refuses the type with a message naming this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from statsbidrag.errors import SchemaMappingError


@dataclass(frozen=True)
class EngineTypes:
    duckdb: str
    sqlite: str
    pandas: str                 # report.data reads the CSV column as this dtype (nullable)
    pandera: tuple[str, str] | None  # statsbidrag.load: (required, optional) dtype
    gx: str | None              # the dtype name GX reports for the report's column
    sql_check: bool             # `check`'s compiled SQL reads it exactly as Frictionless does


# pandas 3 reads text as its `str` dtype ("string" when asked for the nullable one); GX
# reports nullable Int64 and Float64 in lower case. Dates and booleans stay text in the
# report (the GX suite checks how they are written), and are typed by statsbidrag.load. SQLite
# has no date type: a date is ISO text in a column declared DATE, which sqlite3's
# PARSE_DECLTYPES, Datasette and sqlite-utils read as a date. A year is a number everywhere.
ENGINE_TYPES: dict[str, EngineTypes] = {
    "string": EngineTypes("VARCHAR", "TEXT", "string", ("str", "str"), "str", True),
    "integer": EngineTypes("BIGINT", "INTEGER", "Int64", ("int64", "Int64"), "int64", True),
    "number": EngineTypes("DOUBLE", "REAL", "Float64", ("float64", "float64"), "float64", False),
    "boolean": EngineTypes("BOOLEAN", "INTEGER", "string", ("bool", "boolean"), "str", True),
    "date": EngineTypes("DATE", "DATE", "string", ("datetime64[ns]", "datetime64[ns]"), "str", True),
    "time": EngineTypes("TIME", "TEXT", "string", None, None, False),
    "datetime": EngineTypes("TIMESTAMP", "TEXT", "string", None, None, False),
    "year": EngineTypes("INTEGER", "INTEGER", "Int64", ("int64", "Int64"), "int64", True),
}


def engine_type(kind: str, engine: str, where: str) -> str:
    """The type `kind` is in `engine` (a field of EngineTypes); refused when there is none."""
    types = ENGINE_TYPES.get(kind)
    value = getattr(types, engine) if types else None
    if value is None:
        supported = sorted(k for k, t in ENGINE_TYPES.items() if getattr(t, engine) is not None)
        raise SchemaMappingError(f"{where}: expected a type in {supported} (the {engine} types of "
                                   f"statsbidrag/tableschema/engine_types.py); found '{kind}'. Add its {engine} "
                                   "type to ENGINE_TYPES there, or use one of those types.")
    return value
