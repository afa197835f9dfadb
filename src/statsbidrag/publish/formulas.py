"""Text a spreadsheet would run as a formula: refused at build time.

A text value that starts with =, +, - or @ would be run as a formula by Excel, LibreOffice
and Google Sheets when a reader opens the CSV; `refuse_formula_text` refuses it with the
file, line, column and value. Every CSV passes through it before it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import UnsafeTextError

if TYPE_CHECKING:
    from statsbidrag.tableschema.model import TableSchema

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Typed columns: their values are numbers in the CSV, never text a user typed, and a
# negative number legitimately starts with "-". Every other column is text to a spreadsheet.
NUMERIC_TYPES = frozenset({"integer", "number", "year"})


def may_hold_formula_text(csv_text: str) -> bool:
    """False when no cell of a rendered CSV starts like a formula, found at C speed: a cell
    starts after a comma or a line break, or after the quote that opens a quoted cell, so a
    formula prefix can only follow one of those three. True is only a suspicion (a negative
    number, a line break inside a quoted cell): refuse_formula_text then looks closely."""
    if csv_text.startswith(FORMULA_PREFIXES):
        return True
    # a prefix found nowhere (one character: the fastest search) is found after nothing
    return any(before + prefix in csv_text for prefix in FORMULA_PREFIXES if prefix in csv_text
               for before in (",", "\n", '"'))


def refuse_formula_text(schema: TableSchema | dict, records: list, name: str, first: int = 0) -> None:
    """Raise UnsafeTextError for the first text value that starts like a formula.

    `records` are rows of resource `name` in CSV order, from its row `first` + 1 on; the
    CSV line of row i is i + 2 (line 1 is the header).
    """
    from statsbidrag.tableschema.model import as_schema
    schema = as_schema(schema, f"the schema of resources/{name}.csv")
    types = {field.name: field.type for field in schema.fields}
    key = schema.primary_key
    for index, record in enumerate(records, start=first):
        if not isinstance(record, dict):  # a NamedTuple (extract.tables.Allocation)
            record = record._asdict()
        for column, value in record.items():
            if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
                continue  # the common case first: most values are not text starting like a formula
            if types.get(column, "string") in NUMERIC_TYPES:
                continue
            identity = ", ".join(f"{k} {record.get(k)!r}" for k in key if k in record)
            raise UnsafeTextError(
                f"resources/{name}.csv line {index + 2} (row {index + 1}"
                + (f", {identity}" if identity else "") + f"), column '{column}': "
                f"expected text that does not start with =, +, - or @ (a spreadsheet would run it "
                f"as a formula); found {value!r}. Correct the value where it comes from "
                f"(metadata/*.toml or the extraction of the source document).")
