"""Table Schema rules compiled to DuckDB SQL, once, from schemas/*.json.

Every rule a Table Schema states (type, required, pattern, enum, minimum, maximum,
minLength, maxLength, unique, primaryKey, foreignKeys) becomes one SQL condition over
the text table raw_<resource> (every column VARCHAR, empty -> NULL, plus _row, the row
number Frictionless reports). Each broken rule is a row (resource, row_number, field,
value, rule, kind), `kind` being the error type Frictionless reports for it
(type-error, constraint-error, unique-error, primary-key, foreign-key), so that
`statsbidrag check` can stand in for `frictionless validate` (tests/slow/test_differential.py).
A constraint with no translation here is reported as broken, never dropped.
"""

from __future__ import annotations

from statsbidrag.publish.render import schema_path

# What the compiled rules understand; a schema using anything else is validated by
# Frictionless itself (statsbidrag.check.validator.unsupported).
TYPES = ("string", "integer", "date", "boolean")
CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def insert(con, table: str, columns: list[tuple[str, str]], rows: list[list]) -> None:
    """CREATE TABLE and fill it column-wise (one statement; executemany is far slower)."""
    con.execute(f"CREATE TABLE {quote(table)} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
    if not rows:
        return
    values = [list(col) for col in zip(*rows)]
    select = ", ".join(f"unnest(?::{t}[])" for _, t in columns)
    con.execute(f"INSERT INTO {quote(table)} SELECT {select}", values)


def typed(field: dict) -> str:
    """SQL turning the text column into the field's type; NULL when it does not parse."""
    col, kind = quote(field["name"]), field.get("type", "string")
    if kind == "integer":
        return f"CASE WHEN regexp_full_match({col}, '[+-]?[0-9]{{1,18}}') THEN CAST({col} AS BIGINT) END"
    if kind == "number":
        return f"TRY_CAST({col} AS DOUBLE)"
    if kind == "date":
        return (f"CASE WHEN regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                f"THEN TRY_CAST({col} AS DATE) END")
    if kind == "boolean":
        true = ", ".join(map(literal, field.get("trueValues", ["true", "True", "TRUE", "1"])))
        false = ", ".join(map(literal, field.get("falseValues", ["false", "False", "FALSE", "0"])))
        return f"CASE WHEN {col} IN ({true}) THEN true WHEN {col} IN ({false}) THEN false END"
    return col


def primary_key(schema: dict) -> list[str]:
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _field_rules(fld: dict, where: str, rule, windows: list[str]) -> None:
    col, kind = quote(fld["name"]), fld.get("type", "string")
    value_typed = typed(fld)
    # A cell that is not of its type is a type-error and, as in Frictionless, its
    # constraints are not checked.
    if value_typed != col:
        rule(f"{col} IS NOT NULL AND ({value_typed}) IS NULL", f"not a valid {kind}", "type-error")
    well_typed = f"({value_typed}) IS NOT NULL"
    for key, value in fld.get("constraints", {}).items():
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
        elif key in ("minimum", "maximum") and kind in ("integer", "number", "date"):
            op = "<" if key == "minimum" else ">"
            bound = literal(value) if kind == "date" else value
            rule(f"coalesce(({value_typed}) {op} {bound}, false)", f"{key} is {value}", "constraint-error")
        elif key in ("minLength", "maxLength"):
            op = "<" if key == "minLength" else ">"
            rule(f"coalesce(length({col}) {op} {value}, false)", f"{key} is {value}", "constraint-error")
        elif key == "unique":
            if value:
                counter = quote(f"_n_{fld['name']}")
                windows.append(f"count(*) OVER (PARTITION BY {col}) AS {counter}")
                rule(f"{col} IS NOT NULL AND {counter} > 1", "unique, but repeated", "unique-error")
        else:  # never drop a rule silently
            rule("true", f"constraint '{key}' of {where} is not translated to SQL by "
                 "statsbidrag/tableschema/to_sql.py; add it there", "constraint-error", "NULL")


def schema_rules(name: str, schema: dict) -> list[str]:
    """One SELECT of (resource, row_number, field, value, rule, kind) for every constraint of
    the schema that a row breaks: each rule is a struct in a list unnested per row (one
    query per resource plans far faster than a UNION of one query per rule)."""
    rules: list[tuple[str, str, str, str, str]] = []  # field, value SQL, rule text, kind, broken-when SQL
    windows: list[str] = []
    for fld in schema["fields"]:
        def rule(condition: str, text: str, kind: str, value: str | None = None, _fld=fld) -> None:
            rules.append((_fld["name"], value or quote(_fld["name"]), text, kind, condition))
        _field_rules(fld, schema_path(name), rule, windows)
    key = primary_key(schema)
    if key:
        value = " || ', ' || ".join(f"coalesce({quote(k)}, '')" for k in key)
        windows.append(f"count(*) OVER (PARTITION BY {', '.join(map(quote, key))}) AS _n_primary_key")
        rules.append((", ".join(key), value, "primary key repeated", "primary-key", "_n_primary_key > 1"))
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
    return [f"SELECT {literal(name)}, _row, v.field, v.value, v.rule, v.kind FROM "
            f"(SELECT _row, unnest([{structs}]) AS v FROM ({inner})) WHERE v.broken"]


def reference_rules(name: str, schema: dict) -> list[str]:
    """One SELECT of (resource, row_number, fields, value, reference) per foreign key."""
    parts = []
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        target = ref.get("resource") or name
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        match = " AND ".join(f"p.{quote(r)} = c.{quote(f)}" for f, r in zip(fields, ref_fields))
        present = " AND ".join(f"c.{quote(f)} IS NOT NULL" for f in fields)
        value = " || ', ' || ".join(f"c.{quote(f)}" for f in fields)
        parts.append(f"SELECT {literal(name)}, c._row, {literal(', '.join(fields))}, {value}, "
                     f"{literal(f'{target}.' + ', '.join(ref_fields))} FROM {quote(f'raw_{name}')} c "
                     f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {quote(f'raw_{target}')} p WHERE {match})")
    return parts


def union_table(con, table: str, columns: list[tuple[str, str]], parts: list[str]) -> None:
    names = ", ".join(quote(c) for c, _ in columns)
    con.execute(f"CREATE TABLE {table} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
    if parts:
        import duckdb

        from statsbidrag.errors import SchemaMappingError
        try:
            for part in parts:  # one statement each: a UNION of them all plans far slower
                con.execute(f"INSERT INTO {table} ({names}) {part}")
        except duckdb.Error as error:  # SQL generated from a package's schemas/*.json
            raise SchemaMappingError(f"schemas/*.json: expected constraints that translate to SQL ({table}); "
                                     f"DuckDB refused them: {' '.join(str(error).split())[:300]}") from None
