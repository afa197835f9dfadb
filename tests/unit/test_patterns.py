"""Metadata's regular expressions run in linear time (statsbidrag.metadata.patterns, RE2)."""

from __future__ import annotations

import pytest

from statsbidrag.metadata.patterns import PatternError, compile_pattern

# Python's re backtracks for minutes on these (each nested repetition can split the run of
# word characters in exponentially many ways before the suffix fails); RE2 answers at once.
NESTED = [r"(?P<amount>(?:\w+\s?)+)(?P<unit>miljoner kronor)",
          r"(?P<amount>(?:\d+ ?)+)(?P<unit>kronor)",
          r"(?P<name>(?:a|aa)+)$x",
          r"(?P<amount>(\d*)*)!"]


@pytest.mark.parametrize("pattern", NESTED)
def test_a_nested_repetition_runs_on_a_long_line(pattern):
    line = "ab " * 4000 + "1 2 3 " * 1000 + "a" * 5000
    assert compile_pattern(pattern).search(line) is None


@pytest.mark.parametrize("pattern, found", [
    (r"(a)\1", r"\1"),                    # a backreference
    (r"(?P<x>a)(?P=x)", "(?P="),          # a named backreference
    (r"(?=kronor)kr", "(?="),             # lookahead
    (r"(?!x)kr", "(?!"),
    (r"(?<=\d) kr", "(?<="),              # lookbehind
    (r"(?<!\d) kr", "(?<!"),
    (r"(?P<amount>\d+", "missing )"),     # not a pattern at all
])
def test_what_re2_cannot_run_in_linear_time_is_refused_with_the_reason(pattern, found):
    with pytest.raises(PatternError, match="a valid regular expression that runs in linear time") as caught:
        compile_pattern(pattern)
    assert found in str(caught.value) or "invalid" in str(caught.value), str(caught.value)


def test_pythons_spelling_of_a_character_by_its_code_is_kept():
    pattern = compile_pattern(r"(?P<amount>\d[\d \u00a0]*) kronor")
    assert pattern.search("fördelas 42\u00a0045 981 kronor").group("amount") == "42\u00a0045 981"
    assert compile_pattern(r"a\\u00a0").search("a\\u00a0") is not None  # an escaped backslash, then 'u00a0'


def test_the_groups_and_the_match_read_as_with_re():
    match = compile_pattern(r"(?P<qualifier>drygt) (?P<amount>\d+) (?P<unit>miljoner kronor)").search(
        "ger drygt 336 miljoner kronor")
    assert match.groupdict() == {"qualifier": "drygt", "amount": "336", "unit": "miljoner kronor"}
    assert set(compile_pattern(r"(?P<a>x)(?P<b>y)?").groupindex) == {"a", "b"}
    assert compile_pattern(r"(?P<name>\D+?) (?P<amount>\d+(?: \d+)*)").fullmatch("Region Skåne 1 234").group(
        "name") == "Region Skåne"
