"""The package as a DuckDB database: typed tables from the CSVs, and the views in sql/views/.

One definition, three ways in:

(a) `sql/load_csv.sql`, generated here from datapackage.json and schemas/*.json, loads
    resources/*.csv with the DuckDB CLI (column types from the Table Schemas) and then
    `.read`s each file in sql/views/ in order;
(b) `dist/statsbidrag.duckdb`, written by `statsbidrag build`: the same tables,
    materialised, and the same views over them, in a storage version the 1.5.x CLI
    (the `duckdb-cli` package on PyPI) can open;
(c) `connect()`: an in-memory database loaded the same way from the package's CSVs.

The column types exist only in schemas/*.json; statsbidrag.tableschema.engine_types maps
Table Schema types to DuckDB types. duckdb is imported inside the functions that need it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.errors import SchemaMappingError, StatsbidragError
from statsbidrag.paths import inside, replacing
from statsbidrag.publish.render import publish
from statsbidrag.sql import harden, new_connection
from statsbidrag.tableschema.engine_types import engine_type
from statsbidrag.tableschema.model import DESCRIPTOR, Resource, read_descriptor

if TYPE_CHECKING:
    import duckdb

# Field properties that change how a value is written; the loader reads only the
# Table Schema defaults, so a schema using one of these must be supported here first.
UNSUPPORTED_FIELD_PROPERTIES = ("format", "trueValues", "falseValues", "decimalChar", "groupChar", "bareNumber",
                                "missingValues")

LOAD_SQL = "sql/load_csv.sql"
VIEWS_DIR = "sql/views"
DATABASE = "dist/statsbidrag.duckdb"
PARQUET_DIR = "dist/parquet"
# DuckDB 2.0 writes files that DuckDB 1.x cannot open; v1.4.0 opens in 1.4 (LTS) and 1.5.
STORAGE_VERSION = "v1.4.0"
# Bump when what this module writes into the database changes (invalidates old files).
DATABASE_FORMAT = "1"
INFO_TABLE = "package_info"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str, where: str) -> str:
    if not IDENTIFIER.match(name):
        raise StatsbidragError(f"{where}: expected a lower-case SQL name (letters, digits, _); found '{name}'. "
                               "Rename it, or quote names in statsbidrag/publish/database.py.", code="SB304")
    return name


def resources(root: Path) -> list[Resource]:
    """The CSV resources datapackage.json lists with a schema file, each schema read."""
    found = []
    for resource in read_descriptor(root).tabular():
        if resource.schema_path is None or not str(resource.path or "").endswith(".csv"):
            continue
        _identifier(resource.name, f"{DESCRIPTOR} resource '{resource.name}'")
        _ = resource.schema  # read now: a missing or unreadable schema stops here, naming it
        found.append(resource)
    if not found:
        raise StatsbidragError(f"{DESCRIPTOR}: expected CSV resources with a schema; found none.", code="SB302")
    return found


def column_types(resource: Resource) -> list[tuple[str, str]]:
    """(column, DuckDB type) for each field of the resource's Table Schema, in order."""
    columns = []
    schema = resource.schema
    for field in schema.fields:
        where = f"{schema.where} field '{field.name}'"
        kind = engine_type(field.type, "duckdb", where)
        extra = [p for p in UNSUPPORTED_FIELD_PROPERTIES
                 if p in field.properties and not (p == "format" and field.format == "default")]
        if extra:
            raise SchemaMappingError(f"{where}: expected the Table Schema default formats; found {extra}. "
                                     "Teach statsbidrag/publish/database.py to read them before using them.")
        columns.append((_identifier(field.name, where), kind))
    if schema.missing_values != ("",):
        raise SchemaMappingError(f"{schema.where}: expected missingValues [\"\"]; found {list(schema.missing_values)}. "
                                 "Teach statsbidrag/publish/database.py to read other missing values first.")
    return columns


def table_sql(resource: Resource, csv_path: str) -> str:
    """The statements creating one resource's table from its CSV, with its schema's types."""
    name = resource.name
    columns = ",\n".join(f"        {_sql_string(c)}: {_sql_string(t)}" for c, t in column_types(resource))
    lines = [
        f"create or replace table {name} as",
        "select *",
        "from read_csv(",
        f"    {_sql_string(csv_path)},",
        "    header = true,",
        "    auto_detect = false,",
        "    delim = ',',",
        "    quote = '\"',",
        "    escape = '\"',",
        "    columns = {",
        columns,
        "    }",
        ");",
    ]
    if resource.description:
        lines.append(f"comment on table {name} is {_sql_string(resource.description)};")
    for field in resource.schema.fields:
        if field.description:
            lines.append(f"comment on column {name}.{field.name} is {_sql_string(field.description)};")
    return "\n".join(lines) + "\n"


def view_files(root: Path) -> list[Path]:
    """sql/views/*.sql in load order (their numeric prefixes: a view may use earlier ones)."""
    files = sorted((root / VIEWS_DIR).glob("*.sql"))
    if not files:
        raise StatsbidragError(f"{root / VIEWS_DIR}: expected the view files (NN_name.sql); found none.", code="SB305")
    return files


def view_names(root: Path) -> list[str]:
    """The view (and derived table) names, from the file names: 10_allocations_flat.sql -> allocations_flat."""
    return [re.sub(r"^\d+_", "", f.stem) for f in view_files(root)]


def load_sql(root: Path) -> str:
    """The text of sql/load_csv.sql: what the DuckDB CLI runs from the package's root folder."""
    parts = [
        "-- Generated by `statsbidrag build` from datapackage.json and schemas/*.json: do not edit.\n"
        "-- Loads every resource from resources/*.csv with the column types its Table Schema\n"
        "-- declares, then creates the views in sql/views/ in order. Run it from the package's\n"
        "-- root folder (the paths are relative):\n"
        "--   duckdb -c \".read sql/load_csv.sql\" -c \"from grant_allocations limit 5\"\n"
    ]
    for resource in resources(root):
        parts.append(table_sql(resource, str(resource.path)))
    views = "\n".join(f".read {f.relative_to(root).as_posix()}" for f in view_files(root))
    parts.append("-- The views (and the allocations_wide table), in dependency order.\n" + views + "\n")
    return "\n".join(parts)


def write_load_sql(root: Path) -> list[str]:
    """Regenerate sql/load_csv.sql when it differs from the schemas; -> changed paths."""
    return publish(root, {LOAD_SQL: load_sql(root).encode("utf-8")})


def _check_header(root: Path, resource: Resource) -> None:
    rel = str(resource.path)
    path = inside(root, rel)
    if not path.is_file():
        raise StatsbidragError(f"{rel}: not found; run `statsbidrag build` to write it.", code="SB601")
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    expected = resource.schema.names
    if header != expected:
        raise StatsbidragError(f"{rel}: expected the header {expected} from "
                               f"{resource.schema_label}; found {header}. Run `statsbidrag build`.", code="SB303")


def _run(con: duckdb.DuckDBPyConnection, sql: str, where: str) -> None:
    import duckdb
    try:
        con.sql(sql)
    except duckdb.Error as error:
        raise StatsbidragError(f"{where}: DuckDB could not run it: {error}", code="SB305") from error


def load(con: duckdb.DuckDBPyConnection, root: Path, views: bool = True, writable: Path | None = None) -> None:
    """Create every resource's table (from the CSVs, with schema types) and every view in `con`.

    Once the tool's own code has loaded the CSVs, and before the first view (text from
    the package) runs, the connection is hardened: no file, network or extension
    access, configuration locked (safety.harden); `writable` is the one folder it may
    still write in (the Parquet export's private temporary folder).
    """
    for resource in resources(root):
        _check_header(root, resource)
        csv_path = inside(root, str(resource.path)).resolve().as_posix()
        _run(con, table_sql(resource, csv_path), f"loading {resource.path}")
    harden(con, writable)
    if not views:
        return
    for view in view_files(root):
        _run(con, view.read_text(encoding="utf-8"), str(view.relative_to(root)))


def connect(root: str | Path | None = None, views: bool = True,
            writable: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the package's tables and views.

    Loaded from the package's CSVs with the types of schemas/*.json and the views of
    sql/views/, exactly as sql/load_csv.sql and dist/statsbidrag.duckdb are.
    """

    from statsbidrag.paths import project_root
    root = Path(root).resolve() if root else project_root()
    con = new_connection()
    try:
        load(con, root, views, writable)
    except BaseException:
        con.close()
        raise
    return con


def fingerprint(root: Path) -> str:
    """What the database file is made from: the CSVs, schemas, descriptor, views and writer."""
    import duckdb
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("format", DATABASE_FORMAT.encode())
    add("duckdb", duckdb.__version__.encode())
    add("storage", STORAGE_VERSION.encode())
    add("datapackage.json", (root / "datapackage.json").read_bytes())
    add("load", load_sql(root).encode("utf-8"))
    for resource in resources(root):
        add(str(resource.path), (root / str(resource.path)).read_bytes())
    for view in view_files(root):
        add(view.relative_to(root).as_posix(), view.read_bytes())
    return digest.hexdigest()


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint a database file was written with; None when it is missing or unreadable."""
    if (con := _opened(path)) is None:
        return None
    found = _fingerprint_in(con)
    con.close()
    return found


def _fingerprint_in(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint stored in an open database file (None: none)."""
    import duckdb
    try:
        rows = con.sql(f"select value from {INFO_TABLE} where key = 'fingerprint'").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def write_database_file(root: Path, target: Path, known_fingerprint: str | None = None) -> None:
    """Write the database to `target` (temp file + rename: a failure leaves `target` as it was)."""
    import duckdb

    from statsbidrag._version import __version__
    with replacing(target, leftovers=(".wal",), empty_file=False) as temp:
        con = new_connection()
        try:
            con.sql(f"attach {_sql_string(str(temp))} as statsbidrag (storage_version {_sql_string(STORAGE_VERSION)})")
            con.sql("use statsbidrag")
            load(con, root)
            info = {
                "package_version": __version__,
                "fingerprint": known_fingerprint or fingerprint(root),
                "written_by_duckdb": duckdb.__version__,
                "storage_version": STORAGE_VERSION,
            }
            values = ", ".join(f"({_sql_string(k)}, {_sql_string(v)})" for k, v in info.items())
            con.sql(f"create table {INFO_TABLE} as select * from (values {values}) as i(key, value)")
            con.sql(f"comment on table {INFO_TABLE} is 'What this file was built from (used to tell whether it is "
                    "up to date); not part of the data package.'")
            con.sql("use memory")
            con.sql("checkpoint statsbidrag")
            con.sql("detach statsbidrag")
        finally:
            con.close()
        # A write-ahead log left by someone who opened the old file for writing must not be
        # replayed onto the new one.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)


def write_parquet(root: Path, folder: Path | None = None) -> list[str]:
    """<resource>.parquet for every resource and <view>.parquet for every view of sql/views/,
    in `folder` (default dist/parquet); only changed files are replaced.

    The views are shipped too: joining the resources by hand double counts a grant printed
    by two tables and mixes money to municipalities into the regions' totals.
    """
    folder = folder or root / PARQUET_DIR
    label = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = [r.name for r in resources(root)] + view_names(root)
    changed = []
    # DuckDB writes into a private temporary folder, the only one its hardened connection
    # may touch; each file is then compared with the published one and renamed over it.
    with tempfile.TemporaryDirectory(dir=folder, prefix=".parquet-") as staging:
        con = connect(root, writable=Path(staging))
        try:
            for name in names:
                target, temp = folder / f"{name}.parquet", Path(staging) / f"{name}.parquet"
                con.sql(f"copy {name} to {_sql_string(str(temp))} (format parquet, compression zstd)")
                if target.is_file() and target.read_bytes() == temp.read_bytes():
                    continue
                os.replace(temp, target)
                changed.append(f"{label}/{name}.parquet")
        finally:
            con.close()
    for stale in sorted(folder.glob("*.parquet")):
        if stale.stem not in names:
            stale.unlink()
            changed.append(f"{label}/{stale.name} (removed: no such resource or view)")
    return changed


def write_outputs(root: Path) -> list[str]:
    """dist/statsbidrag.duckdb (rewritten only when its inputs changed) and the Parquet files."""
    changed = []
    target = root / DATABASE
    current = fingerprint(root)
    if stored_fingerprint(target) != current:
        write_database_file(root, target, current)
        changed.append(DATABASE)
    changed.extend(write_parquet(root))
    return changed


@contextmanager
def read_only(root: Path) -> Iterator[tuple[Any, str | None]]:  # (duckdb connection, note)
    """A read-only connection for `statsbidrag query`: -> (connection, note or None).

    Opens dist/statsbidrag.duckdb when it is up to date; otherwise writes a temporary
    copy from the CSVs and opens that (the note says so). Either way the database is
    opened read only and without file system access, so no statement can change it or
    write anywhere else.
    """
    target = root / DATABASE
    current = fingerprint(root)
    con, note = _current_read_only(target, current), None
    if con is None:
        state = "is missing" if not target.is_file() else "is older than the package's files"
        note = (f"note: {DATABASE} {state}; querying a temporary copy built from the CSVs "
                "(run `statsbidrag build` to write it).")
        con = _connect_read_only(_temporary_database(root, current))
    try:
        yield con, note
    finally:
        con.close()


# The temporary copies `query` wrote in this process, by fingerprint: a second query of the same
# files opens the first one's (not 0.3 CPU-s more); each in a private folder removed at exit.
_TEMPORARY: dict[str, Path] = {}


def _temporary_database(root: Path, current: str) -> Path:
    """A database file of the package whose fingerprint is `current`, written in this process."""
    path = _TEMPORARY.get(current)
    if path is None or not path.is_file():
        import atexit
        import shutil
        folder = tempfile.mkdtemp(prefix="statsbidrag-")
        atexit.register(shutil.rmtree, folder, True)
        path = _TEMPORARY[current] = Path(folder) / "statsbidrag.duckdb"
        write_database_file(root, path, current)
    return path


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A database file opened read only, without file system access, and hardened."""
    con = new_connection(str(path), read_only=True, config={"enable_external_access": False})
    harden(con)
    return con


def _opened(path: Path) -> duckdb.DuckDBPyConnection | None:
    """_connect_read_only(path) (a downloaded folder's file reaches nothing else); None if missing or unreadable."""
    import duckdb
    try:
        return _connect_read_only(path) if path.is_file() else None
    except duckdb.Error:
        return None


def _current_read_only(path: Path, current: str) -> duckdb.DuckDBPyConnection | None:
    """The database file opened read only if written from the files whose fingerprint is `current`."""
    if (con := _opened(path)) is not None and _fingerprint_in(con) != current:
        con.close()
        return None
    return con
