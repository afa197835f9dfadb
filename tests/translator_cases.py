"""One list of Table Schema types, constraints and properties, for the three translators.

Each case is a one-field schema (field "c"), texts that are valid under it, and a text
that breaks it. Every translator must either catch the breaking text (and pass the valid
ones) or refuse the schema loudly; `refused` says, per translator, which of the two the
project expects, so a translation removed (or a refusal removed) makes a test fail.
tests/unit/test_translators.py runs the DuckDB SQL and pandera translators on it,
tests/slow/test_translators_gx.py the Great Expectations one (its import takes seconds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SQL, PANDERA, GX = "to_sql", "to_pandera", "to_great_expectations"
ALL = frozenset({SQL, PANDERA, GX})


@dataclass(frozen=True)
class Case:
    name: str
    field: dict                          # the field "c" (its type, constraints, properties)
    good: tuple[str, ...]                # CSV texts valid under the rule ("" is a missing value)
    bad: str | None                      # a text that breaks it (None: no text can)
    refused: frozenset = frozenset()     # translators expected to refuse it
    schema: dict = field(default_factory=dict)   # schema-level properties (primaryKey ...)

    def table_schema(self) -> dict:
        return {"fields": [{"name": "c", **self.field}], "missingValues": [""], **self.schema}


def _type(kind: str, good: str, bad: str | None, refused=ALL, **props) -> Case:
    return Case(f"type {kind}", {"type": kind, **props}, (good,), bad, frozenset(refused))


def _constraint(name: str, kind: str, constraints: dict, good: tuple, bad: str, refused=frozenset()) -> Case:
    return Case(name, {"type": kind, "constraints": constraints}, good, bad, frozenset(refused))


CASES = [
    # every Table Schema v2 type
    _type("string", "01", None, refused=()),
    _type("integer", "-2", "1.5", refused=()),
    _type("number", "1.5", "x", refused=()),
    _type("boolean", "true", "ja", refused=()),
    _type("date", "2021-03-11", "2021-02-30", refused=()),
    _type("any", "anything", None, refused={PANDERA}),
    _type("time", "10:00:00", "25:00:00"),
    _type("datetime", "2021-03-11T10:00:00Z", "x"),
    _type("year", "2021", "20x1", refused=()),
    _type("yearmonth", "2021-03", "2021-13"),
    _type("duration", "P1Y", "one year"),
    _type("geopoint", "90, 45", "x"),
    _type("geojson", '{"type": "Point", "coordinates": [1, 2]}', "x"),
    _type("object", '{"a": 1}', "x"),
    _type("array", "[1, 2]", "x"),
    _type("list", "1,2", "1,x", itemType="integer"),
    # every constraint, on the types it applies to
    _constraint("required string", "string", {"required": True}, ("a",), ""),
    _constraint("required integer", "integer", {"required": True}, ("1",), ""),
    _constraint("unique", "string", {"unique": True}, ("a", "b"), "a"),
    _constraint("pattern", "string", {"pattern": "[0-9]{2}"}, ("01", "99"), "011"),
    _constraint("enum string", "string", {"enum": ["a", "b"]}, ("a", "b"), "c"),
    _constraint("enum integer", "integer", {"enum": [1, 2]}, ("1", "2"), "3"),
    _constraint("minimum integer", "integer", {"minimum": 0}, ("0", "5"), "-1"),
    _constraint("maximum integer", "integer", {"maximum": 10}, ("10",), "11"),
    _constraint("minimum number", "number", {"minimum": 0.5}, ("0.5",), "0.4"),
    _constraint("maximum number", "number", {"maximum": 0.5}, ("0.5",), "0.6"),
    _constraint("minimum date", "date", {"minimum": "2020-01-01"}, ("2020-01-01",), "2019-12-31", refused={GX}),
    _constraint("maximum date", "date", {"maximum": "2020-01-01"}, ("2020-01-01",), "2020-01-02", refused={GX}),
    _constraint("minimum year", "year", {"minimum": 2000}, ("2000", "2026"), "1999"),
    _constraint("maximum year", "year", {"maximum": 2100}, ("2100",), "2101"),
    _constraint("exclusiveMinimum", "integer", {"exclusiveMinimum": 0}, ("1",), "0"),
    _constraint("exclusiveMaximum", "integer", {"exclusiveMaximum": 10}, ("9",), "10"),
    _constraint("minLength", "string", {"minLength": 2}, ("ab",), "a"),
    _constraint("maxLength", "string", {"maxLength": 2}, ("ab",), "abc"),
    _constraint("jsonSchema", "string", {"jsonSchema": {"type": "string", "maxLength": 1}}, ("a",), "ab",
                refused=ALL),
    # field properties that change what is valid
    Case("trueValues/falseValues", {"type": "boolean", "trueValues": ["ja"], "falseValues": ["nej"]},
         ("ja", "nej"), "true"),
    Case("date format pattern", {"type": "date", "format": "%d/%m/%Y"}, ("11/03/2021",), "2021-03-11",
         frozenset({SQL})),
    Case("date format any", {"type": "date", "format": "any"}, ("2021-03-11",), "x", ALL),
    Case("string format email", {"type": "string", "format": "email"}, ("a@b.se",), "x", ALL),
    Case("bareNumber", {"type": "number", "bareNumber": False}, ("1.5 kr",), "x", ALL),
    Case("groupChar", {"type": "number", "groupChar": " "}, ("1 000",), "x", ALL),
    Case("field missingValues", {"type": "integer", "missingValues": ["-"]}, ("-",), "x", ALL),
    # schema-level rules
    Case("missingValues", {"type": "integer"}, ("1", "-"), "x", frozenset({SQL}), {"missingValues": ["-"]}),
    Case("primaryKey repeated", {"type": "string"}, ("a", "b"), "a", schema={"primaryKey": ["c"]}),
    Case("primaryKey missing", {"type": "string"}, ("a",), "", schema={"primaryKey": "c"}),
    Case("uniqueKeys", {"type": "string"}, ("a", "b"), "a", ALL, {"uniqueKeys": [["c"]]}),
]
