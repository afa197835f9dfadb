"""Reading names and amounts as the sources print them.

The sources use no-break spaces (U+00A0), trailing spaces, thousands separators
(plain or no-break space) and a decimal comma. Nothing here guesses: a text that is
not digits (in groups separated by single spaces) with an optional decimal comma is refused.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from statsbidrag.metadata.names import MARKUP

NBSP = "\u00a0"

# "215 942 447", "739\u00a0250 000", "2 111", "0", "7,4". An amount is read as its digits
# however they are grouped ("42 045981" is 42 045 981): a printed amount not grouped in
# threes fails checks/amounts_grouped_in_threes.sql unless an anomaly documents it.
AMOUNT = re.compile(r"^(?P<int>\d+(?:[ \u00a0]\d+)*)(?:,(?P<dec>\d+))?$")

# A scale word before a currency word: the two are one label ('tusental kronor' is TSEK; read
# as 'kronor' alone it would make every amount a thousand times too small).
_SCALED = {"TSEK": ("Tusen", "tusen", "Tusental", "tusental", "Tusentals", "tusentals", "1000-tal", "1 000-tal",
                    "1000-tals", "1 000-tals"),
           "MSEK": ("Miljoner", "miljoner", "Miljontals", "miljontals", "Milj.", "milj.")}

# Unit labels as printed, mapped to what they claim. Longest first, so that
# "Miljoner kronor" wins over "kronor" (a label found in a text is its first one, and the
# alternatives are tried in this order at each place).
UNIT_LABELS = {
    **{f"{scale} {currency}": unit for unit, scales in _SCALED.items() for scale in scales
       for currency in ("kronor", "kr") if f"{scale} {currency}" not in ("Miljoner kronor", "miljoner kronor")},
    "Miljoner kronor": "MSEK",
    "miljoner kronor": "MSEK",
    "MSEK": "MSEK",
    "MKR": "MSEK",
    "Mkr": "MSEK",
    "mkr": "MSEK",
    "MNKR": "MSEK",
    "Mnkr": "MSEK",
    "mnkr": "MSEK",
    "TSEK": "TSEK",
    "TKR": "TSEK",
    "Tkr": "TSEK",
    "tkr": "TSEK",
    "SEK": "SEK",
    "KRONOR": "SEK",
    "kronor": "SEK",
    "KR": "SEK",
    "Kr": "SEK",
    "kr": "SEK",
    ":-": "SEK",  # '5 000:-', kronor as older documents print them
}
# a label stands as a word of its own, or right after an amount's last digit ('5 421kr', '5 000:-')
_UNIT_RE = re.compile(r"(?:(?<![\wåäö])|(?<=\d))(" + "|".join(map(re.escape, UNIT_LABELS)) + r")(?![\wåäö])")
# what a message names as examples of the labels (UNIT_LABELS holds every spelling)
UNIT_EXAMPLES = "kr, kronor, tkr, tusental kronor, Mkr, miljoner kronor, MSEK"
# Billions ('miljarder kronor', 'mdkr'): no table unit is that large, and the currency word
# after it is not a label of its own.
_BILLIONS_BEFORE = re.compile(r"\b(?:miljard(?:er)?|md|mdr)\.?[ \u00a0]*$", re.IGNORECASE)
# a label may end a sentence ('... får 19 034 063 kronor.'), be abbreviated with a period ('kr.'),
# or follow the amount's last digit with no space ('5 421kr', '5 000:-')
_SUFFIX_RE = re.compile(r"^(.*?\S)(?:[ \u00a0]+|(?<=\d))(" + "|".join(map(re.escape, UNIT_LABELS)) + r")\.?$")
UNIT_SEK = {"SEK": 1, "TSEK": 1_000, "MSEK": 1_000_000}


def find_unit_label(text: str) -> str | None:
    """The first unit label printed in `text` (e.g. 'MKR' in 'Medel ... (MKR)', 'tusental kronor'
    in 'Belopp i tusental kronor'); None when there is none, or the first is a currency word
    after a word for billions ('miljarder kronor'), which no label says."""
    match = _UNIT_RE.search(text)
    if match is None or _BILLIONS_BEFORE.search(text[:match.start()]):
        return None
    return match.group(1)


def split_unit_suffix(text: str) -> tuple[str, str]:
    """'937 000 000 Mkr' -> ('937 000 000', 'Mkr'), '5 kr.' -> ('5', 'kr'); no suffix -> (text, '').

    The number keeps its printed characters (a no-break space stays one)."""
    text = MARKUP.sub("", text).strip(" \u00a0\t")
    match = _SUFFIX_RE.match(text)
    if match:
        return match.group(1), match.group(2)
    return text, ""


_BLANK = " " + NBSP


def is_amount(text: str) -> bool:
    return AMOUNT.match(text.strip(_BLANK)) is not None


def parse_amount(text: str, unit: str) -> tuple[int, int]:
    """Printed amount in a unit (SEK, MSEK) -> (whole kronor, rounding step in kronor)."""
    return scaled_amount(text, UNIT_SEK[unit])


def scaled_amount(text: str, scale_sek: int) -> tuple[int, int]:
    """Printed amount times `scale_sek` kronor -> (whole kronor, rounding step in kronor).

    '7,4' at 1 000 000 -> (7 400 000, 100 000); '1,48' at 10**9 -> (1 480 000 000, 10 000 000).
    An amount printed finer than a krona is a whole number of kronor only when its öre are
    zeros ('215 942 447,00' kr, as payment lists print it), and its step is then 1: the
    package's amounts are whole kronor. Raises ValueError with a readable reason; callers add
    file and line.
    """
    text = text.strip(_BLANK)
    # The common case, a whole number grouped by single spaces ("215 942 447"), without the
    # regular expression (this runs for every row): AMOUNT matches exactly these texts
    # (str.isdecimal is its \d).
    digits = text.replace(" ", "")
    if digits.isdecimal() and "  " not in text and isinstance(scale_sek, int) and scale_sek >= 1:
        return int(digits) * scale_sek, scale_sek
    match = AMOUNT.match(text)
    if not match:
        raise ValueError("a number such as '215 942 447' or '7,4'")
    digits = match.group("int").replace(" ", "").replace(NBSP, "")
    decimals = match.group("dec") or ""
    if not decimals and isinstance(scale_sek, int) and scale_sek >= 1:
        return int(digits) * scale_sek, scale_sek  # a whole number: no Decimal needed
    value = Decimal(f"{digits}.{decimals}" if decimals else digits) * scale_sek
    step = Decimal(scale_sek) / (10 ** len(decimals))
    if value != value.to_integral_value():
        raise ValueError("an amount that is a whole number of kronor")
    return int(value), max(int(step), 1)


def printed(line: str) -> str:
    """The line as a reader sees it: markup removed, an HTML character reference ('&nbsp;',
    '&aring;') read as its character, every character else kept.

    `amount_text`, `region_text` and `stated_total_text` are substrings of this.
    """
    if "<" in line:  # most lines have no markup
        line = MARKUP.sub("", line)
    return html.unescape(line) if "&" in line else line
