"""DuckDB connections: every one the tool opens (new_connection), and hardening: a connection
that reads package data may touch no file, network or extension.

`harden` is used by every connection that runs text from a package: `check`, `query`,
`verify`, the database the build exports and the report's views.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.errors import UsageError

if TYPE_CHECKING:
    import duckdb

THREADS = "STATSBIDRAG_THREADS"


def new_connection(database: str = ":memory:", read_only: bool = False,
                   config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, with at most $STATSBIDRAG_THREADS threads when that is set.

    DuckDB starts one thread per core for each connection. A caller that already runs one
    process per core (the test suite under pytest-xdist, a batch of `statsbidrag` commands at
    once) sets STATSBIDRAG_THREADS=1: the package's tables are far smaller than the 122,880 rows
    DuckDB gives one thread, so the extra threads only start, wait and compete for the cores
    (the fast tests took about 10 % less CPU time with one)."""
    import duckdb
    return duckdb.connect(database, read_only=read_only, config={**(config or {}), **_threads()})


def _threads() -> dict[str, int]:
    text = os.environ.get(THREADS, "").strip()
    if not text:
        return {}
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"{THREADS}: expected a whole number of threads, 1 or more; found {text!r}. "
                         f"Set it to a number such as 1, or unset it to let DuckDB use one per core.")
    return {"threads": int(text)}


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
