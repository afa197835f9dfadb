"""STATSBIDRAG_THREADS: how many threads DuckDB may use in every connection the tool opens
(statsbidrag.sql.new_connection). scripts/test sets it to 1, since pytest-xdist already runs one
worker per core."""

from __future__ import annotations

import pytest

from statsbidrag import sql
from statsbidrag.errors import UsageError
from statsbidrag.publish import database


def threads_of(con) -> int:
    return con.execute("SELECT current_setting('threads')").fetchone()[0]


@pytest.mark.parametrize("wanted", [1, 3])
def test_the_variable_sets_the_threads_of_every_connection(wanted, monkeypatch):
    monkeypatch.setenv(sql.THREADS, str(wanted))
    assert threads_of(sql.new_connection()) == wanted
    assert threads_of(sql.new_connection(config={"enable_external_access": False})) == wanted
    con = database.connect(views=False)  # the package's tables, as `query` and the build load them
    assert threads_of(con) == wanted


def test_without_the_variable_duckdb_chooses(monkeypatch):
    import duckdb
    monkeypatch.delenv(sql.THREADS, raising=False)
    assert threads_of(sql.new_connection()) == threads_of(duckdb.connect())


@pytest.mark.parametrize("text", ["0", "two", "-1", "1.5"])
def test_a_value_that_is_not_a_count_of_threads_is_refused_with_the_variable_named(text, monkeypatch):
    monkeypatch.setenv(sql.THREADS, text)
    with pytest.raises(UsageError, match=rf"^SB501: STATSBIDRAG_THREADS: expected a whole number .* found '{text}'"):
        sql.new_connection()
