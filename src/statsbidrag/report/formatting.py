"""Small text helpers the report's pages share: slugs, no-break spaces, file sizes, grant names, hashes.

In a module of their own so that the page modules (pages, site, table_page, downloads) import
them without importing each other (tests/unit/test_stage_order.py: no import loops).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from markupsafe import Markup

from statsbidrag.report.i18n import LANGUAGES

NBSP = "\u00a0"
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=(?:kr|kronor|Kr|Mkr|MKR|mkr|MSEK|miljoner|miljarder)\b)")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(text)).strip("-") or "x"


def nobreak(value) -> Markup:
    """Text (escaped) with no-break spaces inside numbers and before their units."""
    from markupsafe import Markup, escape
    if value is None:
        return Markup("")
    return Markup(_NUMBER_SPACE.sub(NBSP, str(escape(value))))


def file_size(n: int) -> str:
    if n < 1000:
        return f"{n}{chr(0xa0)}B"
    for unit, size in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= size:
            return f"{n / size:.1f}".replace(".", ",") + f"{chr(0xa0)}{unit}"
    return f"{n}"


def grant_name(grant: dict, lang: str, fallback: str = "") -> str:
    """A grant as the reader's language names it: on the Swedish pages the agreement as
    the sources print it, on the others the package's own title (metadata/grants.toml)."""
    if lang == LANGUAGES[0] and grant.get("agreement"):
        return grant["agreement"]
    return grant.get("title") or fallback


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
