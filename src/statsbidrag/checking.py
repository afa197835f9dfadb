"""The checks suite: Frictionless validation, then every SQL check in checks/.

    from statsbidrag.checking import run_suite, load_check_definitions
    report = run_suite(root)          # report.ok, report.results, report.to_dict()

A check is a file checks/<name>.sql in the dbt style: a header

    -- name: regions_complete
    -- description: one line saying what the check asserts
    -- severity: error            (or warning)

and one SELECT that returns the offending rows; an empty result is a pass. By
convention the first column, `problem`, says in a sentence what is wrong and where
(table, region, file and line). Files whose name starts with "_" are not checks: they
define shared macros and are run first, in name order.

The runner loads, into an in-memory DuckDB database, everything the checks read:

  <resource>        each resource of the package, typed by its Table Schema (a value
                    that does not parse is NULL; values_valid reports it)
  raw_<resource>    the same rows as printed in the CSV: every column text, empty -> NULL,
                    plus _row, the row number Frictionless reports (header = row 1)
  schema_violations     (resource, row_number, field, value, rule): every value that breaks
                    a constraint of schemas/<resource>.json, generated from the schemas
  reference_violations  (resource, row_number, fields, value, reference): every foreign
                    key of the schemas that points nowhere
  source_files      (source_id, path, present, bytes, sha256) of each archived source
  source_lines      (source_id, line_number, text): each line as a reader sees it
                    (markup removed, statsbidrag.text.printed)
  units, unit_labels    (unit, scale_sek) and (label, scale_sek): what a unit and a printed
                    unit label mean in kronor (statsbidrag.text, statsbidrag.claims)
  published_rows, fresh_rows  (resource, key, row): each row as JSON with its primary
                    key ('table_id=..., region_code=01'), as published and as
                    `statsbidrag build` extracts it from the sources now
  build_files       (path, published_sha256, fresh_sha256) of every file a build writes
  build_errors      (message): why a fresh extraction failed, if it did

Documented anomalies (the `anomalies` resource) are reported as warnings, one result
each, named anomaly:<anomaly_id>. duckdb and frictionless are imported when run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StatsbidragError
from .jsonable import jsonable
from .package import RESOURCE_ORDER, resource_path, schema_path

SEVERITIES = ("error", "warning")
CHECKS_FOLDER = "checks"
FRICTIONLESS = "frictionless_valid"
MAX_EVIDENCE = 200
_HEADER = re.compile(r"^--\s*(name|description|severity)\s*:\s*(.*?)\s*$")


# --- definitions ---------------------------------------------------------------------

@dataclass(frozen=True)
class CheckDefinition:
    name: str
    description: str
    severity: str
    sql: str
    path: Path


def _parse_check(path: Path, root: Path) -> CheckDefinition:
    sql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    where = path.relative_to(root) if path.is_relative_to(root) else path
    missing = [key for key in ("name", "description", "severity") if not header.get(key)]
    if missing:
        raise StatsbidragError(f"{where}: expected a header of comment lines '-- name: ...', "
                               f"'-- description: ...', '-- severity: error|warning' at the top; "
                               f"found none for {', '.join(missing)}.")
    if header["name"] != path.stem:
        raise StatsbidragError(f"{where}: expected '-- name: {path.stem}' (the file name); "
                               f"found '{header['name']}'.")
    if header["severity"] not in SEVERITIES:
        raise StatsbidragError(f"{where}: expected severity error or warning; found '{header['severity']}'.")
    return CheckDefinition(header["name"], header["description"], header["severity"], sql, path)


def _checks_folder(root: Path) -> Path:
    folder = Path(root) / CHECKS_FOLDER
    if not folder.is_dir():
        raise StatsbidragError(f"{folder}: expected the folder of SQL checks; found no such folder.")
    return folder


def load_check_definitions(root: Path | None = None) -> list[CheckDefinition]:
    """The checks in <root>/checks/*.sql (not the _*.sql helpers), in file name order.

    The default root is the installed tool's (statsbidrag.toolchecks): the only checks
    `check` and `verify` run."""
    from .toolchecks import checks_root
    root = Path(root) if root is not None else checks_root()
    return [_parse_check(path, root) for path in sorted(_checks_folder(root).glob("*.sql"))
            if not path.name.startswith("_")]


# --- results -------------------------------------------------------------------------

@dataclass
class CheckResult:
    name: str
    description: str
    severity: str
    status: str  # pass | fail | warning
    rows: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""
    path: str = ""
    rows_found: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "severity": self.severity,
                "status": self.status, "rows_found": self.rows_found, "message": self.message,
                "seconds": round(self.seconds, 4), "path": self.path, "rows": self.rows}


@dataclass
class Report:
    root: str
    results: list[CheckResult]
    seconds: float = 0.0
    setup_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. the package's checks/ differ from the tool's

    @property
    def ok(self) -> bool:
        """True when no error-severity check failed (warnings do not count)."""
        return not any(r.status == "fail" for r in self.results)

    def counts(self) -> dict[str, int]:
        checks = [r for r in self.results if not r.name.startswith("anomaly:")]
        return {"checks": len(checks),
                "passed": sum(r.status == "pass" for r in checks),
                "failed": sum(r.status == "fail" for r in checks),
                "warnings": sum(r.status == "warning" for r in checks),
                "anomalies": len(self.results) - len(checks)}

    def to_dict(self) -> dict:
        return {"ok": self.ok, "root": self.root, "seconds": round(self.seconds, 3),
                "setup_seconds": round(self.setup_seconds, 3), "counts": self.counts(), "notes": self.notes,
                "results": [r.to_dict() for r in self.results]}


def _summary(rows: list[dict], found: int) -> str:
    if not found:
        return "no offending rows"
    first = rows[0]
    text = first.get("problem") or ", ".join(f"{k}={v}" for k, v in first.items())
    return str(text) + (f" (and {found - 1} more)" if found > 1 else "")


def _result(name, description, severity, rows, found, seconds, path="", message=None) -> CheckResult:
    status = "pass" if not found else ("fail" if severity == "error" else "warning")
    return CheckResult(name, description, severity, status, rows, seconds,
                       message if message is not None else _summary(rows, found), path, found)


# --- frictionless --------------------------------------------------------------------

def _frictionless(root: Path) -> CheckResult:
    start = time.perf_counter()
    description = ("the package is a valid Frictionless data package: every resource meets its "
                   "Table Schema (types, constraints, keys, foreign keys) and its recorded bytes and hash")
    rows: list[dict] = []
    try:
        from frictionless import validate

        from .verify import refuse_unsafe_descriptor
        refuse_unsafe_descriptor(root)  # frictionless would fetch a remote path or profile
        report = validate(str(root / "datapackage.json"), type="package")
        for error in report.errors:
            rows.append({"problem": f"datapackage.json: {error.message}", "resource": None, "row": None,
                         "field": None, "error": error.type})
        for task in report.tasks:
            for error in task.errors:
                row, fld = getattr(error, "row_number", None), getattr(error, "field_name", None)
                where = f"{task.name}" + (f" row {row}" if row else "") + (f" field {fld}" if fld else "")
                rows.append({"problem": f"{where}: {error.message}", "resource": task.name, "row": row,
                             "field": fld, "error": error.type})
    except Exception as error:  # a descriptor frictionless cannot even open is a failure, with its reason
        rows.append({"problem": f"datapackage.json: frictionless could not validate the package: {error}",
                     "resource": None, "row": None, "field": None, "error": type(error).__name__})
    return _result(FRICTIONLESS, description, "error", rows[:MAX_EVIDENCE], len(rows),
                   time.perf_counter() - start)


# --- loading the database ------------------------------------------------------------

def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    return (rows[0], rows[1:]) if rows else ([], [])


def _insert(con, table: str, columns: list[tuple[str, str]], rows: list[list]) -> None:
    """CREATE TABLE and fill it column-wise (one statement; executemany is far slower)."""
    con.execute(f"CREATE TABLE {_quote(table)} ({', '.join(f'{_quote(c)} {t}' for c, t in columns)})")
    if not rows:
        return
    values = [list(col) for col in zip(*rows)]
    select = ", ".join(f"unnest(?::{t}[])" for _, t in columns)
    con.execute(f"INSERT INTO {_quote(table)} SELECT {select}", values)


def _typed(field_: dict) -> str:
    """SQL turning the text column into the field's type; NULL when it does not parse."""
    col, kind = _quote(field_["name"]), field_.get("type", "string")
    if kind == "integer":
        return f"CASE WHEN regexp_full_match({col}, '[+-]?[0-9]{{1,18}}') THEN CAST({col} AS BIGINT) END"
    if kind == "number":
        return f"TRY_CAST({col} AS DOUBLE)"
    if kind == "date":
        return f"CASE WHEN regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST({col} AS DATE) END"
    if kind == "boolean":
        true = ", ".join(map(_literal, field_.get("trueValues", ["true", "True", "TRUE", "1"])))
        false = ", ".join(map(_literal, field_.get("falseValues", ["false", "False", "FALSE", "0"])))
        return f"CASE WHEN {col} IN ({true}) THEN true WHEN {col} IN ({false}) THEN false END"
    return col


def _load_resource(con, name: str, schema: dict, data: bytes | None, prefix: str) -> None:
    fields = [f["name"] for f in schema["fields"]]
    missing = set(schema.get("missingValues", [""]))
    header, rows = _read_csv(data) if data is not None else ([], [])
    index = {column: i for i, column in enumerate(header)}
    table = []
    for number, row in enumerate(rows, start=2):
        values = []
        for column in fields:
            i = index.get(column)
            value = row[i] if i is not None and i < len(row) else None
            values.append(None if value in missing else value)
        table.append(values + [number])
    _insert(con, f"{prefix}{name}", [(f, "VARCHAR") for f in fields] + [("_row", "INTEGER")], table)


def _schema_rules(name: str, schema: dict) -> list[str]:
    """One SELECT of (resource, row_number, field, value, rule) for every constraint of the
    schema that a row breaks: each rule is a struct in a list unnested per row (one query
    per resource plans far faster than a UNION of one query per rule)."""
    rules: list[tuple[str, str, str, str]] = []  # field, value SQL, rule text, broken-when SQL
    windows: list[str] = []
    where = schema_path(name)
    for fld in schema["fields"]:
        col, kind = _quote(fld["name"]), fld.get("type", "string")
        typed = _typed(fld)

        def rule(condition: str, text: str, value: str = col, _name=fld["name"]) -> None:
            rules.append((_name, value, text, condition))

        if typed != col:
            rule(f"{col} IS NOT NULL AND ({typed}) IS NULL", f"not a valid {kind}")
        for key, value in fld.get("constraints", {}).items():
            if key == "required":
                if value:
                    rule(f"{col} IS NULL", "required, but empty")
            elif key == "pattern":
                rule(f"{col} IS NOT NULL AND NOT regexp_full_match({col}, {_literal(value)})",
                     f"does not match the pattern {value}")
            elif key == "enum":
                allowed = ", ".join(_literal(v) for v in value)
                rule(f"{col} IS NOT NULL AND {col} NOT IN ({allowed})", f"not one of {', '.join(map(str, value))}")
            elif key in ("minimum", "maximum") and kind in ("integer", "number"):
                op = "<" if key == "minimum" else ">"
                rule(f"coalesce(({typed}) {op} {value}, false)", f"{key} is {value}")
            elif key in ("minLength", "maxLength"):
                op = "<" if key == "minLength" else ">"
                rule(f"coalesce(length({col}) {op} {value}, false)", f"{key} is {value}")
            elif key == "unique":
                if value:
                    counter = _quote(f"_n_{fld['name']}")
                    windows.append(f"count(*) OVER (PARTITION BY {col}) AS {counter}")
                    rule(f"{col} IS NOT NULL AND {counter} > 1", "unique, but repeated")
            else:  # never drop a rule silently
                rule("true", f"constraint '{key}' of {where} is not translated to SQL by "
                     "statsbidrag/checking.py; add it there", "NULL")
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    if key:
        value = " || ', ' || ".join(f"coalesce({_quote(k)}, '')" for k in key)
        windows.append(f"count(*) OVER (PARTITION BY {', '.join(map(_quote, key))}) AS _n_primary_key")
        rules.append((", ".join(key), value, "primary key repeated", "_n_primary_key > 1"))
        rules.append((", ".join(key), value, "primary key field empty",
                      " OR ".join(f"{_quote(k)} IS NULL" for k in key)))
    if not rules:
        return []
    structs = ", ".join(f"{{'field': {_literal(f)}, 'value': CAST({v} AS VARCHAR), 'rule': {_literal(r)}, "
                        f"'broken': coalesce({c}, false)}}" for f, v, r, c in rules)
    inner = f"SELECT *{''.join(', ' + w for w in windows)} FROM {_quote('raw_' + name)}"
    return [f"SELECT {_literal(name)}, _row, v.field, v.value, v.rule FROM "
            f"(SELECT _row, unnest([{structs}]) AS v FROM ({inner})) WHERE v.broken"]


def _reference_rules(name: str, schema: dict) -> list[str]:
    parts = []
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        target = ref.get("resource") or name
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        match = " AND ".join(f"p.{_quote(r)} = c.{_quote(f)}" for f, r in zip(fields, ref_fields))
        present = " AND ".join(f"c.{_quote(f)} IS NOT NULL" for f in fields)
        value = " || ', ' || ".join(f"c.{_quote(f)}" for f in fields)
        parts.append(f"SELECT {_literal(name)}, c._row, {_literal(', '.join(fields))}, {value}, "
                     f"{_literal(f'{target}.' + ', '.join(ref_fields))} FROM {_quote(f'raw_{name}')} c "
                     f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {_quote(f'raw_{target}')} p WHERE {match})")
    return parts


def _union_table(con, table: str, columns: list[tuple[str, str]], parts: list[str]) -> None:
    names = ", ".join(_quote(c) for c, _ in columns)
    con.execute(f"CREATE TABLE {table} ({', '.join(f'{_quote(c)} {t}' for c, t in columns)})")
    if parts:
        import duckdb
        try:
            con.execute(f"INSERT INTO {table} ({names}) " + "\nUNION ALL\n".join(parts))
        except duckdb.Error as error:  # SQL generated from a package's schemas/*.json
            raise StatsbidragError(f"schemas/*.json: expected constraints that translate to SQL ({table}); "
                                   f"DuckDB refused them: {' '.join(str(error).split())[:300]}") from None


def _safe_file(root: Path, rel: str | None) -> Path | None:
    if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts or ":" in rel:
        return None
    return root / rel


def _load_sources(con, root: Path) -> None:
    from .text import printed
    files, lines = [], []
    for source_id, rel in con.sql("SELECT source_id, path FROM raw_sources ORDER BY _row").fetchall():
        path = _safe_file(root, rel)
        if path is None or not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            files.append([source_id, rel, False, None, None])
            continue
        data = path.read_bytes()
        files.append([source_id, rel, True, len(data), hashlib.sha256(data).hexdigest()])
        for number, text in enumerate(data.decode("utf-8", errors="replace").split("\n"), start=1):
            lines.append([source_id, number, printed(text)])
    _insert(con, "source_files", [("source_id", "VARCHAR"), ("path", "VARCHAR"), ("present", "BOOLEAN"),
                                  ("bytes", "BIGINT"), ("sha256", "VARCHAR")], files)
    _insert(con, "source_lines", [("source_id", "VARCHAR"), ("line_number", "INTEGER"), ("text", "VARCHAR")], lines)


def _load_units(con) -> None:
    # CLAIM_UNITS is UNIT_LABELS plus the prose-only words, so it is every label there is.
    from .claims import CLAIM_UNITS
    from .text import UNIT_SEK
    _insert(con, "units", [("unit", "VARCHAR"), ("scale_sek", "BIGINT")], [[u, s] for u, s in UNIT_SEK.items()])
    _insert(con, "unit_labels", [("label", "VARCHAR"), ("scale_sek", "BIGINT")],
            [[label, scale] for label, scale in CLAIM_UNITS.items()])


def _row_json(header: list[str], row: list[str]) -> str:
    return json.dumps(dict(zip(header, row)), ensure_ascii=False)


def _row_key(key: list[str], header: list[str], row: list[str]) -> str:
    """'table_id=skr-2021-kvinnors-halsa, region_code=01': the row's primary key as printed."""
    cells = dict(zip(header, row))
    return ", ".join(f"{k}={cells.get(k, '')}" for k in key) if key else ""


def _load_build(con, root: Path, schemas: dict[str, dict]) -> None:
    """What a fresh `statsbidrag build` would write, next to what is published."""
    from .build import extract, render
    errors, fresh = [], {}
    try:
        fresh = render(root, extract(root))
    except StatsbidragError as error:
        errors.append([str(error)])
    except Exception as error:  # report, do not crash: the failure is the evidence
        errors.append([f"the build crashed: {type(error).__name__}: {error}"])
    published_rows, fresh_rows, files = [], [], []
    paths = sorted(set(fresh) | {resource_path(n) for n in RESOURCE_ORDER} | {"datapackage.json"})
    for rel in paths:
        path = root / rel
        published = path.read_bytes() if path.is_file() else None
        files.append([rel, hashlib.sha256(published).hexdigest() if published is not None else None,
                      hashlib.sha256(fresh[rel]).hexdigest() if rel in fresh else None])
        if not rel.endswith(".csv"):
            continue
        name = Path(rel).stem
        for data, target in ((published, published_rows), (fresh.get(rel), fresh_rows)):
            if data is None:
                continue
            header, rows = _read_csv(data)
            key = schemas.get(name, {}).get("primaryKey") or []
            key = [key] if isinstance(key, str) else key
            target.extend([name, _row_key(key, header, row), _row_json(header, row)] for row in rows)
    columns = [("resource", "VARCHAR"), ("key", "VARCHAR"), ("row", "JSON")]
    _insert(con, "published_rows", columns, published_rows)
    _insert(con, "fresh_rows", columns, fresh_rows)
    _insert(con, "build_files", [("path", "VARCHAR"), ("published_sha256", "VARCHAR"),
                                 ("fresh_sha256", "VARCHAR")], files)
    _insert(con, "build_errors", [("message", "VARCHAR")], errors)


def _schemas(root: Path) -> dict[str, dict]:
    schemas = {}
    for name in RESOURCE_ORDER:
        path = root / schema_path(name)
        try:
            schemas[name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise StatsbidragError(f"{schema_path(name)}: expected a Table Schema (JSON); {error}") from None
    return schemas


def load_database(root: Path, checks_root: Path | None = None):
    """An in-memory DuckDB connection holding everything the checks read (see module doc)."""
    import duckdb

    from .safety import harden
    from .toolchecks import checks_root as tool_checks
    root = Path(root)
    con = duckdb.connect()
    harden(con)  # everything below is loaded by Python; no SQL may touch a file
    schemas = _schemas(root)
    for name, schema in schemas.items():
        path = root / resource_path(name)
        _load_resource(con, name, schema, path.read_bytes() if path.is_file() else None, "raw_")
        columns = ", ".join(f"{_typed(f)} AS {_quote(f['name'])}" for f in schema["fields"])
        con.execute(f"CREATE TABLE {_quote(name)} AS SELECT {columns} FROM {_quote('raw_' + name)} ORDER BY _row")
    _union_table(con, "schema_violations", [("resource", "VARCHAR"), ("row_number", "INTEGER"),
                                            ("field", "VARCHAR"), ("value", "VARCHAR"), ("rule", "VARCHAR")],
                 [p for name, schema in schemas.items() for p in _schema_rules(name, schema)])
    _union_table(con, "reference_violations", [("resource", "VARCHAR"), ("row_number", "INTEGER"),
                                               ("fields", "VARCHAR"), ("value", "VARCHAR"),
                                               ("reference", "VARCHAR")],
                 [p for name, schema in schemas.items() for p in _reference_rules(name, schema)])
    _load_sources(con, root)
    _load_units(con)
    _load_build(con, root, schemas)
    for helper in sorted(_checks_folder(checks_root or tool_checks()).glob("_*.sql")):
        try:
            con.execute(helper.read_text(encoding="utf-8"))
        except duckdb.Error as error:
            raise StatsbidragError(f"{CHECKS_FOLDER}/{helper.name}: the SQL failed: {error}") from None
    return con


# --- running -------------------------------------------------------------------------

def _run_check(con, check: CheckDefinition, root: Path) -> CheckResult:
    import duckdb
    start = time.perf_counter()
    rel = f"{CHECKS_FOLDER}/{check.path.name}"
    try:
        relation = con.sql(check.sql)
        columns = relation.columns
        found = relation.fetchall()
    except duckdb.Error as error:
        message = f"{rel}: the check's SQL failed: {' '.join(str(error).split())}"
        return CheckResult(check.name, check.description, check.severity, "fail",
                           [{"problem": message}], time.perf_counter() - start, message, rel, 1)
    rows = [{c: jsonable(v) for c, v in zip(columns, row)} for row in found[:MAX_EVIDENCE]]
    return _result(check.name, check.description, check.severity, rows, len(found),
                   time.perf_counter() - start, rel)


def _anomaly_results(con) -> list[CheckResult]:
    start = time.perf_counter()
    relation = con.sql("""
        SELECT a.anomaly_id, a.source_id, s.path, a.line, a.quote, a.title, a.explanation
        FROM anomalies a LEFT JOIN sources s USING (source_id)
        ORDER BY s.path, a.line, a.anomaly_id""")
    columns, found = relation.columns, relation.fetchall()
    results = []
    for values in found:
        row = dict(zip(columns, map(jsonable, values)))
        problem = f"{row['path'] or row['source_id']}:{row['line']}: \"{row['quote']}\": {row['title']}"
        results.append(CheckResult(f"anomaly:{row['anomaly_id']}", row["title"] or "", "warning", "warning",
                                   [{"problem": problem, **row}], 0.0, problem,
                                   "metadata/anomalies.toml", 1))
    if results:
        results[0].seconds = time.perf_counter() - start
    return results


def run_suite(root: Path, checks_root: Path | None = None) -> Report:
    """Frictionless validation, every SQL check, and the documented anomalies.

    The checks are the installed tool's (statsbidrag.toolchecks), whatever `root`
    holds; `checks_root` (a folder holding checks/) is for testing the checks
    themselves. The package's own checks/ are only compared with them.
    """
    from . import toolchecks
    start = time.perf_counter()
    root = Path(root).resolve()
    checks_root = Path(checks_root).resolve() if checks_root else toolchecks.checks_root()
    checks = load_check_definitions(checks_root)
    results = [_frictionless(root)] + _missing_checks(checks_root / CHECKS_FOLDER)
    notes = [f"{file}: expected {expected}; found {found}"
             for file, expected, found in toolchecks.differences(root, checks_root)] if root != checks_root else []
    setup = time.perf_counter()
    con = load_database(root, checks_root)
    setup_seconds = time.perf_counter() - setup
    try:
        results += [_run_check(con, check, root) for check in checks]
        results += _anomaly_results(con)
    finally:
        con.close()
    return Report(str(root), results, time.perf_counter() - start, setup_seconds, notes)


def _missing_checks(folder: Path) -> list[CheckResult]:
    """A failing result for each check the tool expects and cannot find: a renamed or
    deleted check file must not silently shrink the suite."""
    from .toolchecks import missing
    return [CheckResult(Path(rel).stem, "a check the tool expects", "error", "fail",
                        [{"problem": f"{rel}: expected this check; found no such file"}], 0.0,
                        f"{rel}: expected this check (statsbidrag.toolchecks.EXPECTED); found no such file",
                        rel, 1) for rel in missing(folder)]
