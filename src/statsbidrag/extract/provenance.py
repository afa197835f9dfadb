"""Where a source comes from: its original address and, for an excerpt, the stored copy.

An excerpt (metadata/sources.toml source_kind = "excerpt") begins with a header of
`key: value` lines ended by a line `---`; its `address:` line gives the original page
and its optional `stored copy:` line the repository, branch, commit, path and blob it
was copied from. The declared original_address and stored_copy_* must be what the
header prints (a SourceError naming the line otherwise), so that a typing mistake in
the metadata cannot reach the package. A whole document may name, in `address_at`, a
line of another archived source that prints its address (the index of excerpts
prints two seeds' addresses); its original_address must be the address printed there.

The published columns address_source_id and address_line say where the address is
printed; checks/printed_text_at_lines.sql re-reads it there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.text import printed

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import Source

_HEADER_END = "---"
_URL = re.compile(r"https?://[^\s)>\]]+")
_STORED_COPY = re.compile(r"github:(?P<repo>[^,\s]+), branch (?P<branch>[^,]+), commit (?P<commit>[0-9a-f]{40}), "
                          r"path (?P<path>[^,]+), blob (?P<blob>[0-9a-f]{40})")
_WHERE = "metadata/sources.toml"


def excerpt_header(doc: Document) -> dict[str, tuple[int, str]]:
    """'key: value' lines before the '---' line -> {key: (line, value)}."""
    fields: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(doc.lines, start=1):
        text = printed(line).strip()
        if text == _HEADER_END:
            return fields
        key, colon, value = text.partition(": ")
        if colon:
            fields[key] = (number, value.strip())
    raise SourceError(doc.path, None, "an excerpt's header ('key: value' lines, then a line '---')",
                      "no '---' line", f"Declare the source as source_kind = \"document\" in {_WHERE}, "
                      "or archive the excerpt with its header.", code="SB110")


def _address_at(doc: Document, line: int) -> str:
    match = _URL.search(printed(doc.line(line)))
    if match is None:
        raise SourceError(doc.path, line, "an address (https://...)", f"'{printed(doc.line(line)).strip()[:120]}'",
                          f"Correct the source's `address_at` in {_WHERE}.", code="SB110")
    return match.group(0)


def _agree(source: Source, key: str, declared: str, printed_value: str, doc: Document, line: int) -> None:
    if declared and declared != printed_value:
        raise SourceError(doc.path, line, f"{key} = '{printed_value}' as printed here "
                          f"(source '{source.id}' in {_WHERE})", f"'{declared}' in {_WHERE}",
                          f"Correct `{key}` in {_WHERE}: it must be what the source prints.", code="SB110")


def _stored_copy(source: Source, doc: Document, header: dict[str, tuple[int, str]]) -> dict:
    declared = {k: getattr(source, f"stored_copy_{k}") for k in ("repo", "branch", "commit", "path", "blob")}
    if "stored copy" not in header:
        if any(declared.values()):
            raise SourceError(doc.path, None, "a 'stored copy:' line in the excerpt's header, as "
                              f"stored_copy_* of '{source.id}' in {_WHERE} say", "none", code="SB110")
        return {f"stored_copy_{k}": None for k in declared}
    number, text = header["stored copy"]
    match = _STORED_COPY.search(text)
    if match is None:
        raise SourceError(doc.path, number, "'stored copy: github:owner/name, branch b, commit <40 hex>, "
                          "path p, blob <40 hex>'", f"'{text[:160]}'", code="SB110")
    found = {k: v.strip() for k, v in match.groupdict().items()}
    for key, value in found.items():
        _agree(source, f"stored_copy_{key}", declared[key], value, doc, number)
    return {f"stored_copy_{k}": v for k, v in found.items()}


def provenance(source: Source, documents: dict[str, Document]) -> dict:
    """The provenance columns of the source's row in the `sources` resource."""
    doc = documents[source.id]
    if source.source_kind == "excerpt":
        header = excerpt_header(doc)
        if "address" not in header:
            raise SourceError(doc.path, None, "an 'address: https://...' line in the excerpt's header",
                              f"the keys {', '.join(header) or 'none'}", code="SB110")
        line = header["address"][0]
        address = _address_at(doc, line)
        _agree(source, "original_address", source.original_address, address, doc, line)
        return {"original_address": address, "address_source_id": source.id, "address_line": line,
                **_stored_copy(source, doc, header)}
    # a document's stored copy (a secondary source transcribed from a repository) as declared
    empty_copy = {f"stored_copy_{k}": getattr(source, f"stored_copy_{k}") or None
                  for k in ("repo", "branch", "commit", "path", "blob")}
    if source.address_at is None:
        return {"original_address": source.original_address or None, "address_source_id": None,
                "address_line": None, **empty_copy}
    where = source.address_at
    if where.source not in documents:
        raise SourceError(_WHERE, None, f"source '{source.id}': `address_at` naming an archived source",
                          f"'{where.source}'", code="SB203")
    other = documents[where.source]
    address = _address_at(other, where.line)
    _agree(source, "original_address", source.original_address, address, other, where.line)
    return {"original_address": address, "address_source_id": where.source, "address_line": where.line,
            **empty_copy}
