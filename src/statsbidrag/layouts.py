"""Reading the region rows of a table in each of the three printed layouts.

Each reader returns one RawRow per region with the texts as printed and their lines;
turning names into region codes and texts into kronor happens in extract.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document
from .errors import SourceError
from .text import AMOUNT, is_amount, printed

_STRIP = " \u00a0\t"


@dataclass(frozen=True)
class RawRow:
    name_text: str
    name_line: int
    amount_text: str
    amount_line: int


def _nonblank(doc: Document, first: int, last: int) -> list[tuple[int, str]]:
    return [(n, printed(doc.line(n)).strip(_STRIP)) for n in range(first, last + 1)
            if printed(doc.line(n)).strip(_STRIP)]


def one_value_per_line(doc: Document, first: int, last: int, columns: int, column: int) -> list[RawRow]:
    """Name on one line, then each column's value on a line of its own (blank lines between)."""
    lines = _nonblank(doc, first, last)
    rows = []
    for start in range(0, len(lines), columns + 1):
        group = lines[start:start + columns + 1]
        name_line, name = group[0]
        if is_amount(name):
            raise SourceError(doc.path, name_line, "a region name (a new row starts here)",
                              f"the amount '{name}'",
                              "A row above has a missing or extra value; check the table in the source.")
        if len(group) < columns + 1:
            raise SourceError(doc.path, name_line, f"{columns} value line(s) after the name '{name}'",
                              f"{len(group) - 1} before the end of the table at line {last}",
                              "Check the table's line range in metadata/tables.toml.")
        for value_line, value in group[1:]:
            if not is_amount(value):
                raise SourceError(doc.path, value_line, f"an amount for '{name}' (line {name_line})",
                                  f"'{value}'", "A value is missing or is not a number.")
        amount_line, amount = group[column]
        rows.append(RawRow(name, name_line, amount, amount_line))
    return rows


def tab_separated(doc: Document, first: int, last: int, columns: int, column: int) -> list[RawRow]:
    """'name<TAB>value<TAB>value' on one line."""
    rows = []
    for number, _ in _nonblank(doc, first, last):
        cells = [c.strip(_STRIP) for c in printed(doc.line(number)).split("\t")]
        if len(cells) != columns + 1:
            raise SourceError(doc.path, number, f"{columns + 1} tab-separated cells (name and {columns} value(s))",
                              f"{len(cells)} cell(s): {cells!r}")
        rows.append(RawRow(cells[0], number, cells[column], number))
    return rows


def name_value_line(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'Name 2 111' on one line: the value is the trailing number."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        rows.append(_split_name_value(doc, number, text))
    return rows


def _split_name_value(doc: Document, number: int, text: str) -> RawRow:
    # The amount is the longest trailing run that reads as an amount ("2 111", not "111").
    words = re.split(r"([ \u00a0]+)", text)
    for cut in range(1, len(words), 2):
        name, amount = "".join(words[:cut]).strip(_STRIP), "".join(words[cut + 1:])
        if name and not name[-1].isdigit() and AMOUNT.match(amount):
            return RawRow(name, number, amount, number)
    raise SourceError(doc.path, number, "'Region name amount', e.g. 'Stockholm 2 111'", f"'{text}'",
                      "The amount is missing or is not a number.")


READERS = {
    "one_value_per_line": one_value_per_line,
    "tab_separated": tab_separated,
    "name_value_line": name_value_line,
}
