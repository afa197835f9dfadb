"""Table Schema (v2) -> pandera: the one place a column rule is translated.

schemas/<resource>.json is the single source of truth for columns. Nothing here
names a column: every pandera Column and Check is derived from a field's `type` and
`constraints`, so a rule is never written twice. (pandera's own
`from_frictionless_schema` is not used: it turns dates into unchecked strings, cannot
read an optional integer column, ignores exclusiveMinimum and does not anchor
`pattern` at the end of the value.)

What pandera checks, per frame:
- the columns: the schema's fields, no others, in the schema's order (Table Schema
  v2 `fieldsMatch`, default "exact");
- each column's dtype and its constraints (required, unique, pattern, enum,
  minimum/maximum, exclusive bounds, min/maxLength);
- the primary key, composite or not: unique, and its fields never missing.

What it deliberately does not check, and why:
- foreignKeys: they relate two resources; frictionless (`statsbidrag check`) and the
  SQL checks in checks/ assert them on the whole package;
- the package invariants (21 regions per table, allocations summing to the stated
  total, provenance lines) live in checks/*.sql. They hold for the published
  package, not for every frame: a user's filtered or derived frame (one table, one
  region) must still validate, so no rule about row counts or sums belongs here.

A Table Schema feature this module does not translate raises SchemaMappingError when
the schema is built, never silently passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
import pandera.pandas as pa

from statsbidrag.errors import SchemaMappingError
from statsbidrag.tableschema.engine_types import ENGINE_TYPES
from statsbidrag.tableschema.model import (
    DOC_PROPERTIES,
    SCHEMA_PROPERTIES,
    Field,
    TableSchema,
    as_schema,
    refusal_message,
)

# Field properties understood here. Anything else that could change what is valid
# (bareNumber, groupChar, field-level missingValues, ...) is refused loudly.
_FIELD_KEYS = DOC_PROPERTIES | {"type", "format", "constraints", "trueValues", "falseValues"}
_SCHEMA_KEYS = SCHEMA_PROPERTIES
CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum",
               "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength")
# Table Schema v2 field types are written in text; these are their lexical forms.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|INF|-INF")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64 = (-(2**63), 2**63 - 1)
DATE_DTYPE = "datetime64[ns]"


def _refuse(where: str, found: str) -> SchemaMappingError:
    handled = (f"types {', '.join(TYPES)}; constraints {', '.join(CONSTRAINTS)}; date formats as strptime "
               "patterns; trueValues/falseValues; fieldsMatch exact or equal")
    return SchemaMappingError(refusal_message(where, found, "to_pandera", handled))


@dataclass(frozen=True)
class FieldType:
    """How one Table Schema type becomes a pandas column (its dtype: engine_types.ENGINE_TYPES)."""
    describe: str                                    # for messages: what a valid text looks like
    parser: Callable[[Field], Callable[[str], Any]]  # field -> (text -> value, or None if invalid)
    constants: Callable[[Any], Any] = lambda v: v    # a constraint's value -> comparable value

    @staticmethod
    def dtype(kind: str, required: bool) -> str:
        """The pandas dtype of a column of type `kind` (nullable when it may be missing)."""
        dtypes = ENGINE_TYPES[kind].pandera
        assert dtypes is not None  # TYPES below lists only types with a pandera dtype
        return dtypes[0] if required else dtypes[1]


def _integer_parser(field: Field) -> Callable[[str], Any]:
    def parse(text: str) -> int | None:
        if not _INTEGER.fullmatch(text):
            return None
        value = int(text)
        return value if _INT64[0] <= value <= _INT64[1] else None
    return parse


def _year_parser(field: Field) -> Callable[[str], Any]:
    def parse(text: str) -> int | None:  # as Frictionless: four characters that int() reads, not negative
        try:
            value = int(text) if len(text) == 4 else -1
        except ValueError:
            return None
        return value if value >= 0 else None
    return parse


def _number_parser(field: Field) -> Callable[[str], Any]:
    return lambda text: float(text.replace("INF", "inf")) if _NUMBER.fullmatch(text) else None


def _boolean_parser(field: Field) -> Callable[[str], Any]:
    true, false = set(field.true_values), set(field.false_values)
    return lambda text: True if text in true else False if text in false else None


def _date_format(field: Field) -> str:
    fmt = field.format
    if fmt == "default":
        return "%Y-%m-%d"
    if "%" not in fmt:  # "any" (guess the format) has no exact meaning: refuse it
        raise _refuse(f"field '{field.name}'", f"date format '{fmt}' (use 'default', YYYY-MM-DD, or a strptime "
                      "pattern such as '%d/%m/%Y')")
    return fmt


def _date_parser(field: Field) -> Callable[[str], Any]:
    fmt = _date_format(field)

    def parse(text: str) -> datetime | None:
        if fmt == "%Y-%m-%d" and not _ISO_DATE.fullmatch(text):  # strptime would take 2021-3-1
            return None
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            return None
    return parse


def _date_constant(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value)


# pandas 3 reads text as its `str` dtype (codes such as "01" stay text); a required integer
# column is int64, an optional one the nullable Int64 (engine_types.ENGINE_TYPES).
TYPES: dict[str, FieldType] = {
    "string": FieldType("any text", lambda field: lambda text: text),
    "integer": FieldType("a whole number such as 42 (digits only, no spaces or decimals)", _integer_parser),
    "number": FieldType("a number such as 4.2", _number_parser),
    "boolean": FieldType("true or false (or the field's trueValues/falseValues)", _boolean_parser),
    "date": FieldType("a date such as 2021-03-11 (YYYY-MM-DD)", _date_parser, _date_constant),
    "year": FieldType("a year such as 2024 (four digits)", _year_parser),
}


def field_type(resource: str, field: Field) -> FieldType:
    kind = field.type
    if kind not in TYPES:
        raise _refuse(f"resource '{resource}', field '{field.name}'", f"type '{kind}'")
    return TYPES[kind]


def _check_keys(resource: str, where: str, found: set, allowed: set | frozenset) -> None:
    unknown = sorted(found - allowed)
    if unknown:
        raise _refuse(f"resource '{resource}', {where}", ", ".join(unknown))


def _pattern_check(pattern: str) -> pa.Check:
    # Table Schema: the pattern must match the whole value (re.match would accept a
    # trailing newline after `$`).
    compiled = re.compile(pattern)
    return pa.Check(lambda s: s.map(lambda v: compiled.fullmatch(v) is not None).astype(bool),
                    name="str_fullmatch", error=f"pattern {pattern}", statistics={"pattern": pattern})


def _constraint_checks(resource: str, table_schema: TableSchema, field: Field, ftype: FieldType) -> list[pa.Check]:
    constraints = field.constraints
    _check_keys(resource, f"field '{field.name}' constraints", set(constraints), set(CONSTRAINTS))
    value = ftype.constants
    checks = []
    if field.required and field.type == "string" and table_schema.missing_values:
        # In the CSV an empty text *is* a missing value (missingValues), so a frame
        # holding "" in a required column would not survive a round trip.
        markers = list(table_schema.missing_values)
        checks.append(pa.Check(lambda s: ~s.isin(markers), name="not_missing_marker",
                               error=f"required (a missing-value marker {markers} is not a value)",
                               statistics={"markers": markers}))
    if "pattern" in constraints:
        checks.append(_pattern_check(constraints["pattern"]))
    if "enum" in constraints:
        allowed = [value(v) for v in constraints["enum"]]
        checks.append(pa.Check.isin(allowed, error=f"enum {constraints['enum']}"))
    bounds: list[tuple[str, Callable[..., pa.Check]]] = [("minimum", pa.Check.ge), ("maximum", pa.Check.le),
              ("exclusiveMinimum", pa.Check.gt), ("exclusiveMaximum", pa.Check.lt)]
    for name, make in bounds:
        if name in constraints:
            checks.append(make(value(constraints[name]), error=f"{name} {constraints[name]}"))
    if "minLength" in constraints or "maxLength" in constraints:
        low, high = constraints.get("minLength"), constraints.get("maxLength")
        checks.append(pa.Check.str_length(low, high, error=f"length between {low} and {high}"))
    if field.type == "date":
        # A date has no time of day (pandas stores dates as midnight timestamps).
        checks.append(pa.Check(lambda s: s == s.dt.normalize(), name="date_without_time",
                               error="type date (no time of day)"))
    return checks


def to_pandera(resource: str, table_schema: TableSchema | dict) -> pa.DataFrameSchema:
    """The pandera schema of one resource, derived from its Table Schema."""
    table_schema = as_schema(table_schema, f"resource '{resource}'")
    _check_keys(resource, "schema", set(table_schema.properties), _SCHEMA_KEYS)
    match = table_schema.fields_match
    if match not in ("exact", "equal"):
        raise _refuse(f"resource '{resource}'", f"fieldsMatch '{match}'")
    columns = {}
    for field in table_schema.fields:
        _check_keys(resource, f"field '{field.name}'", set(field.properties), _FIELD_KEYS)
        ftype = field_type(resource, field)
        if field.type == "date":
            try:
                _date_format(field)
            except SchemaMappingError as error:
                raise SchemaMappingError(f"resource '{resource}', {error}") from None
        if field.type == "string" and field.format != "default":
            raise _refuse(f"resource '{resource}', field '{field.name}'", f"string format '{field.format}'")
        required = table_schema.is_required(field)
        columns[field.name] = pa.Column(
            FieldType.dtype(field.type, required),
            checks=_constraint_checks(resource, table_schema, field, ftype),
            nullable=not required, unique=field.unique,
            title=field.properties.get("title"), description=field.properties.get("description"),
            metadata={"tableschema": dict(field.properties)})
    key = list(table_schema.primary_key)
    for name in key:
        if name not in table_schema.names:
            raise SchemaMappingError(f"resource '{resource}': primaryKey field '{name}' is not a field")
    return pa.DataFrameSchema(
        columns, name=resource, strict=True, ordered=(match == "exact"),
        # The primary key, composite or not; pandera reports every row of a duplicate.
        unique=key or None, title=table_schema.title, description=table_schema.description,
        metadata={"primaryKey": key})


def typed_frame(text: pd.DataFrame, resource: str, table_schema: TableSchema) -> tuple[pd.DataFrame, list[dict]]:
    """A frame of CSV text (missing values already None) -> typed columns.

    Returns the typed frame and the cells whose text is not a valid value of their
    field's type, as dicts (column, rule, value, index). Such a cell becomes missing
    in the typed frame, so the schema's other rules still run on every other cell.
    """
    typed = pd.DataFrame(index=text.index)
    failures = []
    fields = {f.name: f for f in table_schema.fields}
    for column in text.columns:
        field = fields.get(column)
        if field is None or field.type == "string":
            typed[column] = text[column]  # extra columns stay text; the schema reports them
            continue
        ftype = field_type(resource, field)
        parse = ftype.parser(field)
        describe = ftype.describe
        if field.type == "date" and _date_format(field) != "%Y-%m-%d":
            describe = f"a date in the format {_date_format(field)}"
        values = []
        for index, cell in text[column].items():
            value = None if pd.isna(cell) else parse(cell)
            if value is None and not pd.isna(cell):
                failures.append({"column": column, "rule": f"type {field.type}", "value": cell,
                                 "index": index, "fix": f"write {describe}"})
            values.append(value)
        dtype = FieldType.dtype(field.type, table_schema.is_required(field))
        typed[column] = _series(values, text.index, field.type, dtype)
    return typed, failures


def _series(values: list[Any], index: pd.Index, type_name: str, dtype: str) -> pd.Series:
    """Parsed values as a column of the field's dtype (nullable unless no value is missing)."""
    series = pd.Series(values, index=index, dtype="object")
    if type_name == "date":
        return pd.to_datetime(series).astype(DATE_DTYPE)
    if type_name in ("integer", "year"):
        series = series.astype("Int64")
        return series.astype("int64") if dtype == "int64" and not series.isna().any() else series
    if type_name == "boolean":
        series = series.astype("boolean")
        return series.astype("bool") if dtype == "bool" and not series.isna().any() else series
    return series.astype(dtype)
