"""What every layout shares: the row a reader returns, the registry, and the helpers for lines and cells.

A layout is a class registered with `@register`: its `name` (what metadata/tables.toml
writes as `layout`), `read` (the region rows), and, when the layout prints them its own
way, `header` (the column heading) and `total_text` (the stated total). A reader refuses
a line that does not have its layout's shape, naming the line: a declaration that does
not match the source is an error, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.text import AMOUNT, MARKUP, is_amount, printed, split_unit_suffix
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

_STRIP = " \u00a0\t"
_is_amount = AMOUNT.match  # is_amount for a text stripped of spaces already
_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")  # '| --- | --- |' under the heading row


class RawRow(NamedTuple):  # a tuple: a million of them are made in a large package
    name_text: str
    name_line: int
    amount_text: str
    amount_line: int
    unit_text: str = ""  # a unit label printed after the amount on the row ('kr'), if any


# tuple.__new__(RawRow, (name, line, amount, line, "")) is RawRow(name, line, amount, line)
# without the Python-level __new__ of a NamedTuple: the readers below make one per region
# row of every table.
_new = tuple.__new__


def _nonblank(doc: Document, first: int, last: int) -> list[tuple[int, str]]:
    if first <= last:  # refuses the first line out of range, as reading line by line would
        doc.line(first)
        doc.line(min(last, len(doc.lines) + 1))
    # printed(line), inlined: this runs for every line of every table
    return [(n, text) for n, line in enumerate(doc.lines[first - 1:last], start=first)
            if (text := (MARKUP.sub("", line) if "<" in line else line).strip(_STRIP))]


class Layout:
    """One printed layout of region rows. Subclasses set `name` and `read`, and override
    `header`/`total_text` when the heading or the total is not the whole printed line."""
    name: ClassVar[str]

    # (doc, first, last, columns, column, **options) -> the region rows on lines first..last:
    # `columns` cells besides the name, the amount in cell `column` (name = 0); `options` are
    # the table's `name_column` and `row_regex` when set
    read: ClassVar[Callable[..., list[RawRow]]]

    @classmethod
    def header(cls, doc: Document, table: RegionTable, line: str) -> str:
        """The column heading printed on `line` (the table's `header_line`, printed)."""
        return clean(line)

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        """The stated total's text on line `number` (printed as `line`), when no `total_regex` picks it."""
        return line.strip(" \u00a0\t")


# layout name -> its class; filled by @register as each module of this package is imported
REGISTRY: dict[str, type[Layout]] = {}


def register(layout: type[Layout]) -> type[Layout]:
    """Class decorator: add a layout to REGISTRY under its `name`, once."""
    if layout.name in REGISTRY:
        raise ValueError(f"layout {layout.name!r} registered twice ({REGISTRY[layout.name].__module__}, "
                         f"{layout.__module__})")
    REGISTRY[layout.name] = layout
    return layout


# An amount at the end of a line, starting right after a space: where a name_value_line
# row's amount may start (AMOUNT, unanchored at its start).
_TRAILING_AMOUNT = re.compile(r"(?<=[ \u00a0])\d+(?:[ \u00a0]\d+)*(?:,\d+)?$")


def _split_name_value(doc: Document, number: int, text: str) -> RawRow:
    # The amount is the longest trailing run that reads as an amount ("2 111", not "111")
    # after a name that does not end in a digit: the leftmost such start, found by one
    # search in the common case (a row runs for every region of every table).
    start = 0
    while (match := _TRAILING_AMOUNT.search(text, start)) is not None:
        name = text[:match.start()].strip(_STRIP)
        if name and not name[-1].isdigit():
            return _new(RawRow, (name, number, text[match.start():], number, ""))
        start = match.start() + 1
    raise SourceError(doc.path, number, "'Region name amount', e.g. 'Stockholm 2 111'", f"'{text}'",
                      "The amount is missing or is not a number.", code="SB104")


def pipe_cells(text: str) -> list[str] | None:
    """'| **Län** | 8 281 730 kr |' -> ['Län', '8 281 730 kr']; None if not a pipe-table row.

    Cells are stripped of spaces and of a `**bold**` wrapping (markup, not text)."""
    text = text.strip(_STRIP)
    if len(text) < 2 or text[0] != "|" or text[-1] != "|" or _SEPARATOR.match(text):
        return None
    return [_unbold(cell.strip(_STRIP)) for cell in text[1:-1].split("|")]


def _unbold(cell: str) -> str:
    if len(cell) > 4 and cell.startswith("**") and cell.endswith("**"):
        return cell[2:-2].strip(_STRIP)
    return cell


def markdown_cell(doc: Document, number: int, index: int, cells: int | None = None) -> str:
    """The text of cell `index` (0-based) on a pipe-table row, e.g. a heading cell."""
    found = pipe_cells(printed(doc.line(number)))
    if found is None or (cells is not None and len(found) != cells) or index >= len(found):
        shape = f"{cells} cells" if cells is not None else f"at least {index + 1} cells"
        raise SourceError(doc.path, number, f"a markdown table row '| ... |' with {shape} (not a '| --- |' separator)",
                          f"'{printed(doc.line(number)).strip(_STRIP)[:120]}'",
                          "Check the table's lines and `columns` in metadata/tables.toml.", code="SB104")
    return found[index]


def _amount_cell(doc: Document, number: int, name: str, text: str) -> tuple[str, str]:
    """'8 281 730 kr' -> ('8 281 730', 'kr'); refuses a cell that is not an amount."""
    amount, unit = split_unit_suffix(text)
    if not is_amount(amount):
        raise SourceError(doc.path, number, f"an amount for '{name}'", f"'{text}'",
                          "A value is missing or is not a number; check the source and `column`.", code="SB105")
    return amount, unit


def _colon_row(doc: Document, number: int, text: str, example: str) -> RawRow:
    name, colon, value = text.partition(":")
    name = name.strip(_STRIP)
    if not colon or not name:
        raise SourceError(doc.path, number, f"'Region name: amount', e.g. '{example}'", f"'{text}'",
                          "Check the table's lines in metadata/tables.toml.", code="SB104")
    amount, unit = _amount_cell(doc, number, name, value.strip(_STRIP))
    return RawRow(name, number, amount, number, unit)
