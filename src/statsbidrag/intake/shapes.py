"""What statsbidrag add's detection finds, and how it reads a line (intake.detect, intake.money).

A table found (FoundTable) has its region rows, and for each number column (Column) whether it
is money and why, its unit, its heading and its total; each fact keeps the line and the text it
was read from (Evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.columns import cells_of, number_cell, split_cells
from statsbidrag.extract.pdf import PAGE_BREAK
from statsbidrag.extract.text import printed
from statsbidrag.metadata.names import clean


@dataclass(frozen=True)
class Evidence:
    """A fact's source: the line it was read from and that line's text as printed."""
    line: int
    text: str


@dataclass
class Column:
    """One number column of a table: its position among the row's numbers (from 1)."""
    index: int
    heading: str | None
    heading_line: int | None
    money: bool
    why: str
    unit: str = "SEK"
    unit_evidence: Evidence | None = None
    total_line: int | None = None
    total_sek: int | None = None
    rows_sek: int | None = None  # the sum of its rows in kronor, None when one cannot be read
    amounts: dict[str, int] = field(default_factory=dict)  # region code -> kronor


@dataclass
class FoundTable:
    # "rows": one row per line (layout columns); "stacked": a value per line (one_value_per_line);
    # "side_by_side": blocks of a name and its amounts side by side on each line (side_by_side)
    shape: str
    first: int
    last: int
    numbers: int  # number cells per region row
    regions: dict[str, int]  # code -> the line its name is printed on
    skip: list[int] = field(default_factory=list)
    name_column: int | None = None  # the name's cell, counted from 0, when rows print several cells of text
    header_line: int | None = None
    columns: list[Column] = field(default_factory=list)
    amount_kind: str = "payment"
    amount_kind_evidence: Evidence | None = None
    status: str = "final"
    status_evidence: Evidence | None = None
    recipients: str = "regions"  # or "municipalities by county": the money goes to a county's municipalities
    recipients_evidence: Evidence | None = None
    # a region the table names on a skipped line without an amount ('Region Gotland  –') -> that line
    named_without_amount: dict[str, Evidence] = field(default_factory=dict)
    year: int | None = None
    year_evidence: Evidence | None = None
    whole: int | None = None  # the index of a row-total column (Summa) whose parts are the other money columns
    unsure: list[str] = field(default_factory=list)

    @property
    def money(self) -> list[Column]:
        return [c for c in self.columns if c.money]


@dataclass
class Row:
    line: int
    code: str
    numbers: list[tuple[str, str]]  # (amount as printed, unit label after it or '')
    name_cell: int | None = None  # the name's cell (counted from 0) when the row prints several cells of text


def line_text(doc: Document, number: int) -> str:
    return printed(doc.lines[number - 1])


def line_cells(doc: Document, number: int) -> list[str]:
    return split_cells(cells_of(doc, number))


def number_only(doc: Document, number: int) -> tuple[str, str] | None:
    cells = line_cells(doc, number)
    return number_cell(cells[0]) if len(cells) == 1 else None


def blank(doc: Document, number: int) -> bool:
    line = doc.lines[number - 1]
    return line == PAGE_BREAK or not clean(printed(line)) or not cells_of(doc, number)
