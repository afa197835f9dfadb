"""name_value_line against its word-by-word rule on every line of 5 characters from the
alphabet of the cases (100,000 lines, about 1 CPU-s); the shorter lines are compared in
tests/unit/test_layouts.py."""

from __future__ import annotations

from helpers import compare_name_value_line_to_the_word_rule


def test_name_value_line_splits_every_line_of_5_characters_as_the_word_by_word_rule():
    assert compare_name_value_line_to_the_word_rule([5]) == 10 ** 5
