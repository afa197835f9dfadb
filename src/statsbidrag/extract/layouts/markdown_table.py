"""Layout markdown_table: '| Stockholm | 2 111 |', one pipe-table row per region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _amount_cell, markdown_cell, register

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

def markdown_table(doc: Document, first: int, last: int, columns: int, column: int,
                   name_column: int = 0) -> list[RawRow]:
    """'| Stockholm | 2 111 |': one pipe-table row per region, the heading rows outside first..last."""
    rows = []
    for number in range(first, last + 1):
        name = markdown_cell(doc, number, name_column, columns + 1)
        text = markdown_cell(doc, number, column, columns + 1)
        amount, unit = _amount_cell(doc, number, name, text)
        rows.append(RawRow(name, number, amount, number, unit))
    return rows


@register
class MarkdownTable(Layout):
    name = "markdown_table"
    read = staticmethod(markdown_table)

    @classmethod
    def header(cls, doc: Document, table: RegionTable, line: str) -> str:
        # the cell as printed: 10's has a no-break space before its unit
        assert table.header_line is not None
        return markdown_cell(doc, table.header_line, table.column, table.columns + 1)

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        return markdown_cell(doc, number, table.column, table.columns + 1)
