"""Layout tab_separated: 'name<TAB>value<TAB>value' on one line; the heading and total are cells too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import _STRIP, MARKUP, Layout, RawRow, _new, _nonblank, register
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

def tab_separated(doc: Document, first: int, last: int, columns: int, column: int) -> list[RawRow]:
    """'name<TAB>value<TAB>value' on one line."""
    rows = []
    for number, _ in _nonblank(doc, first, last):  # the lines exist: _nonblank checked the range
        line = doc.lines[number - 1]
        cells = [c.strip(_STRIP) for c in (MARKUP.sub("", line) if "<" in line else line).split("\t")]
        if len(cells) != columns + 1:
            raise SourceError(doc.path, number, f"{columns + 1} tab-separated cells (name and {columns} value(s))",
                              f"{len(cells)} cell(s): {cells!r}", code="SB104")
        rows.append(_new(RawRow, (cells[0], number, cells[column], number, "")))
    return rows


@register
class TabSeparated(Layout):
    name = "tab_separated"
    read = staticmethod(tab_separated)

    @classmethod
    def header(cls, doc: Document, table: RegionTable, line: str) -> str:
        return clean(line.split("\t")[table.column])

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        return line.split("\t")[-1].strip(" \u00a0")
