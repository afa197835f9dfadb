"""Each column means one thing, in one type, with one list convention (docs/reference.md: Columns and types)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import build_package_copy

import statsbidrag
from statsbidrag.cli.main import main
from statsbidrag.publish import database

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@pytest.fixture(scope="module")
def con():
    return statsbidrag.connect()


def columns(con, name: str) -> list[tuple[str, str]]:
    return con.sql("select column_name, data_type from information_schema.columns "
                   f"where table_schema = 'main' and table_name = '{name}' order by ordinal_position").fetchall()


def every_table(con) -> list[str]:
    return [r.name for r in database.resources(ROOT)] + database.view_names(ROOT)


def test_no_column_is_a_decimal_or_a_hugeint(con):
    """Python reads DECIMAL as Decimal, Parquet readers as object; DuckDB writes HUGEINT to Parquet as a double."""
    wrong = [(name, column, kind) for name in every_table(con) for column, kind in columns(con, name)
             if kind.startswith(("DECIMAL", "HUGEINT"))]
    assert wrong == []


def test_amounts_are_whole_kronor_and_shares_are_doubles(con):
    for name in every_table(con):
        for column, kind in columns(con, name):
            if column.endswith("_sek") and column != "sek_per_inhabitant":
                assert kind == "BIGINT", f"{name}.{column} is {kind}"
            if column.endswith("_percent"):
                assert kind == "DOUBLE", f"{name}.{column} is {kind}"


def test_every_list_column_is_sorted_ids_separated_by_one_space(con):
    found = 0
    for name in every_table(con):
        for column, _ in columns(con, name):
            if not column.endswith("_ids"):
                continue
            for (value,) in con.sql(f'select "{column}" from "{name}" where "{column}" is not null').fetchall():
                items = value.split(" ")
                assert all(ID.match(i) for i in items) and items == sorted(items), f"{name}.{column}: {value!r}"
                found += 1
    assert found, "test setup: the package has list columns (claims.table_ids, grant_ids, other_table_ids)"


def test_the_views_carry_one_unit_column_beside_amount_sek(con):
    flat = dict(columns(con, "allocations_flat"))
    assert "unit" in flat and "unit_printed" not in flat


def test_query_json_gives_shares_as_numbers(capsys):
    assert main(["query", "select share_percent from allocation_shares limit 1", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["rows"]
    assert isinstance(row["share_percent"], float)


@pytest.fixture(scope="module")
def parquet(tmp_path_factory) -> Path:
    """The Parquet files of a build of the checkout's package, made once per run for the tests
    that read them (test_query's built package)."""
    return build_package_copy(tmp_path_factory) / database.PARQUET_DIR


def test_parquet_columns_read_by_pandas_keep_their_types(parquet):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow", reason="pandas reads Parquet with pyarrow (a test dependency)")
    shares = pd.read_parquet(parquet / "allocation_shares.parquet")
    assert str(shares["share_percent"].dtype) == "float64" and str(shares["grant_sum_sek"].dtype) == "int64"
    # nullable integers and dates: as the README says, with dtype_backend="pyarrow"
    tables = pd.read_parquet(parquet / "tables.parquet", dtype_backend="pyarrow")
    assert str(tables["rounding_step_sek"].dtype) == "int64[pyarrow]"
    flat = pd.read_parquet(parquet / "allocations_flat.parquet", dtype_backend="pyarrow")
    assert str(flat["date_published"].dtype) == "date32[day][pyarrow]"


def date_like(con) -> list[tuple[str, str, str]]:
    """(table or view, column, DuckDB type) of every column holding a date or a year."""
    return [(name, column, kind) for name in every_table(con) for column, kind in columns(con, name)
            if column == "year" or column.endswith(("_date", "date_published"))]


def test_every_date_and_year_is_typed_in_duckdb(con):
    found = date_like(con)
    assert {(n, c) for n, c, _ in found} >= {("population", "reference_date"), ("allocation_keys", "population_date"),
                                             ("allocations_per_inhabitant", "population_date"), ("grants", "year"),
                                             ("sources", "date_published")}
    assert [(n, c, k) for n, c, k in found if k != ("INTEGER" if c == "year" else "DATE")] == []
    [(month,)] = con.sql("select distinct reference_date from population where date_precision = 'month'").fetchall()
    assert str(month) == "2025-09-01"  # printed 'sep 2025': the month's first day, typed


def test_every_date_and_year_is_typed_in_parquet_and_sqlite(con, parquet, checkout_sqlite):
    import sqlite3

    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow reads the Parquet schema (a test dependency)")
    lite = sqlite3.connect(f"file:{checkout_sqlite}?mode=ro", uri=True, detect_types=sqlite3.PARSE_DECLTYPES)
    for name, column, _ in date_like(con):
        arrow = str(pq.read_schema(parquet / f"{name}.parquet").field(column).type)
        declared = {row[1]: row[2] for row in lite.execute(f'pragma table_info("{name}")')}[column]
        if column == "year":
            assert (arrow, declared) == ("int32", "INTEGER"), (name, column)
        else:
            assert (arrow, declared) == ("date32[day]", "DATE"), (name, column)
    [(value,)] = lite.execute("select population_date from allocations_per_inhabitant "
                              "where population_date is not null limit 1").fetchall()
    assert type(value).__name__ == "date"  # sqlite3 reads a column declared DATE as a date
