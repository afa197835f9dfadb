"""Frictionless's validation of the package, compiled: reading the CSVs into DuckDB and
reporting what `frictionless validate --type package` reports, at DuckDB's speed.

    problems = load_resources(con, root)     # raw_<resource> tables + file-level errors

What Frictionless checks, and where it is done here:

  * the descriptor's own metadata (JSON types of its properties, the Table Schemas):
    `unsupported` accepts only a descriptor of the shape `statsbidrag build` writes and
    schemas using the rules statsbidrag.tableschema.to_sql compiles; anything else is handed to
    Frictionless itself (statsbidrag.check.runner), so nothing goes unchecked;
  * bytes and hash of each file (byte-count, hash-count), a missing file (scheme-error),
    an empty one (source-error), bytes that are not UTF-8 (encoding-error, also reported
    for every resource whose foreign keys read that one, as Frictionless does);
  * the header against the schema (blank-label, duplicate-label, incorrect-label,
    missing-label, extra-label) and each row's cells against the header (extra-cell,
    missing-cell, blank-row), with Frictionless's row numbers (the header is row 1; a
    quoted line break does not start a row);
  * each cell's type and constraints, unique fields, primary and foreign keys: SQL
    compiled from the schemas (statsbidrag.tableschema.to_sql), over raw_<resource>.

A CSV of DUCKDB_MIN_BYTES or more is read by DuckDB's read_csv when its bytes are plain (UTF-8, LF line endings, quote
characters only around whole fields) and DuckDB returns exactly one row per line; otherwise, and whenever
its header differs from the schema, by Python's csv module, the reader Frictionless
uses, so a malformed file is read exactly as Frictionless reads it.
tests/slow/test_differential.py proves the claim on a corpus of broken packages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from statsbidrag.errors import StatsbidragError
from statsbidrag.tableschema.model import read_descriptor_json
from statsbidrag.tableschema.to_sql import CONSTRAINTS, TYPES, insert, literal, quote

if TYPE_CHECKING:
    import duckdb

PACKAGE_KEYS = {"$schema": str, "id": str, "name": str, "title": str, "description": str,
                "version": str, "created": str, "keywords": list, "licenses": list, "contributors": list,
                "sources": list, "resources": list}
# Profiles Frictionless would otherwise fetch: only the ones the build writes.
PACKAGE_VALUES = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"}
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
RESOURCE_KEYS = {"name": str, "type": str, "path": str, "title": str, "description": str,
                 "format": str, "mediatype": str, "encoding": str, "schema": str, "bytes": int, "hash": str}
RESOURCE_VALUES = {"type": "table", "format": "csv", "mediatype": "text/csv",
                   "encoding": "utf-8"}
CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SCHEMA_KEYS = {"$schema", "fields", "primaryKey", "foreignKeys", "missingValues"}
FIELD_KEYS = {"name", "type", "description", "title", "constraints"}
# Below this size Python's csv module is faster than DuckDB's reader (four statements per
# file); tests set it to 0 to put the DuckDB path to the test on small files.
DUCKDB_MIN_BYTES = 256 * 1024
# Resource-level errors Frictionless also reports for a resource whose foreign keys
# read the broken one.
INHERITED = ("encoding-error", "scheme-error", "source-error")


@dataclass
class Resource:
    name: str
    path: str
    schema: dict
    declared_bytes: int | None = None
    declared_hash: str | None = None
    listed: bool = True  # in datapackage.json (Frictionless validates only those)


class FileProblem(TypedDict):
    """What Frictionless would report about a file itself (a row of file_problems)."""
    resource: str | None
    row: int | None
    field: str | None
    error: str          # Frictionless's error type
    problem: str        # the sentence shown


def problem(resource: str | None, row: int | None, field: str | None, kind: str, text: str) -> FileProblem:
    return {"resource": resource, "row": row, "field": field, "error": kind, "problem": text}


# --- the descriptor ------------------------------------------------------------------

def _is_datetime(text: str) -> bool:
    try:
        return bool(CREATED.match(text)) and datetime.fromisoformat(text.replace("Z", "+00:00")) is not None
    except ValueError:
        return False


def _shape_error(descriptor: object) -> str | None:
    if not isinstance(descriptor, dict):
        return "datapackage.json is not a JSON object"
    for key, value in descriptor.items():
        if key not in PACKAGE_KEYS or not isinstance(value, PACKAGE_KEYS[key]):
            return f"datapackage.json property '{key}' is not one statsbidrag build writes"
        if key in PACKAGE_VALUES and value != PACKAGE_VALUES[key]:
            return f"datapackage.json has {key} '{value}', not '{PACKAGE_VALUES[key]}'"
    if "created" in descriptor and not _is_datetime(descriptor["created"]):
        return f"datapackage.json created '{descriptor['created']}' is not a date and time as build writes it"
    for group, needed in (("licenses", ("name", "path")), ("contributors", ("title",)), ("sources", ("title",))):
        for item in descriptor.get(group, []):
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in needed):
                return f"datapackage.json {group} entry {item!r} is not of the shape statsbidrag build writes"
            if any(not isinstance(v, (str, list)) for v in item.values()):
                return f"datapackage.json {group} entry {item!r} is not of the shape statsbidrag build writes"
    if not all(isinstance(k, str) for k in descriptor.get("keywords", [])):
        return "datapackage.json keywords are not all text"
    if not descriptor.get("resources"):
        return "datapackage.json lists no resources"
    return None


def _resource_error(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return f"resource {entry!r} is not a JSON object"
    for key, value in entry.items():
        if key not in RESOURCE_KEYS or not isinstance(value, RESOURCE_KEYS[key]) or isinstance(value, bool):
            return f"resource property '{key}' is not one statsbidrag build writes"
    name = entry.get("name")
    if entry.get("path") != f"resources/{name}.csv" or entry.get("schema") != f"schemas/{name}.json":
        return f"resource '{name}' has a path or schema other than resources/{name}.csv, schemas/{name}.json"
    for key, value in RESOURCE_VALUES.items():
        if entry.get(key, value) != value:
            return f"resource '{name}' has {key} '{entry[key]}', not '{value}'"
    digest = entry.get("hash")
    if digest is not None and not (digest.startswith("sha256:") and len(digest) == 71):
        return f"resource '{name}' has a hash that is not 'sha256:<64 hex digits>'"
    return None


def _schema_error(name: str, schema: object) -> str | None:
    if not isinstance(schema, dict) or set(schema) - SCHEMA_KEYS or not isinstance(schema.get("fields"), list):
        return f"schemas/{name}.json is not a Table Schema of the shape the compiled rules read"
    if schema.get("$schema", SCHEMA_PROFILE) != SCHEMA_PROFILE:
        return f"schemas/{name}.json has a $schema other than {SCHEMA_PROFILE}"
    if schema.get("missingValues", [""]) != [""]:
        return f"schemas/{name}.json declares missingValues other than [\"\"]"
    names = []
    for fld in schema["fields"]:
        if not isinstance(fld, dict) or set(fld) - FIELD_KEYS or not isinstance(fld.get("name"), str):
            return f"schemas/{name}.json has a field of a shape the compiled rules do not read: {fld!r}"
        if fld.get("type", "string") not in TYPES:
            return f"schemas/{name}.json field '{fld['name']}' has type '{fld.get('type')}' (compiled: {TYPES})"
        constraints = fld.get("constraints", {})
        if not isinstance(constraints, dict) or set(constraints) - set(CONSTRAINTS):
            return f"schemas/{name}.json field '{fld['name']}' has constraints the compiled rules do not read"
        names.append(fld["name"])
    key = schema.get("primaryKey", [])
    keys = [key] if isinstance(key, str) else key  # of any shape here: this decides whether it is read
    refs = [fk.get("fields") for fk in schema.get("foreignKeys", []) if isinstance(fk, dict)]
    if not all(k in names for k in keys) or len(refs) != len(schema.get("foreignKeys", [])):
        return f"schemas/{name}.json has a primary or foreign key the compiled rules do not read"
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        if not all(f in names for f in fields) or not isinstance(fk.get("reference"), dict):
            return f"schemas/{name}.json has a foreign key the compiled rules do not read"
    return None


def unsupported(root: Path, names: list[str], schemas: dict[str, dict]) -> str | None:
    """Why the compiled validator cannot stand in for Frictionless on this package (then
    Frictionless runs), or None."""
    try:
        descriptor: Any = read_descriptor_json(root)
    except StatsbidragError as error:
        return f"datapackage.json cannot be read as JSON: {error}"
    reason = _shape_error(descriptor)
    if reason:
        return reason
    for entry in descriptor["resources"]:
        reason = _resource_error(entry)
        if reason:
            return reason
        if entry["name"] not in names:
            return f"resource '{entry['name']}' is not one of the package's resources {names}"
    for name in [e["name"] for e in descriptor["resources"]]:
        reason = _schema_error(name, schemas.get(name))
        if reason:
            return reason
    for name in [e["name"] for e in descriptor["resources"]]:
        for fk in schemas[name].get("foreignKeys", []):
            target = fk["reference"].get("resource") or name
            if target not in [e["name"] for e in descriptor["resources"]]:
                return f"resource '{name}' has a foreign key to '{target}', which datapackage.json does not list"
    return None


def declared(root: Path, names: list[str], schemas: dict[str, dict]) -> list[Resource]:
    """Every resource the checks read (resources/<name>.csv), with what datapackage.json
    records for it."""
    try:
        descriptor: Any = read_descriptor_json(root)
        entries = {e["name"]: e for e in descriptor.get("resources", []) if isinstance(e, dict) and "name" in e}
    except (StatsbidragError, AttributeError, TypeError):
        entries = {}
    found = []
    for name in names:
        entry = entries.get(name, {})
        digest = entry.get("hash")
        found.append(Resource(name, f"resources/{name}.csv", schemas[name], entry.get("bytes"),
                              digest[len("sha256:"):] if isinstance(digest, str) else None, name in entries))
    return found


# --- reading one resource ------------------------------------------------------------

def _label_problems(name: str, labels: list[str], fields: list[str]) -> list[FileProblem]:
    """Frictionless's header errors: labels and fields compared position by position."""
    found, seen = [], set()
    for i in range(max(len(labels), len(fields))):
        field = fields[i] if i < len(fields) else ""
        if i >= len(fields):
            found.append(problem(name, None, "", "extra-label",
                                 f"header column {i + 1} \"{labels[i]}\" is not a field of schemas/{name}.json"))
        elif i >= len(labels):
            found.append(problem(name, None, field, "missing-label",
                                 f"header has no column {i + 1}; schemas/{name}.json expects \"{field}\""))
        elif labels[i] == "":
            found.append(problem(name, None, field, "blank-label",
                                 f"header column {i + 1} is blank; schemas/{name}.json expects \"{field}\""))
        elif labels[i] in seen:
            found.append(problem(name, None, field, "duplicate-label",
                                 f"header column {i + 1} \"{labels[i]}\" repeats an earlier column"))
        elif labels[i] != field:
            found.append(problem(name, None, field, "incorrect-label",
                                 f"header column {i + 1} is \"{labels[i]}\"; schemas/{name}.json expects \"{field}\""))
        if i < len(labels):
            seen.add(labels[i])
    return found


def _row_problems(name: str, number: int, cells: list[str], labels: list[str], fields: list[str]) -> list[FileProblem]:
    where = f"resources/{name}.csv row {number}"
    if not any(cells):
        return [problem(name, number, None, "blank-row", f"{where} is blank")]
    found = []
    for i in range(len(labels), len(cells)):
        found.append(problem(name, number, "", "extra-cell",
                             f"{where} has {len(cells)} cells, the header {len(labels)}: cell {i + 1} is extra"))
    for i in range(len(cells), len(labels)):
        field = fields[i] if i < len(fields) else ""
        found.append(problem(name, number, field, "missing-cell",
                             f"{where} has {len(cells)} cells, the header {len(labels)}: no cell for {field or i + 1}"))
    return found


def _create_raw(con: duckdb.DuckDBPyConnection, name: str, fields: list[str], rows: list[list]) -> None:
    insert(con, f"raw_{name}", [(f, "VARCHAR") for f in fields] + [("_row", "INTEGER")], rows)


def _python_read(con: duckdb.DuckDBPyConnection, res: Resource, text: str, fields: list[str]) -> list[FileProblem]:
    """Read with Python's csv module (as Frictionless does): every structural problem."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        _create_raw(con, res.name, fields, [])
        return [problem(res.name, None, None, "source-error", f"{res.path} is empty: no header, no rows")]
    labels, found, rows = records[0], _label_problems(res.name, records[0], fields), []
    for number, cells in enumerate(records[1:], start=2):
        found += _row_problems(res.name, number, cells, labels, fields)
        rows.append([cells[i] if i < len(cells) and cells[i] != "" else None for i in range(len(fields))]
                    + [number])
    _create_raw(con, res.name, fields, rows)
    return found


# A CSV line whose every field is either free of quote characters or wholly quoted
# (RFC 4180, "" inside): read the same by DuckDB and by Python's csv module.
_QUOTED_LINE = re.compile(rb'(?:[^",]*|"(?:[^"]|"")*")(?:,(?:[^",]*|"(?:[^"]|"")*"))*')


def _plainly_quoted(data: bytes) -> bool:
    if b'"' not in data:
        return True
    return all(_QUOTED_LINE.fullmatch(line) for line in data.split(b"\n") if b'"' in line)


def _duckdb_read(con: duckdb.DuckDBPyConnection, res: Resource, path: Path, data: bytes, fields: list[str]) -> bool:
    """Read a plain CSV with DuckDB; False (nothing created) when it is not plain enough."""
    import duckdb
    if b"\r" in data or data.startswith(b"\xef\xbb\xbf") or not _plainly_quoted(data):
        return False
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    columns = ", ".join(f"{literal(f)}: 'VARCHAR'" for f in fields)
    staging = quote(f"_csv_{res.name}")
    try:
        con.execute(f"CREATE TEMP TABLE {staging} AS SELECT * FROM read_csv({literal(str(path))}, header = true, "
                    f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
                    f"null_padding = false, columns = {{{columns}}})")
    except duckdb.Error:
        return False
    count = con.sql(f"SELECT count(*) FROM {staging}").fetchall()[0][0]
    if count != lines - 1:  # DuckDB skips blank lines; Frictionless counts them as rows
        con.execute(f"DROP TABLE {staging}")
        return False
    # rowid follows the order rows were inserted: the file's order.
    # A quoted empty field ("") is missing too, as Python's csv module reads it.
    values = ", ".join(f"nullif({quote(f)}, '') AS {quote(f)}" for f in fields)
    con.execute(f"CREATE TABLE {quote('raw_' + res.name)} AS SELECT {values}, CAST(rowid + 2 AS INTEGER) AS _row "
                f"FROM {staging}")
    con.execute(f"DROP TABLE {staging}")
    return True


def _blank_rows(con: duckdb.DuckDBPyConnection, res: Resource, fields: list[str]) -> list[FileProblem]:
    empty = " AND ".join(f"{quote(f)} IS NULL" for f in fields)
    rows = con.sql(f"SELECT _row FROM {quote('raw_' + res.name)} WHERE {empty} ORDER BY _row").fetchall()
    return [problem(res.name, r, None, "blank-row", f"resources/{res.name}.csv row {r} is blank") for (r,) in rows]


def _file_problems(res: Resource, data: bytes) -> list[FileProblem]:
    found = []
    if res.declared_bytes is not None and res.declared_bytes != len(data):
        found.append(problem(res.name, None, None, "byte-count",
                             f"{res.path} has {len(data)} bytes; datapackage.json records {res.declared_bytes}"))
    if res.declared_hash is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != res.declared_hash:
            found.append(problem(res.name, None, None, "hash-count",
                                 f"{res.path} has SHA-256 {digest}; datapackage.json records {res.declared_hash}"))
    return found


def load_resource(con: duckdb.DuckDBPyConnection, root: Path, res: Resource) -> list[FileProblem]:
    """Create raw_<name> (every column text as printed, empty -> NULL, and _row) and return
    what Frictionless would report about the file itself."""
    fields = [f["name"] for f in res.schema["fields"]]
    path = root / res.path
    if not path.resolve().is_relative_to(Path(root).resolve()):
        _create_raw(con, res.name, fields, [])
        return [problem(res.name, None, None, "scheme-error", f"{res.path} resolves outside the package")]
    if not path.is_file():
        _create_raw(con, res.name, fields, [])
        return [problem(res.name, None, None, "scheme-error", f"{res.path} is missing")]
    data = path.read_bytes()
    found = _file_problems(res, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        found.append(problem(res.name, None, None, "encoding-error",
                             f"{res.path} line {line}: byte 0x{data[error.start]:02x} is not UTF-8"))
        text = data.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")  # Frictionless reads UTF-8 with or without a BOM
    first = text.split("\n", 1)[0].removesuffix("\r")
    if len(data) >= DUCKDB_MIN_BYTES and first.split(",") == fields and _duckdb_read(con, res, path, data, fields):
        return found + _blank_rows(con, res, fields)
    return found + _python_read(con, res, text, fields)


def inherited_problems(resources: list[Resource], problems: list[FileProblem]) -> list[FileProblem]:
    """A resource whose foreign key reads a file Frictionless cannot open gets that error too."""
    broken = {(p["resource"], p["error"]) for p in problems if p["error"] in INHERITED and p["row"] is None}
    found = []
    for res in resources:
        targets = {fk["reference"].get("resource") or res.name for fk in res.schema.get("foreignKeys", [])}
        for target, kind in sorted(broken):
            if target in targets and target != res.name and (res.name, kind) not in broken:
                found.append(problem(res.name, None, None, kind,
                                     f"resources/{res.name}.csv: its foreign key reads {target}, which has a "
                                     f"{kind}"))
    return found
