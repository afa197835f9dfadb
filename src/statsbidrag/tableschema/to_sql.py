"""Table Schema rules compiled to DuckDB SQL, once, from schemas/*.json.

Every rule a Table Schema states (type, required, pattern, enum, minimum, maximum,
minLength, maxLength, unique, primaryKey, foreignKeys) becomes one SQL condition over
the text table raw_<resource> (every column VARCHAR, empty -> NULL, plus _row, the row
number Frictionless reports). Each broken rule is a row (resource, row_number, field,
value, rule, kind), `kind` being the error type Frictionless reports for it
(type-error, constraint-error, unique-error, primary-key, foreign-key), so that
`statsbidrag check` can stand in for `frictionless validate` (tests/slow/test_differential.py).

A type, constraint or field property with no translation here is refused the way a check
refuses: as a broken rule on every row, whose text says what to translate where (a package
being checked is reported on, never crashed on; tests/unit/test_translators.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from statsbidrag.tableschema.engine_types import ENGINE_TYPES
from statsbidrag.tableschema.model import (
    SCHEMA_PROPERTIES,
    Field,
    TableSchema,
    as_schema,
    parse_field,
    refusal_message,
)
from statsbidrag.tableschema.resources import schema_path

if TYPE_CHECKING:
    import duckdb

# What the compiled rules read exactly as Frictionless does (tests/slow/test_differential.py);
# a schema using anything else is validated by Frictionless itself
# (statsbidrag.check.validator.unsupported). The rules below translate a little more
# (number, exclusive bounds), and refuse the rest.
TYPES = tuple(kind for kind, engines in ENGINE_TYPES.items() if engines.sql_check)
CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength")
TRANSLATED_TYPES = ("string", "integer", "number", "date", "year", "boolean", "any")
_BOUNDS = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}
_ORDERED = ("integer", "number", "date", "year")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: object) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], rows: list[list]) -> None:
    """CREATE TABLE filled column-wise, in one statement (executemany is far slower; a CREATE
    then an INSERT took twice the time of one CREATE TABLE AS: planning is most of it here)."""
    values = [list(col) for col in zip(*rows)]
    # CREATE TABLE AS would rename a repeated column ("a_1"): CREATE TABLE refuses it, as it should
    if not rows or len({c.lower() for c, _ in columns}) != len(columns):
        con.execute(f"CREATE TABLE {quote(table)} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
        if rows:
            con.execute(f"INSERT INTO {quote(table)} SELECT {', '.join(f'unnest(?::{t}[])' for _, t in columns)}",
                        values)
        return
    select = ", ".join(f"unnest(?::{t}[]) AS {quote(c)}" for c, t in columns)
    con.execute(f"CREATE TABLE {quote(table)} AS SELECT {select}", values)


def _field(field: Field | Mapping[str, Any]) -> Field:
    return field if isinstance(field, Field) else parse_field(field, "schemas/*.json")


def typed(field: Field | Mapping[str, Any]) -> str:
    """SQL turning the text column into the field's type; NULL when it does not parse (any
    type not translated here stays text: _field_rules refuses it)."""
    field = _field(field)
    col, kind = quote(field.name), field.type
    if kind == "integer":
        return f"CASE WHEN regexp_full_match({col}, '[+-]?[0-9]{{1,18}}') THEN CAST({col} AS BIGINT) END"
    if kind == "number":
        return f"TRY_CAST({col} AS DOUBLE)"
    if kind == "year":  # Frictionless: four characters Python's int() reads, not negative ("2024", "+202")
        number = f"TRY_CAST(replace(trim({col}, ' \t\n\r\f\v'), '_', '') AS INTEGER)"
        return (f"CASE WHEN length({col}) = 4 AND regexp_full_match({col}, '\\s*[+-]?[0-9](_?[0-9])*\\s*') "
                f"AND {number} >= 0 THEN {number} END")
    if kind == "date":
        return (f"CASE WHEN regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                f"THEN TRY_CAST({col} AS DATE) END")
    if kind == "boolean":
        true = ", ".join(map(literal, field.true_values))
        false = ", ".join(map(literal, field.false_values))
        return f"CASE WHEN {col} IN ({true}) THEN true WHEN {col} IN ({false}) THEN false END"
    return col


class Rule(Protocol):
    """Records one rule of a field: broken on a row where `condition` holds."""

    def __call__(self, condition: str, text: str, kind: str, value: str | None = None) -> None: ...


def _refused(fld: Field, where: str, found: str, rule: Rule, kind: str = "constraint-error") -> None:
    """A rule broken on every row: the check fails and says what to translate (never dropped)."""
    handled = f"types {', '.join(TRANSLATED_TYPES)}; constraints {', '.join(CONSTRAINTS)}, exclusive bounds"
    rule("true", refusal_message(f"{where} field '{fld.name}'", found, "to_sql", handled), kind, "NULL")


def _typed_value(fld: Field, where: str, rule: Rule, windows: list[str], helper: str) -> str:
    """The SQL of the field's typed value (a helper column when it is not text); a type or
    property this module does not translate is a refusal."""
    value_typed = typed(fld)
    if value_typed != quote(fld.name):
        # the typed value is worked out once per row, as a column beside the windows, and
        # every rule of the field reads it (a million rows, three rules on an integer field)
        windows.append(f"{value_typed} AS {quote(f'{helper}typed_{fld.name}')}")
        value_typed = quote(f"{helper}typed_{fld.name}")
    if fld.type not in TRANSLATED_TYPES:
        _refused(fld, where, f"type '{fld.type}'", rule, "type-error")
    for prop in fld.value_properties():
        if not (fld.type == "boolean" and prop in ("trueValues", "falseValues")):
            _refused(fld, where, f"the property {prop} = {fld.properties[prop]!r}", rule)
    return value_typed


def _field_rules(fld: Field, where: str, rule: Rule, windows: list[str], helper: str) -> None:
    col, kind = quote(fld.name), fld.type
    value_typed = _typed_value(fld, where, rule, windows, helper)
    # A cell that is not of its type is a type-error and, as in Frictionless, its
    # constraints are not checked.
    if value_typed != col:  # a type that is not text
        rule(f"{col} IS NOT NULL AND ({value_typed}) IS NULL", f"not a valid {kind}", "type-error")
    well_typed = f"({value_typed}) IS NOT NULL"
    for key, value in fld.constraints.items():
        if key == "required":
            if value:
                rule(f"{col} IS NULL", "required, but empty", "constraint-error")
        elif key == "pattern":
            rule(f"{col} IS NOT NULL AND NOT regexp_full_match({col}, {literal(value)})",
                 f"does not match the pattern {value}", "constraint-error")
        elif key == "enum":
            allowed = ", ".join(literal(v) for v in value)
            rule(f"{well_typed} AND ({value_typed}) NOT IN ({allowed})", f"not one of {', '.join(map(str, value))}",
                 "constraint-error")
        elif key in _BOUNDS and kind in _ORDERED:
            bound = literal(value) if kind == "date" else value
            rule(f"coalesce(({value_typed}) {_BOUNDS[key]} {bound}, false)", f"{key} is {value}", "constraint-error")
        elif key in ("minLength", "maxLength"):
            op = "<" if key == "minLength" else ">"
            rule(f"coalesce(length({col}) {op} {value}, false)", f"{key} is {value}", "constraint-error")
        elif key == "unique":
            if value:
                counter = quote(f"{helper}n_{fld.name}")
                windows.append(f"count(*) OVER (PARTITION BY {col}) AS {counter}")
                rule(f"{col} IS NOT NULL AND {counter} > 1", "unique, but repeated", "unique-error")
        else:  # never drop a rule silently
            _refused(fld, where, f"the constraint {key} on a field of type {kind}", rule)


def _schema_refusals(schema: TableSchema) -> list[tuple[str, str, str, str, str]]:
    """A rule broken on every row for each schema-level property not compiled here: the loader
    reads an empty cell as missing and nothing else; uniqueKeys ... are refused, never dropped."""
    refusals = [f"the schema property {p}" for p in sorted(set(schema.properties) - SCHEMA_PROPERTIES)]
    if schema.missing_values != ("",):
        refusals.append(f"missingValues {list(schema.missing_values)}")
    return [("", "NULL", refusal_message(schema.where, found, "to_sql", 'missingValues [""], primaryKey, foreignKeys'),
             "constraint-error", "true") for found in refusals]


class RuleQuery(str):
    """A query of broken rules (the text) with `gate`, a cheaper query of whether any row breaks
    one: a query with every rule as a struct takes far longer to plan than to run on a valid
    table, and union_table skips it when the gate says it would find nothing."""
    gate: str

    def __new__(cls, query: str, gate: str) -> RuleQuery:
        made = super().__new__(cls, query)
        made.gate = gate
        return made


def schema_rules(name: str, schema: TableSchema | Mapping[str, Any]) -> list[str]:
    """One SELECT of (resource, row_number, field, value, rule, kind) for every constraint of
    the schema that a row breaks: each rule is a struct in a list unnested per row (one
    query per resource plans far faster than a UNION of one query per rule)."""
    schema = as_schema(schema, schema_path(name))
    rules = _schema_refusals(schema)  # field, value SQL, rule text, kind, broken-when SQL
    windows: list[str] = []
    # The helper columns (typed values, window counts) start with more underscores than any
    # field's name does, so that none of them is a field's name.
    helper = "_" * (1 + max((len(f.name) - len(f.name.lstrip("_")) for f in schema.fields), default=0))
    for fld in schema.fields:
        def rule(condition: str, text: str, kind: str, value: str | None = None, _fld: Field = fld) -> None:
            rules.append((_fld.name, value or quote(_fld.name), text, kind, condition))
        _field_rules(fld, schema_path(name), rule, windows, helper)
    key = schema.primary_key
    if key:
        value = " || ', ' || ".join(f"coalesce({quote(k)}, '')" for k in key)
        counter = quote(f"{helper}n_primary_key")
        windows.append(f"count(*) OVER (PARTITION BY {', '.join(map(quote, key))}) AS {counter}")
        rules.append((", ".join(key), value, "primary key repeated", "primary-key", f"{counter} > 1"))
        rules.append((", ".join(key), value, "primary key field empty", "primary-key",
                      " OR ".join(f"{quote(k)} IS NULL" for k in key)))
    if not rules:
        return []
    structs = ", ".join(f"{{'field': {literal(f)}, 'value': CAST({v} AS VARCHAR), 'rule': {literal(r)}, "
                        f"'kind': {literal(k)}, 'broken': coalesce({c}, false)}}" for f, v, r, k, c in rules)
    # Rows that break any rule are found first, in one vectorised pass; only those are
    # unnested into one row per rule (a million clean rows make no structs).
    any_broken = " OR ".join(f"coalesce({c}, false)" for *_, c in rules)
    inner = (f"SELECT * FROM (SELECT *{''.join(', ' + w for w in windows)} FROM {quote('raw_' + name)}) "
             f"WHERE {any_broken}")
    return [RuleQuery(f"SELECT {literal(name)}, _row, v.field, v.value, v.rule, v.kind FROM "
                      f"(SELECT _row, unnest([{structs}]) AS v FROM ({inner})) WHERE v.broken",
                      f"SELECT EXISTS ({inner})")]


def reference_rules(name: str, schema: TableSchema | Mapping[str, Any]) -> list[str]:
    """One SELECT of (resource, row_number, fields, value, reference) per foreign key."""
    parts = []
    for fk in as_schema(schema, schema_path(name)).foreign_keys:
        fields, target, ref_fields = fk.fields, fk.target(name), fk.reference_fields
        match = " AND ".join(f"p.{quote(r)} = c.{quote(f)}" for f, r in zip(fields, ref_fields))
        present = " AND ".join(f"c.{quote(f)} IS NOT NULL" for f in fields)
        value = " || ', ' || ".join(f"c.{quote(f)}" for f in fields)
        parts.append(f"SELECT {literal(name)}, c._row, {literal(', '.join(fields))}, {value}, "
                     f"{literal(f'{target}.' + ', '.join(ref_fields))} FROM {quote(f'raw_{name}')} c "
                     f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {quote(f'raw_{target}')} p WHERE {match})")
    return parts


def union_table(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], parts: list[str]) -> None:
    names = ", ".join(quote(c) for c, _ in columns)
    con.execute(f"CREATE TABLE {table} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
    if parts:
        import duckdb

        from statsbidrag.errors import SchemaMappingError
        try:
            for part in parts:  # one statement each: a UNION of them all plans far slower
                gate = getattr(part, "gate", None)
                if gate is not None and not con.execute(gate).fetchall()[0][0]:
                    continue  # no row breaks a rule: the query listing them would find none
                con.execute(f"INSERT INTO {table} ({names}) {part}")
        except duckdb.Error as error:  # SQL generated from a package's schemas/*.json
            raise SchemaMappingError(f"schemas/*.json: expected constraints that translate to SQL ({table}); "
                                     f"DuckDB refused them: {' '.join(str(error).split())[:300]}") from None
