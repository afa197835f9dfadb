"""Evidence for meaning: the printed text behind each metadata field that changes what a number means.

A table's amount kind (payment, frame, ceiling), unit and status, a grant's recipients
(regions, or the municipalities of each county) and the grant that includes it, and a key's
kind (how the money is divided) are not read from the rows: metadata declares them. Each
declaration quotes the source text that supports it, `{ line, text }` (plus `source` when the
text is in another archived source than the table's, and always for a grant), the shape of an
anomaly's or a key's quote. Here each quote is read where it says it stands (the build
refuses one that does not, SB108) and published as a row of `meaning_quotes`; the checks
then hold each quote to its value and each value to the wording around its table
(checks/meaning_supported.sql, checks/meaning_matches_wording.sql).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.text import printed
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:
    from statsbidrag.extract.documents import Document
    from statsbidrag.metadata import Metadata
    from statsbidrag.metadata.models import Quote

# The fields whose value a quote must support, by what they are declared on.
TABLE_FIELDS = ("amount_kind", "status", "unit")
GRANT_FIELDS = ("recipients", "included_in")


def quoted(documents: dict[str, Document], quote: Quote, source: str, what: str, where: str) -> tuple[str, int, str]:
    """(source id, line, text) of a quote, after checking the text stands at its line.

    `source` is the source of the entry the quote belongs to (used when the quote names none);
    `what` says whose quote it is, `where` the metadata file, for the message."""
    source_id = quote.source or source
    doc = documents.get(source_id)
    if doc is None:
        raise SourceError(where, None, f"{what}: a `source` that is an archived source of metadata/sources.toml",
                          repr(source_id), code="SB203")
    line = printed(doc.line(quote.line))
    if quote.text not in line:
        raise SourceError(doc.path, quote.line, f"{what} '{quote.text}' ({where})", f"'{clean(line)[:160]}'",
                          "Correct the quote's line or text: it must be the text as printed on that line.",
                          code="SB108")
    return source_id, quote.line, quote.text


def extract_meaning_quotes(meta: Metadata, documents: dict[str, Document]) -> list[dict]:
    """Rows of the `meaning_quotes` resource: one per quoted field of each table, grant and key."""
    rows = []

    def add(subject: str, subject_id: str, field: str, value: str, quote: Quote | None, source: str,
            where: str) -> None:
        if quote is None:
            return
        source_id, line, text = quoted(documents, quote, source, f"the quote for {field} = {value!r} of "
                                       f"{subject} '{subject_id}'", where)
        rows.append({"subject": subject, "subject_id": subject_id, "field": field, "value": value,
                     "source_id": source_id, "line": line, "quote": text})

    for table in meta.tables:
        for field in TABLE_FIELDS:
            add("table", table.id, field, getattr(table, field), getattr(table, f"{field}_quote"), table.source,
                "metadata/tables.toml")
    for grant in meta.grants:
        for field in GRANT_FIELDS:
            value = getattr(grant, field)
            if value is not None:  # a grant included in no other has nothing to quote
                add("grant", grant.id, field, value, getattr(grant, f"{field}_quote"), "", "metadata/grants.toml")
    source_of = {table.id: table.source for table in meta.tables}
    for key in meta.allocation_keys:
        if key.table is None:  # a claim's key: its quote is published in claim_keys, held to its line there
            continue
        add("allocation_key", key.table, "key_kind", key.kind, key.quote, source_of[key.table],
            "metadata/allocation_keys.toml")
    return rows
