"""Finding a list set in blocks side by side (the layout `side_by_side`: a PDF page in two
columns prints 'Region Stockholm  215 942 447    Västra Götalandsregionen  156 581 682').

A run is a series of lines each printing one or more blocks of a region's name and the same
count of amounts, at least one line printing two blocks or more, every region once. Its rows
are in the order a reader reads them, the layout's: the first block's top to bottom, then the
second's. Lines between that print no block (a heading repeated after a page break) are
skipped, as in a table of rows.
"""

from __future__ import annotations

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.columns import name_text
from statsbidrag.extract.layouts.side_by_side import blocks_of
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.intake.shapes import Row, blank, line_cells

MAX_AMOUNTS = 3  # amounts per block tried when a run starts


def _blocks(doc: Document, number: int, regions: RegionIndex,
            width: int) -> tuple[int, list[tuple[str, list[tuple[str, str]]]]] | None:
    """(amounts per block, [(region code, amounts)] left to right) of the line's blocks, each
    naming a region; `width` the amounts per block (0: any up to MAX_AMOUNTS)."""
    cells = line_cells(doc, number)
    for k in [width] if width else range(1, MAX_AMOUNTS + 1):
        found = blocks_of(cells, k)
        if found is None:
            continue
        codes = [regions.find(name_text(name)) for name, _ in found]
        if all(codes):
            return k, [(code, amounts) for code, (_, amounts) in zip(codes, found) if code]
    return None


class _Run:
    def __init__(self) -> None:
        self.lines: list[tuple[int, list[tuple[str, list[tuple[str, str]]]]]] = []
        self.skipped: list[int] = []
        self.width = 0

    def rows(self) -> list[Row]:
        deepest = max(len(blocks) for _, blocks in self.lines)
        return [Row(number, blocks[i][0], blocks[i][1]) for i in range(deepest)
                for number, blocks in self.lines if i < len(blocks)]

    def codes(self) -> set[str]:
        return {code for _, blocks in self.lines for code, _ in blocks}


def side_by_side_runs(doc: Document, regions: RegionIndex, min_regions: int,
                      max_gap: int) -> list[tuple[list[Row], list[int], int]]:
    """Each run of blocks side by side naming `min_regions` regions or more -> (its rows in
    reading order, the lines inside it that are not rows, amounts per block)."""
    runs: list[tuple[list[Row], list[int], int]] = []
    run, gap = _Run(), []

    def close() -> None:
        nonlocal run
        if any(len(blocks) >= 2 for _, blocks in run.lines) and len(run.codes()) >= min_regions:
            runs.append((run.rows(), run.skipped, run.width))
        run = _Run()

    for number in range(1, len(doc.lines) + 1):
        if blank(doc, number):
            continue
        found = _blocks(doc, number, regions, run.width)
        codes = [code for code, _ in found[1]] if found else []
        if found is None or len(set(codes)) != len(codes):
            gap.append(number)
            if len(gap) > max_gap:
                close()
            continue
        width, blocks = found
        if run.codes() & set(codes):  # a region again: another list begins
            close()
        if run.lines:
            run.skipped += gap
        gap = []
        run.width = run.width or width
        run.lines.append((number, blocks))
    close()
    return runs
