"""Which number columns of a found table are money, in which unit, and their totals (statsbidrag add).

A column is money when its heading or the unit printed with the table says so, never when its
heading names a count, a share, a population or a code, or it prints each region's county code
or its rank, or its largest amount is too small for a grant (MIN_LARGEST_SEK). Its unit is the
one its heading, its cells, or the nearest caption print (a unit that would give a region more
than MAX_REGION_SEK is refused); a total row right under the table is read per column; a column
headed Summa/Totalt whose rows are the sum of the other money columns' is the whole they are
part of.
"""

from __future__ import annotations

import re

from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.columns import number_cell
from statsbidrag.extract.text import UNIT_LABELS, UNIT_SEK, find_unit_label, scaled_amount
from statsbidrag.intake.shapes import Column, Evidence, FoundTable, Row, blank, line_cells, line_text, number_only

_NOT_MONEY = re.compile(r"invånare|befolkning|folkmängd|antal|andel|procent|%|\bkod\b|länskod|\bnr\b|\brang|"
                        r"personer|patienter|vårdplatser|\bår\b|poäng|index|per capita|/inv|\bst\b", re.IGNORECASE)
_MONEY = re.compile(r"belopp|medel|bidrag|summa|total|fördel|tilldel|ersättning|utbetal|\bram\b|kronor|\bkr\b|"
                    r"sek\b|\bdel\b|stöd|anslag|prestation|tillägg|tkr|mnkr|mkr|msek", re.IGNORECASE)
_ROW_TOTAL = re.compile(r"^\W*(summa|totalt?|sammanlagt|totalsumma)\b", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"^\W*(summa|totalt?|sammanlagt|hela riket|riket|sverige|samtliga( regioner)?|"
                        r"alla regioner|totalsumma)\b", re.IGNORECASE)


def money_and_unit(doc: Document, table: FoundTable, column: Column, rows: list[Row],
                   header_unit: tuple[str, Evidence] | None, caption: tuple[str, Evidence] | None) -> None:
    """Decide whether `column` is money (column.money, column.why) and read its unit and amounts."""
    heading = column.heading or ""
    if any(row.numbers[column.index - 1][1] == "%" for row in rows):
        column.why = f"it prints shares in percent ('{rows[0].numbers[column.index - 1][0]} %'), not money"
        return
    if not _unit(doc, table, column, rows, header_unit, caption):
        return
    if (why := _not_money(column, rows)) is not None:
        column.why = why
        return
    amounts = _in_kronor(rows, column.index, column.unit)
    if column.unit != "SEK" and isinstance(amounts, dict) and max(amounts.values()) > MAX_REGION_SEK:
        # a unit read from a line of prose above ('600 miljoner kronor') while the rows print kronor
        table.unsure.append(f"column {column.index}: read in {column.unit} (line "
                            f"{column.unit_evidence.line if column.unit_evidence else '?'}) a region would get more "
                            f"than {MAX_REGION_SEK} kronor; drafted in kronor (SEK) with no unit line")
        column.unit, column.unit_evidence = "SEK", None
        amounts = _in_kronor(rows, column.index, column.unit)
    if isinstance(amounts, str):
        column.why = amounts
        table.unsure.append(f"column {column.index}: {column.why}; not drafted")
        return
    if max(amounts.values()) < MIN_LARGEST_SEK:
        column.why = (f"its largest amount is {max(amounts.values())} kronor in {column.unit}: no grant gives a region "
                      f"so little (under {MIN_LARGEST_SEK} kronor); kronor per inhabitant, or a unit the table does "
                      "not print (tkr, Mkr)? If it is money, describe it by hand with its unit")
        return
    column.amounts = amounts
    column.money, column.rows_sek = True, sum(amounts.values())
    column.why = (f"heading '{heading}'" if heading else "no heading") + \
        (f", unit {column.unit} (line {column.unit_evidence.line})" if column.unit_evidence else "")


def _unit(doc: Document, table: FoundTable, column: Column, rows: list[Row],
          header_unit: tuple[str, Evidence] | None, caption: tuple[str, Evidence] | None) -> bool:
    """Set the column's unit and its evidence; False (column.why says why) when nothing says money."""
    heading = column.heading or ""
    labels = {row.numbers[column.index - 1][1] for row in rows} - {""}
    own = find_unit_label(heading) if heading else None
    if heading and _NOT_MONEY.search(heading) and not own:
        column.why = f"its heading '{heading}' (line {column.heading_line}) names no money"
        return False
    if own is not None and header_unit is not None and UNIT_LABELS[own] == header_unit[0]:
        column.unit, column.unit_evidence = header_unit
    elif labels:
        column.unit = UNIT_LABELS[sorted(labels)[0]]
        column.unit_evidence = Evidence(table.first, line_text(doc, table.first).strip())
        if len({UNIT_LABELS[x] for x in labels}) > 1:
            table.unsure.append(f"column {column.index}: rows print different units ({', '.join(sorted(labels))})")
    elif caption is not None:
        column.unit, column.unit_evidence = caption
    elif own is not None:
        column.unit = UNIT_LABELS[own]
        table.unsure.append(f"column {column.index}: the unit '{own}' is in its heading, but the heading line "
                            "prints another unit first; no unit line drafted")
    elif heading and _MONEY.search(heading):
        table.unsure.append(f"column {column.index}: no unit printed; read as kronor (SEK)")
    else:
        column.why = ("no unit printed with the table and " +
                      (f"its heading '{heading}' names no money" if heading else "no heading"))
        return False
    return True


def _not_money(column: Column, rows: list[Row]) -> str | None:
    """Why a column with a unit is still not an allocation: codes, ranks, an amount per inhabitant."""
    heading = column.heading or ""
    values = [row.numbers[column.index - 1][0] for row in rows]
    if all(v.isdigit() for v in values) and (
            [int(v) for v in values] == [int(row.code) for row in rows]
            or sorted(int(v) for v in values) == list(range(1, len(rows) + 1))):
        return "it prints each region's county code or its rank, not money"
    if heading and _NOT_MONEY.search(heading) and re.search(r"per inv|/inv|per capita", heading, re.IGNORECASE):
        return f"its heading '{heading}' is an amount per inhabitant, not an allocation"
    return None


# More than any region gets from one grant (the largest, the pharmaceutical-benefits agreement,
# is some 30 billion kronor a year for all 21): a unit that makes an amount larger is wrong.
MAX_REGION_SEK = 50_000_000_000
# Less than the largest region gets from any grant: a column whose largest amount is smaller is
# kronor per inhabitant, or printed in a unit the table does not say ('215,9' for 215,9 Mkr).
MIN_LARGEST_SEK = 10_000


def _in_kronor(rows: list[Row], index: int, unit: str) -> dict[str, int] | str:
    """Each row's amount in column `index` in kronor, or why one cannot be read in `unit`."""
    amounts = {}
    for row in rows:
        try:
            amounts[row.code], _step = scaled_amount(row.numbers[index - 1][0], UNIT_SEK[unit])
        except ValueError:
            return f"'{row.numbers[index - 1][0]}' (line {row.line}) is not a whole number of kronor in {unit}"
    return amounts


def total(doc: Document, table: FoundTable) -> None:
    """The total row printed right after the table, if any: one amount, or one per column; a
    table of rows may print it right above its first row instead ('Totalt  937 000 000')."""
    after = [n for n in range(table.last + 1, min(len(doc.lines), table.last + 6) + 1) if not blank(doc, n)]
    before = [n for n in range(table.first - 1, max(table.first - 4, 0), -1) if not blank(doc, n)]
    if table.shape in ("rows", "side_by_side"):
        for line in after[:1] + before[:1]:
            if _total_row(doc, table, line):
                return
        return
    if not after:
        return
    line = after[0]
    cells = line_cells(doc, line)
    texts = [c for c in cells if number_cell(c) is None]
    if len(texts) == 1 and len(cells) == 1 and _TOTAL_ROW.match(texts[0]):
        values = [n for n in after[1:table.numbers + 1] if number_only(doc, n) is not None]
        if len(values) == table.numbers:
            for column in table.money:
                found = number_only(doc, values[column.index - 1])
                assert found is not None
                _set_total(table, column, values[column.index - 1], found[0])


def _total_row(doc: Document, table: FoundTable, line: int) -> bool:
    """Whether `line` is a total row of the table of rows (a total label, one amount or one per
    column); if it is, each money column's total is set from it."""
    cells = line_cells(doc, line)
    texts = [c for c in cells if number_cell(c) is None]
    numbers = [found for c in cells if (found := number_cell(c)) is not None]
    if len(texts) != 1 or not _TOTAL_ROW.match(texts[0]) or len(numbers) not in (1, table.numbers):
        return False
    for column in table.money:
        text = numbers[0 if len(numbers) == 1 else column.index - 1][0]
        if len(numbers) == 1 and len(table.money) > 1 and column.index != table.money[-1].index:
            continue  # one total for several columns: the last column's (a Summa) if any
        _set_total(table, column, line, text)
    return True


def _set_total(table: FoundTable, column: Column, line: int, text: str) -> None:
    try:
        sek, step = scaled_amount(text, UNIT_SEK[column.unit])
    except ValueError:
        table.unsure.append(f"column {column.index}: the total '{text}' (line {line}) cannot be read")
        return
    column.total_line, column.total_sek = line, sek
    if column.rows_sek is not None and 2 * abs(column.rows_sek - sek) > step * (len(table.regions) + 1):
        table.unsure.append(f"column {column.index}: the rows add up to {column.rows_sek} kronor, the total printed "
                            f"at line {line} says {sek}")


# a column of part of another ('Totalt  varav prestationsbaserat'): 'varav' is 'of which'
_PART_OF = re.compile(r"^\W*varav\b", re.IGNORECASE)


def _part_of(table: FoundTable) -> None:
    """Leave out each money column headed 'varav': drafted as a grant of its own, its money would be
    counted twice (grant_series, region_year_totals), and `included_in` declares parts that add up
    to their whole (row_parts_sum_to_row_total), which 'of which' parts need not."""
    for column in table.money:
        if column.heading and _PART_OF.match(column.heading) and column.index > 1:
            column.money = False
            column.why = (f"its heading '{column.heading}' (line {column.heading_line}) makes it part of column "
                          f"{column.index - 1} ('of which'), a part that need not add up to it: not drafted "
                          "(as a grant of its own its money would be counted twice)")


def row_total(table: FoundTable) -> None:
    """A money column headed Summa/Totalt whose rows are the sum of the other money columns'.
    A column headed 'varav' ('of which') is part of the money column before it, a part that
    need not make up the whole: it is not drafted (see _part_of)."""
    _part_of(table)
    money = table.money
    if len(money) < 3:
        return
    for whole in money:
        if whole.heading and _ROW_TOTAL.match(whole.heading):
            parts = [c for c in money if c is not whole]
            if all(whole.amounts.get(code) == sum(p.amounts.get(code, 0) for p in parts) for code in table.regions):
                table.whole = whole.index
            else:
                table.unsure.append(f"column {whole.index} ('{whole.heading}') is headed as a row total, but the "
                                    "other columns do not add up to it in every row; drafted as a grant of its own")
            return
