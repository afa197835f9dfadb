"""Layout bullet_list: '* Stockholm: 1 267 100 000', a markdown bullet per region."""

from __future__ import annotations

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _colon_row, _nonblank, register


def bullet_list(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'* Stockholm: 1 267 100 000': a markdown bullet per region."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        if not text.startswith(("* ", "- ")):
            raise SourceError(doc.path, number, "a bullet '* Region name: amount'", f"'{text}'",
                              "Check the table's lines in metadata/tables.toml.", code="SB104")
        rows.append(_colon_row(doc, number, text[2:], "* Stockholm: 1 267 100 000"))
    return rows


@register
class BulletList(Layout):
    name = "bullet_list"
    read = staticmethod(bullet_list)
