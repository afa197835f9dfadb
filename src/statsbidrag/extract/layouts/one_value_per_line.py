"""Layout one_value_per_line: a region's name on one line, then each column's value on a line of its own."""

from __future__ import annotations

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _is_amount, _new, _nonblank, register


def one_value_per_line(doc: Document, first: int, last: int, columns: int, column: int) -> list[RawRow]:
    """Name on one line, then each column's value on a line of its own (blank lines between)."""
    lines = _nonblank(doc, first, last)
    rows = []
    for start in range(0, len(lines), columns + 1):
        group = lines[start:start + columns + 1]
        name_line, name = group[0]
        if _is_amount(name):  # the texts are stripped already (_nonblank)
            raise SourceError(doc.path, name_line, "a region name (a new row starts here)",
                              f"the amount '{name}'",
                              "A row above has a missing or extra value; check the table in the source.", code="SB104")
        if len(group) < columns + 1:
            raise SourceError(doc.path, name_line, f"{columns} value line(s) after the name '{name}'",
                              f"{len(group) - 1} before the end of the table at line {last}",
                              "Check the table's line range in metadata/tables.toml.", code="SB104")
        for value_line, value in group[1:]:
            if not _is_amount(value):
                raise SourceError(doc.path, value_line, f"an amount for '{name}' (line {name_line})",
                                  f"'{value}'", "A value is missing or is not a number.", code="SB105")
        amount_line, amount = group[column]
        rows.append(_new(RawRow, (name, name_line, amount, amount_line, "")))
    return rows


@register
class OneValuePerLine(Layout):
    name = "one_value_per_line"
    read = staticmethod(one_value_per_line)
