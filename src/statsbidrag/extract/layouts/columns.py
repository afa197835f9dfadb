"""Layout columns: any table of one row per line whose cells stand apart, read by metadata alone.

A new table shape needs no code when its rows are one per line and its cells stand apart
(a tab, two or more spaces as a PDF's layout text prints them, a pipe, a semicolon, a tag):
metadata says the line range, how many amount cells each row prints (`columns`) and which
this table reads (`column`, counted from 1), and lists in `skip` the lines inside the range
that are not rows (a heading repeated after a page break, a footer). The name may stand
before or after its amounts; a name and an amount one space apart are two cells when the
amount is grouped in threes. statsbidrag add drafts tables in this layout.
"""

from __future__ import annotations

import csv
import html
import re
from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import _SEPARATOR, _STRIP, Layout, RawRow, _nonblank, _unbold, register
from statsbidrag.extract.text import MARKUP, UNIT_LABELS, is_amount, split_unit_suffix

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

# Where one cell of a row ends and the next begins, in any document: a tab, a run of two or
# more spaces (or no-break spaces: a PDF's layout text, a text file aligned by hand), a pipe
# (a markdown table), a semicolon (a spreadsheet's text export), a tag (an HTML row printed on
# one line). None of them stands inside a region's name or a printed amount.
_CELL_BREAK = re.compile(r"(?:\t|\||;|[ \u00a0]{2,})+")
# A footnote marker printed after an amount: '1 234*', '1 234¹', '1 234 1)', '1 234 a)'
_AMOUNT_MARK = re.compile(r"[ \u00a0]?(?:[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d\)|\d\)|\([a-z]\)|[a-z]\))$")


def row_cells(line: str) -> list[str]:
    """The cells of a printed row, stripped, empty ones dropped: 'Stockholm  84 725 537\t26 576 108'
    -> ['Stockholm', '84 725 537', '26 576 108']; '| Uppsala | 12 |' -> ['Uppsala', '12'];
    '<tr><td>Skåne</td><td>7</td></tr>' -> ['Skåne', '7']. A markdown '| --- |' line has none."""
    if _SEPARATOR.match(line.strip(_STRIP)):
        return []
    # tags first, then character references ('&nbsp;' holds a semicolon), then the other breaks
    return [cell for tagged in MARKUP.split(line)
            for part in _CELL_BREAK.split(html.unescape(tagged) if "&" in tagged else tagged)
            if (cell := _unbold(part.strip(_STRIP)))]


def cells_of(doc: Document, number: int) -> list[str]:
    """row_cells of line `number` of `doc`; of a CSV file's line (a spreadsheet's export), its
    fields as CSV reads them, apart by semicolons, or by commas when the line has no semicolon
    (an amount with a decimal comma is then quoted, '"12,5"')."""
    line = doc.line(number)
    if not doc.path.lower().endswith(".csv"):
        return row_cells(line)
    fields = next(csv.reader([line], delimiter=";" if ";" in line else ","), [])
    return [cell for field in fields if (cell := _unbold(field.strip(_STRIP)))]


# An amount grouped as printed in Swedish ('84 725 537', '5950', '12,5'): what may be split off
# a cell that also holds the name, one space away ('Stockholm 84 725 537', '84 725 537 Stockholm').
_THREES = r"(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?"
_NAME_THEN_AMOUNT = re.compile(r"^(?P<name>.*[^\d \u00a0])[ \u00a0]+(?P<amount>" + _THREES + r")$")
# The amount may carry its unit, and a dash or a colon may stand before the name:
# '84 725 537 kr – Region Stockholm' -> '84 725 537 kr', 'Region Stockholm'.
_UNITS = "|".join(map(re.escape, UNIT_LABELS))  # longest first (extract.text)
_AMOUNT_THEN_NAME = re.compile(r"^(?P<amount>" + _THREES + r"(?:[ \u00a0]+(?:" + _UNITS + r"))?)"
                               r"(?:[ \u00a0]*[:–—-])?[ \u00a0]+(?P<name>[^\d \u00a0:–—-].*)$")
# What stands around a name that is not the name: a bullet before it, a colon or dash after it,
# or the verb of a sentence giving it the amount ('Region Skåne får 125 395 000 kronor.', 'kan få
# högst': the ceiling word stays in the line, where statsbidrag add and meaning_matches_wording read it)
_NAME_BULLET = re.compile(r"^(?:[*\-•–][ \u00a0]+)")
_NAME_AFTER = re.compile(r"(?:[ \u00a0]*[:–-]|[ \u00a0]+(?:(?:kan|ska|skall)[ \u00a0]+)?"
                         r"(?:få|får|fick|tilldelas|tilldelades|erhålla|erhåller|erhöll|beviljas|beviljades)"
                         r"(?:[ \u00a0]+(?:högst|maximalt|max|upp[ \u00a0]+till))?)$")


def split_cells(cells: list[str]) -> list[str]:
    """Cells with a cell that prints a name and an amount one space apart split in two:
    ['Stockholm: 84 725 537 kr'] -> ['Stockholm:', '84 725 537 kr'], ['84 725 537 Stockholm'] ->
    ['84 725 537', 'Stockholm']. Amounts split off so must be grouped in threes: several
    numbers one space apart ('84 725 537 26 576 108') are never split."""
    out: list[str] = []
    for cell in cells:
        if number_cell(cell) is not None:
            out.append(cell)
            continue
        body, unit = split_unit_suffix(cell)
        if (match := _NAME_THEN_AMOUNT.match(body)) is not None:
            out += [match.group("name"), cell[match.start("amount"):]]
        elif not unit and (match := _AMOUNT_THEN_NAME.match(cell)) is not None:
            out += [match.group("amount"), match.group("name")]
        else:
            out.append(cell)
    return out


# a Markdown link: '[Region Stockholm](https://...)' prints its text
_LINK = re.compile(r"^\[([^\]]+)\]\([^)]*\)$")


def name_text(cell: str) -> str:
    """A name cell without a bullet before it or a colon after it, and a Markdown link's text:
    '* Stockholm:' -> 'Stockholm', '[Region Stockholm](https://...)' -> 'Region Stockholm'."""
    name = _NAME_AFTER.sub("", _NAME_BULLET.sub("", cell)).strip(_STRIP)
    return link.group(1).strip(_STRIP) if (link := _LINK.match(name)) else name


# a share in percent: '23,05 %' is a number cell of its own, never a number and a name '%'
_PERCENT = re.compile(r"^(?P<number>.*\d)[ \u00a0]?%$")


def number_cell(cell: str) -> tuple[str, str] | None:
    """A cell that prints an amount -> (the amount as printed, a unit label after it, '%' after
    a share in percent, or ''); None for a cell of text. A footnote marker after the amount is
    neither."""
    amount, unit = split_unit_suffix(_AMOUNT_MARK.sub("", cell))
    if not unit and (share := _PERCENT.match(amount)) is not None:
        amount, unit = share.group("number"), "%"
    return (amount, unit) if is_amount(amount) and amount.strip(_STRIP) == amount else None


def columns(doc: Document, first: int, last: int, columns: int, column: int, name_column: int | None = None,
            skip: tuple[int, ...] = ()) -> list[RawRow]:
    """Any table of one row per line, its cells apart (row_cells; a name and an amount one space
    apart are two cells, split_cells). The region's name is the row's one cell of text, or cell
    `name_column` (counted from 0) when it prints several; a bullet before the name and a colon
    after it are not the name. Its amounts are the cells that print a number, `columns` of
    them, counted from 1 left to right; `column` is the one this table reads. The name may
    stand before or after its amounts. Lines in `skip` (a repeated heading after a page break,
    a page's footer) and the form feed that ends a PDF's page are not rows; blank lines
    neither. Every other line must be a row."""
    rows = []
    for number, _ in _nonblank(doc, first, last):
        if number in skip or doc.lines[number - 1] == "\f":
            continue
        cells = split_cells(cells_of(doc, number))
        if not cells:  # a markdown table's '| --- |' line
            continue
        numbers = [(i, found) for i, cell in enumerate(cells) if (found := number_cell(cell)) is not None]
        texts = [i for i in range(len(cells)) if i not in {i for i, _ in numbers}]
        if name_column is not None:
            names = [name_column] if name_column < len(cells) else []
            numbers = [(i, found) for i, found in numbers if i != name_column]
        else:
            names = texts
        if len(names) != 1 or len(numbers) != columns:
            raise SourceError(doc.path, number, f"a row of one region name and {columns} amount cell(s) (cells "
                              "apart by a tab, two spaces, a pipe or a tag)",
                              f"{len(names)} name cell(s) and {len(numbers)} amount cell(s): {cells!r}",
                              "Check the table's `rows`, `columns` and `skip` in metadata/tables.toml.", code="SB104")
        name = name_text(cells[names[0]])
        amount, unit = numbers[column - 1][1]
        rows.append(RawRow(name, number, amount, number, unit))
    return rows


@register
class Columns(Layout):
    name = "columns"
    read = staticmethod(columns)

    @classmethod
    def header(cls, doc: Document, table: RegionTable, line: str) -> str:
        """One heading per amount cell, or one per cell of the first row (the name's too), in
        the order the cells are printed."""
        assert table.header_line is not None
        headings = cells_of(doc, table.header_line)
        if len(headings) == table.columns:
            return headings[table.column - 1]
        first = split_cells(cells_of(doc, table.rows[0]))
        amounts = [i for i, cell in enumerate(first) if number_cell(cell) is not None]
        if len(headings) == len(first) and len(amounts) >= table.column:
            return headings[amounts[table.column - 1]]
        raise SourceError(doc.path, table.header_line, f"a heading for each of the {table.columns} amount cells, or "
                          f"for each of the {len(first)} cells of the first row (line {table.rows[0]})",
                          f"{len(headings)} heading(s): {headings!r}",
                          "Correct `header_line`, or pick the heading out with `header_regex`.", code="SB108")

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        """The total row prints one amount, or one per amount column (then this table's)."""
        found = [f for cell in split_cells(cells_of(doc, number)) if (f := number_cell(cell)) is not None]
        if len(found) not in (1, table.columns):
            raise SourceError(doc.path, number, f"a total row with one amount or {table.columns} (one per column)",
                              f"{len(found)} amount(s) in '{line.strip()[:120]}'",
                              "Correct `total_line`, or pick the total out with `total_regex`.", code="SB108")
        return found[0 if len(found) == 1 else table.column - 1][0]
