"""Attacks after which exactly the named checks fail, and no other: every check runs on each
attacked copy (a whole suite run each). The fast tier runs the same attacks with the checks
that read what they change (tests/integration/test_meaning.py, test_population.py,
test_findings_21.py, test_add.py)."""

from __future__ import annotations

from helpers import (
    assert_a_forged_cancer_amount_fails_with_gotland_implied,
    assert_a_prose_allocation_carries_its_key,
    assert_a_quote_chosen_to_fit_is_caught_by_the_wording,
    assert_a_row_of_three_numbers_passes,
    assert_scb_population_downloads_are_added,
    assert_the_issues_attack_fails_both_meaning_checks,
    assert_without_the_footnote_the_wording_check_fails,
)


def test_the_issues_attack_fails_both_meaning_checks_and_no_other(package_copy):
    assert_the_issues_attack_fails_both_meaning_checks(package_copy, only=None)


def test_a_quote_chosen_to_fit_fails_the_wording_check_and_no_other(package_copy):
    assert_a_quote_chosen_to_fit_is_caught_by_the_wording(package_copy, only=None)


def test_without_the_documented_footnote_only_the_wording_check_fails(package_copy):
    assert_without_the_footnote_the_wording_check_fails(package_copy, only=None)


def test_a_forged_2021_cancer_amount_fails_the_key_check_and_no_other(package_copy):
    assert_a_forged_cancer_amount_fails_with_gotland_implied(package_copy, only=None)


def test_a_row_of_three_numbers_one_space_apart_passes_every_check(package_copy):
    assert_a_row_of_three_numbers_passes(package_copy, only=None)


def test_an_allocation_stated_only_in_prose_carries_its_key_and_passes_every_check(package_copy):
    assert_a_prose_allocation_carries_its_key(package_copy, only=None)


def test_scb_population_downloads_added_pass_every_check(package_copy, tmp_path):
    assert_scb_population_downloads_are_added(package_copy, tmp_path, only=None)
