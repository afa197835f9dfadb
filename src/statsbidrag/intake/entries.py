"""What statsbidrag add writes: ids and archive names, and metadata entries as TOML text.

The TOML is written by hand, not by a TOML library: an entry is appended to a file a person
edits, keeping their comments and order, with a comment line above it that says what to review.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from statsbidrag.errors import UsageError

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def slug(text: str, limit: int = 40) -> str:
    """'Del A (tkr)' -> 'del-a-tkr': an id of metadata (lower-case letters, digits, single hyphens)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_ASCII)
    words = re.findall(r"[a-z0-9]+", text)
    out = "-".join(words)[:limit].strip("-")
    return out or "x"


# a document's kind by its file name's ending -> the ending it is archived under
SUFFIXES = {".pdf": ".pdf", ".html": ".html", ".htm": ".html", ".md": ".md", ".markdown": ".md", ".txt": ".txt",
            "": ".txt", ".csv": ".csv", ".json": ".json"}


def archive_name(file: Path) -> str:
    """The name a document is archived under in sources/ (schemas/sources.json `path`):
    'Bilaga 1 (Beslut).PDF' -> 'bilaga-1-beslut.pdf'."""
    suffix = SUFFIXES.get(file.suffix.lower())
    if suffix is None:
        raise UsageError(f"FILE: expected a PDF, HTML, Markdown, text or CSV file, or SCB's JSON-stat download "
                         f"({', '.join(s for s in SUFFIXES if s)}); found {file.name}", code="SB501")
    return slug(file.stem, 60) + suffix


def toml_value(value: object) -> str:
    """A value as TOML writes it: a string quoted as JSON quotes it (TOML's basic strings are the same)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def entry(kind: str, values: dict, comments: list[str] = ()) -> str:  # type: ignore[assignment]
    """An [[kind]] entry of metadata/, its comments above it; a None value is left out."""
    head = "".join(f"# {c}\n" for c in comments)
    body = "".join(f"{key} = {toml_value(value)}\n" for key, value in values.items() if value is not None)
    return f"\n{head}[[{kind}]]\n{body}"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ..., whichever `taken` does not hold yet (it is added to it)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
