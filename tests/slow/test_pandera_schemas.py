"""The pandera schemas agree with the Table Schemas, column by column, for every resource.

Two independent proofs, so the two cannot drift apart:
- structure: each pandera column is read back (dtype, nullable, unique, checks and
  their parameters) and compared with what this file expects from the field's type
  and constraints (the expectations are written here, not taken from the code);
- behaviour: for every field and every constraint a CSV is corrupted so that exactly
  that rule breaks; frictionless (validating the Table Schema itself) and
  statsbidrag.load (pandera) must both reject it, on the same column and row.
The same is done for a synthetic schema using every type and constraint the mapping
supports, so a resource added later is covered before it exists.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from frictionless import Package

import statsbidrag
from statsbidrag.tableschema.to_pandera import SchemaMappingError, to_pandera

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"] if r.get("schema")}


def table_schema_of(name: str) -> dict:
    return json.loads((ROOT / RESOURCES[name]["schema"]).read_text(encoding="utf-8"))


# A schema exercising every type and constraint the mapping claims to support.
SYNTHETIC_SCHEMA = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "^[a-z]{2}[0-9]$"}},
        {"name": "part", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "label", "type": "string",
         "constraints": {"required": True, "unique": True, "minLength": 2, "maxLength": 6}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
        {"name": "level", "type": "integer", "constraints": {"enum": [1, 2, 3]}},
        {"name": "share", "type": "number",
         "constraints": {"required": True, "exclusiveMinimum": 0, "exclusiveMaximum": 1}},
        {"name": "flag", "type": "boolean", "constraints": {"required": True}},
        {"name": "optional_count", "type": "integer", "constraints": {"maximum": 10}},
        {"name": "day", "type": "date",
         "constraints": {"minimum": "2020-01-01", "maximum": "2030-12-31"}},
    ],
    "primaryKey": ["id", "part"],
    "missingValues": [""],
}
SYNTHETIC_ROWS = [
    ["ab1", "1", "first", "a", "1", "0.5", "true", "3", "2021-03-11"],
    ["ab1", "2", "second", "b", "", "0.25", "0", "", ""],
    ["cd2", "1", "third", "", "3", "0.75", "FALSE", "10", "2030-12-31"],
]


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def at_least_two_rows(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The corruptions need two rows: a resource that publishes one (absences, until more
    tables lack a region) gets a second, its first with the last key field changed."""
    if not rows and header[0] == "claim_id":  # no prose allocation has a key yet: two made here
        return [["claim-a", "population_at_date", "scb", "2018-12-31", "stated", "fördelas efter befolkningen", "3",
                 "By population"],
                ["claim-b", "unknown", "", "", "", "", "", "Not stated"]]
    if len(rows) != 1:
        return rows
    second = list(rows[0])
    second[header.index("region_code")] = "13" if second[header.index("region_code")] != "13" else "14"
    return rows + [second]


def cases() -> list[tuple[str, dict, list[str], list[list[str]]]]:
    out = []
    for name, r in RESOURCES.items():
        header, rows = read_rows(ROOT / r["path"])
        out.append((name, table_schema_of(name), header, at_least_two_rows(header, rows)))
    out.append(("synthetic", SYNTHETIC_SCHEMA, [f["name"] for f in SYNTHETIC_SCHEMA["fields"]], SYNTHETIC_ROWS))
    return out


CASES = {case[0]: case for case in cases()}


# --- structure --------------------------------------------------------------

# What each Table Schema type must become in pandas (written here, independently).
def expected_dtype(kind: str, required: bool) -> set[str]:
    return {
        "string": {"string[python]", "string[pyarrow]", "str"},  # pyarrow-backed when pyarrow is installed
        "integer": {"int64"} if required else {"Int64"},
        "year": {"int64"} if required else {"Int64"},
        "number": {"float64"},
        "boolean": {"bool"} if required else {"boolean"},
        "date": {"datetime64[ns]"},
    }[kind]


def expected_checks(field: dict, required: bool, markers: list[str]) -> set:
    """(pandera check name, its statistics) for each constraint of the field."""
    c = field.get("constraints", {})

    def val(v):
        return pd.Timestamp(v) if field["type"] == "date" else v
    out = set()
    pairs = {"minimum": ("greater_than_or_equal_to", "min_value"),
             "maximum": ("less_than_or_equal_to", "max_value"),
             "exclusiveMinimum": ("greater_than", "min_value"),
             "exclusiveMaximum": ("less_than", "max_value")}
    for constraint, (check, stat) in pairs.items():
        if constraint in c:
            out.add((check, ((stat, val(c[constraint])),)))
    if "pattern" in c:
        out.add(("str_fullmatch", (("pattern", c["pattern"]),)))
    if "enum" in c:
        out.add(("isin", (("allowed_values", frozenset(val(v) for v in c["enum"])),)))
    if "minLength" in c or "maxLength" in c:
        out.add(("str_length", (("exact_value", None), ("max_value", c.get("maxLength")),
                                ("min_value", c.get("minLength")))))
    if field["type"] == "string" and c.get("required") and markers:
        out.add(("not_missing_marker", (("markers", tuple(markers)),)))
    if field["type"] == "date":
        out.add(("date_without_time", ()))
    return out


def actual_checks(column) -> set:
    out = set()
    for check in column.checks:
        stats = []
        for key, value in sorted((check.statistics or {}).items()):
            if isinstance(value, (list, set, frozenset)):
                value = frozenset(value) if key == "allowed_values" else tuple(value)
            stats.append((key, value))
        out.add((check.name, tuple(stats)))
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_pandera_columns_agree_with_table_schema(name):
    _, ts, _, _ = CASES[name]
    schema = to_pandera(name, ts)
    fields = ts["fields"]
    key = ts.get("primaryKey", [])
    assert list(schema.columns) == [f["name"] for f in fields], "same columns, same order"
    assert schema.strict is True and schema.ordered is True, "Table Schema v2 default fieldsMatch is exact"
    assert list(schema.unique or []) == list(key), "the primary key is the frame's unique key"
    for field in fields:
        column = schema.columns[field["name"]]
        required = bool(field.get("constraints", {}).get("required")) or field["name"] in key
        where = f"{name}.{field['name']}"
        assert str(column.dtype) in expected_dtype(field["type"], required), where
        assert column.nullable is (not required), where
        assert column.unique is bool(field.get("constraints", {}).get("unique")), where
        assert actual_checks(column) == expected_checks(field, required, ts.get("missingValues", [""])), where


# --- behaviour: frictionless and pandera reject the same corruption ----------------

def _differs(pattern: str, candidates: list[str]) -> str:
    return next(v for v in candidates if not re.fullmatch(pattern, v))


def _shift(field: dict, value, step: int) -> str:
    if field["type"] == "date":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=step)).isoformat()
    return str(value + step)


def mutations(ts: dict, header: list[str], rows: list[list[str]]):
    """(what, header, rows) with one rule broken; the target row is the second data row."""
    target = 1
    key = ts.get("primaryKey", [])
    invalid_text = {"integer": "1.5", "number": "one", "date": "2021-02-30", "boolean": "maybe", "year": "20x1"}
    for col, field in enumerate(ts["fields"]):
        c = field.get("constraints", {})
        name = field["name"]

        def cell(value, col=col):
            new = copy.deepcopy(rows)
            new[target][col] = value
            return new
        if field["type"] in invalid_text:
            yield f"{name}: type {field['type']}", header, cell(invalid_text[field["type"]])
        if c.get("required") or name in key:
            yield f"{name}: required", header, cell("")
        if c.get("unique") and rows[0][col] != rows[target][col]:
            yield f"{name}: unique", header, cell(rows[0][col])
        if "pattern" in c:
            original = rows[target][col] or "x"
            yield f"{name}: pattern", header, cell(_differs(c["pattern"], ["#" + original, original + "#", "#"]))
        if "enum" in c:
            bad = "not-" + str(c["enum"][0]) if field["type"] == "string" else str(max(c["enum"]) + 1)
            yield f"{name}: enum", header, cell(bad)
        for bound, step in [("minimum", -1), ("maximum", 1), ("exclusiveMinimum", 0), ("exclusiveMaximum", 0)]:
            if bound in c:
                yield f"{name}: {bound}", header, cell(_shift(field, c[bound], step))
        if "minLength" in c and c["minLength"] > 0:
            yield f"{name}: minLength", header, cell("x" * (c["minLength"] - 1))
        if "maxLength" in c:
            yield f"{name}: maxLength", header, cell("x" * (c["maxLength"] + 1))
    if key:
        yield "primary key: duplicate row", header, rows + [list(rows[target])]
    yield "missing column", header[:-1], [r[:-1] for r in rows]
    yield "extra column", header + ["extra"], [r + ["1"] for r in rows]


def write_package(folder: Path, name: str, ts: dict, header: list[str], rows: list[list[str]]) -> Path:
    (folder / "schemas").mkdir(parents=True)
    (folder / "resources").mkdir()
    # foreignKeys relate resources; a one-resource package leaves them out (not pandera's job)
    schema = {k: v for k, v in ts.items() if k != "foreignKeys"}
    (folder / "schemas" / f"{name}.json").write_text(json.dumps(schema), encoding="utf-8")
    with (folder / "resources" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    resource = {"name": name, "type": "table", "path": f"resources/{name}.csv", "format": "csv",
                "schema": f"schemas/{name}.json"}
    descriptor = {"$schema": DESCRIPTOR["$schema"], "name": "test", "resources": [resource]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def frictionless_errors(folder: Path) -> list[tuple]:
    report = Package(str(folder / "datapackage.json")).validate()
    return [tuple(e) for e in report.flatten(["type", "fieldName", "rowNumber"])]


def statsbidrag_failures(folder: Path, name: str):
    try:
        statsbidrag.load(name, root=folder)
    except statsbidrag.ValidationError as error:
        return error.failures
    return None


@pytest.mark.parametrize("name", list(CASES))
def test_unchanged_data_passes_both(name, tmp_path):
    _, ts, header, rows = CASES[name]
    folder = write_package(tmp_path, name, ts, header, rows)
    assert frictionless_errors(folder) == []
    assert statsbidrag_failures(folder, name) is None


@pytest.mark.parametrize("name", list(CASES))
def test_every_rule_is_enforced_by_both(name, tmp_path):
    _, ts, header, rows = CASES[name]
    assert len(rows) >= 2, f"{name}: the corruptions need two rows"
    seen = []
    for i, (what, new_header, new_rows) in enumerate(mutations(ts, header, rows)):
        folder = write_package(tmp_path / str(i), name, ts, new_header, new_rows)
        theirs = frictionless_errors(folder)
        ours = statsbidrag_failures(folder, name)
        assert theirs, f"{name}, {what}: the corruption did not break the Table Schema (test setup)"
        assert ours is not None, f"{name}, {what}: frictionless rejects it ({theirs}), pandera accepts it"
        their_columns = {f for _, f, _ in theirs if f and f != "extra"} | \
            ({"extra"} if any(t == "extra-label" for t, _, _ in theirs) else set())
        our_columns = {c for c in ours["column"] if isinstance(c, str)}
        assert our_columns == their_columns, f"{name}, {what}: columns {our_columns} vs frictionless {theirs}"
        their_rows = {r for _, _, r in theirs if r}
        assert their_rows <= set(ours["row"].dropna().astype(int)), f"{name}, {what}: rows differ"
        seen.append(what)
    types_and_constraints = {(f["name"], k) for f in ts["fields"] for k in f.get("constraints", {})}
    names = [f["name"] for f in ts["fields"]]
    for field, constraint in types_and_constraints:
        if constraint == "unique" and rows[0][names.index(field)] == rows[1][names.index(field)]:
            continue  # (cannot happen in valid data: the unchanged data passes)
        assert any(w.startswith(f"{field}: {constraint}") for w in seen), f"{name}: {field} {constraint} untested"


# --- what the mapping refuses ---------------------------------------------------

@pytest.mark.parametrize("change, needle", [
    (lambda ts: ts["fields"][0].update(type="list"), "field 'id': expected what statsbidrag/tableschema/"
                                                      "to_pandera.py translates"),
    (lambda ts: ts["fields"][0].update(type="list"), "found type 'list'"),
    (lambda ts: ts["fields"][1].update(bareNumber=False), "found bareNumber"),
    (lambda ts: ts.update(uniqueKeys=[["id", "label"]]), "found uniqueKeys"),
    (lambda ts: ts["fields"][8].update(format="any"), "field 'day': expected"),
    (lambda ts: ts["fields"][8].update(format="any"), "found date format 'any'"),
    (lambda ts: ts["fields"][0]["constraints"].update(jsonSchema={}), "found jsonSchema"),
    (lambda ts: ts.update(primaryKey=["nope"]), "primaryKey field 'nope' is not a field"),
])
def test_untranslatable_schema_features_are_refused(change, needle):
    ts = copy.deepcopy(SYNTHETIC_SCHEMA)
    change(ts)
    with pytest.raises(SchemaMappingError, match="^SB301: .*" + re.escape(needle)):
        to_pandera("synthetic", ts)
