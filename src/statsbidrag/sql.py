"""DuckDB hardening: a connection that reads package data may touch no file, network or extension.

Used by every connection that runs text from a package: `check`, `query`, `verify`, the
database the build exports and the report's views.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def harden(con: duckdb.DuckDBPyConnection, writable: Path | None = None) -> None:
    """Forbid a DuckDB connection every file, network and extension access, for good.

    Called on every connection that reads package data, after the tool's own code has
    loaded what it needs from files and before any text from the package (a view, a
    macro, SQL generated from a schema, a query) runs: from then on no statement can
    read or write a file, fetch a URL, attach a database or load an extension, and
    `lock_configuration` stops a statement from switching that back on.

    `writable`: the one folder (a fresh private temporary folder) a connection that must
    write files, the Parquet export, may still write in; nothing else is reachable.
    """
    if writable is not None:
        con.execute("SET allowed_directories = [?]", [str(Path(writable).resolve()) + "/"])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
