"""Finding the per-region tables of a document that metadata does not describe yet.

A table is a run of lines that each print one region (any spelling metadata knows:
statsbidrag.extract.regions.RegionIndex, with metadata/region_spellings.toml) and the same
number of amounts, at least MIN_REGIONS different regions, each once. Two shapes are read:

* one row per line, its cells apart (the generic layout `columns` of extract.layouts: a
  tab, two spaces, a pipe, a tag, or a name and an amount one space apart); lines inside
  the run that are not rows (a heading repeated after a PDF's page break, a footer) are
  listed in `skip`;
* a name on a line of its own and each amount on the next lines (`one_value_per_line`: an
  HTML table with a cell per line, SKR's stacked tables).

Each number column is money or not by its heading and the unit printed with the table; each
fact carries the line and the text it was based on (`Evidence`), so a person (and the
evidence fields of metadata) can see why. Nothing here writes; statsbidrag.intake.draft
turns a FoundTable into metadata and proves it with the extraction.
"""

from __future__ import annotations

import re

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.columns import cells_of, name_text, number_cell
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.extract.text import UNIT_LABELS, find_unit_label
from statsbidrag.intake.blocks import side_by_side_runs
from statsbidrag.intake.money import money_and_unit, row_total, total
from statsbidrag.intake.quotes import cues
from statsbidrag.intake.shapes import Column, Evidence, FoundTable, Row, blank, line_cells, line_text, number_only
from statsbidrag.toolchecks import checks_root

MIN_REGIONS = 15  # fewer named regions is a list that mentions regions, not an allocation table
_MAX_GAP = 12  # non-row lines (a page's footer, the next page's heading) a table may run across
_CONTEXT = 25  # lines above a table read for its caption: unit, amount kind, status, year

_FRAME = re.compile(r"\bram\b|\bramar\b|\bbidragsram|\bkan ansöka\b|\bansöka om\b", re.IGNORECASE)
# money for a county's municipalities ('Medel till kommunerna per län'); read above the table only,
# since a row may name Gotland 'Gotlands kommun'
_MUNICIPALITIES = re.compile(r"\bkommuner(na)?\b|\bkommunernas\b", re.IGNORECASE)
_REGIONS = re.compile(r"\bregion|regionen\b|landsting", re.IGNORECASE)

_YEARS = r"(19[5-9][0-9]|20[0-9]{2})"
_YEAR = re.compile(r"\b" + _YEARS + r"\b")
YEAR_HEADING = re.compile(r"(?:år[ \u00a0]+)?" + _YEARS)  # a column's heading that is its year


def _recipients(doc: Document, table: FoundTable, rows: list[Row], above: list[int]) -> None:
    """The municipalities of each county, when the rows name no region ('Stockholms län') and the
    nearest line above that speaks of regions or municipalities speaks of municipalities only
    ('Medel till kommunerna per län'; not 'stöd till regioner och kommuner'); else the regions."""
    if any(_REGIONS.search(line_text(doc, row.line)) for row in rows):
        return
    for number in above:
        text = line_text(doc, number)
        if _REGIONS.search(text):
            return
        if _MUNICIPALITIES.search(text):
            table.recipients, table.recipients_evidence = "municipalities by county", Evidence(number, text.strip())
            return


def _row(doc: Document, number: int, regions: RegionIndex) -> Row | None:
    """The region row printed on a line, or None. A row printing several cells of text ('Stockholms
    län  Region Stockholm  215 942 447': a county and its region) is one when those that name a
    region all name the same: its name is the first of them (the layout's `name_column`)."""
    cells = line_cells(doc, number)
    numbers = [found for cell in cells if (found := number_cell(cell)) is not None]
    texts = [(i, cell) for i, cell in enumerate(cells) if number_cell(cell) is None]
    if not texts or not numbers:
        return None
    if len(texts) == 1:
        code = regions.find(name_text(texts[0][1]))
        return Row(number, code, numbers) if code else None
    named = [(i, code) for i, cell in texts if (code := regions.find(name_text(cell)))]
    if not named or len({code for _, code in named}) != 1:
        return None
    return Row(number, named[0][1], numbers, name_cell=named[0][0])


def _name_only(doc: Document, number: int, regions: RegionIndex) -> str | None:
    cells = line_cells(doc, number)
    if len(cells) == 1 and number_cell(cells[0]) is None:
        return regions.find(name_text(cells[0]))
    return None


def _row_runs(doc: Document, regions: RegionIndex) -> list[tuple[list[Row], list[int]]]:
    """Runs of region rows with the same count of numbers, each region once -> (rows, the
    non-row lines between them)."""
    runs: list[tuple[list[Row], list[int]]] = []
    rows: list[Row] = []
    gap: list[int] = []
    skipped: list[int] = []

    def close() -> None:
        nonlocal rows, skipped
        if rows:
            runs.append((rows, skipped))
        rows, skipped = [], []

    for number in range(1, len(doc.lines) + 1):
        if blank(doc, number):
            continue
        row = _row(doc, number, regions)
        if row is None:
            gap.append(number)
            if len(gap) > _MAX_GAP:
                close()
            continue
        if rows and (len(row.numbers) != len(rows[0].numbers) or row.name_cell != rows[0].name_cell
                     or row.code in {r.code for r in rows}):
            close()
        if rows:
            skipped += gap
        gap = []
        rows.append(row)
    close()
    return runs


def _stacked_runs(doc: Document, regions: RegionIndex) -> list[tuple[list[Row], int]]:
    """Runs of 'name line, then N number lines' groups -> (rows, N)."""
    lines = [n for n in range(1, len(doc.lines) + 1) if not blank(doc, n)]
    runs: list[tuple[list[Row], int]] = []
    i = 0
    while i < len(lines):
        groups: list[Row] = []
        width = 0
        while i < len(lines) and (code := _name_only(doc, lines[i], regions)) is not None:
            values = []
            j = i + 1
            while j < len(lines) and (found := number_only(doc, lines[j])) is not None:
                values.append((lines[j], found))
                j += 1
            if not values or (width and len(values) != width) or code in {g.code for g in groups}:
                break
            width = len(values)
            groups.append(Row(lines[i], code, [v for _, v in values]))
            i = j
        if len(groups) >= MIN_REGIONS:
            runs.append((groups, width))
        i += 1 if not groups else 0
    return runs


def crowded_lines(doc: Document, regions: RegionIndex) -> list[tuple[int, int]]:
    """(line, how many regions it names) for each line naming MIN_REGIONS regions or more in
    cells of its own: a whole table printed on one line (an HTML page saved without its line
    breaks), which no table can be read from, since each amount is cited by its line."""
    found = []
    for number in range(1, len(doc.lines) + 1):
        cells = line_cells(doc, number)
        if len(cells) < MIN_REGIONS:
            continue
        codes = {code for cell in cells if number_cell(cell) is None and (code := regions.find(name_text(cell)))}
        if len(codes) >= MIN_REGIONS:
            found.append((number, len(codes)))
    return found


def _note_skipped_lines(doc: Document, table: FoundTable, regions: RegionIndex) -> None:
    """What the lines inside the table that are not rows say about the regions it has no row for:
    a region named with no amount ('Region Gotland  –': table.named_without_amount, the reason
    its absence is drafted with), and a line printing a name no list spells and the rows' count
    of amounts (a region the draft would otherwise declare absent: table.unsure)."""
    missing = [regions.names[code] for code in regions.names if code not in table.regions]
    for number in table.skip:
        cells = line_cells(doc, number)
        texts = [cell for cell in cells if number_cell(cell) is None]
        if texts and len(texts) == len(cells) and (code := regions.find(name_text(texts[0]))) is not None \
                and code not in table.regions:
            table.named_without_amount[code] = Evidence(number, " ".join(line_text(doc, number).split()))
        if missing and len(texts) == 1 and len(cells) - 1 == table.numbers:
            table.unsure.append(f"line {number} prints {table.numbers} amount(s) like a row, but '{texts[0]}' is no "
                                f"spelling of a region; the draft declares absent {', '.join(missing)}: if the line "
                                "is one of them, add its spelling to metadata/region_spellings.toml and run add "
                                "again")


# An amount with a minus sign (hyphen, U+2212, en dash) before it, or in brackets as accounts
# print a deduction: a cell of text to the row, so say what it was.
_NEGATIVE = re.compile(r"^(?:[-\u2212\u2013][ \u00a0]?(?P<signed>.+)|\((?P<bracketed>.+)\))$")


def _note_negative_cells(doc: Document, table: FoundTable, rows: list[Row]) -> None:
    """A column of negative amounts (a repayment, a deduction) is not drafted, since an
    allocation is never negative (schemas/allocations.json: minimum 0): say so, with its first
    cell, instead of leaving it out in silence."""
    for row in rows:
        for cell in line_cells(doc, row.line):
            found = _NEGATIVE.match(cell)
            if found and number_cell(found.group("signed") or found.group("bracketed")) is not None:
                table.unsure.append(f"negative amounts ('{cell}', line {row.line}) are not drafted: an allocation "
                                    "is never negative (a repayment or a deduction is not one)")
                return


def find_tables(doc: Document, regions: RegionIndex) -> list[FoundTable]:
    """Every per-region table of the document, in the order printed."""
    found: list[tuple[FoundTable, list[Row]]] = []
    for rows, skipped in _row_runs(doc, regions):
        if len({r.code for r in rows}) >= MIN_REGIONS:
            table = FoundTable("rows", rows[0].line, rows[-1].line, len(rows[0].numbers),
                               {r.code: r.line for r in rows}, skip=sorted(skipped), name_column=rows[0].name_cell)
            _note_skipped_lines(doc, table, regions)
            _note_negative_cells(doc, table, rows)
            found.append((table, rows))
    for rows, skipped, width in side_by_side_runs(doc, regions, MIN_REGIONS, _MAX_GAP):
        lines = [r.line for r in rows]
        found.append((FoundTable("side_by_side", min(lines), max(lines), width, {r.code: r.line for r in rows},
                                 skip=sorted(skipped)), rows))
    for groups, width in _stacked_runs(doc, regions):
        last = _last_value_line(doc, groups[-1].line, width)
        found.append((FoundTable("stacked", groups[0].line, last, width, {g.code: g.line for g in groups}), groups))
    found.sort(key=lambda pair: pair[0].first)
    floor = 0  # a table's caption is read no higher than the end of the table before it
    for table, rows in found:
        _describe(doc, table, rows, floor)
        floor = max(floor, table.last)
    return [table for table, _rows in found]


def _last_value_line(doc: Document, name_line: int, width: int) -> int:
    seen, number = 0, name_line
    while seen < width:
        number += 1
        if not blank(doc, number):
            seen += 1
    return number


def _nonblank_above(doc: Document, number: int, count: int) -> list[int]:
    out: list[int] = []
    while number > 1 and len(out) < count:
        number -= 1
        if not blank(doc, number):
            out.append(number)
    return out


def _headings(doc: Document, table: FoundTable, rows: list[Row]) -> None:
    """Each number column's heading, from the line above the first row (or, for stacked
    tables, the lines above the first name)."""
    k = table.numbers
    above = _nonblank_above(doc, table.first, k + 1)
    headings: list[tuple[str, int] | None] = [None] * k
    if table.shape == "rows" and above:
        line = above[0]
        cells = line_cells(doc, line)
        first = line_cells(doc, table.first)
        numeric = [i for i, c in enumerate(first) if number_cell(c) is not None]
        # a heading line prints text, or years in cells of their own ('Region  2026  2027': a column
        # per year; not the year a caption ends with, 'Medel 2027'); one cell is a caption
        apart = set(cells_of(doc, line))
        if len(cells) >= 2 and not any(number_cell(c) and not (YEAR_HEADING.fullmatch(c) and c in apart)
                                       for c in cells):
            if len(cells) == k:
                headings = [(c, line) for c in cells]
            elif len(cells) == len(first):
                headings = [(cells[i], line) for i in numeric]
            if headings[0] is not None:
                table.header_line = line
    elif table.shape == "side_by_side" and above:
        cells = line_cells(doc, above[0])  # 'Region  Belopp  Region  Belopp': the first block's
        if len(cells) >= 2 * (1 + k) and len(cells) % (1 + k) == 0 and not any(map(number_cell, cells)):
            headings = [(c, above[0]) for c in cells[1:1 + k]]
            table.header_line = above[0]
    elif table.shape == "stacked" and k >= 2 and len(above) >= k:
        lines = sorted(above[:k])
        texts = [line_cells(doc, n) for n in lines]
        if all(len(t) == 1 and number_cell(t[0]) is None for t in texts):
            headings = [(t[0], n) for t, n in zip(texts, lines)]
    for index in range(1, k + 1):
        heading = headings[index - 1]
        table.columns.append(Column(index, heading[0] if heading else None, heading[1] if heading else None,
                                    False, ""))


def _context(doc: Document, before: int, floor: int) -> list[int]:
    """The lines above a table (nearest first) that may be its caption: up to _CONTEXT, and
    none of the table above (`floor`, its last line)."""
    start = max(1, before - _CONTEXT, floor + 1)
    return [n for n in range(before - 1, start - 1, -1) if not blank(doc, n)]


def _search(doc: Document, lines: list[int], pattern: re.Pattern) -> Evidence | None:
    for number in lines:
        text = line_text(doc, number)
        if pattern.search(text):
            return Evidence(number, text.strip())
    return None


def _unit_near(doc: Document, lines: list[int]) -> tuple[str, Evidence] | None:
    """The unit the nearest line that prints a unit label says (its first label)."""
    for number in lines:
        label = find_unit_label(line_text(doc, number))
        if label is not None:
            return UNIT_LABELS[label], Evidence(number, line_text(doc, number).strip())
    return None


_BELOW = 3  # the lines after a table read for a note on its unit
# The lines after a table (after its total row) that meaning_matches_wording reads as near it
# (checks/meaning_matches_wording.sql, last_near; tests/unit/test_layouts.py holds the two equal)
NEAR_AFTER = 2


def _below(doc: Document, table: FoundTable) -> list[int]:
    """The first _BELOW lines that print something after the table's last row (its total row too)."""
    return [n for n in range(table.last + 1, len(doc.lines) + 1) if not blank(doc, n)][:_BELOW]


def _describe(doc: Document, table: FoundTable, rows: list[Row], floor: int) -> None:
    _headings(doc, table, rows)
    top = min([table.first] + [c.heading_line for c in table.columns if c.heading_line])
    context = _context(doc, top, floor)
    # the unit is said above the table, or else in a note right below it ('Beloppen anges i
    # tusentals kronor.'): without it a table in tkr was drafted in kronor
    caption = _unit_near(doc, context)
    if caption is None and (caption := _unit_near(doc, _below(doc, table))) is not None:
        table.unsure.append(f"unit {caption[0]}: read from line {caption[1].line} below the table "
                            f"('{caption[1].text}'), as nothing above it prints a unit: check that it speaks of it")
    header_unit = _unit_near(doc, [table.header_line]) if table.header_line else None
    for column in table.columns:
        money_and_unit(doc, table, column, rows, header_unit, caption)
    total(doc, table)
    row_total(table)
    heading_lines = sorted({c.heading_line for c in table.columns if c.heading_line})
    # the table's rows, then the 2 lines after it (after its total row), last: a row may say it
    # ('Region Skåne kan få högst ...'), and meaning_matches_wording reads them all (not a
    # footnote between rows: it may speak of a part)
    end = max([table.last] + [c.total_line for c in table.money if c.total_line])
    after = range(end + 1, min(end + 1 + NEAR_AFTER, len(doc.lines) + 1))
    near = heading_lines + context + sorted(table.regions.values()) + list(after)
    _amount_kind_and_status(doc, table, near, len(context))
    _recipients(doc, table, rows, heading_lines + context)
    _note_municipalities_near(doc, table, near)
    for number in near + list(range(1, len(doc.lines) + 1)):
        if (match := _YEAR.search(line_text(doc, number))) is not None:
            table.year, table.year_evidence = int(match.group(1)), Evidence(number, line_text(doc, number).strip())
            break


def _note_municipalities_near(doc: Document, table: FoundTable, near: list[int]) -> None:
    """A table drafted for the regions with 'kommunerna' near it: meaning_matches_wording fails it,
    and only a person can say whether the money is the municipalities' (say so; draft no guess)."""
    refuted = cues(checks_root())["recipients", "regions"].refuted_near
    if table.recipients == "regions" and (evidence := _search(doc, near, refuted)) is not None:
        table.unsure.append(f"recipients: line {evidence.line} near the table speaks of the municipalities "
                            f"('{evidence.text[:80]}'), and meaning_matches_wording fails a table for the regions "
                            "then: correct `recipients` if the money is theirs, else document the line in "
                            "metadata/anomalies.toml")


def _amount_kind_and_status(doc: Document, table: FoundTable, near: list[int], above: int) -> None:
    """A ceiling, a frame or a payment, and preliminary or final, by the first line of `near` that
    says so. A ceiling and a preliminary status are the words meaning_matches_wording refuses
    near a payment and a final table (meaning_cues of the tool's checks: one rule for both)."""
    words = cues(checks_root())
    if (evidence := _search(doc, near, words["amount_kind", "payment"].refuted_near)) is not None:
        table.amount_kind, table.amount_kind_evidence = "ceiling", evidence
    elif (evidence := _search(doc, near, _FRAME)) is not None:
        table.amount_kind, table.amount_kind_evidence = "frame", evidence
    else:
        table.unsure.append("amount kind: no word for a ceiling ('högst', 'max', 'upp till') or a frame "
                            f"('ram', 'kan ansöka om') in the {above} lines above the table, in its rows or in "
                            f"the {NEAR_AFTER} lines after it; drafted as a payment")
    if (evidence := _search(doc, near, words["status", "final"].refuted_near)) is not None:
        table.status, table.status_evidence = "preliminary", evidence


