"""Which checks an anomaly may excuse is read from the checks themselves (those whose SQL
calls documented_at); the metadata model and the published schema agree with it."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from pydantic import ValidationError

from statsbidrag.metadata.models import Anomaly
from statsbidrag.toolchecks import excusable

GOOD = {"id": "x", "source": "s", "line": 3, "quote": "q", "title": "t", "explanation": "e"}


def test_the_excusable_checks_are_those_that_ask_documented_at():
    asking = sorted(p.stem for p in (ROOT / "checks").glob("[!_]*.sql")
                    if "documented_at(" in re.sub(r"--[^\n]*", "", p.read_text(encoding="utf-8")))
    assert sorted(excusable()) == asking and "table_totals" in asking


def test_the_schema_of_the_anomalies_resource_lists_the_same_checks():
    schema = json.loads((ROOT / "schemas" / "anomalies.json").read_text(encoding="utf-8"))
    pattern = next(f for f in schema["fields"] if f["name"] == "excuses")["constraints"]["pattern"]
    listed = set(re.findall(r"\w+", pattern.split(")(")[0]))
    assert listed == set(excusable()), ("schemas/anomalies.json `excuses` pattern: expected the checks that call "
                                        f"documented_at {sorted(excusable())}; found {sorted(listed)}")


def test_the_model_accepts_an_excusable_check_and_refuses_any_other():
    assert Anomaly.model_validate({**GOOD, "excuses": ["table_totals"]}, strict=True).excuses == ["table_totals"]
    with pytest.raises(ValidationError, match="the checks that read documented_at"):
        Anomaly.model_validate({**GOOD, "excuses": ["regions_complete"]}, strict=True)
