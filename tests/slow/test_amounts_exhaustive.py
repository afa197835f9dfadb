"""scaled_amount against the AMOUNT regular expression on every text of 6 characters from the
alphabet of the cases, at two scales (117,649 texts, about 1.2 CPU-s); the shorter texts are
compared in tests/unit/test_amounts.py."""

from __future__ import annotations

from helpers import compare_scaled_amount_to_the_regex


def test_scaled_amount_reads_every_text_of_6_characters_as_the_regex_defines():
    assert compare_scaled_amount_to_the_regex([6]) == 7 ** 6
