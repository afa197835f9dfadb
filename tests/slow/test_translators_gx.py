"""The Great Expectations translator handles every case of the shared list, or refuses it.

The same list and the same rule as tests/unit/test_translators.py (which runs the SQL and
pandera translators): the expectations of tableschema.to_great_expectations are run by GX
on the frame the report reads (report.data, from a CSV of the texts), and must pass the
valid texts and fail once the breaking text is added; or the translator must refuse the
schema, saying what it translates, what it found, where, and how to fix. In the
slow tier because importing GX takes seconds (the fast loop stays fast).
"""

from __future__ import annotations

import csv
import itertools
import logging

import pandas as pd
import pytest
from translator_cases import CASES, GX, Case

from statsbidrag.errors import SchemaMappingError
from statsbidrag.report.data import _read_frame
from statsbidrag.tableschema.model import parse_schema
from statsbidrag.tableschema.to_great_expectations import schema_expectations

REFUSAL = "expected what statsbidrag/tableschema/to_great_expectations.py translates"


@pytest.fixture(scope="module")
def run_gx():
    """-> run(expectations, frame): whether every expectation is met, by GX itself."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas("translators")
    names = (f"case{i}" for i in itertools.count())

    def run(specs, frame) -> bool:
        name = next(names)
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        suite = ctx.suites.add(gx.ExpectationSuite(name=name))
        for spec in specs:
            suite.add_expectation(getattr(gxe, spec.type)(**spec.kwargs))
        definition = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        return bool(definition.run(batch_parameters={"dataframe": frame}).success)
    return run


def frame_of(case: Case, values: tuple[str, ...], folder):
    """The texts as a CSV, read as the report reads a resource."""
    path = folder / f"t{len(values)}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["c"])
        writer.writerows([v] for v in values)
    return _read_frame(pd, path, parse_schema(case.table_schema(), "test"))


def gx_outcome(case: Case, run_gx, folder) -> str:
    schema = parse_schema(case.table_schema(), "schemas/t.json")
    try:
        specs = schema_expectations("t", schema, lambda resource, column: [])
    except SchemaMappingError as error:
        message = error.detail
        assert error.code == "SB301" and str(error) == f"SB301: {message}", str(error)
        assert message.startswith("schemas/t.json") and REFUSAL in message and "; found " in message, message
        assert "Translate it there, or remove it from the schema." in message, message
        return "refused"
    assert run_gx(specs, frame_of(case, case.good, folder)), f"{case.name}: GX rejects valid values {case.good}"
    if case.bad is not None:
        assert not run_gx(specs, frame_of(case, (*case.good, case.bad), folder)), \
            f"{case.name}: the GX expectations let {case.bad!r} pass"
    return "handled"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_great_expectations_translates_or_refuses(case, run_gx, tmp_path):
    expected = "refused" if GX in case.refused else "handled"
    assert gx_outcome(case, run_gx, tmp_path) == expected, f"{case.name}: expected GX to have {expected} it"


def test_foreign_keys_take_the_referenced_values(run_gx, tmp_path):
    case = Case("foreignKeys", {"type": "string"}, ("a", "b"), "c",
                schema={"foreignKeys": [{"fields": "c", "reference": {"resource": "r", "fields": "k"}}]})
    asked = []

    def references(resource, column):
        asked.append((resource, column))
        return ["a", "b"]
    specs = schema_expectations("t", parse_schema(case.table_schema(), "schemas/t.json"), references)
    assert asked == [("r", "k")]
    assert run_gx(specs, frame_of(case, case.good, tmp_path))
    assert not run_gx(specs, frame_of(case, (*case.good, case.bad), tmp_path))


def test_a_foreign_key_of_two_fields_is_refused():
    key = {"fields": ["a", "b"], "reference": {"resource": "r", "fields": ["x", "y"]}}
    schema = parse_schema({"fields": [{"name": "a"}, {"name": "b"}], "foreignKeys": [key]}, "schemas/t.json")
    with pytest.raises(SchemaMappingError, match="found the key \\(a, b\\) of 2 fields"):
        schema_expectations("t", schema, lambda resource, column: [])
