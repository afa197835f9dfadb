"""`statsbidrag build` writing the DuckDB file and Parquet, and `statsbidrag query`. The rebuilds
(unchanged, a changed view, a failed database write) are in tests/slow/test_query_rebuilds.py."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from helpers import GRANT_REGIONS, VIEWS, build_package_copy, copy_built, read_resource, run_cli, sha256_of

from statsbidrag.cli.main import main
from statsbidrag.publish import database


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    return build_package_copy(tmp_path_factory)


@pytest.fixture(scope="module")
def built_sha256(built_once: Path) -> str:
    """The built database file's SHA-256, read once."""
    return sha256_of(built_once / database.DATABASE)


@pytest.fixture
def built(built_once: Path, tmp_path: Path, capsys) -> Path:
    capsys.readouterr()
    return copy_built(built_once, tmp_path)


def query(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args, "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_writes_the_database_and_one_parquet_file_per_resource_and_view(built):
    db = built / database.DATABASE
    assert db.is_file()
    names = [r.name for r in database.resources(built)]
    assert sorted(p.name for p in (built / database.PARQUET_DIR).glob("*.parquet")) == \
        sorted(f"{n}.parquet" for n in names + database.view_names(built))
    con = duckdb.connect()
    views = database.connect(built)
    for view in database.view_names(built):
        parquet = f"{built / database.PARQUET_DIR / view}.parquet"
        assert con.sql(f"from '{parquet}' order by all").fetchall() == \
            views.sql(f"from {view} order by all").fetchall(), parquet
    for name in names:
        rows = con.sql(f"select count(*) from '{built / database.PARQUET_DIR / name}.parquet'").fetchall()[0][0]
        assert rows == len(read_resource(name, built)), f"dist/parquet/{name}.parquet"
    # Typed as the schema says: the county code keeps its leading zero.
    assert con.sql(f"select min(region_code) from '{built / database.PARQUET_DIR}/regions.parquet'").fetchall() \
        == [("01",)]
    leftovers = [p.name for p in (built / "dist").rglob(".*")]
    assert leftovers == [], f"temporary files left behind: {leftovers}"


def test_the_database_file_opens_in_the_1_5_cli_from_any_directory(built, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db = built / database.DATABASE
    out = run_cli(["-readonly", "-csv", "-noheader", str(db),
                   "-c", "select library_version from pragma_version()",
                   "-c", "select count(*) from grant_allocations"], elsewhere)
    version, rows = out.split()
    assert version.startswith("v1.5"), f"expected the duckdb-cli 1.5.x binary; found {version}"
    assert int(rows) == len(GRANT_REGIONS)


@pytest.mark.parametrize("statement", [
    "create table notes as select 1 as x",
    "insert into regions values ('99', 'SE-XX', 'X', 'X', 'X')",
    "update allocations set amount_sek = 0",
    "delete from allocations",
    "drop view grant_allocations",
    "alter table grants rename to grants_old",
    "copy regions to 'regions-copy.csv'",
    "attach 'other.duckdb' as other",
    # refused CALLs, PRAGMAs and settings: a message and the hint, never a traceback
    "CALL enable_logging()",
    "CALL read_resource('/etc/passwd')",
    "CALL duckdb_secrets()",
    "CALL force_checkpoint()",
    "PRAGMA enable_profiling",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "INSTALL httpfs",
    "EXPORT DATABASE 'exported'",
])
def test_a_write_statement_is_refused_and_the_database_is_unchanged(built_once, built_sha256, capsys, statement,
                                                                   monkeypatch):
    """The refusals share one built package (a copy each would cost more than the test): each
    asserts that the database and the folder are unchanged, so a write that got through fails
    its own test first. The database is unchanged when its file has the same bytes and DuckDB
    left no write-ahead log beside it (where a write goes before it reaches the file)."""
    built = built_once
    monkeypatch.chdir(built)
    db = built / database.DATABASE
    code, out, err = query(built, capsys, statement)
    assert code == 1 and out == ""
    assert err.count("error SB306: ") == 1, err     # the refusal's code (issue 23: it had none)
    assert "Error" in err, err                      # DuckDB's own message
    for view in VIEWS:
        assert view in err, f"the hint should list {view}: {err}"
    assert sha256_of(db) == built_sha256
    assert not db.with_name(db.name + ".wal").exists()
    assert not any((built / name).exists() for name in ("regions-copy.csv", "other.duckdb", "exported"))


def test_a_refusal_duckdb_raises_as_a_plain_python_error_is_no_traceback(built, capsys, monkeypatch):
    real = database.read_only

    class Refusing:
        def __init__(self, con):
            self.con = con

        def sql(self, text):
            if text.startswith("CALL"):
                raise RuntimeError("this CALL is not allowed")
            return self.con.sql(text)

    @contextlib.contextmanager
    def read_only(root):
        with real(root) as (con, note):
            yield Refusing(con), note
    monkeypatch.setattr(database, "read_only", read_only)
    code, out, err = query(built, capsys, "CALL something()")
    assert code == 1 and out == "" and "Traceback" not in err
    assert "error SB306: DuckDB refused the statement: RuntimeError: this CALL is not allowed" in err and "hint:" in err


def test_a_bad_query_gives_duckdbs_message_and_the_views(built, capsys):
    code, out, err = query(built, capsys, "select amount from grant_allocation")
    assert code == 1 and out == ""
    assert "error SB306: Catalog Error" in err and "grant_allocation" in err
    assert "hint:" in err and all(view in err for view in VIEWS)


def test_query_prints_a_table_csv_and_json_with_the_same_rows(built, capsys):
    sql = ("select region_code, amount_sek from grant_allocations "
           "where grant_id = 'kvinnors-halsa-2021' order by region_code")
    # The government decision's figures, read straight from the CSV.
    decision = next(t["table_id"] for t in read_resource("tables") if t["source_id"] == "regeringen-2021-beslut")
    expected = sorted((r["region_code"], int(r["amount_sek"])) for r in read_resource("allocations")
                      if r["table_id"] == decision)
    assert len(expected) == 21

    code, out, _ = query(built, capsys, sql, "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["region_code", "amount_sek"]
    assert [(c, int(a)) for c, a in rows[1:]] == expected

    code, out, _ = query(built, capsys, sql, "--json")
    assert code == 0
    as_json = json.loads(out)
    assert as_json["schema_version"] == 2 and as_json["columns"] == ["region_code", "amount_sek"]
    assert [(r["region_code"], r["amount_sek"]) for r in as_json["rows"]] == expected

    code, out, _ = query(built, capsys, sql)
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split() == ["region_code", "|", "amount_sek"]
    assert lines[-1] == "(21 rows)"
    assert [tuple(part.strip() for part in line.split("|")) for line in lines[2:-1]] == \
        [(c, str(a)) for c, a in expected]


def test_query_without_a_built_database_uses_a_temporary_copy(package_copy, capsys):
    assert not (package_copy / "dist").exists()
    code, out, err = query(package_copy, capsys, "select count(*) as n from allocations_flat", "--csv")
    assert code == 0
    assert out == f"n\n{len(read_resource('allocations'))}\n"
    assert "missing" in err and "statsbidrag build" in err
    assert not (package_copy / "dist").exists(), "query must not write the database"


def test_query_notices_a_database_older_than_the_package(built, capsys):
    (built / database.VIEWS_DIR / "70_region_count.sql").write_text(
        "create or replace view region_count as\nselect count(*) as regions\nfrom regions;\n", encoding="utf-8")
    before = sha256_of(built / database.DATABASE)
    code, out, err = query(built, capsys, "from region_count", "--csv")
    assert (code, out) == (0, "regions\n21\n")
    assert "older than the package" in err
    assert sha256_of(built / database.DATABASE) == before


def test_a_temporary_copy_serves_the_same_files_again_and_never_changed_ones(package_copy, capsys, monkeypatch):
    """Within one process the temporary copy of unchanged files is written once; a changed file
    (a new view) gets a copy of its own, never the old one."""
    written = []
    write = database.write_database_file
    monkeypatch.setattr(database, "write_database_file", lambda *args: written.append(args[0]) or write(*args))
    for _ in range(2):
        assert query(package_copy, capsys, "select count(*) as n from regions", "--csv")[:2] == (0, "n\n21\n")
    before = len(written)
    assert before <= 1, "expected the second query to open the first one's copy"  # 0: an earlier test's copy
    (package_copy / database.VIEWS_DIR / "70_region_count.sql").write_text(
        "create or replace view region_count as\nselect count(*) + 1 as regions\nfrom regions;\n", encoding="utf-8")
    assert query(package_copy, capsys, "from region_count", "--csv")[:2] == (0, "regions\n22\n")
    assert len(written) == before + 1 and written[-1] == package_copy.resolve()
