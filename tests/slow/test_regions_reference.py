"""Regions keep their identity: the tool's own reference of the 21 regions (SCB county
codes, ISO 3166-2:SE) is what a package's regions and printed names are checked against."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from conftest import ROOT
from helpers import reseal, unzip, zip_top
from package_edits import relabel_regions

from statsbidrag.check.reference import regions
from statsbidrag.check.runner import run_suite
from statsbidrag.errors import SourceError
from statsbidrag.publish.build import build
from statsbidrag.release.verify import verify


def test_the_reference_holds_the_21_counties_and_cites_both_standards():
    data = json.loads((ROOT / "src" / "statsbidrag" / "check" / "reference" / "regions.json").read_text(encoding="utf-8"))
    rows = regions()
    assert len(rows) == 21
    for field in ("region_code", "iso_code", "county_name", "region_name"):
        assert len({r[field] for r in rows}) == 21, field
    assert all(re.fullmatch(r"[0-9]{2}", r["region_code"]) and re.fullmatch(r"SE-[A-Z]{1,2}", r["iso_code"])
               and r["county_name"].endswith(" län") for r in rows)
    cited = " ".join(s["publisher"] + " " + s["title"] for s in data["sources"])
    assert "SCB" in cited and "ISO 3166-2:SE" in cited
    # spot checks against the standards as published (not against metadata/)
    by_code = {r["region_code"]: r for r in rows}
    assert (by_code["03"]["iso_code"], by_code["03"]["county_name"]) == ("SE-C", "Uppsala län")
    assert (by_code["04"]["iso_code"], by_code["04"]["county_name"]) == ("SE-D", "Södermanlands län")
    assert (by_code["25"]["iso_code"], by_code["14"]["region_name"]) == ("SE-BD", "Västra Götalandsregionen")


def test_the_reference_is_shipped_in_the_tool_not_in_the_package():
    assert not list((ROOT / "metadata").glob("*reference*"))
    assert (ROOT / "src" / "statsbidrag" / "check" / "reference" / "regions.json").is_file()


@pytest.mark.parametrize("printed, words", [
    ("Region Jönköpings län", ["jönköping"]), ("Jönköping", ["jönköping"]), ("Stockholms län", ["stockholm"]),
    ("Jämtland/Härjedalen", ["jämtland", "härjedalen"]), ("Västra Götalandsregionen", ["västra", "götaland"]),
    ("Region\u00a0 Gotlands", ["gotland"]), ("Region", []), ("Skåne", ["skåne"]),
    ("Västra Götalandsregionen (VGR)", ["västra", "götaland"]), ("Region (ABC) Gotland", ["gotland"]),
    ("Region Gotland a)", ["gotland"]), ("Region Gotland (b)", ["gotland"]),
])
def test_name_words(printed, words):
    con = duckdb.connect()
    # documented_at reads the anomalies resource; this test needs only the text macros
    con.execute("CREATE TABLE anomalies (source_id VARCHAR, line BIGINT, quote VARCHAR, excuses VARCHAR)")
    con.execute((ROOT / "checks" / "_macros.sql").read_text(encoding="utf-8"))
    assert con.execute("SELECT name_words(?)", [printed]).fetchone()[0] == words


def test_relabelling_two_regions_in_the_metadata_does_not_build(package_copy):
    text = (package_copy / "metadata" / "regions.toml").read_text(encoding="utf-8")
    swapped = text.replace('short_name = "Uppsala"', "@A@").replace('short_name = "Sörmland"', 'short_name = "Uppsala"')
    swapped = swapped.replace("@A@", 'short_name = "Sörmland"')
    for a, b in (('"Region Uppsala"', '"Region Sörmland"'), ('"Uppsala län"', '"Södermanlands län"')):
        swapped = swapped.replace(a, "@A@").replace(b, a).replace("@A@", b)
    (package_copy / "metadata" / "regions.toml").write_text(swapped, encoding="utf-8")
    with pytest.raises(SourceError, match="^SB107: "):
        build(package_copy)


def test_relabelled_regions_fail_check_and_verify(package_copy, release, tmp_path):
    relabel_regions("03", "04")(package_copy)
    results = {r.name: r for r in run_suite(package_copy).results}
    target = results["regions_match_reference"]
    assert target.status == "fail"
    assert "region 03: county_name is 'Södermanlands län'" in target.message
    assert {"field": "county_name", "region_code": "03"}.items() <= target.rows[0].items()
    assert any("'Uppsala' is published under region 04" in r["problem"] for r in target.rows)
    assert results["read_as_printed"].status == "pass", "every name is still a spelling of its code"

    folder = unzip(release, tmp_path / "unzipped")
    relabel_regions("03", "04")(folder)
    report = verify(str(reseal(folder, tmp_path / "relabelled.zip", zip_top(release))))
    assert not report.ok and "REJECTED" in report.render()
    assert "regions_match_reference" in {r.name for r in report.suite.results if r.status == "fail"}


@pytest.mark.parametrize("printed", [
    "Västra Götalandsregionen (VGR)", "Stockholms läns landsting (SLL)*", "Region Jönköpings län (RJL) 1)",
    "Region Skåne (2)", "Region Gotland (x)", "Region (ABC) Gotland", "REGION\u00a0 HALLAND¹", "Jämtland/Härjedalen",
    "Region Gotland a)", "Region Gotland (b)", "Region Gotland a) b)", "Region Gotland A)", "Region Gotland ab)",
])
def test_python_and_sql_read_a_printed_name_alike(printed):
    """name_key and name_words are written twice, for the extraction (Python) and the checks (SQL)."""
    from statsbidrag.extract.regions import name_key, name_words
    con = duckdb.connect()
    con.execute("CREATE TABLE anomalies (source_id VARCHAR, line BIGINT, quote VARCHAR, excuses VARCHAR)")
    con.execute((ROOT / "checks" / "_macros.sql").read_text(encoding="utf-8"))
    assert con.execute("SELECT name_key(?)", [printed]).fetchone()[0] == name_key(printed)
    assert set(con.execute("SELECT name_words(?)", [printed]).fetchone()[0]) == name_words(printed)
