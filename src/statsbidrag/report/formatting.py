"""Small text helpers the report's pages share: slugs, no-break spaces, amounts, file sizes,
names in the reader's language, hashes.

A leaf module (it imports no other module of the report), so that the page modules import
them without importing each other (tests/unit/test_stage_order.py: no import loops).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # markupsafe is imported where a page is written
    from markupsafe import Markup

NBSP = "\u00a0"
SWEDISH = "sv"      # the site's root language; a record's Swedish name is its title_sv
# A space inside a number ("937 000 000") or between a number and its unit: a line
# must never break there ("937 000 / 000 kronor").
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=(?:kr|kronor|Kr|Mkr|MKR|mkr|MSEK|miljoner|miljarder)\b)")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?![\d])")


def slug(text: object) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(text)).strip("-") or "x"


def nobreak(value: object) -> Markup:
    """Text (escaped) with no-break spaces inside numbers and before their units."""
    from markupsafe import Markup, escape
    if value is None:
        return Markup("")
    return Markup(_NUMBER_SPACE.sub(NBSP, str(escape(value))))


def numbers_nowrap(value: object) -> Markup:
    """Archived text (escaped) with each grouped number in a span that never wraps:
    the bytes stay as archived (copying gives the printed spaces), the line cannot
    break inside the figure."""
    from markupsafe import Markup, escape
    return Markup(_GROUPED_NUMBER.sub(lambda m: f'<span class="n">{m.group(0)}</span>', str(escape(value))))


def num(value: object) -> int:
    """An amount for a sum: a cell that is empty or not a whole number (a corrupted
    package, which the checks report) counts as 0 here."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def file_size(n: int) -> str:
    if n < 1000:
        return f"{n}{NBSP}B"
    for unit, size in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= size:
            return f"{n / size:.1f}".replace(".", ",") + f"{NBSP}{unit}"
    return f"{n}"


def decimal(value: float | int | str, places: int = 0) -> str:
    """1234.5 -> '1 234,5' (Swedish: no-break space between thousands, decimal comma)."""
    text = f"{float(value):,.{places}f}"
    return text.replace(",", NBSP).replace(".", ",")


def per_inhabitant(value: float | int | None) -> str:
    """Kronor per inhabitant: to the krona from 100 kr ('1 112 kr'), with two decimals
    below ('30,17 kr'), so small amounts still tell regions apart."""
    if value is None:
        return ""
    return f"{decimal(value, 0 if abs(float(value)) >= 100 else 2)}{NBSP}kr"


def percent(value: float | int | None) -> str:
    return "" if value is None else f"{float(value):.1f}".replace(".", ",") + f"{NBSP}%"


def name_in(record: dict, lang: str, fallback: str = "") -> str:
    """A family's or grant's name in the reader's language: title_sv on the Swedish
    pages, title (English) on the others (metadata/grants.toml)."""
    if lang == SWEDISH and record.get("title_sv"):
        return record["title_sv"]
    return record.get("title") or fallback


def grant_name(grant: dict, lang: str, fallback: str = "") -> str:
    """A grant as the reader's language names it (title_sv on the Swedish pages)."""
    return name_in(grant, lang, fallback)


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
