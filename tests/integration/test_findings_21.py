"""The findings of issue 21, each at its cause, on an older document added by hand.

The document is a landsting-era table printing three numbers one space apart on each row:
part A, part B and their Summa ('Stockholms läns landsting 215 942 447 40 513 ... 256 ...'),
made from the package's own 2021 amounts (tests/add_corpus.py). Each test failed on the code
before the fix: the landsting names were not regions (SB106) or failed
regions_match_reference, no correct amount of such a row passed printed_text_at_lines, a
row read across two numbers was published, grant_series added the parts to their whole, no
check held the parts to the printed Summa, a document_type outside the schema's list
built and failed only at check, naming resources/sources.csv, and an allocation stated only
in prose could not carry its key (keys named tables only; now a [[key]] may name a claim,
published in claim_keys).
"""

from __future__ import annotations

import pytest
from add_corpus import LANDSTING, A, B, grouped
from helpers import (
    ADDED_DOCUMENT_CHECKS,
    LANDSTING_FIRST,
    LANDSTING_SOURCE,
    MILLIONS,
    PROSE,
    add_landsting_document,
    add_prose_allocation,
    assert_a_prose_allocation_carries_its_key,
    assert_a_row_of_three_numbers_passes,
    landsting_row_regex,
)

from statsbidrag.check.runner import run_suite
from statsbidrag.errors import MetadataError, SourceError
from statsbidrag.publish.build import build


@pytest.fixture
def added_package(package_copy):
    add_landsting_document(package_copy)
    build(package_copy)
    return package_copy


def test_a_row_of_three_numbers_one_space_apart_passes_every_check(package_copy):
    """The checks that read what the document adds (every check: tests/slow/test_exact_failures.py)."""
    assert_a_row_of_three_numbers_passes(package_copy, only=ADDED_DOCUMENT_CHECKS)


def test_landsting_era_names_are_regions_and_match_the_reference(package_copy):
    # 'Stockholms läns landsting', 'Landstinget i Värmland', 'Gotlands kommun'
    add_landsting_document(package_copy, names=LANDSTING)
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy, only=["regions_match_reference", "read_as_printed"]).results}
    assert results["regions_match_reference"].status == "pass", results["regions_match_reference"].message
    assert results["read_as_printed"].status == "pass"


def test_a_number_of_a_crowded_row_that_is_not_printed_there_still_fails(package_copy):
    # the Summa table said to print Stockholm's part A: the row's numbers tile its run, but the
    # Summa's own text is not among them
    add_landsting_document(package_copy)
    build(package_copy)
    csv_path = package_copy / "resources" / "allocations.csv"
    text = csv_path.read_text(encoding="utf-8")
    whole = grouped(A["01"] + B["01"])
    wrong = grouped(A["01"] + B["01"] + 1)
    assert text.count(f",{whole},") == 1
    csv_path.write_text(text.replace(f",{whole},", f",{wrong},"), encoding="utf-8")
    results = {r.name: r for r in run_suite(package_copy, only=["printed_text_at_lines"]).results}
    assert results["printed_text_at_lines"].status == "fail"
    assert wrong in results["printed_text_at_lines"].message + str(results["printed_text_at_lines"].rows)


def test_grant_series_counts_parts_included_in_their_whole_once(added_package):
    import statsbidrag
    package = added_package
    con = statsbidrag.connect(package)
    amount, grant_ids = con.sql("SELECT amount_sek, grant_ids FROM grant_series WHERE family_id = 'landsting-2017' "
                                "AND region_code = '01'").fetchall()[0]
    assert (amount, grant_ids) == (A["01"] + B["01"], "landsting-2017-summa")


def test_a_row_whose_parts_miss_its_printed_summa_fails(package_copy):
    # the parts declared included in the whole, but the whole read from the part A column
    add_landsting_document(package_copy, row_regex=lambda column: landsting_row_regex(1 if column == 3 else column))
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy, only=["row_parts_sum_to_row_total"]).results}
    assert results["row_parts_sum_to_row_total"].status == "fail"
    assert f"{LANDSTING_SOURCE}:{LANDSTING_FIRST}" in results["row_parts_sum_to_row_total"].message


def test_a_row_read_across_two_numbers_is_refused_at_build(package_copy):
    def wrong(column: int) -> str:  # part A read with the first two groups of part B
        return r"(?P<name>\D+?) (?P<amount>\d+ \d{3} \d{3} \d+ \d{3}) \d{3} " + MILLIONS if column == 1 \
            else landsting_row_regex(column)
    add_landsting_document(package_copy, row_regex=wrong)
    with pytest.raises(SourceError, match="SB111") as error:
        build(package_copy)
    assert f"{LANDSTING_SOURCE}:{LANDSTING_FIRST}:" in str(error.value)
    assert "Region Stockholm" in str(error.value)


def test_a_document_type_outside_the_schema_is_refused_when_metadata_loads(package_copy):
    add_landsting_document(package_copy, document_type="bilaga")
    with pytest.raises(MetadataError, match="SB201") as error:
        build(package_copy)
    assert "metadata/sources.toml:" in str(error.value)
    assert "key `document_type`" in str(error.value) and "'bilaga'" in str(error.value)


def test_an_allocation_stated_only_in_prose_carries_its_key(package_copy):
    """The checks that read what the document adds (every check: tests/slow/test_exact_failures.py)."""
    assert_a_prose_allocation_carries_its_key(package_copy, only=ADDED_DOCUMENT_CHECKS)


def test_a_prose_keys_quote_not_on_its_line_stops_the_build(package_copy):
    add_prose_allocation(package_copy, quote="fördelas lika")
    with pytest.raises(SourceError, match="SB108") as error:
        build(package_copy)
    assert f"{PROSE}:3" in str(error.value) and "claim 'prosa-2017-600-miljoner'" in str(error.value)
