"""Evidence for meaning (issue 23): every field that changes what a number means quotes the source
text that supports it, and a flipped field, a moved or invented quote, or a field that the wording
around its table contradicts, fails the build or the check. Attacks of each class, on copies."""

from __future__ import annotations

import pytest
from helpers import (
    MEANING_CHECKS,
    VARDKOER,
    VARDKOER_FILE,
    assert_a_flipped_meaning_field_fails,
    assert_a_quote_chosen_to_fit_is_caught_by_the_wording,
    assert_the_issues_attack_fails_both_meaning_checks,
    assert_without_the_footnote_the_wording_check_fails,
    failing,
)
from package_edits import in_entry

from statsbidrag.errors import MetadataError, SourceError
from statsbidrag.publish.build import build

# --- each meaning field flipped in metadata: the quote no longer supports it ----------------

@pytest.mark.parametrize("file, header, entry, old, new, says", [
    # the issue's attack: the 2026 ceilings counted as money paid
    ("tables.toml", "table", VARDKOER, 'amount_kind = "ceiling"', 'amount_kind = "payment"', 'says otherwise ("max")'),
    ("grants.toml", "grant", "vardkoer-2026", 'recipients = "regions"', 'recipients = "municipalities by county"',
     "does not say so"),
    # a key's kind, with its grant's basis changed alike (metadata/rules.py holds the two together)
    ("allocation_keys.toml", "key", VARDKOER, 'kind = "performance"', 'kind = "cost_structure"', "does not say so"),
])
def test_a_flipped_meaning_field_fails_the_check(package_copy, file, header, entry, old, new, says):
    """One flip per metadata file here (the issue's attack first); the other seven flips are in
    tests/slow/test_meaning_flips.py."""
    assert_a_flipped_meaning_field_fails(package_copy, file, header, entry, old, new, says)


def test_a_table_read_in_millions_declared_in_kronor_fails(package_copy):
    """MSEK -> SEK: the quote 'avrundat till hela miljoner kronor' says millions."""
    in_entry("tables.toml", "table", VARDKOER, 'unit = "MSEK"', 'unit = "SEK"', rebuild=False)(package_copy)
    try:
        build(package_copy)
    except SourceError as error:  # the unit line contradicts the unit: refused before any check
        assert error.code == "SB109" or "miljoner" in str(error), error
        return
    found = failing(package_copy, only={"meaning_supported"})
    assert "meaning_supported" in found and 'says otherwise ("miljon")' in found["meaning_supported"]


def test_a_table_in_thousands_declared_in_kronor_fails_both_unit_checks(package_copy, tmp_path):
    """'Belopp i tusental kronor' says TSEK. Declared SEK, the printed unit label disagrees
    (unit_labels_agree) and the quote says thousands (meaning_supported): both passed on the
    'kronor' in it before, with every amount a thousand times too small."""
    from add_corpus import SHAPES, write_shape

    from statsbidrag.cli.main import main
    shape = next(s for s in SHAPES if s.name == "txt-tusental-kronor")
    assert main(["add", str(write_shape(shape, tmp_path)), "--write", "--root", str(package_copy)]) == 0
    table = "fordelning-tusental-2021"
    in_entry("tables.toml", "table", table, 'unit = "TSEK"', 'unit = "SEK"')(package_copy)
    found = failing(package_copy, only={"unit_labels_agree", "meaning_supported"})
    assert set(found) == {"unit_labels_agree", "meaning_supported"}, sorted(found)
    assert table in found["unit_labels_agree"] and "tusental kronor" in found["unit_labels_agree"]
    assert 'says otherwise ("tusen")' in found["meaning_supported"], found["meaning_supported"]


def test_the_issues_attack_fails_both_meaning_checks_with_the_line(package_copy):
    """The meaning checks here; every check in tests/slow/test_exact_failures.py."""
    assert_the_issues_attack_fails_both_meaning_checks(package_copy, only=MEANING_CHECKS)


def test_a_flipped_field_with_a_quote_chosen_to_fit_is_caught_by_the_wording_near_the_table(package_copy):
    """meaning_supported passes the quote chosen to fit, meaning_matches_wording does not (every
    check in tests/slow/test_exact_failures.py)."""
    assert_a_quote_chosen_to_fit_is_caught_by_the_wording(package_copy, only=MEANING_CHECKS)


# --- quotes that are not the source's text at their line ------------------------------------

@pytest.mark.parametrize("old, new, line", [
    ('amount_kind_quote = { line = 13, text', 'amount_kind_quote = { line = 14, text', 14),       # moved a line
    ('text = "Så mycket medel kan varje region max få" }', 'text = "Så mycket medel kan varje region få" }', 13),  # edited
    ('unit_quote = { line = 13, text = "avrundat till hela miljoner kronor" }',
     'unit_quote = { line = 13, text = "avrundat till hela tusental kronor" }', 13),              # invented
])
def test_a_quote_that_is_not_at_its_line_stops_the_build(package_copy, old, new, line):
    in_entry("tables.toml", "table", VARDKOER, old, new, rebuild=False)(package_copy)
    with pytest.raises(SourceError, match="^SB108: ") as caught:
        build(package_copy)
    assert f"{VARDKOER_FILE}:{line}" in str(caught.value) and VARDKOER in str(caught.value)


def test_a_grant_quote_in_another_source_is_read_there(package_copy):
    in_entry("grants.toml", "grant", "vardkoer-2026", 'source = "regeringen-2026-01-vardkoer-maxbelopp"',
             'source = "regeringen-2025-01-vardkapacitet"', rebuild=False)(package_copy)
    with pytest.raises(SourceError, match="^SB108: sources/regeringen-2025-01-vardkapacitet.txt:13"):
        build(package_copy)


def test_a_quote_naming_no_archived_source_stops_the_build(package_copy):
    in_entry("grants.toml", "grant", "vardkoer-2026", 'source = "regeringen-2026-01-vardkoer-maxbelopp"',
             'source = "no-such-source"', rebuild=False)(package_copy)
    with pytest.raises(SourceError, match="^SB203: metadata/grants.toml") as caught:
        build(package_copy)
    assert "no-such-source" in str(caught.value)


# --- a meaning field without its quote -------------------------------------------------------

@pytest.mark.parametrize("file, header, entry, old, key", [
    ("tables.toml", "table", VARDKOER, 'amount_kind_quote = { line = 13, text = "Så mycket medel kan varje region max få" }\n',
     "amount_kind_quote"),
    ("grants.toml", "grant", "vardkoer-2026",
     'recipients_quote = { source = "regeringen-2026-01-vardkoer-maxbelopp", line = 13, '
     'text = "Så mycket medel kan varje region max få" }\n', "recipients_quote"),
    ("grants.toml", "grant", "kvinnors-halsa-2024",
     'included_in_quote = { source = "regeringen-2024-pressmeddelande", line = 83, '
     'text = "förstärkta insatser för kvinnors hälsa" }\n', "included_in_quote"),
    ("allocation_keys.toml", "key", VARDKOER,
     'quote = { line = 5, text = "that Socialstyrelsen distributes on performance" }\n', "kind"),
])
def test_a_meaning_field_without_its_quote_is_a_metadata_error(package_copy, file, header, entry, old, key):
    in_entry(file, header, entry, old, "", rebuild=False)(package_copy)
    with pytest.raises(MetadataError, match="^SB201: ") as caught:
        build(package_copy)
    assert [p for p in caught.value.problems if p.file == f"metadata/{file}" and p.key == key], caught.value.problems


def test_a_grant_quote_must_name_its_source(package_copy):
    in_entry("grants.toml", "grant", "vardkoer-2026", 'source = "regeringen-2026-01-vardkoer-maxbelopp", ', "",
             rebuild=False)(package_copy)
    with pytest.raises(MetadataError) as caught:
        build(package_copy)
    assert [p for p in caught.value.problems if p.key == "recipients_quote" and "source" in p.expected]


# --- the wording near a table, and the anomaly that can excuse it ----------------------------

def test_the_documented_footnote_is_a_warning_and_without_it_the_check_fails(package_copy, checkout_report):
    """The meaning checks without the anomaly; every check in tests/slow/test_exact_failures.py."""
    # the copy's files are the checkout's: its report is the session's
    assert checkout_report.ok and not [r for r in checkout_report.results if r.status == "fail"]
    assert_without_the_footnote_the_wording_check_fails(package_copy, only=MEANING_CHECKS)


def test_an_anomaly_excuses_only_the_word_it_quotes_at_its_line(package_copy):
    """The anomaly at line 49 quotes 'preliminära': it does not excuse 'max' written there."""
    from conftest import replace_line, rewrite_source
    rewrite_source(package_copy, "regeringen-2024-pressmeddelande",
                   replace_line(49, "för dessa satsningar", "för högst dessa satsningar"))
    build(package_copy)
    found = failing(package_copy, only={"meaning_matches_wording"})
    assert "meaning_matches_wording" in found and '"högst"' in found["meaning_matches_wording"], sorted(found)
