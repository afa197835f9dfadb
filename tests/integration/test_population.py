"""Population figures and allocation keys: what is read from the sources, and bad input
that stops the build with the file and line named and nothing written."""

from __future__ import annotations

import pytest
from conftest import ROOT, replace_line, rewrite_source
from helpers import (
    CISION,
    KEY_CHECKS,
    assert_a_forged_cancer_amount_fails_with_gotland_implied,
    fails_cleanly,
    read_resource,
)

from statsbidrag.extract.population import parse_reference_date

SCB, SCB_FILE = "scb-folkmangd-lan-2016-2019", "sources/scb-folkmangd-lan-2016-2019.txt"
KEYS = "metadata/allocation_keys.toml"


def edit(package, rel: str, old: str, new: str) -> None:
    path = package / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} not once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- what is read ---------------------------------------------------------------------

def test_scb_population_is_read_for_every_county_and_date():
    rows = [r for r in read_resource("population") if r["source_id"] == SCB]
    dates = sorted({r["reference_date"] for r in rows})
    assert dates == ["2016-12-31", "2017-12-31", "2018-12-31", "2019-12-31"]
    regions = {r["region_code"] for r in read_resource("regions")}
    for date in dates:
        on_date = {r["region_code"]: r for r in rows if r["reference_date"] == date}
        assert set(on_date) == regions | {"00"}
        assert on_date["00"]["region_text"] == "Riket"
    # Figures as a reader sees them in file 24 (line 18: Kalmar, line 33: Riket).
    by_key = {(r["reference_date"], r["region_code"]): r for r in rows}
    assert by_key[("2018-12-31", "08")]["population"] == "244670"
    assert by_key[("2018-12-31", "08")]["source_line"] == "18"
    assert by_key[("2019-12-31", "00")]["population"] == "10327589"
    assert {r["date_precision"] for r in rows} == {"day"} and {r["date_line"] for r in rows} == {"11"}


def test_a_population_column_printed_in_a_table_is_read_with_its_total():
    """File 22 prints the September 2025 population of the 18 regions it pays, and their total."""
    rows = [r for r in read_resource("population") if r["source_id"] == "regeringen-2025-12-svf-cancer-182-5-miljoner"]
    # a Table Schema date: the month's first day, its precision the month
    assert {r["reference_date"] for r in rows} == {"2025-09-01"} and {r["date_precision"] for r in rows} == {"month"}
    assert {r["reference_date_text"] for r in rows} == {"sep 2025"} and {r["covers"] for r in rows} == {"listed regions"}
    codes = {r["region_code"] for r in rows}
    assert len(codes) == 19 and {"13", "21", "24"}.isdisjoint(codes)  # Halland, Gävleborg, Västerbotten left out
    total = next(r for r in rows if r["region_code"] == "00")
    assert (total["population_text"], total["source_line"]) == ("9 699 964", "34")
    jamtland = next(r for r in rows if r["region_code"] == "23")
    assert jamtland["region_text"] == "Jämtland\u00a0 Härjedalen" and jamtland["population"] == "132636"


@pytest.mark.parametrize("text, expected", [
    ("2018-12-31", ("2018-12-31", "day")),
    ("1 nov 2019", ("2019-11-01", "day")),
    ("31 december 2018", ("2018-12-31", "day")),
    ("sep 2025", ("2025-09-01", "month")),
    ("Sep 2025", ("2025-09-01", "month")),
])
def test_reference_dates_as_printed(text, expected):
    assert parse_reference_date(text) == expected


@pytest.mark.parametrize("text", ["2018-13-31", "31 nov 2019", "hösten 2019", "2019", "sept. 20"])
def test_a_date_that_does_not_parse_is_refused(text):
    with pytest.raises(ValueError, match="a date such as"):
        parse_reference_date(text)


def test_allocation_keys_are_published_with_what_they_rest_on():
    keys = {k["table_id"]: k for k in read_resource("allocation_keys")}
    tables = {t["table_id"] for t in read_resource("tables") if t["kind"] == "regions"}
    assert set(keys) == tables, "every region-level table has its key declared"
    group = {t for t, k in keys.items() if k["key_group"] == "kvinnors-halsa-2021"}
    assert group == {"skr-2021-kvinnors-halsa", "skr-2021-kvinnors-halsa-tillagg", "regeringen-2021-kvinnors-halsa"}
    for key in keys.values():
        assert key["note"]
        if key["key_kind"] == "population_at_date":
            assert key["date_basis"] in ("stated", "inferred") and key["population_date"]


def test_the_unexplained_2021_key_is_reported_with_its_closest_date(checkout_report):
    """What docs/adding-sources.md says is unexplained is what the check reports."""
    results = {r.name: r for r in checkout_report.results}
    report = results["allocation_key_unexplained"]
    assert report.status == "warning"
    row = next(r for r in report.rows if r["table_id"] == "skr-2021-kvinnors-halsa")
    assert row["closest_date"] == "2019-12-31" and row["largest_error_sek"] > 1
    doc = (ROOT / "docs" / "adding-sources.md").read_text(encoding="utf-8")
    assert f"off by up to {round(row['largest_error_sek']):,} kronor".replace(",", " ") in doc
    assert results["allocation_keys_agree"].status == "pass"


# --- bad input --------------------------------------------------------------------------

def test_a_population_row_for_an_unknown_code(package_copy):
    rewrite_source(package_copy, SCB, replace_line(13, "03,Uppsala", "02,Uppsala"))
    error = fails_cleanly(package_copy, "SB106", f"{SCB_FILE}:13", "code '02'", "Uppsala län")
    assert error.line == 13


def test_a_population_row_for_an_unknown_county_name(package_copy):
    rewrite_source(package_copy, SCB, replace_line(13, "Uppsala län", "Upsala län"))
    fails_cleanly(package_copy, "SB106", f"{SCB_FILE}:13", "'Upsala län'", "aliases")


def test_a_population_date_that_does_not_parse(package_copy):
    rewrite_source(package_copy, SCB, replace_line(11, "2017-12-31", "2017-12-32"))
    fails_cleanly(package_copy, "SB105", f"{SCB_FILE}:11", "a reference date", "'2017-12-32'")


def test_a_population_figure_that_is_not_a_number(package_copy):
    rewrite_source(package_copy, SCB, replace_line(18, "244670", "244 67O"))
    fails_cleanly(package_copy, "SB105", f"{SCB_FILE}:18", "a population", "'244 67O'")


def test_a_key_naming_a_date_the_package_has_no_population_for(package_copy):
    edit(package_copy, KEYS, 'table = "skr-2021-kvinnors-halsa"\nkind = "population_unknown_date"\n'
         'date_basis = "unknown"\n', 'table = "skr-2021-kvinnors-halsa"\nkind = "population_at_date"\n'
         'date_basis = "inferred"\npopulation_source = "scb-folkmangd-lan-2016-2019"\n'
         'population_date = "2020-11-01"\n')
    line = (package_copy / KEYS).read_text(encoding="utf-8").split("\n").index('population_date = "2020-11-01"') + 1
    error = fails_cleanly(package_copy, "SB203", f"{KEYS}:{line}", "'2020-11-01'", "scb-folkmangd-lan-2016-2019 2019-12-31",
                          "metadata/population.toml")
    assert error.line == line


def test_a_key_whose_kind_and_date_basis_disagree(package_copy):
    edit(package_copy, KEYS, 'table = "skr-2021-kvinnors-halsa"\nkind = "population_unknown_date"\n'
         'date_basis = "unknown"\n', 'table = "skr-2021-kvinnors-halsa"\nkind = "population_unknown_date"\n'
         'date_basis = "stated"\n')
    line = (package_copy / KEYS).read_text(encoding="utf-8").split("\n").index('date_basis = "stated"') + 1
    fails_cleanly(package_copy, "SB201", f"{KEYS}:{line}", "[[key]] 'skr-2021-kvinnors-halsa'", "date_basis", "'unknown'")


def test_a_key_for_a_table_that_does_not_exist(package_copy):
    edit(package_copy, KEYS, 'table = "nyhet-2021-tillganglighet-prestation"',
         'table = "nyhet-2021-tillganglighet"')
    fails_cleanly(package_copy, "SB201", KEYS, "'nyhet-2021-tillganglighet'", "tables.toml")


def test_a_population_column_missing_what_its_layout_needs(package_copy):
    edit(package_copy, "metadata/population.toml", "header_line = 11\n", "")
    fails_cleanly(package_copy, "SB201", "metadata/population.toml", "header_line", "csv_dates")


# --- the keys on the tables of sources-extra ----------------------------------------------



def test_the_2021_cancer_population_column_is_read_with_gotland():
    rows = {r["region_code"]: r for r in read_resource("population") if r["source_id"] == CISION}
    assert set(rows) == {r["region_code"] for r in read_resource("regions")}  # all 21, no total printed
    assert {r["reference_date"] for r in rows.values()} == {"2019-11-01"}
    assert {r["reference_date_text"] for r in rows.values()} == {"1 nov 2019"}
    assert (rows["09"]["population_text"], rows["09"]["source_line"]) == ("59 636", "33")  # the cut-off row
    assert sum(int(r["population"]) for r in rows.values()) == 10_319_473  # as the index of excerpts sums it


def test_the_keyed_tables_pass_and_gotland_is_never_published(checkout_report):
    keys = {k["table_id"]: k for k in read_resource("allocation_keys")}
    for table, date in [("skr-2019-kvinnors-halsa", "2018-12-31"), ("skr-2020-kvinnors-halsa", "2018-12-31"),
                        (CISION, "2019-11-01")]:
        assert (keys[table]["key_kind"], keys[table]["population_date"]) == ("population_at_date", date)
    assert keys[CISION]["also_allotted"] == "09"
    assert not [a for a in read_resource("allocations") if a["table_id"] == CISION and a["region_code"] == "09"]
    results = {r.name: r for r in checkout_report.results}
    assert results["allocation_key_reproduces"].status == "pass"
    assert results["anomaly:skr-2020-skane-off-the-population-key"].status == "warning"


def test_a_forged_2021_cancer_amount_fails_with_gotland_shown_as_implied(package_copy):
    """The checks that read the allocations and the keys (every check:
    tests/slow/test_exact_failures.py)."""
    assert_a_forged_cancer_amount_fails_with_gotland_implied(
        package_copy, only=KEY_CHECKS | {"table_totals", "grant_sources_agree", "read_as_printed"})
