"""The checks' database: an in-memory DuckDB database holding everything the checks read.

It holds:

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

The tool's own code reads the files (the CSVs and the sources, each at a path it made and
checked to lie inside the package); only then, with no file reachable any more
(statsbidrag.sql.harden), does SQL made from package text run.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.check import validator
from statsbidrag.check.definitions import CHECKS_FOLDER, CheckDefinition, checks_folder
from statsbidrag.check.fresh_build import FreshBuild, load_build
from statsbidrag.errors import SourceError, StatsbidragError
from statsbidrag.extract.documents import BOM, NARROW_SPACES
from statsbidrag.tableschema.model import read_schema_json
from statsbidrag.tableschema.resources import RESOURCE_ORDER, schema_path
from statsbidrag.tableschema.to_sql import insert, literal, quote, reference_rules, schema_rules, typed, union_table

if TYPE_CHECKING:
    import duckdb


def _safe_file(root: Path, rel: str | None) -> Path | None:
    if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts or ":" in rel:
        return None
    return root / rel


def _source_line_rows(files: list[list], root: Path) -> list[list]:
    """(source_id, line_number, text) of each present source, in Python (the slow way): the
    lines the build read (statsbidrag.extract.documents.read_lines; a PDF's lines are its text)."""
    from statsbidrag.extract.documents import read_lines
    from statsbidrag.extract.pdf import is_pdf
    from statsbidrag.extract.text import printed
    lines: list[list] = []
    for source_id, rel, present, *_ in files:
        if present:
            data = (root / rel).read_bytes()
            try:
                text_lines = read_lines(rel, data)
            except SourceError:  # the build refuses it (source_files_intact says why); read what can be:
                # an unreadable PDF has no lines (every text said to be in it fails), other text as UTF-8
                text_lines = [] if is_pdf(rel) else data.decode("utf-8", errors="replace").split("\n")
            lines.extend([source_id, n, printed(t)] for n, t in enumerate(text_lines, start=1))
    return lines


_ENTITY = re.compile(rb"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


_NARROW_SPACES = tuple(space.encode("utf-8") for space in NARROW_SPACES)


def _read_in_python(data: bytes) -> bool:
    """Whether a text file's lines are not what splitting it at LF in DuckDB gives."""
    return (data.startswith(BOM) or b"\r" in data or _ENTITY.search(data) is not None
            or any(space in data for space in _NARROW_SPACES))


def _load_source_lines(con: duckdb.DuckDBPyConnection, root: Path, files: list[list]) -> None:
    """source_lines, split and stripped of markup by DuckDB (statsbidrag.extract.text.printed
    removes <...> the same way); in Python when a file is not valid UTF-8."""
    import duckdb

    from statsbidrag.extract.pdf import is_pdf
    present = [(source_id, (root / rel).resolve().as_posix()) for source_id, rel, ok, *_ in files if ok]
    columns = [("source_id", "VARCHAR"), ("line_number", "INTEGER"), ("text", "VARCHAR")]
    # a PDF's lines are its text, a character reference ('&nbsp;') is read as its character
    # (statsbidrag.extract.text.printed), a byte-order mark or a CR ending each line is not part
    # of a line and a narrow space is read as a no-break space (statsbidrag.extract.documents.
    # read_lines): a package with any goes the Python way
    if present and not any(is_pdf(rel) or _read_in_python((root / rel).read_bytes())
                           for _, rel, ok, *_ in files if ok):
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


def _load_sources(con: duckdb.DuckDBPyConnection, root: Path) -> None:
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


_DRAFT = re.compile(r"^draft[ \t]*=[ \t]*true[ \t]*(#.*)?$")
_ENTRY_ID = re.compile(r'^id[ \t]*=[ \t]*"([^"]*)"')


def _load_drafts(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """metadata_drafts (file, line, source_id): each [[source]] of metadata/sources.toml that
    `statsbidrag add` marked `draft = true` (none in a package without metadata/)."""
    rows: list[list] = []
    path = _safe_file(root, "metadata/sources.toml")
    if path is not None and path.is_file():
        source_id, draft_line = None, None
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), start=1):
            text = line.strip()
            if text.startswith("[["):
                if draft_line is not None:
                    rows.append(["metadata/sources.toml", draft_line, source_id])
                source_id, draft_line = None, None
            elif (found := _ENTRY_ID.match(text)) is not None:
                source_id = found.group(1)
            elif _DRAFT.match(text):
                draft_line = number
        if draft_line is not None:
            rows.append(["metadata/sources.toml", draft_line, source_id])
    insert(con, "metadata_drafts", [("file", "VARCHAR"), ("line", "INTEGER"), ("source_id", "VARCHAR")], rows)


def _load_units(con: duckdb.DuckDBPyConnection) -> None:
    # CLAIM_UNITS is UNIT_LABELS plus the prose-only words, so it is every label there is.
    from statsbidrag.extract.claims import CLAIM_UNITS
    from statsbidrag.extract.text import UNIT_SEK
    insert(con, "units", [("unit", "VARCHAR"), ("scale_sek", "BIGINT")], [[u, s] for u, s in UNIT_SEK.items()])
    insert(con, "unit_labels", [("label", "VARCHAR"), ("scale_sek", "BIGINT")],
            [[label, scale] for label, scale in CLAIM_UNITS.items()])


def _load_reference(con: duckdb.DuckDBPyConnection) -> None:
    # The tool's own reference of the 21 regions (never the package's): regions_match_reference.
    from statsbidrag.check.reference import REGIONS_FIELDS, regions
    insert(con, "reference_regions", [(f, "VARCHAR") for f in REGIONS_FIELDS],
            [[r[f] for f in REGIONS_FIELDS] for r in regions()])


def _schemas(root: Path) -> dict[str, Any]:
    """Each resource's schema as JSON: the compiled rules run on it once check.validator has
    found its shape one they read (a package being checked may be anything)."""
    return {name: read_schema_json(root, schema_path(name)) for name in RESOURCE_ORDER}


def _read_resources(con: duckdb.DuckDBPyConnection, root: Path, schemas: dict[str, dict]) -> None:
    """raw_<resource> from the CSVs (DuckDB may read files here: before harden) and
    file_problems, what Frictionless would report about the files themselves."""
    resources = validator.declared(root, list(schemas), schemas)
    problems: list[validator.FileProblem] = []
    for res in resources:
        found = validator.load_resource(con, root, res)
        problems += found if res.listed else []
    problems += validator.inherited_problems([r for r in resources if r.listed], problems)
    insert(con, "file_problems", [("problem", "VARCHAR"), ("resource", "VARCHAR"), ("row", "INTEGER"),
                                  ("field", "VARCHAR"), ("error", "VARCHAR"), ("position", "INTEGER")],
           [[p["problem"], p["resource"], p["row"], p["field"], p["error"], i] for i, p in enumerate(problems)])
    insert(con, "listed_resources", [("name", "VARCHAR")], [[r.name] for r in resources if r.listed])


def _compile_resources(con: duckdb.DuckDBPyConnection, schemas: dict[str, dict], violations: bool = True) -> None:
    """<resource> (typed) and (with `violations`) the findings of the rules compiled from the
    schemas: SQL made from package text, so it runs on the hardened connection."""
    for name, schema in schemas.items():
        columns = ", ".join(f"{typed(f)} AS {quote(f['name'])}" for f in schema["fields"])
        con.execute(f"CREATE TABLE {quote(name)} AS SELECT {columns} FROM {quote('raw_' + name)} ORDER BY _row")
    if not violations:
        return
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
# What the compiled Table Schema rules fill (_compile_resources): made only when read.
_READS_VIOLATIONS = re.compile(r"\b(schema_violations|reference_violations)\b", re.IGNORECASE)


# Every word that starts with raw_: the tables a text may read (a name with other characters
# than word characters is looked for on its own).
_RAW_NAME = re.compile(r"\braw_\w+\b", re.IGNORECASE)


def _drop_unread_raw_tables(con: duckdb.DuckDBPyConnection, names: Iterable[str], texts: list[str]) -> None:
    """Drop each raw_<resource> table that no text of `texts` names."""
    named = {word.lower() for text in texts for word in _RAW_NAME.findall(text)}
    for name in names:
        table = f"raw_{name}"
        read = table.lower() in named if _RAW_NAME.fullmatch(table) else \
            any(re.search(rf"\b{re.escape(table)}\b", text, re.IGNORECASE) for text in texts)
        if not read:
            con.execute(f"DROP TABLE {quote(table)}")


def _configured(con: duckdb.DuckDBPyConnection, spill: str) -> duckdb.DuckDBPyConnection:
    """`con` set up to share the machine with the fresh build."""
    # One core is the extraction's (FreshBuild): DuckDB's threads on both would slow
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
    con.execute(f"SET temp_directory = {literal(spill)}")
    return con


def _run_helpers(con: duckdb.DuckDBPyConnection, helpers: list[Path], texts: list[str]) -> None:
    """The checks/_*.sql helpers (shared macros), in name order."""
    import duckdb
    for helper, text in zip(helpers, texts):
        try:
            con.execute(text)
        except duckdb.Error as error:
            raise StatsbidragError(f"{CHECKS_FOLDER}/{helper.name}: the SQL failed: {error}",
                                   code="SB305") from None


class Database:
    """The connection and the fresh build still under way: everything but the BUILD_TABLES
    is loaded when this is made; finish() waits for the build and loads those."""

    def __init__(self, root: Path, checks_root: Path | None, checks: list[CheckDefinition] | None = None,
                 frictionless: bool = True):
        """With `checks` (run_suite), a raw_<resource> table that none of them and no helper
        reads is dropped once the typed tables and the rules are made: at 10^6 rows they are
        a third of the database. load_database keeps them all, to be looked at. A fresh build
        is made only when a check or a helper reads it, and schema_violations and
        reference_violations are compiled only when `frictionless` or a check reads them."""
        from statsbidrag.sql import harden, new_connection
        from statsbidrag.toolchecks import checks_root as tool_checks
        self.root, self.schemas, self.frictionless = Path(root), _schemas(Path(root)), frictionless
        self.helpers = sorted(checks_folder(checks_root or tool_checks()).glob("_*.sql"))
        self.helper_texts = [helper.read_text(encoding="utf-8") for helper in self.helpers]
        texts = self.helper_texts + [check.sql for check in checks] if checks is not None else None
        self.violations = texts is None or frictionless or any(_READS_VIOLATIONS.search(t) for t in texts)
        self.build: FreshBuild | None = None
        if texts is None or any(_READS_BUILD.search(text) for text in texts):
            self.build = FreshBuild(self.root)
        self.spill = tempfile.mkdtemp(prefix="statsbidrag-check-")
        self.con = con = _configured(new_connection(), self.spill)
        try:
            # The tool's own code reads the files: the CSVs and the sources, each at a path it
            # made and checked to lie inside the package ...
            _read_resources(con, self.root, self.schemas)
            _load_sources(con, self.root)
            _load_drafts(con, self.root)
            # ... and only then, with no file reachable any more, runs SQL made from package text.
            harden(con)
            self._load_rules(checks_root, checks)
        except BaseException:
            self.close()
            raise

    def _load_rules(self, checks_root: Path | None, checks: list[CheckDefinition] | None) -> None:
        """What runs on the hardened connection: the rules compiled from the schemas, the
        tool's own tables, and the checks' helpers."""
        con = self.con
        _compile_resources(con, self.schemas, self.violations)
        _load_units(con)
        _load_reference(con)
        helpers, texts = self.helpers, self.helper_texts
        # a helper reading what the build fills makes every check wait for it
        self.helpers_read_build = any(_READS_BUILD.search(text) for text in texts)
        if checks is not None:
            _drop_unread_raw_tables(con, self.schemas, texts + [check.sql for check in checks])
        if self.helpers_read_build:
            self.finish()
        _run_helpers(con, helpers, texts)

    def ready(self, check: CheckDefinition) -> bool:
        """Whether `check` can run now (it reads nothing the fresh build fills, or that is loaded)."""
        return self.build is None or not _READS_BUILD.search(check.sql)

    def finish(self) -> None:
        """Wait for the fresh build and load the BUILD_TABLES."""
        if self.build is not None:
            build, self.build = self.build, None
            load_build(self.con, self.root, self.schemas, build.result())

    def close(self) -> None:
        if self.build is not None:
            self.build.cancel()
            self.build = None
        self.con.close()
        shutil.rmtree(self.spill, ignore_errors=True)


def load_database(root: Path, checks_root: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection holding everything the checks read (see module doc)."""
    database = Database(root, checks_root)
    try:
        database.finish()
    except BaseException:
        database.close()
        raise
    # the caller closes the connection: its spill folder goes when this process ends
    atexit.register(shutil.rmtree, database.spill, True)
    return database.con

