"""What a draft calls a document and its tables: the document's title, a table's caption, and the
date the document was published, each read from its lines (`statsbidrag add` drafts them; a
person reviews them)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from statsbidrag.extract.text import printed
from statsbidrag.intake.shapes import Evidence, FoundTable, line_text
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:
    from statsbidrag.extract.documents import Document

# A page's number printed beside a heading: '1 (2)', 'Sida 1 av 2', '1/2'
_PAGE_NUMBER = re.compile(r"[ \u00a0]+(?:\d+[ \u00a0]*\(\d+\)|[Ss]ida[ \u00a0]+\d+(?:[ \u00a0]+av[ \u00a0]+\d+)?"
                          r"|\d+/\d+)$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def title(doc: Document) -> str:
    """The first of the first ten lines that reads as a title (three words or more, a page number
    beside it left out: not 'Bilaga 1  1 (2)' or 'Regeringsbeslut 2024-03-14, S2024/00123' above
    a decision's attachment), else the first line that prints something."""
    texts = [_PAGE_NUMBER.sub("", clean(printed(line)).lstrip("#").strip().strip('"')) for line in doc.lines]
    texts = [text for text in texts if text and text != "\f" and len(text) > 3]
    titles = [text for text in texts[:10] if len(_WORD.findall(text)) >= 3] or texts[:1]
    return titles[0][:200] if titles else doc.path


def caption(doc: Document, found: FoundTable) -> str | None:
    """The line right above a table (its heading line's, if it has one) when it reads as a
    caption: two words or more, no amount. A document of several tables titles each grant by it."""
    top = min(found.first, found.header_line or found.first)
    above = [n for n in range(top - 1, max(top - 4, 0), -1) if line_text(doc, n).strip()]
    text = clean(line_text(doc, above[0])).lstrip("#").strip() if above else ""
    return text[:200] if len(_WORD.findall(text)) >= 2 and not re.search(r"\d[ \u00a0]\d{3}", text) else None


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december")
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[ \u00a0](" + "|".join(_MONTHS) + r")[ \u00a0](\d{4})\b",
                   re.IGNORECASE)


def published(doc: Document, given: str) -> tuple[str, list[str]]:
    """The date the document was published: `given` (--published), else the first date printed
    near its top, with a note to check it."""
    if given or (dated := _date_printed(doc)) is None:
        return given, []
    return dated.text, [f"date_published {dated.text}: read from line {dated.line} "
                        f"('{line_text(doc, dated.line).strip()[:80]}'): check that the document was published "
                        "that day, or give --published"]


def _date_printed(doc: Document) -> Evidence | None:
    """The first date printed in the document's first ten lines ('2024-03-14', '14 mars 2024'), as
    YYYY-MM-DD with its line: a decision's date, a page's 'Publicerad'."""
    for number in [n for n in range(1, len(doc.lines) + 1) if line_text(doc, n).strip()][:10]:
        for found in _DATE.finditer(line_text(doc, number)):
            iso, day, month, year = found.group(1, 2, 3), found.group(4), found.group(5), found.group(6)
            text = "-".join(iso) if iso[0] else f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
            try:
                return Evidence(number, date.fromisoformat(text).isoformat())
            except ValueError:
                continue
    return None
