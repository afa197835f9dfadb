"""Extracting every declared table from its source document.

The declarations in metadata/tables.toml say where a table sits; every amount,
total and label comes from the source. A table of kind "regions" must have each of
the 21 regions exactly once: anything else is an extraction error that names the
line, because a table we cannot read completely is a table we cannot publish.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .documents import Document
from .errors import SourceError
from .layouts import READERS, RawRow, markdown_cell
from .regions import RegionIndex
from .text import UNIT_LABELS, clean, find_unit_label, parse_amount, printed, split_unit_suffix

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from .metadata.models import Table


def _amount(doc: Document, line: int, text: str, unit: str, what: str) -> tuple[int, int]:
    try:
        return parse_amount(text, unit)
    except ValueError as reason:
        raise SourceError(doc.path, line, f"{what}: {reason}", f"'{text}'") from None


def _unit_printed(doc: Document, table: Table) -> str:
    line = doc.line(table.unit_line)
    label = find_unit_label(printed(line))
    if label is None:
        raise SourceError(doc.path, table.unit_line, f"a unit label ({', '.join(UNIT_LABELS)})",
                          f"'{clean(line)}'", "Correct `unit_line` in metadata/tables.toml.")
    return label


def _column_header(doc: Document, table: Table) -> str:
    line = printed(doc.line(table.header_line))
    if table.layout == "tab_separated":
        return clean(line.split("\t")[table.column])
    if table.layout == "markdown_table":
        return clean(markdown_cell(doc, table.header_line, table.column, table.columns + 1))
    return clean(line)


def _stated_total(doc: Document, table: Table) -> dict:
    number = table.total_line
    line = printed(doc.line(number))
    if not clean(line):
        raise SourceError(doc.path, number, "the table's stated total", "an empty line",
                          "Correct `total_line` in metadata/tables.toml.")
    qualifier = ""
    if table.total_regex is not None:
        match = re.search(table.total_regex, line)
        if not match:
            raise SourceError(doc.path, number, f"the stated total matching /{table.total_regex}/",
                              f"'{clean(line)[:120]}'", "Correct `total_line` or `total_regex`.")
        text = match.group("amount").strip(" \u00a0")
        qualifier = match.groupdict().get("qualifier") or ""
    elif table.layout == "tab_separated":
        text = line.split("\t")[-1].strip(" \u00a0")
    elif table.layout == "name_value_line":
        text = READERS["name_value_line"](doc, number, number)[0].amount_text
    elif table.layout == "markdown_table":
        text = markdown_cell(doc, number, table.column, table.columns + 1)
    else:
        text = line.strip(" \u00a0\t")
    number_text, _suffix = split_unit_suffix(text)
    sek, _step = _amount(doc, number, number_text, table.unit, "the table's stated total")
    return {"stated_total_text": text, "stated_total_qualifier": qualifier,
            "stated_total_sek": sek, "stated_total_line": number}


def _region_rows(doc: Document, table: Table, raw: list[RawRow], regions: RegionIndex) -> list[dict]:
    rows, seen = [], {}
    for position, row in enumerate(raw, start=1):
        code = regions.code(doc, row.name_line, row.name_text)
        if code in seen:
            raise SourceError(doc.path, row.name_line, f"each region once in table '{table.id}' (check regions_complete)",
                              f"'{row.name_text}' ({code}) again; it is first at line {seen[code]}")
        seen[code] = row.name_line
        if row.unit_text and UNIT_LABELS[row.unit_text] != table.unit:
            raise SourceError(doc.path, row.amount_line, f"amounts in {table.unit} (the table's `unit`)",
                              f"'{row.amount_text} {row.unit_text}' for '{row.name_text}'",
                              "Correct `unit` in metadata/tables.toml.")
        sek, step = _amount(doc, row.amount_line, row.amount_text, table.unit,
                            f"the amount for '{row.name_text}'")
        rows.append({"table_id": table.id, "region_code": code, "row_number": position,
                     "region_text": row.name_text, "region_line": row.name_line,
                     "amount_text": row.amount_text, "amount_sek": sek, "source_line": row.amount_line,
                     "_step": step})
    missing = [f"{regions.names[c]} ({c})" for c in regions.names if c not in seen]
    if missing:
        first, last = table.rows
        raise SourceError(doc.path, first, f"{len(regions.names)} region rows in table '{table.id}' "
                          f"(lines {first}-{last}; check regions_complete)", f"{len(rows)}; missing: {', '.join(missing)}",
                          "Check the source and the table's `rows` range in metadata/tables.toml.")
    return rows


def _breakdown_items(doc: Document, table: Table) -> list[dict]:
    items = []
    for number, item in enumerate(table.item, start=1):
        line = printed(doc.line(item.line))
        match = re.search(item.regex, line)
        if not match:
            raise SourceError(doc.path, item.line, f"an item matching /{item.regex}/",
                              f"'{clean(line)[:120]}'", "Correct the item's `line` or `regex`.")
        unit = UNIT_LABELS[match.group("unit")]
        sek, step = _amount(doc, item.line, match.group("amount"), unit, "the item's amount")
        items.append({"table_id": table.id, "item_number": number, "region_code": table.region,
                      "label": match.group("label"), "amount_text": match.group("amount"),
                      "unit_printed": match.group("unit"), "amount_sek": sek,
                      "rounding_step_sek": step, "source_line": item.line})
    return items


def extract_table(doc: Document, table: Table, regions: RegionIndex) -> tuple[dict, list[dict], list[dict]]:
    """-> (the table's row in `tables`, its allocations, its breakdown items)."""
    rows, items, step = [], [], None
    if table.kind == "regions":
        first, last = table.rows
        options = {"name_column": table.name_column} if table.name_column is not None else {}
        raw = READERS[table.layout](doc, first, last, table.columns, table.column, **options)
        rows = _region_rows(doc, table, raw, regions)
        step = max(row.pop("_step") for row in rows)
    else:
        items = _breakdown_items(doc, table)
        first = min(i["source_line"] for i in items)
        last = max(i["source_line"] for i in items)
    record = {"table_id": table.id, "grant_id": table.grant, "source_id": table.source,
              "kind": table.kind, "status": table.status, "layout": table.layout,
              "first_line": first, "last_line": last, "header_line": table.header_line,
              "column_header": _column_header(doc, table), "unit": table.unit,
              "unit_printed": _unit_printed(doc, table), "unit_line": table.unit_line,
              "rounding_step_sek": step, **_stated_total(doc, table)}
    return record, rows, items
