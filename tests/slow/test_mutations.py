"""Every check can fail: corrupted copies of the package make exactly the expected checks fail.

Two kinds of corruption:

* in the sources or metadata, followed by `statsbidrag build` (a maintainer who
  re-archives a changed document): the package is consistent with its sources, so only
  the check of the broken invariant fails;
* by hand in resources/*.csv, with datapackage.json's bytes and hash updated so that
  Frictionless's own tamper check does not hide the rest: resources_match_build (no hand
  edit survives) fails together with the check of the broken invariant.

Each case lists the exact set of failing checks and, for the check it targets, words
its message must contain (the table, the region, the file and line).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_package, replace_line, rewrite_source
from package_edits import (
    drop_row,
    duplicate_row,
    edit_csv,
    flip_byte_on_line,
    in_entry,
    in_metadata,
    in_source,
    relabel_regions,
    remove_anomaly,
    set_field,
    swap_fields,
    swap_lines,
)

from statsbidrag.check.definitions import load_check_definitions
from statsbidrag.check.runner import run_suite
from statsbidrag.publish.build import build

SKR, SKR_FILE = "skr-2021-fordelning", "sources/skr-2021-fordelning-av-medel.txt"
NEWS, NEWS_FILE = "nyhet-739-miljoner", "sources/nyhet-kortare-vantetider-739-miljoner.txt"
PRESS, PRESS_FILE = "regeringen-2024-pressmeddelande", "sources/regeringen-2024-pressmeddelande-tidiga-besked.txt"
NEWS_TABLE = "nyhet-2021-tillganglighet-prestation"
SKR22, SKR22_FILE = "skr-2022-kvinnors-halsa", "sources/skr-2022-kvinnors-halsa.txt"
SKR23_FILE = "sources/skr-2023-kvinnors-halsa.txt"
INDEX_FILE = "sources/sources-extra-index.md"
CANCER = "cision-2021-cancer-svf"
BUILD = "resources_match_build"
SCB, SCB_FILE = "scb-folkmangd-lan-2016-2019", "sources/scb-folkmangd-lan-2016-2019.txt"


def edit_meaning_quote(subject_id: str, field: str, **values):
    """Change a row of meaning_quotes by hand (its `field` column clashes with set_field's argument)."""
    def change(rows):
        found = [r for r in rows if (r["subject_id"], r["field"]) == (subject_id, field)]
        assert len(found) == 1, f"test setup: {subject_id} {field} not once in meaning_quotes"
        found[0].update(values)
    return edit_csv("meaning_quotes", change)


# --- the cases -----------------------------------------------------------------------

@dataclass
class Mutation:
    id: str
    apply: Callable[[Path], None]
    target: str
    fails: set[str]
    says: list[str]


MUTATIONS = [
    Mutation("changed-amount-in-source",
             in_source(PRESS, replace_line(27, "Uppsala 371", "Uppsala 391")),
             # the excerpt of the same page (09) still prints 371: the two sources disagree
             "table_totals", {"table_totals", "grant_sources_agree"},
             ["regeringen-2024-sammanlagda-medel", "9 862 000 000", f"{PRESS_FILE}:47", "11 000 000"]),
    Mutation("changed-stated-total-in-source",
             in_source(NEWS, replace_line(107, "250 000", "250 001")),
             "table_totals", {"table_totals"},
             [NEWS_TABLE, f"{NEWS_FILE}:107", "exact"]),
    Mutation("changed-stated-total-in-resource",
             set_field("tables", "stated_total_sek", "937000001", table_id="regeringen-2021-kvinnors-halsa"),
             "table_totals", {"table_totals", "read_as_printed", BUILD},
             ["regeringen-2021-kvinnors-halsa", "937 000 001"]),
    Mutation("two-amounts-swapped-in-source",
             in_source(SKR, swap_lines(25, 31)),
             "grant_sources_agree", {"grant_sources_agree", "allocation_keys_agree"},
             ["kvinnors-halsa-2021", "region 01", f"{SKR_FILE}:25", "215 942 447"]),
    Mutation("two-amounts-swapped-in-resource",
             swap_fields("allocations", ["amount_sek"], {"table_id": NEWS_TABLE, "region_code": "10"},
                         {"table_id": NEWS_TABLE, "region_code": "20"}),
             "read_as_printed", {"read_as_printed", BUILD},
             [f"{NEWS_FILE}:23", NEWS_TABLE, "region 10", "34 066 130"]),
    Mutation("two-rows-swapped-with-their-text-and-lines",
             swap_fields("allocations", ["amount_text", "amount_sek", "source_line"],
                         {"table_id": NEWS_TABLE, "region_code": "10"}, {"table_id": NEWS_TABLE, "region_code": "20"}),
             BUILD, {BUILD},
             ["resources/allocations.csv", NEWS_TABLE]),
    Mutation("whole-changed-in-source",
             in_source(SKR, replace_line(5, "1 382 miljoner", "1 383 miljoner")),
             "parts_sum_to_whole", {"parts_sum_to_whole"},
             [f"{SKR_FILE}:5", "skr-2021-fordelas-till-regionerna", "1 382 000 004"]),
    Mutation("part-declared-included-in-a-whole-it-does-not-add-up-to",
             # the supplementary column (445 000 004 in all) declared part of the main one
             # printed beside it: no row's parts come to its whole
             in_metadata("grants.toml", 'id = "kvinnors-halsa-tillagg-2021"\nfamily = "kvinnors-halsa"\n',
                         'id = "kvinnors-halsa-tillagg-2021"\nincluded_in = "kvinnors-halsa-2021"\n'
                         'included_in_quote = { source = "skr-2021-fordelning", line = 5, '
                         'text = "Av dessa kommer 445 miljoner från tilläggsöverenskommelsen" }\n'
                         'family = "kvinnors-halsa"\n'),
             "row_parts_sum_to_row_total", {"row_parts_sum_to_row_total"},
             [f"{SKR_FILE}:25", "skr-2021-kvinnors-halsa", "region 01", "215 942 447"]),
    Mutation("claim-edited-in-source",
             in_source(NEWS, replace_line(5, "varav 14 miljoner", "varav 15 miljoner")),
             "claims_hold", {"claims_hold"},
             [f"{NEWS_FILE}:5", "nyhet-varav-jonkopings-lan", "region 06", "14 298 417"]),
    Mutation("claim-edited-in-metadata",
             in_metadata("claims.toml", 'tables = ["nyhet-2021-tillganglighet-prestation"]\nregion = "06"\n\n'
                         '[[claim]]\nid = "nyhet-sammanlagt',
                         'tables = ["nyhet-2021-tillganglighet-prestation"]\nregion = "07"\n\n'
                         '[[claim]]\nid = "nyhet-sammanlagt'),
             "claims_hold", {"claims_hold"},
             [f"{NEWS_FILE}:3", "nyhet-rubrik-till-lanet", "region 07", "10 731 857"]),
    Mutation("claim-edited-in-resource",
             set_field("claims", "value_sek", "760000000", claim_id="regeringen-2024-till-kommunerna"),
             "claims_hold", {"claims_hold", "read_as_printed", BUILD},
             [f"{PRESS_FILE}:51", "regeringen-2024-till-kommunerna", "760 000 000"]),
    Mutation("claim-without-table-or-reason",
             set_field("claims", "table_ids", "", claim_id="nyhet-fordelning-av"),
             "claims_hold", {"claims_hold", BUILD},
             [f"{NEWS_FILE}:15", "nyhet-fordelning-av", "no reason"]),
    Mutation("dropped-row",
             drop_row("allocations", table_id=NEWS_TABLE, region_code="14"),
             "regions_complete", {"regions_complete", BUILD},
             [NEWS_TABLE, "region 14", "missing"]),
    Mutation("duplicated-row",
             duplicate_row("allocations", table_id=NEWS_TABLE, region_code="14"),
             "regions_complete", {"regions_complete", "values_valid", "frictionless_valid", BUILD},
             [NEWS_TABLE, "region 14", "2 times"]),
    Mutation("duplicated-key-in-resource",
             duplicate_row("regions", region_code="09"),
             "values_valid", {"values_valid", "regions_complete", "frictionless_valid", BUILD},
             ["resources/regions.csv", "region_code", "09", "unique"]),
    Mutation("unknown-region-code",
             set_field("allocations", "region_code", "99", table_id=NEWS_TABLE, region_code="14"),
             "references_resolve",
             {"references_resolve", "regions_complete", "read_as_printed", "frictionless_valid", BUILD},
             ["resources/allocations.csv", "region_code", "99", "regions.region_code"]),
    Mutation("invalid-region-code",
             set_field("allocations", "region_code", "4", table_id=NEWS_TABLE, region_code="14"),
             "values_valid",
             {"values_valid", "references_resolve", "regions_complete", "read_as_printed", "frictionless_valid",
              BUILD},
             ["resources/allocations.csv", "region_code", '"4"', "pattern"]),
    Mutation("negative-amount",
             set_field("allocations", "amount_sek", "-1", table_id=NEWS_TABLE, region_code="14"),
             "values_valid",
             {"values_valid", "read_as_printed", "table_totals", "claims_hold", "frictionless_valid", BUILD},
             ["resources/allocations.csv", "amount_sek", '"-1"', "minimum is 0"]),
    Mutation("changed-byte-in-source",
             flip_byte_on_line(SKR_FILE, 9),
             "source_files_intact", {"source_files_intact", BUILD},
             [SKR_FILE, "SHA-256", "changed since it was archived"]),
    Mutation("missing-source-file",
             lambda package: (package / NEWS_FILE).unlink(),
             "source_files_intact", {"source_files_intact", "printed_text_at_lines", BUILD},
             [NEWS_FILE, "missing"]),
    Mutation("text-not-at-its-line",
             set_field("allocations", "region_line", "24", table_id="skr-2021-kvinnors-halsa", region_code="01"),
             "printed_text_at_lines", {"printed_text_at_lines", BUILD},
             [f"{SKR_FILE}:24", "skr-2021-kvinnors-halsa", "region 01", "Stockholm"]),
    Mutation("anomaly-quote-edited",
             set_field("anomalies", "quote", "Skriv tabellbeskrivningen här", anomaly_id="skr-2021-placeholder-caption"),
             "printed_text_at_lines", {"printed_text_at_lines", BUILD},
             [f"{SKR_FILE}:15", "skr-2021-placeholder-caption", "Skriv tabellbeskrivningen här"]),
    Mutation("undocumented-unit-label",
             remove_anomaly("skr-2021-mkr-column-holds-kronor"),
             "unit_labels_agree", {"unit_labels_agree"},
             [f"{SKR_FILE}:19", "skr-2021-kvinnors-halsa", "MKR"]),
    Mutation("region-names-swapped-in-resource",
             swap_fields("regions", ["short_name", "official_name", "county_name"],
                         {"region_code": "03"}, {"region_code": "04"}),
             "regions_match_reference", {"regions_match_reference", BUILD},
             ["region 03", "county_name", "Södermanlands län", "Uppsala län"]),
    Mutation("iso-code-changed-in-resource",
             set_field("regions", "iso_code", "SE-Q", region_code="03"),
             "regions_match_reference", {"regions_match_reference", BUILD},
             ["region 03", "iso_code", "SE-Q", "SE-C"]),
    Mutation("printed-region-under-another-code",
             swap_fields("allocations", ["region_code"], {"table_id": NEWS_TABLE, "region_code": "03"},
                         {"table_id": NEWS_TABLE, "region_code": "04"}),
             "regions_match_reference", {"regions_match_reference", "read_as_printed", BUILD},
             [f"{NEWS_FILE}:", "'Region Uppsala' is published under region 04", "03 Region Uppsala"]),
    Mutation("regions-relabelled-consistently",
             relabel_regions("03", "04"),
             "regions_match_reference", {"regions_match_reference", BUILD},
             ["region 03", "county_name", "Södermanlands län", "Uppsala län"]),
    Mutation("hand-edit-to-a-resource",
             set_field("grants", "title", "A better title", grant_id="kvinnors-halsa-2021"),
             BUILD, {BUILD},
             ["resources/grants.csv", "kvinnors-halsa-2021", "A better title"]),
    Mutation("rows-reordered-by-hand",
             edit_csv("regions", lambda rows: rows[::-1]),
             BUILD, {BUILD},
             ["resources/regions.csv", "differs from what a fresh build writes"]),
    Mutation("misgrouped-amount-undocumented",
             remove_anomaly("skr-2023-orebro-thousands-space-missing"),
             "amounts_grouped_in_threes", {"amounts_grouped_in_threes"},
             [f"{SKR23_FILE}:99", "skr-2023-kvinnors-halsa", "42 045981", "not grouped in threes"]),
    Mutation("misgrouped-amount-in-source",
             in_source(SKR22, replace_line(13, "319 176 216", "319 1762 16")),
             "amounts_grouped_in_threes", {"amounts_grouped_in_threes"},
             [f"{SKR22_FILE}:13", "skr-2022-kvinnors-halsa region 01", "319 1762 16"]),
    Mutation("self-contradiction-undocumented",
             remove_anomaly("index-2024-prose-contradicts-table"),
             "claims_hold", {"claims_hold"},
             [f"{INDEX_FILE}:27", "index-2024-till-regionerna", "1 357 000 000", "1 367 000 000"]),
    Mutation("absence-dropped-in-resource",
             drop_row("absences", table_id=CANCER, region_code="09"),
             "regions_complete", {"regions_complete", BUILD},
             [CANCER, "region 09", "no absence is declared", "regions_covered is 20"]),
    Mutation("absence-without-reason",
             set_field("absences", "reason", "", table_id=CANCER, region_code="09"),
             "regions_complete", {"regions_complete", "values_valid", "frictionless_valid", BUILD},
             [CANCER, "region 09", "with no reason"]),
    Mutation("printed-region-declared-absent",
             edit_csv("absences", lambda rows: rows + [dict(rows[0], region_code="20")]),
             "regions_complete", {"regions_complete", BUILD},
             [CANCER, "region 20", "printed but declared absent"]),
    Mutation("region-absent-from-one-table-of-a-grant",
             edit_csv("absences", lambda rows: rows + [dict(rows[0], table_id="skr-2021-kvinnors-halsa",
                                                            region_code="01")]),
             "grant_sources_agree", {"grant_sources_agree", "regions_complete", BUILD},
             ["kvinnors-halsa-2021", "region 01", "declares it absent"]),
    Mutation("total-printed-but-empty",
             set_field("tables", "total_printed", "true", table_id=CANCER),
             "table_totals", {"table_totals", BUILD},
             [CANCER, "total_printed is true", "empty"]),
    Mutation("original-address-not-printed",
             set_field("sources", "original_address", "https://example.org/", source_id="skr-2019-kvinnors-halsa"),
             "printed_text_at_lines", {"printed_text_at_lines", BUILD},
             ["sources/skr-2019-kvinnors-halsa.txt:1", "original_address", "https://example.org/"]),
    Mutation("county-population-changed-in-source",
             in_source(SCB, replace_line(13, "03,Uppsala län,361373,", "03,Uppsala län,361374,")),
             "population_adds_up", {"population_adds_up"},
             [f"{SCB_FILE}:33", "2016-12-31", "9 995 154", "9 995 153"]),
    Mutation("county-missing-from-a-national-population",
             edit_csv("population", lambda rows: [r for r in rows if not (
                 r["reference_date"] == "2018-12-31" and r["region_code"] in ("09", "10"))]),
             "population_adds_up", {"population_adds_up", "allocation_key_reproduces", BUILD},
             ["2018-12-31", "add up to", "10 230 185"]),
    Mutation("population-changed-in-a-table-column",
             in_source("regeringen-2025-12-svf-cancer-182-5-miljoner", replace_line(17, "410 601", "410 602")),
             # one more inhabitant of Uppsala moves 18,8 kronor of the 2025 table's key too
             "population_adds_up", {"population_adds_up", "allocation_key_reproduces"},
             ["sources/regeringen-2025-12-svf-cancer-182-5-miljoner.txt:34", "2025-09", "9 699 965", "9 699 964"]),
    Mutation("key-declared-on-a-date-that-does-not-fit",
             in_metadata("allocation_keys.toml",
                         'table = "skr-2021-kvinnors-halsa"\nkind = "population_unknown_date"\ndate_basis = "unknown"\n',
                         'table = "skr-2021-kvinnors-halsa"\nkind = "population_at_date"\ndate_basis = "inferred"\n'
                         'population_source = "scb-folkmangd-lan-2016-2019"\npopulation_date = "2019-12-31"\n'),
             "allocation_key_reproduces", {"allocation_key_reproduces"},
             ["skr-2021-kvinnors-halsa", "2019-12-31", f"{SKR_FILE}:", "the total the table states"]),
    # A forgery no other check can see: the rows still add up to the printed total, the
    # text is at its lines, the file's SHA-256 is re-pinned and the package rebuilt; only
    # the population key (SCB, 31 December 2018) says Stockholm got 1 000 kronor too much.
    Mutation("one-thousand-kronor-moved-between-two-regions-of-the-2019-table",
             in_source("skr-2019-kvinnors-halsa", replace_line(13, "364 329 400", "364 330 400"),
                       replace_line(17, "58 493 845", "58 492 845")),
             "allocation_key_reproduces", {"allocation_key_reproduces"},
             ["table skr-2019-kvinnors-halsa, region 01", "sources/skr-2019-kvinnors-halsa.txt:13",
              "364 330 400", "2018-12-31", "region 03", '"population_line": 12']),
    Mutation("one-thousand-kronor-moved-within-the-2021-supplement",
             in_source(SKR, replace_line(27, "102 555 378", "102 556 378"), replace_line(33, "16 639 601", "16 638 601")),
             "allocation_keys_agree", {"allocation_keys_agree"},
             ["key group kvinnors-halsa-2021", "region 01", f"{SKR_FILE}:27", "102 556 378"]),
    Mutation("hand-edit-without-updating-the-descriptor",
             edit_csv("grants", lambda rows: rows[:1] + [dict(rows[1], title="Edited")] + rows[2:], keep_hash=False),
             "frictionless_valid", {"frictionless_valid", BUILD},
             ["grants", "hash"]),
    # --- evidence for meaning (issue 23) ---
    Mutation("ceiling-declared-a-payment",
             in_entry("tables.toml", "table", "regeringen-2026-vardkoer-maxbelopp", 'amount_kind = "ceiling"',
                      'amount_kind = "payment"'),
             "meaning_matches_wording", {"meaning_matches_wording", "meaning_supported"},
             ["sources/regeringen-2026-01-vardkoer-maxbelopp.txt:13", "regeringen-2026-vardkoer-maxbelopp", '"max"']),
    Mutation("municipalities-money-declared-the-regions",
             in_entry("grants.toml", "grant", "god-och-nara-vard-kommuner-2024",
                      'recipients = "municipalities by county"', 'recipients = "regions"'),
             "meaning_matches_wording", {"meaning_matches_wording", "meaning_supported"},
             # both tables of the grant (2023's and 2024's release) print 'kommunerna' next to their rows
             ['"kommunerna"', 'declared recipients = "regions"', "regeringen-2023-god-och-nara-vard-kommuner-2024",
              f"{PRESS_FILE}:51", "regeringen-2024-god-och-nara-vard-kommuner"]),
    Mutation("meaning-quote-for-another-value-in-resource",
             edit_meaning_quote(NEWS_TABLE, "amount_kind", value="frame"),
             "meaning_supported", {"meaning_supported", BUILD},
             [NEWS_FILE, NEWS_TABLE, '"frame"', '"payment"']),
    Mutation("meaning-quote-dropped-in-resource",
             edit_csv("meaning_quotes", lambda rows: [r for r in rows if (r["subject_id"], r["field"]) !=
                                                      ("vardkoer-2026", "recipients")]),
             "meaning_supported", {"meaning_supported", BUILD},
             ["grant vardkoer-2026", "recipients", "quotes no source text"]),
    Mutation("meaning-quote-moved-in-resource",
             edit_meaning_quote("regeringen-2026-vardkoer-maxbelopp", "amount_kind", line="12"),
             "printed_text_at_lines", {"printed_text_at_lines", BUILD},
             ["sources/regeringen-2026-01-vardkoer-maxbelopp.txt:12", "max få"]),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_mutation_fails_exactly_the_expected_checks(mutation, tmp_path):
    package = copy_package(tmp_path / "package")
    mutation.apply(package)
    results = {r.name: r for r in run_suite(package).results}
    failed = {name for name, r in results.items() if r.status == "fail"}
    assert failed == mutation.fails, "\n".join(f"{r.name}: {r.message}" for r in results.values()
                                               if r.status == "fail")
    target = results[mutation.target]
    assert target.rows, "a failure must come with evidence rows"
    evidence = target.message + "\n" + json.dumps(target.rows, ensure_ascii=False)
    for fragment in mutation.says:
        assert fragment in target.message or fragment in evidence, (fragment, target.message)
    assert mutation.says[0] in target.message or mutation.says[1] in target.message, target.message


def test_every_check_is_proven_able_to_fail():
    error_checks = {c.name for c in load_check_definitions(ROOT) if c.severity == "error"}
    targeted = {m.target for m in MUTATIONS}
    assert error_checks | {"frictionless_valid"} <= targeted, error_checks - targeted


def test_a_newly_unverifiable_claim_is_reported_as_a_warning(package_copy):
    in_metadata("claims.toml", 'note = "The caption of the table: the distribution of this sum by fulfilled '
                'performance requirements."\ntables = ["nyhet-2021-tillganglighet-prestation"]',
                'note = "The caption of the table."\nunverifiable = "Pretend no table shows it."')(package_copy)
    results = {r.name: r for r in run_suite(package_copy).results}
    assert not [r.name for r in results.values() if r.status == "fail"]
    warning = results["claims_unverified"]
    with (ROOT / "resources" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        unverified = sum(1 for claim in csv.DictReader(handle) if not claim["table_ids"])
    assert warning.status == "warning" and warning.rows_found == unverified + 1
    assert any(r["claim_id"] == "nyhet-fordelning-av" for r in warning.rows)


def test_a_check_whose_sql_breaks_fails_with_the_file_named(package_copy):
    path = package_copy / "checks" / "table_totals.sql"
    path.write_text(path.read_text(encoding="utf-8").replace("FROM tables t", "FROM no_such_table t", 1),
                    encoding="utf-8")
    results = {r.name: r for r in run_suite(package_copy, checks_root=package_copy).results}
    assert results["table_totals"].status == "fail"
    assert "checks/table_totals.sql" in results["table_totals"].message
    assert "no_such_table" in results["table_totals"].message


def test_a_total_the_rows_miss_passes_only_where_an_anomaly_excuses_it(package_copy):
    """table_totals: a source whose rows do not add up to its own printed total fails,
    even with an anomaly at the total's line (03's 'kr' suffix) that does not name the
    check; an anomaly that quotes the total and names table_totals in `excuses` lets it
    pass, and is reported as a warning."""
    rewrite_source(package_copy, SKR22, replace_line(13, "319 176 216", "319 186 216"))
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy).results}
    assert results["table_totals"].status == "fail"
    assert f"{SKR22_FILE}:97" in results["table_totals"].message
    assert results["anomaly:skr-2022-total-with-kr"].status == "warning"  # stands there, excuses nothing
    anomalies = package_copy / "metadata" / "anomalies.toml"
    anomalies.write_text(anomalies.read_text(encoding="utf-8") + """
[[anomaly]]
id = "test-rows-miss-the-total"
source = "skr-2022-kvinnors-halsa"
line = 97
quote = "1 382 000 000"
title = "The rows add up to 10 000 kronor more than the printed total"
excuses = ["table_totals"]
explanation = "A corrupted copy for a test."
""", encoding="utf-8")
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy).results}
    assert [r.name for r in results.values() if r.status == "fail"] == []
    assert results["anomaly:test-rows-miss-the-total"].status == "warning"
