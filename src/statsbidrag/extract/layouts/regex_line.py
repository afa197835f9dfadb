"""Layout regex_line: one row per line, matched whole by the table's `row_regex`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import _STRIP, Layout, RawRow, _nonblank, register
from statsbidrag.metadata.patterns import compile_pattern

if TYPE_CHECKING:
    from statsbidrag.metadata.models import RegionTable

def regex_line(doc: Document, first: int, last: int, columns: int = 1, column: int = 1,
               row_regex: str = "") -> list[RawRow]:
    """One row per line, matched whole by the table's `row_regex` (groups `name` and
    `amount`; other named groups, such as a population or a share column, are matched and
    so checked): 'Region Stockholm 2 374 550 0,23 42 569 204'."""
    pattern = compile_pattern(row_regex)  # RE2: linear time (statsbidrag.metadata.patterns)
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


@register
class RegexLine(Layout):
    name = "regex_line"
    read = staticmethod(regex_line)

    @classmethod
    def total_text(cls, doc: Document, table: RegionTable, number: int, line: str) -> str:
        raise SourceError(doc.path, number, "a `total_regex` (group `amount`) for the total of a regex_line table",
                          "none declared", "Add `total_regex` to the table in metadata/tables.toml.", code="SB203")
