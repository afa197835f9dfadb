"""statsbidrag: Swedish state grants to the 21 regions as a validated data package.

Heavy libraries (pandas, pandera, duckdb) are imported only when a function that
needs them is called, so `import statsbidrag` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag._version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

__all__ = ["UnknownResourceError", "ValidationError", "__version__", "connect", "load", "resource_names", "schema",
           "validate"]

# load/schema/validate import pandas and pandera inside the call (statsbidrag.api is light).
from statsbidrag.api import (  # noqa: E402
    UnknownResourceError,
    ValidationError,
    load,
    resource_names,
    schema,
    validate,
)


def connect(root: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the package's tables and the views of sql/views/.

    The tables are loaded from resources/*.csv with the column types of schemas/*.json;
    the results equal those of sql/load_csv.sql and dist/statsbidrag.duckdb:

        con = statsbidrag.connect()
        con.sql("from grant_allocations where region_code = '09'").fetchall()
    """
    from statsbidrag.publish.database import connect as _connect
    return _connect(root)
