"""Reading the region rows of a table in each printed layout.

Each reader returns one RawRow per region with the texts as printed and their lines;
turning names into region codes and texts into kronor happens in extract.py. A reader
refuses a line that does not have its layout's shape, naming the line: a declaration
that does not match the source is an error, never a guess.

Every reader has the signature (doc, first, last, columns, column, **options): the
region rows are lines first..last; `columns` counts the cells besides the name and
`column` says which one holds the amount (name = 0). Adding a table in a known layout
therefore needs metadata only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.text import AMOUNT, MARKUP, is_amount, printed, split_unit_suffix

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


def name_value_line(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'Name 2 111' on one line: the value is the trailing number."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        rows.append(_split_name_value(doc, number, text))
    return rows


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


def _colon_row(doc: Document, number: int, text: str, example: str) -> RawRow:
    name, colon, value = text.partition(":")
    name = name.strip(_STRIP)
    if not colon or not name:
        raise SourceError(doc.path, number, f"'Region name: amount', e.g. '{example}'", f"'{text}'",
                          "Check the table's lines in metadata/tables.toml.", code="SB104")
    amount, unit = _amount_cell(doc, number, name, value.strip(_STRIP))
    return RawRow(name, number, amount, number, unit)


def name_colon_amount(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'Stockholm: 42 426 203 kronor' on one line (a unit after the amount is optional)."""
    return [_colon_row(doc, number, text, "Stockholm: 42 426 203 kronor")
            for number, text in _nonblank(doc, first, last)]


def bullet_list(doc: Document, first: int, last: int, columns: int = 1, column: int = 1) -> list[RawRow]:
    """'* Stockholm: 1 267 100 000': a markdown bullet per region."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        if not text.startswith(("* ", "- ")):
            raise SourceError(doc.path, number, "a bullet '* Region name: amount'", f"'{text}'",
                              "Check the table's lines in metadata/tables.toml.", code="SB104")
        rows.append(_colon_row(doc, number, text[2:], "* Stockholm: 1 267 100 000"))
    return rows


def regex_line(doc: Document, first: int, last: int, columns: int = 1, column: int = 1,
               row_regex: str = "") -> list[RawRow]:
    """One row per line, matched whole by the table's `row_regex` (groups `name` and
    `amount`; other named groups, such as a population or a share column, are matched and
    so checked): 'Region Stockholm 2 374 550 0,23 42 569 204'."""
    pattern = re.compile(row_regex)
    missing = sorted({"name", "amount"} - set(pattern.groupindex))
    if missing:
        raise SourceError(doc.path, first, "a `row_regex` with the groups (?P<name>...) and (?P<amount>...)",
                          f"/{row_regex}/ without {', '.join(missing)}", "Correct `row_regex` in metadata/tables.toml.",
                          code="SB104")
    rows = []
    for number, text in _nonblank(doc, first, last):
        match = pattern.fullmatch(text)
        if match is None:
            raise SourceError(doc.path, number, f"a row matching /{row_regex}/", f"'{text}'",
                              "Check the table's `rows` range and `row_regex` in metadata/tables.toml.", code="SB104")
        rows.append(RawRow(match.group("name").strip(_STRIP), number, match.group("amount").strip(_STRIP), number))
    return rows


# (doc, first, last, columns, column, **options) -> the region rows
READERS: dict[str, Callable[..., list[RawRow]]] = {
    "one_value_per_line": one_value_per_line,
    "tab_separated": tab_separated,
    "name_value_line": name_value_line,
    "markdown_table": markdown_table,
    "name_colon_amount": name_colon_amount,
    "bullet_list": bullet_list,
    "regex_line": regex_line,
}
