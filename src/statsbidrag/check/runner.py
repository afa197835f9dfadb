"""The checks suite: Frictionless's validation (compiled), then every SQL check in checks/.

    from statsbidrag.check.runner import run_suite, load_check_definitions
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
  schema_violations     (resource, row_number, field, value, rule, kind): every value that
                    breaks a constraint of schemas/<resource>.json, generated from the
                    schemas (statsbidrag.tableschema.to_sql); kind is Frictionless's error type
  reference_violations  (resource, row_number, fields, value, reference): every foreign
                    key of the schemas that points nowhere
  file_problems     (problem, resource, row, field, error, position): what Frictionless
                    reports about the files themselves (bytes, hash, encoding, header,
                    cells per row, blank rows; statsbidrag.check.validator)
  source_files      (source_id, path, present, bytes, sha256) of each archived source
  source_lines      (source_id, line_number, text): each line as a reader sees it
                    (markup removed, statsbidrag.extract.text.printed)
  units, unit_labels    (unit, scale_sek) and (label, scale_sek): what a unit and a printed
                    unit label mean in kronor (statsbidrag.extract.text, statsbidrag.extract.claims)
  published_rows, fresh_rows  (resource, key, row): each row as JSON with its primary
                    key ('table_id=..., region_code=01'), as published and as
                    `statsbidrag build` extracts it from the sources now (in a second
                    process, while the rest loads and the checks that read none of
                    BUILD_TABLES run; DuckDB keeps to one thread meanwhile), only for a
                    file whose bytes differ
  build_files       (path, published_sha256, fresh_sha256) of every file a build writes
  build_errors      (message): why a fresh extraction failed, if it did
  reference_regions (region_code, iso_code, county_name, region_name): the tool's own
                    reference of the 21 regions (statsbidrag.check.reference, citing SCB and ISO)

Documented anomalies (the `anomalies` resource) are reported as warnings, one result
each, named anomaly:<anomaly_id>. frictionless_valid runs Frictionless itself only for a
descriptor the compiled validator does not read (statsbidrag.check.validator.unsupported).
duckdb and frictionless are imported when run. run_suite(root, cache=True) reuses the
report of an identical earlier run (statsbidrag.check.cache).
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statsbidrag.check import validator
from statsbidrag.check.findings import Finding, difference
from statsbidrag.errors import StatsbidragError
from statsbidrag.jsonable import jsonable
from statsbidrag.tableschema.model import key_names, read_schema_json
from statsbidrag.tableschema.resources import RESOURCE_ORDER, resource_path, schema_path
from statsbidrag.tableschema.to_sql import insert, literal, quote, reference_rules, schema_rules, typed, union_table

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
                               f"found none for {', '.join(missing)}.", code="SB401")
    if header["name"] != path.stem:
        raise StatsbidragError(f"{where}: expected '-- name: {path.stem}' (the file name); "
                               f"found '{header['name']}'.", code="SB401")
    if header["severity"] not in SEVERITIES:
        raise StatsbidragError(f"{where}: expected severity error or warning; found '{header['severity']}'.",
                               code="SB401")
    return CheckDefinition(header["name"], header["description"], header["severity"], sql, path)


def _checks_folder(root: Path) -> Path:
    folder = Path(root) / CHECKS_FOLDER
    if not folder.is_dir():
        raise StatsbidragError(f"{folder}: expected the folder of SQL checks; found no such folder.", code="SB401")
    return folder


def load_check_definitions(root: Path | None = None) -> list[CheckDefinition]:
    """The checks in <root>/checks/*.sql (not the _*.sql helpers), in file name order.

    The default root is the installed tool's (statsbidrag.toolchecks): the only checks
    `check` and `verify` run."""
    from statsbidrag.toolchecks import checks_root
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
    notes: list[Finding] = field(default_factory=list)  # the package's checks/ differ from the tool's (SB416)
    cached: bool = False  # reused from the cache of an identical earlier run (check_cache)

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        results = [CheckResult(r["name"], r["description"], r["severity"], r["status"], r["rows"], r["seconds"],
                               r["message"], r["path"], r["rows_found"]) for r in data["results"]]
        return cls(data["root"], results, data["seconds"], data["setup_seconds"],
                   [Finding.from_dict(n) for n in data.get("notes", [])])

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
                "setup_seconds": round(self.setup_seconds, 3), "cached": self.cached, "counts": self.counts(),
                "notes": [n.to_dict() for n in self.notes],
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


# --- frictionless_valid ----------------------------------------------------------------

FRICTIONLESS_DESCRIPTION = ("the package is a valid Frictionless data package: every resource meets its Table "
                            "Schema (types, constraints, keys, foreign keys) and its recorded bytes and hash")


def _frictionless(root: Path, why: str) -> CheckResult:
    """Frictionless itself, for a package the compiled validator does not read (`why`)."""
    start = time.perf_counter()
    rows: list[dict] = []
    try:
        from frictionless import validate

        from statsbidrag.tableschema.safety import refuse_unsafe_descriptor
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
    result = _result(FRICTIONLESS, FRICTIONLESS_DESCRIPTION, "error", rows[:MAX_EVIDENCE], len(rows),
                     time.perf_counter() - start)
    result.message = f"validated by Frictionless ({why}): {result.message}"
    return result


# The compiled validator's findings (statsbidrag.check.validator, statsbidrag.tableschema.to_sql), in
# the words and with the error types Frictionless uses.
_COMPILED = """
SELECT problem, resource, "row", field, error, 0 AS part, position AS ord FROM file_problems
UNION ALL
SELECT format('resources/{}.csv row {}: {} = {}: {}', resource, row_number, field,
              coalesce('"' || value || '"', '(empty)'), rule), resource, row_number,
       CASE WHEN kind <> 'primary-key' THEN field END, kind, 1, 0
FROM schema_violations WHERE resource IN (SELECT name FROM listed_resources)
UNION ALL
SELECT format('resources/{}.csv row {}: {} = "{}" is not in {}', resource, row_number, fields, value, reference),
       resource, row_number, NULL, 'foreign-key', 1, 0
FROM reference_violations WHERE resource IN (SELECT name FROM listed_resources)
"""


def _compiled_frictionless(con) -> CheckResult:
    start = time.perf_counter()
    relation = con.sql(f"SELECT problem, resource, \"row\", field, error FROM ({_COMPILED}) "
                       "ORDER BY part, ord, resource, \"row\", field, error")
    columns = relation.columns
    found = con.sql(f"SELECT count(*) FROM ({_COMPILED})").fetchall()[0][0]
    rows = [dict(zip(columns, map(jsonable, r))) for r in relation.limit(MAX_EVIDENCE).fetchall()]
    return _result(FRICTIONLESS, FRICTIONLESS_DESCRIPTION, "error", rows, found, time.perf_counter() - start)


# --- loading the database ------------------------------------------------------------

def _read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    return (rows[0], rows[1:]) if rows else ([], [])


def _safe_file(root: Path, rel: str | None) -> Path | None:
    if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts or ":" in rel:
        return None
    return root / rel


def _source_line_rows(files: list[list], root: Path) -> list[list]:
    """(source_id, line_number, text) of each present source, in Python (the slow way)."""
    from statsbidrag.extract.text import printed
    lines: list[list] = []
    for source_id, rel, present, *_ in files:
        if present:
            text = (root / rel).read_bytes().decode("utf-8", errors="replace")
            lines.extend([source_id, n, printed(t)] for n, t in enumerate(text.split("\n"), start=1))
    return lines


def _load_source_lines(con, root: Path, files: list[list]) -> None:
    """source_lines, split and stripped of markup by DuckDB (statsbidrag.extract.text.printed
    removes <...> the same way); in Python when a file is not valid UTF-8."""
    import duckdb
    present = [(source_id, (root / rel).resolve().as_posix()) for source_id, rel, ok, *_ in files if ok]
    columns = [("source_id", "VARCHAR"), ("line_number", "INTEGER"), ("text", "VARCHAR")]
    if present:
        pairs = ", ".join(f"({literal(i)}, {literal(p)})" for i, p in present)
        paths = ", ".join(sorted({literal(p) for _, p in present}))
        try:
            con.execute(f"""
                CREATE TABLE source_lines AS
                WITH files(source_id, filename) AS (VALUES {pairs}),
                parts AS (
                    SELECT f.source_id, string_split(t.content, chr(10)) AS lines
                    FROM read_text([{paths}]) t JOIN files f USING (filename)
                )
                SELECT source_id, CAST(unnest(range(1, len(lines) + 1)) AS INTEGER) AS line_number,
                       regexp_replace(unnest(lines), '<[^>]*>', '', 'g') AS text
                FROM parts""")
            return
        except duckdb.Error:
            pass
    insert(con, "source_lines", columns, _source_line_rows(files, root))


def _load_sources(con, root: Path) -> None:
    files = []
    for source_id, rel in con.sql("SELECT source_id, path FROM raw_sources ORDER BY _row").fetchall():
        path = _safe_file(root, rel)
        if path is None or not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            files.append([source_id, rel, False, None, None])
            continue
        data = path.read_bytes()
        files.append([source_id, rel, True, len(data), hashlib.sha256(data).hexdigest()])
    insert(con, "source_files", [("source_id", "VARCHAR"), ("path", "VARCHAR"), ("present", "BOOLEAN"),
                                 ("bytes", "BIGINT"), ("sha256", "VARCHAR")], files)
    _load_source_lines(con, root, files)


def _load_units(con) -> None:
    # CLAIM_UNITS is UNIT_LABELS plus the prose-only words, so it is every label there is.
    from statsbidrag.extract.claims import CLAIM_UNITS
    from statsbidrag.extract.text import UNIT_SEK
    insert(con, "units", [("unit", "VARCHAR"), ("scale_sek", "BIGINT")], [[u, s] for u, s in UNIT_SEK.items()])
    insert(con, "unit_labels", [("label", "VARCHAR"), ("scale_sek", "BIGINT")],
            [[label, scale] for label, scale in CLAIM_UNITS.items()])


def _load_reference(con) -> None:
    # The tool's own reference of the 21 regions (never the package's): regions_match_reference.
    from statsbidrag.check.reference import REGIONS_FIELDS, regions
    insert(con, "reference_regions", [(f, "VARCHAR") for f in REGIONS_FIELDS],
            [[r[f] for f in REGIONS_FIELDS] for r in regions()])


def _row_json(header: list[str], row: list[str]) -> str:
    return json.dumps(dict(zip(header, row)), ensure_ascii=False)


def _row_key(key: list[str], header: list[str], row: list[str]) -> str:
    """'table_id=skr-2021-kvinnors-halsa, region_code=01': the row's primary key as printed."""
    cells = dict(zip(header, row))
    return ", ".join(f"{k}={cells.get(k, '')}" for k in key) if key else ""


def fresh_build(root: Path) -> dict:
    """What a fresh `statsbidrag build` writes, reduced to what the comparison needs:
    {"errors": [why it failed], "files": {path: (SHA-256, bytes or None)}}, the bytes only
    of a file whose published copy differs (equal bytes are equal rows)."""
    from statsbidrag.publish.build import extract, render
    try:
        extraction = extract(root)
        extraction.documents.clear()  # rendering reads the records only: the sources' lines may go
        fresh = render(root, extraction)
        del extraction
    except StatsbidragError as error:
        return {"errors": [str(error)], "files": {}}
    except Exception as error:  # report, do not crash: the failure is the evidence
        return {"errors": [f"the build crashed: {type(error).__name__}: {error}"], "files": {}}
    files = {}
    for rel, data in fresh.items():
        digest = hashlib.sha256(data).hexdigest()
        path = root / rel
        same = path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest
        files[rel] = (digest, None if same else data)
    return {"errors": [], "files": files}


# The extraction runs in a second Python process. It makes millions of objects in a large
# package and no garbage cycles worth collecting, and exits: the cyclic garbage collector,
# which would walk them all again and again, is off.
_CHILD = ("import gc, pickle, sys\n"
          "gc.disable()\n"
          "from pathlib import Path\n"
          "from statsbidrag.check.runner import fresh_build\n"
          "sys.stdout.buffer.write(pickle.dumps(fresh_build(Path(sys.argv[1]))))\n")


# How long the fresh extraction may take. A package's metadata holds regular expressions
# that Python's re runs on its sources; one that backtracks (say `(\d+ ?)+x`) could run for
# ever, and `verify` runs a downloaded package's metadata. 10 minutes is 60 times what
# 10^6 rows take here.
EXTRACTION_DEADLINE_S = 600.0


class _FreshBuild:
    """fresh_build(root) in a second Python process, started at once, so that it runs on
    the other core while DuckDB loads and checks (a fresh interpreter, not a fork: forking
    a process that runs DuckDB's threads can deadlock; not a thread: Python's own work
    would wait for the lock it holds). Starting it costs about 0.05 s, less than it saves
    even on today's package, and keeps pydantic and the metadata out of this process.
    In this process only when the child cannot run."""

    def __init__(self, root: Path):
        import os
        import subprocess
        import sys
        self.root = root
        self.process: subprocess.Popen | None = None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]))
        try:
            self.process = subprocess.Popen([sys.executable, "-c", _CHILD, str(root)], env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:  # no interpreter to start: result() extracts here
            self.process = None

    def result(self) -> dict:
        if self.process is None:
            return fresh_build(self.root)
        import pickle
        import subprocess
        try:
            out, err = self.process.communicate(timeout=EXTRACTION_DEADLINE_S)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise StatsbidragError(
                f"{self.root}: expected the fresh extraction from sources/ to finish within "
                f"{EXTRACTION_DEADLINE_S:g} s; it did not, and was stopped (nothing was checked against it). "
                "A regular expression in metadata/ (row_regex, total_regex, a claim's or a key's regex) "
                "may backtrack without end on a line of its source: make it match plainly.",
                code="SB428") from None
        if self.process.returncode != 0:  # the child could not run: extract here instead
            return fresh_build(self.root)
        return pickle.loads(out)  # written by our own child process just now

    def ended(self) -> bool:
        """Whether the second process has ended (or never started): its core is free."""
        return self.process is None or self.process.poll() is not None

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _load_build(con, root: Path, schemas: dict[str, dict], fresh: dict) -> None:
    """What a fresh `statsbidrag build` would write (fresh_build), next to what is published."""
    published_rows: list[list] = []
    fresh_rows: list[list] = []
    files: list[list] = []
    paths = sorted(set(fresh["files"]) | {resource_path(n) for n in RESOURCE_ORDER} | {"datapackage.json"})
    for rel in paths:
        path = root / rel
        published = path.read_bytes() if path.is_file() else None
        published_sha = hashlib.sha256(published).hexdigest() if published is not None else None
        fresh_sha, fresh_data = fresh["files"].get(rel, (None, None))
        files.append([rel, published_sha, fresh_sha])
        # Equal bytes are equal rows: rows are compared only in a file that differs.
        if not rel.endswith(".csv") or published_sha == fresh_sha:
            continue
        name = Path(rel).stem
        for data, target in ((published, published_rows), (fresh_data, fresh_rows)):
            if data is None:
                continue
            header, rows = _read_csv(data)
            key = list(key_names(schemas.get(name, {})))
            target.extend([name, _row_key(key, header, row), _row_json(header, row)] for row in rows)
    columns = [("resource", "VARCHAR"), ("key", "VARCHAR"), ("row", "JSON")]
    insert(con, "published_rows", columns, published_rows)
    insert(con, "fresh_rows", columns, fresh_rows)
    insert(con, "build_files", [("path", "VARCHAR"), ("published_sha256", "VARCHAR"),
                                 ("fresh_sha256", "VARCHAR")], files)
    insert(con, "build_errors", [("message", "VARCHAR")], [[m] for m in fresh["errors"]])


def _schemas(root: Path) -> dict[str, Any]:
    """Each resource's schema as JSON: the compiled rules run on it once check.validator has
    found its shape one they read (a package being checked may be anything)."""
    return {name: read_schema_json(root, schema_path(name)) for name in RESOURCE_ORDER}


def _read_resources(con, root: Path, schemas: dict[str, dict]) -> None:
    """raw_<resource> from the CSVs (DuckDB may read files here: before harden) and
    file_problems, what Frictionless would report about the files themselves."""
    resources = validator.declared(root, list(schemas), schemas)
    problems: list[dict] = []
    for res in resources:
        found = validator.load_resource(con, root, res)
        problems += found if res.listed else []
    problems += validator.inherited_problems([r for r in resources if r.listed], problems)
    insert(con, "file_problems", [("problem", "VARCHAR"), ("resource", "VARCHAR"), ("row", "INTEGER"),
                                  ("field", "VARCHAR"), ("error", "VARCHAR"), ("position", "INTEGER")],
           [[p["problem"], p["resource"], p["row"], p["field"], p["error"], i] for i, p in enumerate(problems)])
    insert(con, "listed_resources", [("name", "VARCHAR")], [[r.name] for r in resources if r.listed])


def _compile_resources(con, schemas: dict[str, dict]) -> None:
    """<resource> (typed) and the findings of the rules compiled from the schemas: SQL made
    from package text, so it runs on the hardened connection."""
    for name, schema in schemas.items():
        columns = ", ".join(f"{typed(f)} AS {quote(f['name'])}" for f in schema["fields"])
        con.execute(f"CREATE TABLE {quote(name)} AS SELECT {columns} FROM {quote('raw_' + name)} ORDER BY _row")
    union_table(con, "schema_violations", [("resource", "VARCHAR"), ("row_number", "INTEGER"),
                                           ("field", "VARCHAR"), ("value", "VARCHAR"), ("rule", "VARCHAR"),
                                           ("kind", "VARCHAR")],
                [p for name, schema in schemas.items() for p in schema_rules(name, schema)])
    union_table(con, "reference_violations", [("resource", "VARCHAR"), ("row_number", "INTEGER"),
                                              ("fields", "VARCHAR"), ("value", "VARCHAR"),
                                              ("reference", "VARCHAR")],
                [p for name, schema in schemas.items() for p in reference_rules(name, schema)])


# What the fresh build fills (_load_build): a check reading none of them runs while the
# extraction is still going on in its second process.
BUILD_TABLES = ("published_rows", "fresh_rows", "build_files", "build_errors")
_READS_BUILD = re.compile(r"\b(" + "|".join(BUILD_TABLES) + r")\b", re.IGNORECASE)


def _drop_unread_raw_tables(con, names, texts: list[str]) -> None:
    """Drop each raw_<resource> table that no text of `texts` names."""
    for name in names:
        table = f"raw_{name}"
        if not any(re.search(rf"\b{re.escape(table)}\b", text, re.IGNORECASE) for text in texts):
            con.execute(f"DROP TABLE {quote(table)}")


class _Database:
    """The connection and the fresh build still under way: everything but the BUILD_TABLES
    is loaded when this is made; finish() waits for the build and loads those."""

    def __init__(self, root: Path, checks_root: Path | None, checks: list[CheckDefinition] | None = None):
        """With `checks` (run_suite), a raw_<resource> table that none of them and no helper
        reads is dropped once the typed tables and the rules are made: at 10^6 rows they are
        a third of the database. load_database keeps them all, to be looked at."""
        import duckdb

        from statsbidrag.sql import harden
        from statsbidrag.toolchecks import checks_root as tool_checks
        self.root, self.schemas = Path(root), _schemas(Path(root))
        self.build: _FreshBuild | None = _FreshBuild(self.root)
        self.con = con = duckdb.connect()
        # One core is the extraction's (_FreshBuild): DuckDB's threads on both would slow
        # it, and it is the longer task of the two.
        con.execute("SET threads = 1")
        # Memory a query has freed goes back to the system when the query ends (DuckDB's
        # allocator would keep what the largest check used): the extraction's process needs
        # it meanwhile (at 10^6 rows this took the two processes' peak from 1.60-1.64 GiB
        # to 1.53 GiB, measured before the extraction's own savings).
        con.execute("SET allocator_flush_threshold = '8MB'")
        con.execute("SET allocator_background_threads = true")
        # What DuckDB spills under memory pressure goes to a private folder, never to its
        # default, `.tmp` in the current folder (which may be the package being checked).
        self.spill = tempfile.mkdtemp(prefix="statsbidrag-check-")
        con.execute(f"SET temp_directory = {literal(self.spill)}")
        try:
            # The tool's own code reads the files: the CSVs and the sources, each at a path it
            # made and checked to lie inside the package ...
            _read_resources(con, self.root, self.schemas)
            _load_sources(con, self.root)
            # ... and only then, with no file reachable any more, runs SQL made from package text.
            harden(con)
            _compile_resources(con, self.schemas)
            _load_units(con)
            _load_reference(con)
            helpers = sorted(_checks_folder(checks_root or tool_checks()).glob("_*.sql"))
            texts = [helper.read_text(encoding="utf-8") for helper in helpers]
            # a helper reading what the build fills makes every check wait for it
            self.helpers_read_build = any(_READS_BUILD.search(text) for text in texts)
            if checks is not None:
                _drop_unread_raw_tables(con, self.schemas, texts + [check.sql for check in checks])
            if self.helpers_read_build:
                self.finish()
            for helper, text in zip(helpers, texts):
                try:
                    con.execute(text)
                except duckdb.Error as error:
                    raise StatsbidragError(f"{CHECKS_FOLDER}/{helper.name}: the SQL failed: {error}",
                                           code="SB305") from None
        except BaseException:
            self.close()
            raise

    def ready(self, check: CheckDefinition) -> bool:
        """Whether `check` can run now (it reads nothing the fresh build fills, or that is loaded)."""
        return self.build is None or not _READS_BUILD.search(check.sql)

    def finish(self) -> None:
        """Wait for the fresh build and load the BUILD_TABLES."""
        if self.build is not None:
            build, self.build = self.build, None
            _load_build(self.con, self.root, self.schemas, build.result())

    def close(self) -> None:
        if self.build is not None:
            self.build.cancel()
            self.build = None
        self.con.close()
        shutil.rmtree(self.spill, ignore_errors=True)


def load_database(root: Path, checks_root: Path | None = None):
    """An in-memory DuckDB connection holding everything the checks read (see module doc)."""
    database = _Database(root, checks_root)
    try:
        database.finish()
    except BaseException:
        database.close()
        raise
    # the caller closes the connection: its spill folder goes when this process ends
    atexit.register(shutil.rmtree, database.spill, True)
    return database.con


# --- running -------------------------------------------------------------------------

def _run_check(con, check: CheckDefinition, root: Path) -> CheckResult:
    import duckdb
    start = time.perf_counter()
    rel = f"{CHECKS_FOLDER}/{check.path.name}"
    try:
        # execute, not sql: planning a check is most of its time on a small package, and
        # execute does it without holding Python's lock (so two threads can check at once)
        result = con.execute(check.sql)
        columns = [column[0] for column in result.description]
        found = result.fetchall()
    except duckdb.Error as error:
        message = f"{rel}: the check's SQL failed: {' '.join(str(error).split())}"
        return CheckResult(check.name, check.description, check.severity, "fail",
                           [{"problem": message}], time.perf_counter() - start, message, rel, 1)
    rows = [{c: jsonable(v) for c, v in zip(columns, row)} for row in found[:MAX_EVIDENCE]]
    return _result(check.name, check.description, check.severity, rows, len(found),
                   time.perf_counter() - start, rel)


def _run_checks(database: _Database, checks: list[CheckDefinition], root: Path) -> dict[str, CheckResult]:
    """Each check's result by name, on two threads, each with its own cursor (DuckDB runs
    one thread per query here, see _Database). The second thread starts once the extraction
    has ended in its second process, so that the two never share a core with a third (today's
    package: at once). A check a thread did not finish is left out: run_suite runs it again."""
    import queue
    import threading
    work: queue.SimpleQueue = queue.SimpleQueue()
    for check in checks:
        work.put(check)
    done: dict[str, CheckResult] = {}

    def worker() -> None:
        cursor = database.con.cursor()
        try:
            while True:
                try:
                    check = work.get_nowait()
                except queue.Empty:
                    return
                done[check.name] = _run_check(cursor, check, root)
        finally:
            cursor.close()
    threads = [threading.Thread(target=worker, name="statsbidrag-check-0")]
    threads[0].start()
    build = database.build
    while threads[0].is_alive() and build is not None and not build.ended():
        threads[0].join(0.02)
    if threads[0].is_alive():
        threads.append(threading.Thread(target=worker, name="statsbidrag-check-1"))
        threads[1].start()
    for thread in threads:
        thread.join()
    return done


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


def run_suite(root: Path, checks_root: Path | None = None, cache: bool = False) -> Report:
    """Frictionless validation, every SQL check, and the documented anomalies.

    The checks are the installed tool's (statsbidrag.toolchecks), whatever `root`
    holds; `checks_root` (a folder holding checks/) is for testing the checks
    themselves. The package's own checks/ are only compared with them.

    With cache=True a report stored by an earlier run on exactly the same inputs, checks
    and tool is returned instead (statsbidrag.check.cache), and a fresh report is stored.
    """
    from statsbidrag import toolchecks
    start = time.perf_counter()
    root = Path(root).resolve()
    checks_root = Path(checks_root).resolve() if checks_root else toolchecks.checks_root()
    if cache:
        from statsbidrag.check import cache as check_cache
        cache_key = check_cache.key(root, checks_root / CHECKS_FOLDER)
        stored = check_cache.load(root, cache_key)
        if stored is not None and stored.get("root") == str(root):
            report = Report.from_dict(stored)
            report.cached, report.seconds = True, time.perf_counter() - start
            return report
        report = run_suite(root, checks_root)
        check_cache.store(root, cache_key, report.to_dict())
        return report
    checks = load_check_definitions(checks_root)
    missing = _missing_checks(checks_root / CHECKS_FOLDER)
    notes = [difference("SB416", file, expected, found, "note")
             for file, expected, found in toolchecks.differences(root, checks_root)] if root != checks_root else []
    setup = time.perf_counter()
    database = _Database(root, checks_root, checks)
    setup_seconds = time.perf_counter() - setup
    con = database.con
    try:
        why = validator.unsupported(root, RESOURCE_ORDER, database.schemas)
        results = [_frictionless(root, why) if why else _compiled_frictionless(con)] + missing
        # The checks that do not read the fresh build run while it is extracted; the
        # others after it (the report keeps the checks' order).
        done = _run_checks(database, [check for check in checks if database.ready(check)], root)
        database.finish()
        results += [done.get(check.name) or _run_check(con, check, root) for check in checks]
        results += _anomaly_results(con)
    finally:
        database.close()
    return Report(str(root), results, time.perf_counter() - start, setup_seconds, notes)


def _missing_checks(folder: Path) -> list[CheckResult]:
    """A failing result for each check the tool expects and cannot find: a renamed or
    deleted check file must not silently shrink the suite."""
    from statsbidrag.toolchecks import missing
    return [CheckResult(Path(rel).stem, "a check the tool expects", "error", "fail",
                        [{"problem": f"{rel}: expected this check; found no such file"}], 0.0,
                        f"{rel}: expected this check (statsbidrag.toolchecks.EXPECTED); found no such file",
                        rel, 1) for rel in missing(folder)]
