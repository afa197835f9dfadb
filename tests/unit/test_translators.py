"""Each Table Schema translator handles every type, constraint and property it meets, or refuses it.

For every case of tests/translator_cases.py (one shared list), the DuckDB SQL translator
(statsbidrag.tableschema.to_sql, what `check` runs) and the pandera one (to_pandera, what
`statsbidrag.load` runs) are run on the valid texts and then on the valid texts plus the
breaking one: a translation must pass the first and catch the second; a refusal must say so
(expected / found / where / how to fix). What is expected of each translator is in the
case list; a translator that silently accepts a breaking text fails here. The Great
Expectations translator runs on the same list in tests/slow/test_translators_gx.py.
"""

from __future__ import annotations

import functools

import duckdb
import pytest
from translator_cases import CASES, PANDERA, SQL, Case

from statsbidrag.errors import SchemaMappingError
from statsbidrag.tableschema.model import parse_schema
from statsbidrag.tableschema.to_sql import insert, reference_rules, schema_rules, union_table

VIOLATIONS = [("resource", "VARCHAR"), ("row_number", "INTEGER"), ("field", "VARCHAR"), ("value", "VARCHAR"),
              ("rule", "VARCHAR"), ("kind", "VARCHAR")]


def refusal_of(translator: str) -> str:
    return f"expected what statsbidrag/tableschema/{translator}.py translates"


def assert_explains(message: str, translator: str) -> None:
    """A refusal says what is translated (expected), what was found, where, and how to fix."""
    assert refusal_of(translator) in message and "; found " in message, message
    assert "Translate it there, or remove it from the schema." in message, message


# --- DuckDB SQL (statsbidrag check) ----------------------------------------------

@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def sql_problems(schema: dict, values: tuple[str, ...]) -> list[tuple[int, str]]:
    """(CSV row, rule) of every rule broken, the text loaded as `check` loads it (empty -> NULL).
    Each call works in a transaction it rolls back, on one in-memory database (opening a
    database costs more than the rest)."""
    con = _database()
    con.begin()
    try:
        insert(con, "raw_t", [("_row", "INTEGER"), ("c", "VARCHAR")],
               [[i + 2, v or None] for i, v in enumerate(values)])
        union_table(con, "violations", VIOLATIONS, schema_rules("t", schema))
        return con.sql("select row_number, rule from violations").fetchall()
    finally:
        con.rollback()


def sql_outcome(case: Case) -> str:
    good = sql_problems(case.table_schema(), case.good)
    refusals = [rule for _, rule in good if refusal_of(SQL) in rule]
    if refusals:
        # refused as a check refuses: a rule broken on every row, so `check` fails and says why
        assert {row for row, _ in good} == set(range(2, len(case.good) + 2)), good
        assert_explains(refusals[0], SQL)
        return "refused"
    assert not good, f"{case.name}: to_sql rejects valid values: {good}"
    if case.bad is not None:
        bad_row = len(case.good) + 2
        found = sql_problems(case.table_schema(), (*case.good, case.bad))
        assert bad_row in {row for row, _ in found}, f"{case.name}: to_sql lets {case.bad!r} pass"
    return "handled"


def test_sql_foreign_keys_are_translated():
    schema = {"fields": [{"name": "c", "type": "string"}],
              "foreignKeys": [{"fields": "c", "reference": {"resource": "r", "fields": "k"}}]}
    con = duckdb.connect()
    insert(con, "raw_r", [("_row", "INTEGER"), ("k", "VARCHAR")], [[2, "a"], [3, "b"]])
    insert(con, "raw_t", [("_row", "INTEGER"), ("c", "VARCHAR")], [[2, "a"], [3, "c"], [4, None]])
    union_table(con, "refs", [("resource", "VARCHAR"), ("row_number", "INTEGER"), ("fields", "VARCHAR"),
                              ("value", "VARCHAR"), ("reference", "VARCHAR")], reference_rules("t", schema))
    assert con.sql("select row_number, value, reference from refs").fetchall() == [(3, "c", "r.k")]


# --- pandera (statsbidrag.load) ---------------------------------------------------

def pandera_problems(case: Case, schema: object, values: tuple[str, ...]) -> set:
    """Frame indexes (None: the whole column) of every failure, the text read as load() reads it.
    pandas and pandera are imported here, not at the top: every xdist worker imports every test
    module to collect it, and pandera costs about a CPU-second to import."""
    import pandas as pd
    import pandera.pandas as pa

    from statsbidrag.tableschema.to_pandera import typed_frame
    ts = parse_schema(case.table_schema(), "test")
    text = pd.DataFrame({"c": pd.Series([None if v in ts.missing_values else v for v in values], dtype="str")})
    typed, failures = typed_frame(text, "t", ts)
    found = {f["index"] for f in failures}
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as error:
        found |= {None if pd.isna(i) else int(i) for i in error.failure_cases["index"]}
    return found


def pandera_outcome(case: Case) -> str:
    from statsbidrag.tableschema.to_pandera import to_pandera
    try:
        schema = to_pandera("t", case.table_schema())
    except SchemaMappingError as error:
        assert error.code == "SB301" and "resource 't'" in error.detail, str(error)  # the code, where
        assert_explains(str(error), PANDERA)
        return "refused"
    good = pandera_problems(case, schema, case.good)
    assert not good, f"{case.name}: to_pandera rejects valid values (rows {good})"
    if case.bad is not None:
        found = pandera_problems(case, schema, (*case.good, case.bad))
        assert found & {len(case.good), None}, f"{case.name}: to_pandera lets {case.bad!r} pass"
    return "handled"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("translator", [SQL, PANDERA])
def test_each_translator_translates_or_refuses(translator, case):
    expected = "refused" if translator in case.refused else "handled"
    outcome = {SQL: sql_outcome, PANDERA: pandera_outcome}[translator](case)
    assert outcome == expected, f"{case.name}: expected {translator} to have {expected} it; it {outcome} it"


def test_pandera_leaves_foreign_keys_to_check():
    """A frame alone cannot show that a value exists in another resource: to_pandera documents
    that foreignKeys are checked by `statsbidrag check` (to_sql), the one exemption."""
    import statsbidrag.tableschema.to_pandera as module
    from statsbidrag.tableschema.to_pandera import to_pandera
    assert "foreignKeys: they relate two resources" in (module.__doc__ or "")
    schema = {"fields": [{"name": "c", "type": "string"}],
              "foreignKeys": [{"fields": "c", "reference": {"resource": "r", "fields": "k"}}]}
    to_pandera("t", schema)  # translated without its foreign key; the SQL test above catches it


def test_every_constraint_and_type_is_in_the_list():
    """The shared list covers every Table Schema v2 type and constraint the reader knows."""
    from statsbidrag.tableschema.model import CONSTRAINTS, TYPES
    types = {c.field.get("type") for c in CASES}
    constraints = {k for c in CASES for k in c.field.get("constraints", {})}
    assert set(TYPES) <= types, sorted(set(TYPES) - types)
    assert set(CONSTRAINTS) <= constraints, sorted(set(CONSTRAINTS) - constraints)


def test_sql_rules_of_fields_named_like_their_helper_columns():
    """The compiled rules add helper columns beside each row (a typed value, a count for a
    unique field or the primary key); fields named as those would be keep their own rules."""
    fields = [{"name": "a", "type": "integer", "constraints": {"minimum": 1, "unique": True}},
              {"name": "_typed_a", "type": "string", "constraints": {"required": True}},
              {"name": "_n_a", "type": "string"}, {"name": "__n_primary_key", "type": "integer"}]
    schema = {"fields": fields, "primaryKey": ["_n_a"]}
    con = duckdb.connect()
    insert(con, "raw_t", [("_row", "INTEGER"), ("a", "VARCHAR"), ("_typed_a", "VARCHAR"), ("_n_a", "VARCHAR"),
                          ("__n_primary_key", "VARCHAR")],
           [[2, "1", "x", "k1", "5"], [3, "0", None, "k1", "x"], [4, "1", "y", "k2", "6"]])
    union_table(con, "violations", VIOLATIONS, schema_rules("t", schema))
    found = set(con.sql("select row_number, field, rule from violations").fetchall())
    assert found == {(3, "a", "minimum is 1"), (2, "a", "unique, but repeated"), (4, "a", "unique, but repeated"),
                     (3, "_typed_a", "required, but empty"), (3, "__n_primary_key", "not a valid integer"),
                     (2, "_n_a", "primary key repeated"), (3, "_n_a", "primary key repeated")}
