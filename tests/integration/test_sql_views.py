"""The DuckDB views: row counts from the data's meaning. The three ways giving the same rows
(the DuckDB CLI on the CSVs, the CLI on the database file, Python) are in
tests/slow/test_sql_views_cli.py."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from conftest import ROOT, copy_package
from helpers import (
    ABSENT,
    GRANT_REGIONS,
    GRANTS,
    PRINTED,
    REGION_GRANTS,
    REGION_TABLES,
    REGIONS,
    VIEWS,
    read_resource,
)

import statsbidrag
from statsbidrag.errors import StatsbidragError
from statsbidrag.publish import database
from statsbidrag.tableschema.engine_types import ENGINE_TYPES


@pytest.fixture(scope="module")
def con():
    connection = statsbidrag.connect()
    yield connection
    connection.close()


def count(con, view: str) -> int:
    return con.sql(f"select count(*) from {view}").fetchall()[0][0]


def records(con, query: str) -> list[dict]:
    relation = con.sql(query)
    return [dict(zip(relation.columns, row)) for row in relation.fetchall()]




def test_the_view_files_are_the_views_this_test_knows():
    assert database.view_names(ROOT) == VIEWS, \
        "sql/views/ changed: add the new view to VIEWS and give it a row-count test here"


def test_load_csv_sql_is_generated_from_the_schemas():
    committed = (ROOT / database.LOAD_SQL).read_text(encoding="utf-8")
    assert committed == database.load_sql(ROOT), \
        f"{database.LOAD_SQL} is out of date with datapackage.json, schemas/ or sql/views/: run `statsbidrag build`"


def test_column_types_come_from_the_table_schemas(con):
    for resource in database.resources(ROOT):
        described = dict(con.sql(f"select column_name, data_type from information_schema.columns "
                                 f"where table_name = '{resource.name}' order by ordinal_position").fetchall())
        fields = resource.schema.fields
        assert list(described) == [f.name for f in fields], resource.name
        for field in fields:
            assert described[field.name] == ENGINE_TYPES[field.type].duckdb, (resource.name, field.name)
    # What the types are for: codes keep their leading zero, dates are dates.
    assert con.sql("select min(region_code) from regions").fetchall()[0][0] == "01"
    assert str(con.sql("select date_published from sources where date_published is not null").fetchall()[0][0]) \
        == next(s["date_published"] for s in read_resource("sources") if s["date_published"])


def test_every_resource_is_a_table_with_the_rows_of_its_csv(con):
    for resource in database.resources(ROOT):
        assert count(con, resource.name) == len(read_resource(resource.name)), resource.name


def test_allocations_flat_has_every_region_of_every_printed_region_table(con):
    assert len(REGIONS) == 21
    assert count(con, "allocations_flat") == len(PRINTED)
    pairs = set(con.sql("select table_id, region_code from allocations_flat").fetchall())
    assert pairs == PRINTED
    assert con.sql("select count(*) from allocations_flat where region_name is null or grant_id is null "
                   "or source_id is null or unit is null").fetchall()[0][0] == 0


def test_grant_allocations_has_one_row_per_grant_and_region(con):
    assert count(con, "grant_allocations") == len(GRANT_REGIONS)
    keys = con.sql("select grant_id, region_code from grant_allocations").fetchall()
    assert len(set(keys)) == len(keys) and set(keys) == GRANT_REGIONS
    assert {g for g, _ in keys} == set(REGION_GRANTS)


def test_the_government_decision_is_chosen_and_the_alternatives_are_reported(con):
    documents = {s["source_id"]: s["document_type"] for s in read_resource("sources")}
    amounts: dict[str, dict[str, int]] = {}
    for row in read_resource("allocations"):
        amounts.setdefault(row["table_id"], {})[row["region_code"]] = int(row["amount_sek"])
    several = [g for g in REGION_GRANTS if sum(t["grant_id"] == g for t in REGION_TABLES) > 1]
    assert several, "the package has a grant published by two tables (kvinnors-halsa-2021)"
    for grant in several:
        tables = [t for t in REGION_TABLES if t["grant_id"] == grant]
        decisions = [t["table_id"] for t in tables if documents[t["source_id"]] == "government decision"]
        rows = records(con, f"select * from grant_allocations where grant_id = '{grant}'")
        assert len(rows) == sum(g == grant for g, _ in GRANT_REGIONS)
        for row in rows:
            assert row["tables_publishing"] == len(tables)
            if decisions:
                assert row["chosen_table_id"] == decisions[0], row
                assert row["chosen_document_type"] == "government decision"
                assert row["amount_sek"] == amounts[decisions[0]][row["region_code"]]
            printed = {amounts[t["table_id"]][row["region_code"]] for t in tables}
            assert row["others_agree"] is (len(printed) == 1), row
            others = sorted(t["table_id"] for t in tables if t["table_id"] != row["chosen_table_id"])
            assert row["other_table_ids"] == " ".join(others)  # the package's one list convention
    single = con.sql("select count(*) from grant_allocations where tables_publishing = 1 "
                     "and (others_agree is not null or other_table_ids is not null)").fetchall()[0][0]
    assert single == 0


def test_the_preference_covers_every_document_type_the_schema_allows(con):
    schema = json.loads((ROOT / "schemas" / "sources.json").read_text(encoding="utf-8"))
    allowed = next(f for f in schema["fields"] if f["name"] == "document_type")["constraints"]["enum"]
    ranked = con.sql("select document_type, preference_rank from source_preference").fetchall()
    assert sorted(d for d, _ in ranked) == sorted(allowed)
    assert len({r for _, r in ranked}) == len(ranked), "each document type needs its own rank"
    assert dict(ranked)["government decision"] == 1


def test_allocation_shares_add_up_to_the_whole_grant(con):
    to_regions = [g for g in REGION_GRANTS if GRANTS[g]["recipients"] == "regions"]
    assert count(con, "allocation_shares") == sum(g in to_regions for g, _ in GRANT_REGIONS)
    sums = con.sql("select grant_id, sum(share_percent), sum(amount_sek), any_value(grant_sum_sek), count(*) "
                   "from allocation_shares group by grant_id").fetchall()
    assert sorted(g for g, *_ in sums) == to_regions, "shares and ranks count only money to the regions"
    for grant, share, amount, grant_sum, rows in sums:
        # 21 shares, each rounded to 4 decimals: at most 21 * 0.00005 away from 100.
        assert abs(float(share) - 100) <= rows * 0.00005, (grant, share)
        assert amount == grant_sum, grant


def kind_of(grant: str) -> str:
    """The amount_kind of a grant's tables (one kind per grant in this package)."""
    kinds = {t["amount_kind"] for t in REGION_TABLES if t["grant_id"] == grant}
    assert len(kinds) == 1, (grant, kinds)
    return kinds.pop()


def test_region_year_totals_sum_the_grants_paid_to_the_regions(con):
    # payments to the regions themselves, each krona once: a grant another grant includes
    # (women's health 2024, inside the 2024 preliminary totals) is counted through that one
    to_regions = [g for g in REGION_GRANTS if GRANTS[g]["recipients"] == "regions"
                  and kind_of(g) == "payment" and GRANTS[g]["included_in"] not in REGION_GRANTS]
    assert "sammanlagda-medel-2024" in to_regions and "kvinnors-halsa-2024" not in to_regions
    pairs = {(r, int(GRANTS[g]["year"])) for g, r in GRANT_REGIONS if g in to_regions}
    assert count(con, "region_year_totals") == len(pairs)
    # Independently: each grant's amount per region from the CSV (the tables of one grant agree).
    table_of = {}
    for t in REGION_TABLES:
        table_of.setdefault(t["grant_id"], t["table_id"])
    expected: dict[tuple[str, int], int] = {}
    for row in read_resource("allocations"):
        grant = next(t["grant_id"] for t in REGION_TABLES if t["table_id"] == row["table_id"])
        if grant in to_regions and table_of[grant] == row["table_id"]:
            key = (row["region_code"], int(GRANTS[grant]["year"]))
            expected[key] = expected.get(key, 0) + int(row["amount_sek"])
    found = {(r, y): total for r, y, total in
             con.sql("select region_code, year, total_sek from region_year_totals").fetchall()}
    assert found == expected
    preliminary = {GRANTS[g]["year"] for g in to_regions
                   if any(t["status"] == "preliminary" for t in REGION_TABLES if t["grant_id"] == g)}
    flagged = {str(y) for (y,) in con.sql("select distinct year from region_year_totals "
                                          "where includes_preliminary").fetchall()}
    assert flagged == preliminary


def test_allocations_wide_has_a_row_per_region_and_a_column_per_grant(con):
    relation = con.sql("from allocations_wide")
    rows = relation.fetchall()
    assert len(rows) == 21
    by_year = sorted(REGION_GRANTS, key=lambda g: (int(GRANTS[g]["year"]), g))
    assert relation.columns == ["region_code", "region_name", *by_year]
    wide = {(g, row[0]): row[2 + i] for row in rows for i, g in enumerate(by_year) if row[2 + i] is not None}
    long = {(g, r): a for g, r, a in con.sql("select grant_id, region_code, amount_sek "
                                             "from grant_allocations").fetchall()}
    assert wide == long


def test_every_view_but_the_per_inhabitant_one_has_rows(con):
    """allocations_per_inhabitant may be empty (it needs a table of 2017-2020 or one keyed on a
    dated population; test_a_table_keyed_on_a_date_gets_... fills it). That the
    views give the same rows through the DuckDB CLI on the CSVs and on the database file is
    tested in tests/slow/test_sql_views_cli.py."""
    assert not [view for view in VIEWS if view != "allocations_per_inhabitant" and count(con, view) == 0]


def test_an_unknown_schema_type_stops_the_load_naming_the_field(package_copy):
    path = package_copy / "schemas" / "grants.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "year")["type"] = "geopoint"
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(StatsbidragError, match=r"^SB301: schemas/grants.json field 'year'.*'geopoint'"):
        database.connect(package_copy)


def test_a_csv_whose_header_differs_from_its_schema_is_refused(package_copy):
    path = package_copy / "resources" / "regions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = "iso_code,region_code,short_name,official_name,county_name"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(StatsbidragError, match=r"^SB303: resources/regions.csv: expected the header"):
        database.connect(package_copy)


def test_grant_series_has_one_row_per_region_family_year_and_kind(con):
    """One row per (family, region, year, recipients, amount kind) of the grants, the
    family's grants of a year added up; a region a table lacks has an empty amount."""
    expected: dict[tuple, int | None] = {}
    chosen = {(g, r): int(a) for g, r, a in con.sql("select grant_id, region_code, amount_sek "
                                                 "from grant_allocations").fetchall()}
    for grant in REGION_GRANTS:
        for region in REGIONS:
            key = (GRANTS[grant]["family_id"], region["region_code"], int(GRANTS[grant]["year"]),
                   GRANTS[grant]["recipients"], kind_of(grant))
            amount = chosen.get((grant, region["region_code"]))
            tables = [t["table_id"] for t in REGION_TABLES if t["grant_id"] == grant]
            if amount is None and not any((t, region["region_code"]) in ABSENT for t in tables):
                continue
            if key in expected and (expected[key] is None or amount is None):
                expected[key] = None
            else:
                expected[key] = None if amount is None else expected.get(key, 0) + amount
    found = {(f, r, y, rec, k): a for f, r, y, rec, k, a in con.sql(
        "select family_id, region_code, year, recipients, amount_kind, amount_sek from grant_series").fetchall()}
    assert found == expected
    # women's health covers 2017-2024 for every region, never mixing recipients or kinds
    years = {y for (f, r, y, *_), a in found.items() if f == "kvinnors-halsa" and r == "08"}
    assert {2017, 2019, 2020, 2021, 2022, 2023, 2024} <= years
    gotland = records(con, "select * from grant_series where family_id = 'cancervard-svf' "
                           "and year = 2021 and region_code = '09'")
    assert gotland[0]["amount_sek"] is None and gotland[0]["is_incomplete"] and "Gotland" in gotland[0]["absent_because"]


def test_municipal_money_has_its_own_views_and_never_reaches_the_regions(con):
    municipal = [g for g in REGION_GRANTS if GRANTS[g]["recipients"] == "municipalities by county"]
    assert municipal, "the package has money to the municipalities of each county"
    assert count(con, "county_municipal_allocations") == sum(g in municipal for g, _ in GRANT_REGIONS)
    assert {g for (g,) in con.sql("select distinct grant_id from county_municipal_allocations").fetchall()} \
        == set(municipal)
    summed = con.sql("select grant_ids from region_year_totals").fetchall()
    assert not any(g in ids for (ids,) in summed for g in municipal)
    totals = dict(((c, y, k), s) for c, y, k, s in con.sql(
        "select county_code, year, amount_kind, total_sek from county_municipal_year_totals").fetchall())
    expected: dict[tuple, int] = {}
    for (g, c, a) in con.sql("select grant_id, county_code, amount_sek from county_municipal_allocations").fetchall():
        key = (c, int(GRANTS[g]["year"]), kind_of(g))
        expected[key] = expected.get(key, 0) + a
    assert totals == expected
def expected_per_inhabitant(root: Path) -> dict[tuple[str, str], tuple[int, str, str]]:
    """(table, region) -> (population, its source, its date), from the CSVs: the population
    the table's key divides by, else 31 December of the year before the grant."""
    tables = {t["table_id"]: t for t in read_resource("tables", root) if t["kind"] == "regions"}
    grants = {g["grant_id"]: g for g in read_resource("grants", root)}
    population = {(p["source_id"], p["reference_date"], p["region_code"]): int(p["population"])
                  for p in read_resource("population", root)}
    keys = {k["table_id"]: (k["population_source_id"], k["population_date"])
            for k in read_resource("allocation_keys", root) if k["population_date"]}
    expected = {}
    for row in read_resource("allocations", root):
        table = tables.get(row["table_id"])
        if table is None:
            continue
        basis = keys.get(row["table_id"])
        if basis is None:
            december = f"{int(grants[table['grant_id']]['year']) - 1}-12-31"
            basis = min(((s, d) for s, d, _ in population if d == december), default=None)
        if basis and (*basis, row["region_code"]) in population:
            expected[(row["table_id"], row["region_code"])] = (population[(*basis, row["region_code"])], *basis)
    return expected


def per_inhabitant(con) -> dict[tuple[str, str], tuple[int, str, str]]:
    rows = records(con, "select * from allocations_per_inhabitant")
    for row in rows:
        assert abs(float(row["sek_per_inhabitant"]) - row["amount_sek"] / row["population"]) <= 0.005, row
        assert row["population_basis"] and row["population_line"] >= 1
    assert all(isinstance(r["population_date"], datetime.date) for r in rows)  # a DATE, not text
    return {(r["table_id"], r["region_code"]): (r["population"], r["population_source_id"],
                                                r["population_date"].isoformat()) for r in rows}


def test_allocations_per_inhabitant_divides_by_the_key_or_the_year_before(con):
    assert per_inhabitant(con) == expected_per_inhabitant(ROOT)


def test_a_table_keyed_on_a_date_gets_per_inhabitant_rows(tmp_path):
    package = copy_package(tmp_path / "package")
    keys = package / "metadata" / "allocation_keys.toml"
    text = keys.read_text(encoding="utf-8")
    old = 'table = "nyhet-2021-tillganglighet-prestation"\nkind = "performance"\n'
    assert old in text
    keys.write_text(text.replace(old, 'table = "nyhet-2021-tillganglighet-prestation"\nkind = "population_at_date"\n'
                                      'date_basis = "inferred"\npopulation_source = "scb-folkmangd-lan-2016-2019"\n'
                                      'population_date = "2019-12-31"\n'), encoding="utf-8")
    grants = package / "metadata" / "grants.toml"  # a key on population needs a grant whose basis is population
    text = grants.read_text(encoding="utf-8")
    start = text.index('id = "tillganglighet-prestation-2021"')
    end = text.index('basis = "performance"', start) + len('basis = "performance"')
    grants.write_text(text[:start] + text[start:end].replace('basis = "performance"', 'basis = "population"')
                      + text[end:], encoding="utf-8")
    from statsbidrag.publish.build import build
    build(package)
    connection = statsbidrag.connect(package)
    try:
        found = per_inhabitant(connection)
        kalmar = records(connection, "select * from allocations_per_inhabitant where region_code = '08' "
                                     "and table_id = 'nyhet-2021-tillganglighet-prestation'")
    finally:
        connection.close()
    assert found == expected_per_inhabitant(package)
    keyed = {k for k in found if k[0] == "nyhet-2021-tillganglighet-prestation"}
    assert len(keyed) == 21
    assert kalmar[0]["population"] == 245446 and kalmar[0]["population_line"] == 18  # file 24: "08,Kalmar län,...,245446"
    assert kalmar[0]["population_basis"] == "the population the table's allocation key divides by"
