"""The check engine's corpora (slow tier): both CSV readers on every kind of file, every changed input
re-running the checks, and the extraction in a second process."""

from __future__ import annotations

import pytest
from conftest import copy_package

from statsbidrag.check.database import load_database
from statsbidrag.check.runner import run_suite

READS = {
    "duckdb-read": lambda data: data,
    "duckdb-read-quoted": lambda data: data.replace(b"Stockholm", b'"Stockholm"', 1),
    "python-read-crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "python-read-bom": lambda data: b"\xef\xbb\xbf" + data,
}


@pytest.fixture
def duckdb_reads_small_files(monkeypatch):
    from statsbidrag.check import validator
    monkeypatch.setattr(validator, "DUCKDB_MIN_BYTES", 0)


@pytest.fixture(scope="module")
def reference_rows(tmp_path_factory) -> list[tuple]:
    """raw_allocations of an unchanged copy, read by DuckDB (the same for every case)."""
    from statsbidrag.check import validator
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(validator, "DUCKDB_MIN_BYTES", 0)
        con = load_database(copy_package(tmp_path_factory.mktemp("reference") / "package"))
        return con.sql("SELECT * FROM raw_allocations ORDER BY _row").fetchall()


@pytest.mark.parametrize("change", READS.values(), ids=READS.keys())
def test_both_csv_readers_load_the_same_rows(tmp_path, change, duckdb_reads_small_files, monkeypatch, request,
                                             reference_rows):
    """A resource read by DuckDB (plain bytes, whole fields quoted) and the same rows read by
    Python's csv module (CRLF or a BOM forces it) give the same raw rows and row numbers."""
    from statsbidrag.check import validator
    package = copy_package(tmp_path / "package")
    path = package / "resources" / "allocations.csv"
    path.write_bytes(change(path.read_bytes()))
    by_python = []
    python_read = validator._python_read
    monkeypatch.setattr(validator, "_python_read", lambda con, res, *a: by_python.append(res.name) or
                        python_read(con, res, *a))
    rows = load_database(package).sql("SELECT * FROM raw_allocations ORDER BY _row").fetchall()
    assert ("allocations" in by_python) == ("python" in request.node.callspec.id)
    assert rows == reference_rows
    assert [r[-1] for r in rows] == list(range(2, len(rows) + 2))


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"], ids=["duckdb-read", "python-read"])
def test_an_empty_quoted_field_is_missing_in_both_readers(package_copy, line_end, duckdb_reads_small_files):
    path = package_copy / "resources" / "allocations.csv"
    lines = path.read_bytes().split(b"\n")
    lines[1] = b'""' + lines[1][lines[1].index(b","):]
    path.write_bytes(line_end.join(lines))
    con = load_database(package_copy)
    assert con.sql("SELECT table_id FROM raw_allocations WHERE _row = 2").fetchall() == [(None,)]
    assert con.sql("SELECT count(*) FROM schema_violations WHERE resource = 'allocations' AND row_number = 2 "
                   "AND field = 'table_id'").fetchall()[0][0] >= 1


@pytest.mark.parametrize("changed", ["resources/grants.csv", "datapackage.json", "schemas/grants.json",
                                     "sources/skr-2021-fordelning-av-medel.txt", "metadata/grants.toml",
                                     "checks/table_totals.sql", "checks/_macros.sql"])
def test_any_changed_input_runs_the_checks_again(package_copy, cache_dir, changed, checkout_report):
    from statsbidrag import toolchecks
    from statsbidrag.check import cache
    from statsbidrag.check.definitions import CHECKS_FOLDER
    root, checks = package_copy.resolve(), toolchecks.checks_root() / CHECKS_FOLDER
    before = cache.key(root, checks)
    # a report stored for the unchanged inputs (as run_suite stores one) is used while nothing changes ...
    cache.store(root, before, {**checkout_report.to_dict(), "root": str(root)})
    assert run_suite(root, cache=True).cached, "expected the stored report to be used while nothing changed"
    path = root / changed
    path.write_bytes(path.read_bytes() + b" ")
    assert cache.key(root, checks) != before
    assert not run_suite(root, cache=True).cached  # ... and not once one input has changed


def test_the_extraction_in_a_second_process_gives_the_same_result(package_copy):
    """The fresh extraction runs in a second Python process; its result is the one
    fresh_build gives in this one."""
    from statsbidrag.check import fresh_build as checking
    path = package_copy / "resources" / "grants.csv"
    path.write_bytes(path.read_bytes().replace(b"Maternity care", b"Maternity kare", 1))
    child = checking.FreshBuild(package_copy)
    assert child.process is not None
    assert child.result() == checking.fresh_build(package_copy)
    assert child.process.returncode == 0
    result = {r.name: r for r in run_suite(package_copy).results}["resources_match_build"]
    assert result.status == "fail" and "Maternity kare" in result.message


def test_a_changed_result_is_not_taken_from_the_cache(package_copy, cache_dir):
    assert run_suite(package_copy, cache=True).ok
    path = package_copy / "resources" / "grants.csv"
    path.write_bytes(path.read_bytes().replace(b"Maternity care", b"Maternity kare", 1))
    report = run_suite(package_copy, cache=True)
    assert not report.cached and not report.ok


def test_the_cache_is_never_inside_the_package(package_copy, monkeypatch):
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(package_copy / ".cache"))
    run_suite(package_copy, cache=True)
    assert not (package_copy / ".cache").exists()
    assert not run_suite(package_copy, cache=True).cached


def test_an_entry_for_another_key_is_not_trusted(package_copy, cache_dir):
    import json
    run_suite(package_copy, cache=True)
    [entry] = cache_dir.glob("check-*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["key"] = "0" * 64
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert not run_suite(package_copy, cache=True).cached
