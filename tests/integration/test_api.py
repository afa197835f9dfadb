"""The Python API: statsbidrag.load / schema / validate and their error messages."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, copy_package
from helpers import assert_prints_what_it_shows, documented_python_example

import statsbidrag

if TYPE_CHECKING:
    import pandas as pd


@pytest.fixture(scope="module", autouse=True)
def _pandas():
    """pandas and pandera, imported when a test of this file runs, not when it is collected
    (under xdist every worker collects every file; only one runs these)."""
    global pd, pa
    import pandas as pd
    import pandera.pandas as pa


DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABULAR = [r for r in DESCRIPTOR["resources"] if r.get("schema")]
NAMES = [r["name"] for r in TABULAR]


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fields_of(resource: dict) -> list[dict]:
    return json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))["fields"]


@pytest.fixture(scope="module")
def allocations() -> pd.DataFrame:
    return statsbidrag.load("allocations")


# --- loading -----------------------------------------------------------------

def test_resource_names_follow_datapackage_json():
    assert statsbidrag.resource_names() == NAMES


@pytest.mark.parametrize("resource", TABULAR, ids=NAMES)
def test_every_resource_loads_with_its_schema_dtypes(resource):
    frame = statsbidrag.load(resource["name"])
    rows = csv_rows(ROOT / resource["path"])
    assert len(frame) == len(rows)
    fields = fields_of(resource)
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        column = frame[field["name"]]
        text = [row[field["name"]] for row in rows]
        if field["type"] == "string":
            assert pd.api.types.is_string_dtype(column), field["name"]
            assert [v if v != "" else None for v in text] == [None if pd.isna(v) else v for v in column]
        elif field["type"] == "integer":
            assert pd.api.types.is_integer_dtype(column), field["name"]
            assert [int(v) if v else None for v in text] == [None if pd.isna(v) else int(v) for v in column]
        elif field["type"] == "date":
            assert pd.api.types.is_datetime64_dtype(column), field["name"]
            assert [v or None for v in text] == [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in column]
    # and the frame satisfies the schema users get
    statsbidrag.schema(resource["name"]).validate(frame, lazy=True)


def test_codes_keep_their_leading_zero():
    regions = statsbidrag.load("regions")
    assert regions.loc[regions["short_name"] == "Stockholm", "region_code"].item() == "01"
    assert all(re.fullmatch(r"[0-9]{2}", code) for code in regions["region_code"])


def test_amounts_are_integers(allocations):
    assert allocations["amount_sek"].dtype == "int64"
    total = sum(int(r["amount_sek"]) for r in csv_rows(ROOT / "resources" / "allocations.csv"))
    assert int(allocations["amount_sek"].sum()) == total


def test_dates_are_dates_and_may_be_missing():
    sources = statsbidrag.load("sources").set_index("source_id")["date_published"]
    assert sources["skr-2021-fordelning"] == pd.Timestamp(2021, 3, 11)
    assert sources["skr-2019-kvinnors-halsa"] == pd.Timestamp(2019, 5, 14)
    # documents that print no date have none (a seed decision, a press-release excerpt)
    assert sources[["regeringen-2021-beslut", "cision-2021-cancer-svf"]].isna().all()


def test_optional_integer_column_is_nullable():
    tables = statsbidrag.load("tables").set_index("table_id")["rounding_step_sek"]
    assert str(tables.dtype) == "Int64"
    assert pd.isna(tables["vardgivarguiden-2023-stockholm-fordelning"])
    assert tables["regeringen-2024-sammanlagda-medel"] == 1_000_000


def test_import_does_not_load_pandas_or_pandera():
    code = ("import sys, statsbidrag; "
            "print(sorted(m for m in ('pandas', 'pandera', 'duckdb', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- a wrong resource name ---------------------------------------------------------

def test_unknown_resource_lists_the_valid_names():
    with pytest.raises(statsbidrag.UnknownResourceError, match="^SB701: ") as info:
        statsbidrag.load("alocations")
    message = str(info.value)
    assert "unknown resource 'alocations'" in message
    assert "Did you mean 'allocations'?" in message
    for name in NAMES:
        assert name in message
    with pytest.raises(LookupError):
        statsbidrag.schema("nope")


# --- corrupted frames ----------------------------------------------------------------

def failure_message(frame: pd.DataFrame, name: str = "allocations") -> str:
    with pytest.raises(statsbidrag.ValidationError, match="^SB702: ") as info:
        statsbidrag.validate(frame, name)
    assert info.value.resource == name
    # the same frame fails pandera's own validation with the schema users get
    with pytest.raises(pa.errors.SchemaErrors):
        statsbidrag.schema(name).validate(frame, lazy=True)
    return str(info.value)


def test_unchanged_and_filtered_frames_validate(allocations):
    assert statsbidrag.validate(allocations, "allocations") is allocations
    # a user's subset is still valid: no row-count or sum rule lives in pandera
    one_region = allocations[allocations["region_code"] == "01"]
    statsbidrag.validate(one_region, "allocations")


def test_wrong_dtype(allocations):
    frame = allocations.assign(amount_sek=allocations["amount_sek"].astype(str))
    message = failure_message(frame)
    assert "resource 'allocations'" in message
    assert "column 'amount_sek', rule type integer (pandas dtype int64) (found str)" in message
    assert "astype('int64')" in message


def test_codes_read_as_numbers_are_refused():
    frame = pd.read_csv(ROOT / "resources" / "regions.csv")  # no dtype: "01" becomes 1
    message = failure_message(frame, "regions")
    assert "column 'region_code', rule type string" in message


def test_out_of_range_value(allocations):
    frame = allocations.copy()
    frame.loc[5, "amount_sek"] = -1
    frame.loc[9, "row_number"] = 22
    message = failure_message(frame)
    assert "column 'amount_sek', rule minimum 0: index 5 (value -1)" in message
    assert "column 'row_number', rule maximum 21: index 9 (value 22)" in message


def test_pattern_enum_and_required(allocations):
    frame = allocations.copy()
    frame.loc[3, "region_code"] = "1"
    frame.loc[4, "region_code"] = "01\n"  # a trailing newline is not a two-digit code
    frame.loc[6, "region_text"] = None
    frame.loc[7, "amount_text"] = ""
    message = failure_message(frame)
    assert "column 'region_code', rule pattern ^[0-9]{2}$: index 3, 4 (values '1', '01\\n')" in message
    assert "column 'region_text', rule required: index 6: fill in a value" in message
    assert "column 'amount_text', rule required (a missing-value marker [''] is not a value): index 7" in message
    tables = statsbidrag.load("tables")
    tables.loc[0, "kind"] = "table"
    assert "column 'kind', rule enum ['regions', 'breakdown']: index 0 (value 'table')" in \
        failure_message(tables, "tables")


def test_missing_extra_and_reordered_columns(allocations):
    message = failure_message(allocations.drop(columns=["source_line"]))
    assert "column 'source_line', rule column missing" in message
    message = failure_message(allocations.assign(share=0.5))
    assert "column 'share', rule extra column: drop the column, or declare it in schemas/allocations.json" in message
    columns = list(allocations.columns)
    columns[0], columns[1] = columns[1], columns[0]
    message = failure_message(allocations[columns])
    assert "rule column order" in message and "table_id, region_code, row_number" in message


def test_duplicate_composite_key(allocations):
    frame = pd.concat([allocations, allocations.iloc[[2]]], ignore_index=True)
    message = failure_message(frame)
    key = (allocations.loc[2, "table_id"], allocations.loc[2, "region_code"])
    assert f"primary key (table_id, region_code) unique: index 2, {len(allocations)} (key {key!r})" in message
    # the same region in two tables is not a duplicate: the key is composite
    statsbidrag.validate(allocations[allocations["region_code"] == "01"], "allocations")


def test_date_with_a_time_of_day_is_not_a_date():
    sources = statsbidrag.load("sources")
    sources.loc[0, "date_published"] = pd.Timestamp("2021-03-11 10:30")
    assert "column 'date_published', rule type date (no time of day): index 0" in failure_message(sources, "sources")


def test_every_failure_is_reported_at_once(allocations):
    frame = allocations.assign(extra=1).copy()
    frame.loc[1, "amount_sek"] = -5
    frame.loc[2, "region_code"] = "x"
    with pytest.raises(statsbidrag.ValidationError) as info:
        statsbidrag.validate(frame, "allocations")
    failures = info.value.failures
    assert {(c, r) for c, r in zip(failures["column"], failures["rule"])} == {
        ("extra", "extra column"), ("amount_sek", "minimum 0"), ("region_code", "pattern ^[0-9]{2}$")}
    assert "(3 problem(s))" in str(info.value)


# --- corrupted files: load() reports CSV rows ---------------------------------------

def edit_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_load_reports_resource_column_csv_row_and_rule(tmp_path):
    package = copy_package(tmp_path / "package")

    def change(rows):
        header = rows[0]
        rows[2][header.index("amount_sek")] = "12 3"  # CSV row 3
        rows[4][header.index("region_text")] = ""     # CSV row 5
        rows.append(list(rows[6]))                    # duplicate of CSV row 7
    edit_csv(package / "resources" / "allocations.csv", change)
    with pytest.raises(statsbidrag.ValidationError) as info:
        statsbidrag.load("allocations", root=package)
    message = str(info.value)
    assert message.startswith("SB702: resource 'allocations': resources/allocations.csv does not satisfy "
                              "schemas/allocations.json (3 problem(s)):")
    assert "column 'amount_sek', rule type integer: row 3 (value '12 3'): write a whole number" in message
    assert "column 'region_text', rule required: row 5: fill in a value" in message
    n = len(csv_rows(ROOT / "resources" / "allocations.csv")) + 2
    assert f"primary key (table_id, region_code) unique: rows 7, {n}" in message
    assert "Row numbers count the header as row 1" in message
    assert set(info.value.failures["row"]) == {3, 5, 7, n}


def test_load_honours_statsbidrag_root(tmp_path, monkeypatch):
    package = copy_package(tmp_path / "package")
    edit_csv(package / "resources" / "regions.csv", lambda rows: rows[1].__setitem__(0, "1"))
    monkeypatch.setenv("STATSBIDRAG_ROOT", str(package))
    with pytest.raises(statsbidrag.ValidationError,
                       match=r"^SB702: (?s:.)*column 'region_code', rule pattern .*: row 2 \(value '1'\)"):
        statsbidrag.load("regions")


# --- the documented example (docs/reference.md, Use from Python) ------------------------

def test_the_documented_python_example_runs_and_prints_what_it_shows(tmp_path, monkeypatch, capsys):
    """In this process (tests/slow/test_cli_processes.py runs it in a fresh Python)."""
    code, shown = documented_python_example()
    monkeypatch.delenv("STATSBIDRAG_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    exec(compile(code, "docs/reference.md", "exec"), {"__name__": "__main__"})
    printed = capsys.readouterr().out.splitlines()
    assert_prints_what_it_shows(printed, shown)
