"""Attacks after which exactly the named checks fail, and no other: every check runs on each
attacked copy (a whole suite run each). The fast tier runs the same attacks with the checks
that read what they change (tests/integration/test_meaning.py, test_population.py,
test_findings_21.py, test_add.py)."""

from __future__ import annotations

import pytest
from helpers import (
    assert_a_forged_cancer_amount_fails_with_gotland_implied,
    assert_a_prose_allocation_carries_its_key,
    assert_a_quote_chosen_to_fit_is_caught_by_the_wording,
    assert_a_row_of_three_numbers_passes,
    assert_scb_population_downloads_are_added,
    assert_the_issues_attack_fails_both_meaning_checks,
    assert_without_the_footnote_the_wording_check_fails,
)

ATTACKS = {  # what must hold after the attack, with every check run (only=None)
    "the issues attack fails both meaning checks and no other": assert_the_issues_attack_fails_both_meaning_checks,
    "a quote chosen to fit fails the wording check and no other": assert_a_quote_chosen_to_fit_is_caught_by_the_wording,
    "without the documented footnote only the wording check fails": assert_without_the_footnote_the_wording_check_fails,
    "a forged 2021 cancer amount fails the key check and no other":
        assert_a_forged_cancer_amount_fails_with_gotland_implied,
    "a row of three numbers one space apart passes every check": assert_a_row_of_three_numbers_passes,
    "an allocation stated only in prose carries its key and passes every check":
        assert_a_prose_allocation_carries_its_key,
}


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=list(ATTACKS))
def test_every_check_runs_and_exactly_the_named_ones_fail(package_copy, attack):
    attack(package_copy, only=None)


def test_scb_population_downloads_added_pass_every_check(package_copy, tmp_path):
    assert_scb_population_downloads_are_added(package_copy, tmp_path, only=None)
