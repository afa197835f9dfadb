"""Layout name_value_line: 'Name 2 111' on one line, the value the trailing number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _nonblank, _split_name_value, register

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

def name_value_line(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'Name 2 111' on one line: the value is the trailing number."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        rows.append(_split_name_value(doc, number, text))
    return rows


@register
class NameValueLine(Layout):
    name = "name_value_line"
    read = staticmethod(name_value_line)

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        return name_value_line(doc, number, number)[0].amount_text
