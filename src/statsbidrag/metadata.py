"""The declared metadata in metadata/*.toml: regions, sources, grants, tables.

Nothing in these files is an amount; they say what a document is and where its
tables sit. This module only reads them and refuses incomplete entries.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError


@dataclass(frozen=True)
class Metadata:
    package: dict
    regions: list[dict]
    sources: list[dict]
    families: list[dict]
    grants: list[dict]
    tables: list[dict]


_REQUIRED = {
    "region": ["code", "iso", "short_name", "official_name", "county_name", "aliases"],
    "source": ["id", "path", "kind", "sha256", "title", "publisher", "document_type",
               "date_published", "language", "original_file_name"],
    "family": ["id", "title", "description"],
    "grant": ["id", "family", "year", "title", "agreement", "recipients", "basis"],
    "table": ["id", "source", "grant", "kind", "status", "amount_kind", "layout", "unit"],
}


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(str(path), None, "a metadata file", "no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(str(path), None, "valid TOML", str(error)) from None


def _entries(root: Path, file: str, key: str) -> list[dict]:
    path = root / "metadata" / file
    entries = read_toml(path).get(key, [])
    for entry in entries:
        missing = [k for k in _REQUIRED[key] if k not in entry]
        if missing:
            name = entry.get("id") or entry.get("code") or "?"
            raise SourceError(f"metadata/{file}", None, f"[[{key}]] '{name}' to set {', '.join(missing)}",
                              "the key(s) missing", "Add them (see the comment at the top of the file).")
    return entries


def load(root: Path) -> Metadata:
    return Metadata(
        package=read_toml(root / "metadata" / "package.toml"),
        regions=_entries(root, "regions.toml", "region"),
        sources=_entries(root, "sources.toml", "source"),
        families=_entries(root, "grants.toml", "family"),
        grants=_entries(root, "grants.toml", "grant"),
        tables=_entries(root, "tables.toml", "table"),
    )
