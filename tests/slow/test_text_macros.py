"""The text macros of checks/_macros.sql: the fast whole_number_in gives the slow
number_printed_in's answer for every substring of every line (a differential corpus:
slow tier)."""

from __future__ import annotations

import random

import duckdb
from conftest import ROOT


def _macros(con) -> None:
    # documented_at reads the anomalies resource; these tests need only the text macros
    con.execute("CREATE TABLE anomalies (source_id VARCHAR, line BIGINT, quote VARCHAR, excuses VARCHAR)")
    con.execute((ROOT / "checks" / "_macros.sql").read_text(encoding="utf-8"))


def _lines() -> list[str]:
    """Every line of the real sources, and random lines of digits, separators and letters."""
    lines = [line for path in sorted((ROOT / "sources").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").split("\n")]
    rng = random.Random(7)
    alphabet = "0123456789" * 3 + "  ,\u00a0a-k."
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14))) for _ in range(3000)]
    return lines


def test_whole_number_in_agrees_with_number_printed_in():
    """whole_number_in (constant patterns) gives number_printed_in's answer (a regular
    expression per row) for every substring of every line: the real sources' lines and
    random lines of digits, separators and letters."""
    con = duckdb.connect()
    _macros(con)
    con.execute("CREATE TABLE lines AS SELECT unnest(?::VARCHAR[]) AS line", [_lines()])
    con.execute("""
        CREATE TABLE candidates AS
        SELECT DISTINCT line, substr(line, i, n) AS t
        FROM lines, range(1, length(line) + 1) AS a(i), range(1, 16) AS b(n)
        WHERE i + n - 1 <= length(line) AND regexp_matches(substr(line, i, n), '[0-9]')""")
    # each macro evaluated once per candidate (number_printed_in compiles a pattern per row)
    con.execute("""
        CREATE TABLE answers AS
        SELECT line, t, number_printed_in(line, t) AS slow, whole_number_in(line, t) AS fast FROM candidates""")
    disagreements = con.sql("SELECT line, t, slow, fast FROM answers WHERE slow IS DISTINCT FROM fast LIMIT 10")
    assert disagreements.fetchall() == []
    found = con.sql("SELECT count(*), count(*) FILTER (WHERE fast) FROM answers").fetchall()
    assert found[0][0] > 10_000 and found[0][1] > 1_000, found
