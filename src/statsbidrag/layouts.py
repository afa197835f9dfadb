"""Reading the region rows of a table in each printed layout.

Each reader takes the document, the first and last line of the rows and the table's
RowSpec (from metadata/tables.toml), and returns one RawRow per printed row with the
texts as printed and their lines; turning names into region codes and texts into
kronor happens in extract.py. A line that does not fit the declared layout is a
SourceError naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document
from .errors import SourceError
from .text import AMOUNT, is_amount, printed

_STRIP = " \u00a0\t"


@dataclass(frozen=True)
class RowSpec:
    """How one table's rows are printed (the layout-specific keys of metadata/tables.toml)."""
    columns: int = 1          # values per row (markdown_table: cells per row)
    column: int = 1           # which value is the amount (markdown_table: which cell)
    name_column: int = 1      # markdown_table: which cell holds the name
    row_regex: str = ""       # regex_line: groups `name` and `amount`


@dataclass(frozen=True)
class RawRow:
    name_text: str
    name_line: int
    amount_text: str
    amount_line: int


def _nonblank(doc: Document, first: int, last: int) -> list[tuple[int, str]]:
    return [(n, printed(doc.line(n)).strip(_STRIP)) for n in range(first, last + 1)
            if printed(doc.line(n)).strip(_STRIP)]


def one_value_per_line(doc: Document, first: int, last: int, spec: RowSpec) -> list[RawRow]:
    """Name on one line, then each column's value on a line of its own (blank lines between).

    SKR's two-column tables (2021, 2023, 2024) are this layout with columns = 2."""
    columns, column = spec.columns, spec.column
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


def tab_separated(doc: Document, first: int, last: int, spec: RowSpec) -> list[RawRow]:
    """'name<TAB>value<TAB>value' on one line."""
    columns, column = spec.columns, spec.column
    rows = []
    for number, _ in _nonblank(doc, first, last):
        cells = [c.strip(_STRIP) for c in printed(doc.line(number)).split("\t")]
        if len(cells) != columns + 1:
            raise SourceError(doc.path, number, f"{columns + 1} tab-separated cells (name and {columns} value(s))",
                              f"{len(cells)} cell(s): {cells!r}")
        rows.append(RawRow(cells[0], number, cells[column], number))
    return rows


def name_value_line(doc: Document, first: int, last: int, spec: RowSpec = RowSpec()) -> list[RawRow]:
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


def regex_line(doc: Document, first: int, last: int, spec: RowSpec) -> list[RawRow]:
    """One row per line, matched whole by the table's `row_regex` (groups `name`, `amount`):
    bullet lists '* Name: amount', lines 'Name: amount kronor', rows with more columns
    ('Region Stockholm 2 374 550 0,23 42 569 204'). Trailing spaces are ignored."""
    pattern = re.compile(spec.row_regex)
    missing = {"name", "amount"} - set(pattern.groupindex)
    if missing:
        raise SourceError(doc.path, first, f"a `row_regex` with the groups (?P<name>...) and (?P<amount>...)",
                          f"/{spec.row_regex}/ without {', '.join(sorted(missing))}",
                          "Correct `row_regex` in metadata/tables.toml.")
    rows = []
    for number, text in _nonblank(doc, first, last):
        match = pattern.fullmatch(text)
        if match is None:
            raise SourceError(doc.path, number, f"a row matching /{spec.row_regex}/", f"'{text}'",
                              "Check the table's `rows` range and `row_regex` in metadata/tables.toml.")
        rows.append(RawRow(match.group("name").strip(_STRIP), number, match.group("amount").strip(_STRIP), number))
    return rows


_BOLD = re.compile(r"^\*\*(.*)\*\*$")


def markdown_cells(text: str) -> list[str]:
    """'| **Län** | 60 910 000 |' -> ['Län', '60 910 000']: cells stripped, **bold** removed."""
    inner = text.strip(_STRIP)
    if not (inner.startswith("|") and inner.endswith("|")):
        return []
    cells = [c.strip(_STRIP) for c in inner[1:-1].split("|")]
    return [_BOLD.sub(r"\1", c).strip(_STRIP) for c in cells]


def markdown_table(doc: Document, first: int, last: int, spec: RowSpec) -> list[RawRow]:
    """Markdown pipe-table rows '| name | value | ... |': `columns` cells per row, the name
    in cell `name_column`, the amount in cell `column` (both counted from 1)."""
    rows = []
    for number, text in _nonblank(doc, first, last):
        cells = markdown_cells(text)
        if len(cells) != spec.columns:
            raise SourceError(doc.path, number, f"a table row '| ... |' of {spec.columns} cells "
                              f"(name in cell {spec.name_column}, amount in cell {spec.column})",
                              f"{len(cells)} cell(s): '{text}'",
                              "Check the table's `rows` range and `columns` in metadata/tables.toml.")
        rows.append(RawRow(cells[spec.name_column - 1], number, cells[spec.column - 1], number))
    return rows


def cell(doc: Document, number: int, index: int) -> str:
    """Cell `index` (from 1) of the markdown row at line `number`, as markdown_table reads it."""
    cells = markdown_cells(printed(doc.line(number)))
    if len(cells) < index:
        raise SourceError(doc.path, number, f"a table row '| ... |' with a cell {index}",
                          f"'{printed(doc.line(number)).strip()}'", "Correct the line number in metadata/tables.toml.")
    return cells[index - 1]


READERS = {
    "one_value_per_line": one_value_per_line,
    "tab_separated": tab_separated,
    "name_value_line": name_value_line,
    "regex_line": regex_line,
    "markdown_table": markdown_table,
}
