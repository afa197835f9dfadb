"""Reading printed amounts (statsbidrag.extract.text.scaled_amount): the examples of its
documentation, and every short text read as the AMOUNT regular expression defines; and the
unit labels printed with them (find_unit_label)."""

from __future__ import annotations

import pytest
from helpers import compare_scaled_amount_to_the_regex

from statsbidrag.extract.text import UNIT_LABELS, find_unit_label, scaled_amount, split_unit_suffix


@pytest.mark.parametrize(("text", "scale", "expected"), [
    ("215 942 447", 1, (215_942_447, 1)),
    ("739\u00a0250 000", 1, (739_250_000, 1)),
    (" 2 111\u00a0", 1_000_000, (2_111_000_000, 1_000_000)),
    ("7,4", 1_000_000, (7_400_000, 100_000)),
    ("1,48", 10**9, (1_480_000_000, 10_000_000)),
    ("42 045981", 1, (42_045_981, 1)),  # grouped wrongly, read as its digits (a check flags it)
    ("215 942 447,00", 1, (215_942_447, 1)),  # öre printed as zeros: whole kronor, step one krona
    ("7,400", 1_000, (7_400, 1)),
])
def test_scaled_amount_reads_the_documented_examples(text, scale, expected):
    assert scaled_amount(text, scale) == expected


@pytest.mark.parametrize(("text", "scale"), [("215 942 447,50", 1), ("7,4005", 1_000)])
def test_scaled_amount_refuses_an_amount_that_is_not_whole_kronor(text, scale):
    with pytest.raises(ValueError, match="a whole number of kronor"):
        scaled_amount(text, scale)


@pytest.mark.parametrize("text", ["", "1  000", "1 000 kr", "1.000", "-5", "1,", ",5", "1 ,5", "abc"])
def test_scaled_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="a number such as"):
        scaled_amount(text, 1)


def test_scaled_amount_reads_every_text_of_up_to_5_characters_as_the_regex_defines():
    """The common case skips the regular expression (it runs for every row): on every text
    of up to 5 characters from digits, a space, a no-break space, a decimal comma, a
    non-ASCII digit and a letter, at two scales, it reads what AMOUNT reads, or refuses
    (19,608 texts; the 117,649 of 6 characters are in tests/slow/test_amounts_exhaustive.py)."""
    assert compare_scaled_amount_to_the_regex(range(6)) == 19_608


@pytest.mark.parametrize("text, label, unit", [
    ("Belopp i tusental kronor", "tusental kronor", "TSEK"),
    ("Tusentals kronor", "Tusentals kronor", "TSEK"),
    ("Belopp (tusen kr)", "tusen kr", "TSEK"),
    ("Belopp i 1 000-tal kronor", "1 000-tal kronor", "TSEK"),
    ("Belopp, miljoner kr", "miljoner kr", "MSEK"),
    ("Belopp, milj. kr", "milj. kr", "MSEK"),
    ("Medel (MKR)", "MKR", "MSEK"),
    ("Belopp i kronor", "kronor", "SEK"),
])
def test_a_scale_word_before_a_currency_word_is_one_unit_label(text, label, unit):
    """'kronor' alone in 'tusental kronor' would make every amount a thousand times too small."""
    assert find_unit_label(text) == label and UNIT_LABELS[label] == unit


@pytest.mark.parametrize("text", ["Belopp i miljarder kronor", "2,5 md kr", "Belopp i mdkr"])
def test_a_currency_word_after_billions_is_no_unit_label(text):
    assert find_unit_label(text) is None


@pytest.mark.parametrize("text, label", [
    ("Region Stockholm: 215 942 447kr", "kr"), ("Summa 937 000 000:-", ":-"), ("Medel 12,5Mkr", "Mkr"),
])
def test_a_label_right_after_an_amounts_last_digit_is_found(text, label):
    assert find_unit_label(text) == label and UNIT_LABELS[label] in ("SEK", "MSEK")


@pytest.mark.parametrize("text, split", [
    ("5 421kr", ("5 421", "kr")), ("5 000:-", ("5 000", ":-")), ("12,5Mkr", ("12,5", "Mkr")),
    ("19 034 063 kronor.", ("19 034 063", "kronor")), ("Totalkr", ("Totalkr", "")), ("2021år", ("2021år", "")),
])
def test_a_unit_after_an_amount_may_stand_without_a_space(text, split):
    assert split_unit_suffix(text) == split


def test_the_examples_a_message_names_are_labels():
    """UNIT_EXAMPLES (the unit-line error's examples) is written by hand: each must be a label."""
    from statsbidrag.extract.text import UNIT_EXAMPLES
    assert [label for label in UNIT_EXAMPLES.split(", ") if label not in UNIT_LABELS] == []
