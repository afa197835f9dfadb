"""Reading printed amounts (statsbidrag.extract.text.scaled_amount): the examples of its
documentation, and every short text read as the AMOUNT regular expression defines."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from statsbidrag.extract.text import AMOUNT, NBSP, scaled_amount


@pytest.mark.parametrize(("text", "scale", "expected"), [
    ("215 942 447", 1, (215_942_447, 1)),
    ("739\u00a0250 000", 1, (739_250_000, 1)),
    (" 2 111\u00a0", 1_000_000, (2_111_000_000, 1_000_000)),
    ("7,4", 1_000_000, (7_400_000, 100_000)),
    ("1,48", 10**9, (1_480_000_000, 10_000_000)),
    ("42 045981", 1, (42_045_981, 1)),  # grouped wrongly, read as its digits (a check flags it)
])
def test_scaled_amount_reads_the_documented_examples(text, scale, expected):
    assert scaled_amount(text, scale) == expected


@pytest.mark.parametrize("text", ["", "1  000", "1 000 kr", "1.000", "-5", "1,", ",5", "1 ,5", "abc"])
def test_scaled_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="a number such as"):
        scaled_amount(text, 1)


def _by_the_regex(text: str, scale: int) -> tuple[int, int] | str:
    """The definition: AMOUNT's digits, the decimals scaled, a whole number of kronor."""
    match = AMOUNT.match(text.strip(" " + NBSP))
    if not match:
        return "refused"
    digits = match.group("int").replace(" ", "").replace(NBSP, "")
    decimals = match.group("dec") or ""
    value = Decimal(f"{digits}.{decimals}") * scale
    step = Decimal(scale) / 10 ** len(decimals)
    if value != value.to_integral_value() or step < 1:
        return "refused"
    return int(value), int(step)


def test_scaled_amount_reads_every_short_text_as_the_regex_defines():
    """The common case skips the regular expression (it runs for every row): on every text
    of up to 6 characters from digits, a space, a no-break space, a decimal comma, a
    non-ASCII digit and a letter, at two scales, it reads what AMOUNT reads, or refuses."""
    alphabet = ["1", "0", " ", NBSP, ",", "\u0663", "x"]
    for length in range(7):
        for parts in itertools.product(alphabet, repeat=length):
            text = "".join(parts)
            for scale in (1, 1_000_000):
                try:
                    found: tuple[int, int] | str = scaled_amount(text, scale)
                except ValueError:
                    found = "refused"
                assert found == _by_the_regex(text, scale), (repr(text), scale)
