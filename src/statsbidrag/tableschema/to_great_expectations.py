"""Table Schema -> Great Expectations: one expectation per rule of a resource's schema.

The third translator, beside to_sql (DuckDB, for `check`) and to_pandera (for
`statsbidrag.load`). It writes plain ExpectationSpec values; GX itself is imported
only where the suites run (statsbidrag.report.gx_suites), since its import takes
seconds. The expectations are run on the frame statsbidrag.report.data reads: every
column typed as engine_types.ENGINE_TYPES says for pandas (dates and booleans stay
text, missing values already missing), so a type is checked by the dtype GX reports
and, for text, by how it is written.

Every type, constraint and field property the schema states is translated or refused
with SchemaMappingError (SB301; tests/unit/test_translators.py); none is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from statsbidrag.tableschema.engine_types import ENGINE_TYPES
from statsbidrag.tableschema.model import SCHEMA_PROPERTIES, Field, TableSchema, refuse

TRANSLATOR = "to_great_expectations"
TYPES = tuple(kind for kind, engines in ENGINE_TYPES.items() if engines.gx is not None) + ("any",)
_ORDERED = ("integer", "number", "year")          # a bound compares numbers (dates are text in the frame)
_CONSTRAINT_TYPES = {
    "required": None, "unique": None, "enum": ("string", "integer", "number", "date", "year"),
    "pattern": ("string",), "minLength": ("string",), "maxLength": ("string",),
    "minimum": _ORDERED, "maximum": _ORDERED, "exclusiveMinimum": _ORDERED, "exclusiveMaximum": _ORDERED,
}
HANDLED = (f"types {', '.join(TYPES)}; constraints "
           + ", ".join(k if t is None else f"{k} ({'/'.join(t)})" for k, t in _CONSTRAINT_TYPES.items())
           + "; date formats given as strftime patterns; trueValues/falseValues; single-field foreign keys")
# Values of a referenced column: (resource, column) -> its distinct values.
References = Callable[[str, str], list[Any]]


@dataclass
class ExpectationSpec:
    type: str                  # GX class name, e.g. ExpectColumnValuesToBeUnique
    kwargs: dict
    source: str                # where the rule comes from, e.g. schemas/regions.json: region_code.unique


def _anchored(pattern: str) -> str:
    """A Table Schema pattern matches the whole value; GX searches, so anchor it. Groups
    become non-capturing (pandas warns about capturing groups in str.contains)."""
    pattern = re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)
    return f"^(?:{pattern})$"


def _type_expectations(f: Field, here: str) -> list[ExpectationSpec]:
    engines = ENGINE_TYPES.get(f.type)
    if f.type == "any":
        return []                                  # any value is valid
    if engines is None or engines.gx is None:
        raise refuse(here, f"type '{f.type}'", TRANSLATOR, HANDLED)
    specs = [ExpectationSpec("ExpectColumnValuesToBeOfType", {"column": f.name, "type_": engines.gx},
                             f"{here}.type = {f.type}")]
    if f.type == "boolean":  # read as text: the spellings the schema declares, else those the build writes
        declared = "trueValues" in f.properties or "falseValues" in f.properties
        values = [*f.true_values, *f.false_values] if declared else ["true", "false"]
        specs.append(ExpectationSpec("ExpectColumnValuesToBeInSet", {"column": f.name, "value_set": values},
                                     f"{here}.type = boolean"))
    if f.type == "date":
        fmt = "%Y-%m-%d" if f.format == "default" else f.format
        if "%" not in fmt:  # "any" (guess the format) has no exact meaning
            raise refuse(here, f"date format '{f.format}'", TRANSLATOR, HANDLED)
        specs.append(ExpectationSpec("ExpectColumnValuesToMatchStrftimeFormat",
                                     {"column": f.name, "strftime_format": fmt}, f"{here}.type = date"))
    return specs


def _refuse_properties(f: Field, here: str) -> None:
    for prop in f.value_properties():
        if prop in ("trueValues", "falseValues") and f.type == "boolean":
            continue
        if prop == "format" and f.type == "date":
            continue  # read by _type_expectations
        raise refuse(here, f"the property {prop} = {f.properties[prop]!r} on a field of type {f.type}",
                     TRANSLATOR, HANDLED)


def _check_constraint(f: Field, key: str, here: str) -> None:
    types = _CONSTRAINT_TYPES.get(key, ())
    if key not in _CONSTRAINT_TYPES or (types and f.type not in types):
        raise refuse(here, f"the constraint {key} on a field of type {f.type}", TRANSLATOR, HANDLED)


def _constraint_expectations(f: Field, here: str) -> list[ExpectationSpec]:
    col, c = f.name, f.constraints
    for key in c:
        _check_constraint(f, key, here)
    specs = []
    if c.get("required"):
        specs.append(ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": col}, f"{here}.required"))
    if c.get("unique"):
        specs.append(ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": col}, f"{here}.unique"))
    if "pattern" in c:
        specs.append(ExpectationSpec("ExpectColumnValuesToMatchRegex",
                                     {"column": col, "regex": _anchored(c["pattern"])}, f"{here}.pattern"))
    if "enum" in c:
        specs.append(ExpectationSpec("ExpectColumnValuesToBeInSet",
                                     {"column": col, "value_set": list(c["enum"])}, f"{here}.enum"))
    for low, high, strict in (("minimum", "maximum", False), ("exclusiveMinimum", "exclusiveMaximum", True)):
        if low in c or high in c:  # one expectation for both bounds, as GX shows a range
            kwargs: dict[str, Any] = {"column": col}
            for key, bound in ((low, "min"), (high, "max")):
                if key in c:
                    kwargs[f"{bound}_value"] = c[key]
                    if strict:
                        kwargs[f"strict_{bound}"] = True
            bounds = "/".join(k for k in (low, high) if k in c)
            specs.append(ExpectationSpec("ExpectColumnValuesToBeBetween", kwargs, f"{here}.{bounds}"))
    for key, gx_key in (("minLength", "min_value"), ("maxLength", "max_value")):
        if key in c:
            specs.append(ExpectationSpec("ExpectColumnValueLengthsToBeBetween", {"column": col, gx_key: c[key]},
                                         f"{here}.{key}"))
    return specs


def _field_expectations(f: Field, where: str) -> list[ExpectationSpec]:
    here = f"{where}: {f.name}"
    _refuse_properties(f, here)
    return _type_expectations(f, here) + _constraint_expectations(f, here)


def _key_expectations(schema: TableSchema, name: str, references: References) -> list[ExpectationSpec]:
    where, key = schema.where, list(schema.primary_key)
    specs = []
    for column in key:  # a primary-key field may not be missing, `required` or not
        f = schema.field(column)
        if f is None:
            raise refuse(f"{where}: primaryKey", f"the field '{column}', which is not a field", TRANSLATOR, HANDLED)
        if not f.required:
            specs.append(ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": column}, f"{where}: primaryKey"))
    if len(key) == 1:
        specs.append(ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": key[0]}, f"{where}: primaryKey"))
    elif key:
        specs.append(ExpectationSpec("ExpectCompoundColumnsToBeUnique", {"column_list": key}, f"{where}: primaryKey"))
    for fk in schema.foreign_keys:
        target = fk.target(name)
        if len(fk.fields) != 1:
            raise refuse(f"{where}: foreignKeys", f"the key ({', '.join(fk.fields)}) of {len(fk.fields)} fields",
                         TRANSLATOR, HANDLED)
        values = references(target, fk.reference_fields[0])
        specs.append(ExpectationSpec("ExpectColumnValuesToBeInSet",
                                     {"column": fk.fields[0], "value_set": sorted(values, key=str)},
                                     f"{where}: foreignKeys {fk.fields[0]} -> {target}.{fk.reference_fields[0]}"))
    return specs


def schema_expectations(name: str, schema: TableSchema, references: References) -> list[ExpectationSpec]:
    """One expectation per rule of resource `name`'s Table Schema; `references` gives the values
    a foreign key may take. Refuses (SchemaMappingError, SB301) what it cannot translate."""
    unknown = sorted(set(schema.properties) - SCHEMA_PROPERTIES)
    if unknown or schema.fields_match != "exact":
        found = f"the schema properties {unknown}" if unknown else f"fieldsMatch '{schema.fields_match}'"
        raise refuse(schema.where, found, TRANSLATOR, HANDLED + "; fieldsMatch exact")
    specs = [ExpectationSpec("ExpectTableColumnsToMatchOrderedList", {"column_list": schema.names},
                             f"{schema.where}: fields")]
    for f in schema.fields:
        specs += _field_expectations(f, schema.where)
    return specs + _key_expectations(schema, name, references)
