"""Rendering the resources as CSV and datapackage.json, and publishing them.

Everything is rendered in memory first; files are written only when the whole
build has succeeded, and only files whose bytes change are touched. So a failed
build leaves the previous outputs intact and a rebuild of an unchanged tree writes
nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.errors import StatsbidragError
from statsbidrag.paths import write_atomic
from statsbidrag.tableschema.model import TableSchema, as_schema, read_schema
from statsbidrag.tableschema.resources import RESOURCE_ORDER, resource_path, schema_path

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import PackageFile

# Data Package v2: the package names its profile in `$schema` (v2 removed `profile`), and
# each resource says it is a table with `type: "table"`.
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def load_schema(root: Path, name: str) -> TableSchema:
    return read_schema(root, schema_path(name))


def _cells(record: dict | tuple) -> list:
    """A record's values as CSV cells: booleans as the Table Schema spells them (true,
    false); None is written empty by the csv module. Inlined: it runs for every value."""
    values = record.values() if isinstance(record, dict) else record
    return [("true" if v else "false") if v.__class__ is bool else v for v in values]


def _rows(schema: TableSchema, records: list[Any]) -> Iterable[Iterable[Any]]:
    """The records' values as CSV rows. A resource without a boolean field skips _cells:
    an integer, a text or None is written as it is, and a NamedTuple record is a row."""
    if any(field.type == "boolean" for field in schema.fields):
        return map(_cells, records)
    return records if records and records[0].__class__ is not dict else map(dict.values, records)


def _refuse_other_fields(records: list, columns: list[str], name: str) -> None:
    """The records are all dicts with the schema's columns as their keys, in order, or all
    of one NamedTuple class (extract.tables.Allocation) with them as its fields: so their
    values are the row. Anything else is a programming error."""
    keys = tuple(columns)
    kind = records[0].__class__ if records else dict
    if kind is not dict and getattr(kind, "_fields", None) != keys:
        _wrong_fields(list(getattr(kind, "_fields", [kind.__name__])), columns, name)
    for record in records:
        if record.__class__ is not kind or (kind is dict and tuple(record) != keys):
            _wrong_fields(list(record) if isinstance(record, dict) else [type(record).__name__], columns, name)


def _wrong_fields(fields: list[str], columns: list[str], name: str) -> None:
    raise StatsbidragError(f"resource '{name}': record fields {fields} do not match "
                           f"{schema_path(name)} columns {columns}", code="SB303")


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# Rows rendered at a time: the CSV text of one chunk is scanned for formula text, and with
# consume=True its records are let go, before the next chunk is made.
CHUNK_ROWS = 50_000


def render_csv(schema: TableSchema | dict, records: list, name: str, consume: bool = False) -> bytes:
    """CSV in the schema's column order; a record with other fields is a programming error.
    With `consume` the records are let go as they are written, and `records` ends empty (a
    million records and their CSV are not held together)."""
    schema = as_schema(schema, schema_path(name))
    columns = schema.names
    _refuse_other_fields(records, columns, name)
    from statsbidrag.publish.formulas import may_hold_formula_text, refuse_formula_text
    parts = [_csv_text([columns]).encode("utf-8")]
    for start in range(0, len(records), CHUNK_ROWS):
        chunk = records[start:start + CHUNK_ROWS]
        text = _csv_text(_rows(schema, chunk))
        # text a spreadsheet would run is refused (looked for value by value only where it may be)
        if may_hold_formula_text(text):
            refuse_formula_text(schema, chunk, name, start)
        parts.append(text.encode("utf-8"))
        if consume:
            records[start:start + len(chunk)] = [None] * len(chunk)
    if consume:
        records.clear()
    return b"".join(parts)


def _descriptor_source(source: dict) -> dict:
    """A `sources` entry of datapackage.json: the original's address where one is known
    (so a reader can open it), else a description saying that none is known."""
    entry = {"title": source["title"]}
    if source["original_address"]:
        entry["path"] = source["original_address"]
    else:
        entry["description"] = "No original address is known: the document does not print one."
    entry["description"] = " ".join(filter(None, [entry.get("description"),
                                                  f"Archived copy: {source['path']} (sha256 {source['sha256']})."]))
    return entry


def package_id(name: str, version: str) -> str:
    """A globally unique, stable identifier of this version of the package (a UUID derived
    from its name and version, so every rebuild gives the same one)."""
    import uuid
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://datapackage.org/packages/{name}/{version}"))


def render_descriptor(meta: PackageFile, csv_bytes: dict[str, bytes], sources: list[dict], created: str) -> bytes:
    """datapackage.json; `created` is the version's release date from CHANGELOG.md (never the clock)."""
    from statsbidrag._version import __version__  # the one place the version is written
    resources = []
    for name in RESOURCE_ORDER:
        data = csv_bytes[name]
        info = meta.resources[name]
        resources.append({
            "name": name, "type": "table", "path": resource_path(name),
            "title": info.title, "description": info.description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": schema_path(name),
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        })
    descriptor = {
        "$schema": PROFILE,
        "id": package_id(meta.name, __version__),
        "name": meta.name, "title": meta.title, "description": meta.description,
        "version": __version__, "created": created, "keywords": meta.keywords,
        "licenses": [x.model_dump() for x in meta.license],
        "contributors": [x.model_dump() for x in meta.contributor],
        "homepage": meta.homepage,
        "sources": [_descriptor_source(s) for s in sources],
        "resources": resources,
    }
    if not descriptor["homepage"]:  # metadata/package.toml has none yet: no empty property
        del descriptor["homepage"]
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def publish(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write each file whose bytes differ (temp file + atomic rename); -> changed paths.

    datapackage.json is written last so a reader never sees a descriptor whose hashes
    describe files not yet written.
    """
    changed = []
    ordered = sorted(files, key=lambda p: (p == "datapackage.json", p))
    for rel in ordered:
        target = root / rel
        if target.is_file() and target.read_bytes() == files[rel]:
            continue
        write_atomic(target, files[rel])
        changed.append(rel)
    return changed
