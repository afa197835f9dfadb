"""Extracting every declared table from its source document.

The declarations in metadata/tables.toml say where a table sits; every amount,
total and label comes from the source. A table of kind "regions" must have each
region it covers exactly once, and every region it does not cover must be declared
absent with a reason (`absent`): anything else is an extraction error that names the
line, because a table we cannot read as declared is a table we cannot publish.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts import RawRow, layout
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.extract.text import (
    UNIT_EXAMPLES,
    UNIT_LABELS,
    UNIT_SEK,
    find_unit_label,
    parse_amount,
    printed,
    scaled_amount,
    split_unit_suffix,
)
from statsbidrag.metadata.names import clean
from statsbidrag.metadata.patterns import compile_pattern

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import BreakdownTable, RegionTable, Table


class Allocation(NamedTuple):
    """One region's amount in one table: a row of resources/allocations.csv, its fields in
    the schema's column order (publish.render holds them to schemas/allocations.json). A
    tuple, not a dict: a large package makes a million of them (a third of the memory)."""
    table_id: str
    region_code: str
    row_number: int
    region_text: str
    region_line: int
    amount_text: str
    amount_sek: int
    source_line: int


# Allocation(*values) without the Python-level __new__ of a NamedTuple (a million calls)
_allocation = partial(tuple.__new__, Allocation)


def _amount(doc: Document, line: int, text: str, unit: str, what: str, *names: str) -> tuple[int, int]:
    """The amount in kronor and its rounding step; `what`.format(*names) says in the error
    what the amount is (formatted only then: this runs for every row)."""
    try:
        return parse_amount(text, unit)
    except ValueError as reason:
        raise SourceError(doc.path, line, f"{what.format(*names)}: {reason}", f"'{text}'", code="SB105") from None


def _unit_printed(doc: Document, table: Table) -> str | None:
    if table.unit_line is None:  # the source prints no unit: the declared unit stands alone
        return None
    line = doc.line(table.unit_line)
    label = find_unit_label(printed(line))
    if label is None:
        raise SourceError(doc.path, table.unit_line,
                          f"a unit label ({UNIT_EXAMPLES}; every spelling: statsbidrag.extract.text.UNIT_LABELS)",
                          f"'{clean(line)}'", "Correct `unit_line` in metadata/tables.toml.", code="SB108")
    return label


def _column_header(doc: Document, table: Table) -> str | None:
    if table.header_line is None:  # the table prints no column heading
        return None
    line = printed(doc.line(table.header_line))
    if table.header_regex is not None:
        match = compile_pattern(table.header_regex).search(line)
        if not match:
            raise SourceError(doc.path, table.header_line, f"the column header matching /{table.header_regex}/",
                              f"'{clean(line)[:120]}'", "Correct `header_line` or `header_regex`.", code="SB108")
        return clean(match.group("header"))
    if table.kind == "regions":
        return layout(table.layout).header(doc, table, line)
    return clean(line)


_NO_TOTAL = {"total_printed": False, "stated_total_text": None, "stated_total_qualifier": None,
             "stated_total_sek": None, "stated_total_line": None}


def _stated_total(doc: Document, table: Table) -> dict:
    if table.total_line is None:  # the source prints no total: recorded, left empty
        return dict(_NO_TOTAL)
    number = table.total_line
    line = printed(doc.line(number))
    if not clean(line):
        raise SourceError(doc.path, number, "the table's stated total", "an empty line",
                          "Correct `total_line` in metadata/tables.toml.", code="SB108")
    qualifier = ""
    if table.total_regex is not None:
        match = compile_pattern(table.total_regex).search(line)
        if not match:
            raise SourceError(doc.path, number, f"the stated total matching /{table.total_regex}/",
                              f"'{clean(line)[:120]}'", "Correct `total_line` or `total_regex`.", code="SB108")
        text = match.group("amount").strip(" \u00a0")
        qualifier = match.groupdict().get("qualifier") or ""
    elif table.kind == "regions":
        text = layout(table.layout).total_text(doc, table, number, line)
    else:
        text = line.strip(" \u00a0\t")
    number_text, _suffix = split_unit_suffix(text)
    sek, _step = _amount(doc, number, number_text, table.unit, "the table's stated total")
    return {"total_printed": True, "stated_total_text": text, "stated_total_qualifier": qualifier,
            "stated_total_sek": sek, "stated_total_line": number}


def _absences(table: Table, regions: RegionIndex) -> dict[str, str]:
    """The regions the table declares it has no row for -> why (`absent` in metadata/tables.toml)."""
    absent: dict[str, str] = {}
    for entry in table.absent:
        if entry.region not in regions.names or entry.region in absent:
            raise SourceError("metadata/tables.toml", None, f"table '{table.id}': each `absent` region a "
                              "region code of metadata/regions.toml, once", f"'{entry.region}'", code="SB203")
        absent[entry.region] = " ".join(entry.reason.split())
    return absent


def _region_rows(doc: Document, table: RegionTable, raw: list[RawRow], regions: RegionIndex,
                 absent: dict[str, str]) -> tuple[list[Allocation], int | None]:
    """-> (the table's allocations, its rounding step: the largest of its amounts')."""
    rows: list[Allocation] = []
    seen: dict[str, int] = {}
    scale, step, table_id = UNIT_SEK[table.unit], 0, table.id
    # This loop runs for every region row of every table: fields are unpacked, not looked up.
    for position, row in enumerate(raw, start=1):
        name_text, name_line, amount_text, amount_line, unit_text = row
        code, name = regions.resolve(doc, name_line, name_text)
        if code in seen or code in absent or unit_text:
            _refuse_row(doc, table, row, code, seen, absent, regions)
        seen[code] = name_line
        try:  # scaled_amount, not _amount: the error text is made only on error
            sek, row_step = scaled_amount(amount_text, scale)
        except ValueError:
            sek, row_step = _amount(doc, amount_line, amount_text, table.unit, "the amount for '{}'", name_text)
        if row_step > step:
            step = row_step
        rows.append(_allocation((table_id, code, position, name, name_line, amount_text, sek, amount_line)))
    missing = [f"{regions.names[c]} ({c})" for c in regions.names if c not in seen and c not in absent]
    if missing:
        first, last = table.rows
        raise SourceError(doc.path, first, f"{len(regions.names) - len(absent)} region rows in table '{table.id}' "
                          f"(lines {first}-{last}; check regions_complete)",
                          f"{len(rows)}; missing: {', '.join(missing)}",
                          "Check the source and the table's `rows` range in metadata/tables.toml; a region "
                          "the table has no row for is declared in its `absent`, with the reason.", code="SB107")
    return rows, (step if rows else None)


def _refuse_row(doc: Document, table: Table, row: RawRow, code: str, seen: dict[str, int],
                absent: dict[str, str], regions: RegionIndex) -> None:
    """Raise for a region row printed twice or declared absent, or one whose printed unit is
    not the table's; return for a row with a unit label that agrees."""
    if code in seen:
        raise SourceError(doc.path, row.name_line,
                          f"each region once in table '{table.id}' (check regions_complete)",
                          f"'{row.name_text}' ({code}) again; it is first at line {seen[code]}", code="SB107")
    if code in absent:
        raise SourceError(doc.path, row.name_line, f"no row for {regions.names[code]} ({code}): table "
                          f"'{table.id}' declares it absent ({absent[code]})", f"'{row.name_text}'",
                          "Remove the region from the table's `absent` in metadata/tables.toml, "
                          "or correct its `rows` range.", code="SB107")
    if UNIT_LABELS[row.unit_text] != table.unit:
        raise SourceError(doc.path, row.amount_line, f"amounts in {table.unit} (the table's `unit`)",
                          f"'{row.amount_text} {row.unit_text}' for '{row.name_text}'",
                          "Correct `unit` in metadata/tables.toml.", code="SB109")


# An amount more than this many times its column's median is a row read across two printed
# numbers ('84 725 537 111 301' for '84 725 537'), not a region's money: the largest region
# gets some forty times the smallest's by population, and a misread amount is a thousand
# times too large or more.
IMPLAUSIBLE_TIMES_MEDIAN = 1000


def _plausible(doc: Document, table: RegionTable | BreakdownTable, rows: list[Allocation],
               stated_total: int | None) -> None:
    """Refuse (SB111, naming the row's line) an amount larger than the table's stated total, or
    more than IMPLAUSIBLE_TIMES_MEDIAN times the median of its column."""
    if not rows:
        return
    amounts = sorted(row.amount_sek for row in rows)
    median = amounts[len(amounts) // 2]
    for row in rows:
        if stated_total is not None and row.amount_sek > stated_total:
            reason = f"at most the table's stated total, {stated_total} kronor (line {table.total_line})"
        elif len(rows) >= 5 and median > 0 and row.amount_sek > IMPLAUSIBLE_TIMES_MEDIAN * median:
            reason = f"at most {IMPLAUSIBLE_TIMES_MEDIAN} times the median of the column ({median} kronor)"
        else:
            continue
        raise SourceError(doc.path, row.source_line, f"an amount for '{row.region_text}' in table '{table.id}' "
                          f"{reason}", f"'{row.amount_text}' read as {row.amount_sek} kronor",
                          "The row is read across two printed numbers: correct the table's layout, `columns` or "
                          "`row_regex` in metadata/tables.toml.", code="SB111")


def _breakdown_items(doc: Document, table: BreakdownTable) -> list[dict]:
    items = []
    for number, item in enumerate(table.item, start=1):
        line = printed(doc.line(item.line))
        match = compile_pattern(item.regex).search(line)
        if not match:
            raise SourceError(doc.path, item.line, f"an item matching /{item.regex}/",
                              f"'{clean(line)[:120]}'", "Correct the item's `line` or `regex`.", code="SB108")
        unit = UNIT_LABELS[match.group("unit")]
        sek, step = _amount(doc, item.line, match.group("amount"), unit, "the item's amount")
        items.append({"table_id": table.id, "item_number": number, "region_code": table.region,
                      "label": match.group("label"), "amount_text": match.group("amount"),
                      "unit_printed": match.group("unit"), "amount_sek": sek,
                      "rounding_step_sek": step, "source_line": item.line})
    return items


def _reader_options(table: RegionTable) -> dict:
    options: dict[str, int | str | tuple[int, ...]] = {}
    if table.name_column is not None:
        options["name_column"] = table.name_column
    if table.row_regex is not None:
        options["row_regex"] = table.row_regex
    if table.skip:
        options["skip"] = tuple(table.skip)
    return options


def extract_table(doc: Document, table: Table,
                  regions: RegionIndex) -> tuple[dict, list[Allocation], list[dict], list[dict]]:
    """-> (the table's row in `tables`, its allocations, its breakdown items, its absences)."""
    rows: list[Allocation] = []
    items: list[dict] = []
    absences: list[dict] = []
    step: int | None = None
    if table.kind == "regions":
        first, last = table.rows
        absent = _absences(table, regions)
        raw = layout(table.layout).read(doc, first, last, table.columns, table.column, **_reader_options(table))
        rows, step = _region_rows(doc, table, raw, regions, absent)
        absences = [{"table_id": table.id, "region_code": code, "reason": reason}
                    for code, reason in sorted(absent.items())]
        covered = len(regions.names) - len(absent)
    else:
        items = _breakdown_items(doc, table)
        first = min(i["source_line"] for i in items)
        last = max(i["source_line"] for i in items)
        covered = 1
    stated = _stated_total(doc, table)
    _plausible(doc, table, rows, stated["stated_total_sek"])
    unit_printed = _unit_printed(doc, table)
    record = {"table_id": table.id, "grant_id": table.grant, "source_id": table.source,
              "kind": table.kind, "status": table.status, "amount_kind": table.amount_kind,
              "layout": table.layout, "first_line": first, "last_line": last, "regions_covered": covered,
              "header_line": table.header_line, "column_header": _column_header(doc, table),
              "unit": table.unit, "unit_printed": unit_printed, "unit_line": table.unit_line,
              "rounding_step_sek": step, **stated}
    return record, rows, items, absences
