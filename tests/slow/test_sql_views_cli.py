"""The DuckDB views give the same rows three ways:

(a) the DuckDB CLI (the 1.5.x one users install) on the CSVs with sql/load_csv.sql,
(b) the database file `statsbidrag build` writes, opened by that CLI from elsewhere,
(c) statsbidrag.connect() in Python.

Each CLI leg runs a process (about 3.5 s together), hence the slow tier.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import ROOT
from helpers import VIEWS, run_cli

import statsbidrag
from statsbidrag.publish import database


@pytest.fixture(scope="module")
def con():
    connection = statsbidrag.connect()
    yield connection
    connection.close()


def view_rows(con, view: str) -> tuple[list[str], list[tuple]]:
    relation = con.sql(f"from {view} order by all")
    return relation.columns, relation.fetchall()


def cli_view_rows(tmp: Path, args: list[str], cwd: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Run `duckdb ARGS` copying each view to Parquet, then read those files back."""
    copies = []
    for view in VIEWS:
        copies += ["-c", f"copy (from {view} order by all) to '{tmp / view}.parquet' (format parquet)"]
    run_cli([*args, *copies], cwd)
    reader = duckdb.connect()
    result = {}
    for view in VIEWS:
        relation = reader.sql(f"from '{tmp / view}.parquet'")
        result[view] = (relation.columns, relation.fetchall())
    reader.close()
    return result


def test_the_three_ways_return_identical_results(con, tmp_path):
    # (a) the 1.5.x CLI on the CSVs of this checkout.
    (tmp_path / "a").mkdir()
    way_a = cli_view_rows(tmp_path / "a", ["-c", ".read sql/load_csv.sql"], ROOT)
    # (b) the database file, written as `statsbidrag build` writes it, opened by that CLI
    # from another working directory.
    db = tmp_path / "b" / "statsbidrag.duckdb"
    database.write_database_file(ROOT, db)
    way_b = cli_view_rows(tmp_path / "b", ["-readonly", str(db)], tmp_path)
    # (c) Python.
    for view in VIEWS:
        columns, rows = view_rows(con, view)
        # allocations_per_inhabitant is empty until a table of 2017-2020 or one keyed on a
        # dated population is in the package (test_a_table_keyed_on_a_date_gets_... fills it)
        assert len(rows) > 0 or view == "allocations_per_inhabitant", view
        assert way_a[view] == (columns, rows), f"{view}: the CLI on the CSVs differs from statsbidrag.connect()"
        assert way_b[view] == (columns, rows), f"{view}: the database file differs from statsbidrag.connect()"


def test_the_cli_that_opens_the_file_is_an_older_duckdb():
    """The point of writing an old storage version: a 1.x reader opens the file."""
    out = run_cli(["-csv", "-noheader", "-c", "select library_version from pragma_version()"], ROOT)
    assert out.strip().startswith("v1."), f"expected a 1.x DuckDB CLI to test against; found {out.strip()}"
    assert not duckdb.__version__.startswith("1."), "the writer is expected to be the newer DuckDB"
