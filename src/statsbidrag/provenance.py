"""Where a source comes from: its original address and, for an excerpt, the stored copy.

An excerpt (metadata/sources.toml kind = "excerpt") begins with a header of
`key: value` lines ended by a line `---`; its `address:` line gives the original
page and its optional `stored copy:` line the repository, commit, path and blob it
was copied from. These are read here by code, never typed. A whole document may
name a line of another archived source that states its address (`address = {
source = "...", line = N }`: the index of excerpts states two seeds' addresses).
"""

from __future__ import annotations

import re

from .documents import Document
from .errors import SourceError
from .text import printed

_HEADER_END = "---"
_URL = re.compile(r"https?://[^\s)>\]]+")
_STORED_COPY = re.compile(r"github:(?P<repository>[^,\s]+), branch [^,]+, commit (?P<commit>[0-9a-f]{40}), "
                          r"path (?P<path>[^,]+), blob (?P<blob>[0-9a-f]{40})")
_NO_COPY = {"stored_copy_repository": None, "stored_copy_commit": None, "stored_copy_path": None,
            "stored_copy_blob": None}


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
    raise SourceError(doc.path, None, "an excerpt header ('key: value' lines, then a line '---')",
                      "no '---' line", "Declare the source as kind = \"document\", or archive the excerpt "
                      "with its header.")


def _address_at(doc: Document, line: int) -> str:
    match = _URL.search(printed(doc.line(line)))
    if match is None:
        raise SourceError(doc.path, line, "an address (https://...)", f"'{printed(doc.line(line)).strip()[:120]}'",
                          "Correct the source's `address` line in metadata/sources.toml.")
    return match.group(0)


def provenance(source: dict, documents: dict[str, Document]) -> dict:
    """The provenance columns of the source's row in the `sources` resource."""
    doc = documents[source["id"]]
    if source["kind"] == "excerpt":
        header = excerpt_header(doc)
        if "address" not in header:
            raise SourceError(doc.path, None, "an 'address: https://...' line in the excerpt's header",
                              f"the keys {', '.join(header) or 'none'}")
        line = header["address"][0]
        copy = dict(_NO_COPY)
        if "stored copy" in header:
            number, text = header["stored copy"]
            match = _STORED_COPY.search(text)
            if match is None:
                raise SourceError(doc.path, number, "'stored copy: github:owner/name, branch b, commit <40 hex>, "
                                  "path p, blob <40 hex>'", f"'{text[:160]}'")
            copy = {f"stored_copy_{k}": v.strip() for k, v in match.groupdict().items()}
        return {"original_address": _address_at(doc, line), "address_source_id": source["id"],
                "address_line": line, **copy}
    where = source.get("address")
    if not where:
        return {"original_address": None, "address_source_id": None, "address_line": None, **_NO_COPY}
    if where.get("source") not in documents:
        raise SourceError("metadata/sources.toml", None, f"source '{source['id']}': `address` naming an "
                          "archived source and a line", f"{where!r}")
    return {"original_address": _address_at(documents[where["source"]], where["line"]),
            "address_source_id": where["source"], "address_line": where["line"], **_NO_COPY}
