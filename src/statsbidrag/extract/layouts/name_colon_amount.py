"""Layout name_colon_amount: 'Stockholm: 42 426 203 kronor' on one line."""

from __future__ import annotations

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _colon_row, _nonblank, register


def name_colon_amount(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'Stockholm: 42 426 203 kronor' on one line (a unit after the amount is optional)."""
    return [_colon_row(doc, number, text, "Stockholm: 42 426 203 kronor")
            for number, text in _nonblank(doc, first, last)]


@register
class NameColonAmount(Layout):
    name = "name_colon_amount"
    read = staticmethod(name_colon_amount)
