"""Layout side_by_side: a list set in blocks side by side on each line, as a PDF page in two
columns prints it:

    Region Stockholm        215 942 447      Västra Götalandsregionen   156 581 682
    Region Uppsala           35 036 644      Region Värmland             25 541 586

Each line prints one or more blocks, each a region's name followed by `columns` amount cells
(the cells stand apart as in the `columns` layout: a tab, two spaces ...). The rows are read
block by block, the first block's top to bottom, then the second's, as a reader reads the
page, and page by page; the last line may print fewer blocks than the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import Layout, RawRow, _nonblank, register
from statsbidrag.extract.layouts.columns import Columns, cells_of, name_text, number_cell, split_cells

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

Block = tuple[str, list[tuple[str, str]]]  # the name cell, and each amount cell as (amount, unit)


def blocks_of(cells: list[str], columns: int) -> list[Block] | None:
    """The line's cells as blocks of a name and `columns` amounts, left to right; None when
    they are not (a cell out of place, a block short of amounts)."""
    blocks: list[Block] = []
    i = 0
    while i < len(cells):
        amounts = [number_cell(cell) for cell in cells[i + 1:i + 1 + columns]]
        if number_cell(cells[i]) is not None or len(amounts) != columns or None in amounts:
            return None
        blocks.append((cells[i], [a for a in amounts if a is not None]))
        i += 1 + columns
    return blocks or None


def side_by_side(doc: Document, first: int, last: int, columns: int, column: int,
                 skip: tuple[int, ...] = ()) -> list[RawRow]:
    """Each line's blocks of 'name, `columns` amounts'; the amount read is each block's cell
    `column` (from 1). Lines in `skip` are not rows; a PDF page's closing form feed ends the
    page's blocks (a list running over two pages is read page by page)."""
    rows: list[RawRow] = []
    blocks: list[list[RawRow]] = []
    for number, _ in _nonblank(doc, first, last):
        if doc.lines[number - 1] == "\f":
            rows += [row for block in blocks for row in block]
            blocks = []
            continue
        if number in skip:
            continue
        cells = split_cells(cells_of(doc, number))
        found = blocks_of(cells, columns)
        if found is None:
            raise SourceError(doc.path, number, f"blocks side by side, each a region name and {columns} amount "
                              f"cell(s) (cells apart by a tab, two spaces, a pipe or a tag)", f"{cells!r}",
                              "Check the table's `rows`, `columns` and `skip` in metadata/tables.toml.", code="SB104")
        for i, (name, amounts) in enumerate(found):
            if len(blocks) <= i:
                blocks.append([])
            amount, unit = amounts[column - 1]
            blocks[i].append(RawRow(name_text(name), number, amount, number, unit))
    return rows + [row for block in blocks for row in block]


@register
class SideBySide(Layout):
    """The heading line prints a block's headings once per block ('Region  Belopp  Region
    Belopp'): this table's is the first block's. The total row is read as in `columns`."""
    name = "side_by_side"
    read = staticmethod(side_by_side)

    @classmethod
    def header(cls, doc: Document, table: RegionTable, line: str) -> str:
        assert table.header_line is not None
        headings = cells_of(doc, table.header_line)
        width = 1 + table.columns
        if len(headings) % width == 0:
            return headings[table.column]
        if len(headings) == table.columns:
            return headings[table.column - 1]
        raise SourceError(doc.path, table.header_line, f"a heading for each cell of a block ({width}), once per "
                          f"block, or one for each of the {table.columns} amount cells", f"{headings!r}",
                          "Correct `header_line`, or pick the heading out with `header_regex`.", code="SB108")

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        return Columns.total_text(doc, table, number, line)
