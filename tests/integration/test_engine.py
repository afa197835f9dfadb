"""The check engine's fast paths give the same answers as the slow definitions they replace.
A full check of a changed copy and the extraction's deadline (a process killed) are in
tests/slow/test_engine_runs.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_package

from statsbidrag.check import database as check_database
from statsbidrag.check import runner as checking
from statsbidrag.check.database import load_database
from statsbidrag.check.runner import run_suite


@pytest.fixture(scope="module")
def checkout_database():
    """The check's database of the checked-out package (the tests below only read it)."""
    con = load_database(ROOT)
    yield con
    con.close()


class CheckedOnce:
    """A package copy checked once with cache=True into a private cache folder, recording the
    temporary folders the check made."""

    def __init__(self, folder: Path):
        self.package = copy_package(folder / "package")
        self.cache = folder / "cache"
        self.made: list[str] = []
        real = tempfile.mkdtemp

        def recording_mkdtemp(*args, **kwargs):
            self.made.append(real(*args, **kwargs))
            return self.made[-1]
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("STATSBIDRAG_CACHE_DIR", str(self.cache))
            patch.setattr(check_database.tempfile, "mkdtemp", recording_mkdtemp)
            self.report = run_suite(self.package, cache=True)


@pytest.fixture(scope="module")
def checked_once(tmp_path_factory) -> CheckedOnce:
    return CheckedOnce(tmp_path_factory.mktemp("checked"))


@pytest.fixture
def its_cache(checked_once, monkeypatch) -> CheckedOnce:
    """checked_once, with its cache folder as this test's STATSBIDRAG_CACHE_DIR."""
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(checked_once.cache))
    return checked_once


def _fails_if_the_checks_run(monkeypatch):
    """Every check run reads the check definitions first; here that raises Ran."""
    class Ran(Exception):
        pass

    def reading(checks_root):
        raise Ran(checks_root)
    monkeypatch.setattr(checking, "load_check_definitions", reading)
    return Ran


def test_source_lines_match_python_reading(checkout_database):
    """source_lines as DuckDB splits and strips them equals statsbidrag.extract.text.printed of
    each line of each source, numbered from 1."""
    from statsbidrag.extract.text import printed
    found = checkout_database.sql("SELECT s.path, l.line_number, l.text FROM source_lines l "
                                  "JOIN sources s USING (source_id) ORDER BY 1, 2").fetchall()
    expected = sorted((str(p.relative_to(ROOT)), n, printed(t))
                      for p in (ROOT / "sources").iterdir()
                      for n, t in enumerate(p.read_text(encoding="utf-8").split("\n"), start=1))
    assert found == expected


# --- the cache of check reports --------------------------------------------------------


def test_an_unchanged_package_is_not_checked_again(its_cache, monkeypatch):
    first = its_cache.report
    assert not first.cached and len(list(its_cache.cache.glob("check-*.json"))) == 1
    _fails_if_the_checks_run(monkeypatch)
    second = checking.run_suite(its_cache.package, cache=True)
    assert second.cached
    assert [(r.name, r.status, r.rows) for r in second.results] == [(r.name, r.status, r.rows) for r in first.results]


def test_no_cache_runs_the_checks(its_cache, monkeypatch, capsys):
    """`check` uses the stored report; `check --no-cache` runs the checks (here up to reading
    their definitions; tests/slow/test_cli_processes.py runs the three commands whole)."""
    from statsbidrag.cli.main import main
    capsys.readouterr()
    assert main(["check", "--root", str(its_cache.package)]) == 0
    assert "stored result" in capsys.readouterr().out
    ran = _fails_if_the_checks_run(monkeypatch)
    with pytest.raises(ran):
        main(["check", "--no-cache", "--root", str(its_cache.package)])


def test_duckdb_spills_to_a_private_folder_that_the_check_removes(checkout_database, checked_once):
    """Under memory pressure DuckDB writes temporary files to its temp_directory, by default
    `.tmp` in the current folder (the package, when `check` runs there). The check's
    connection spills to a private folder instead, removed when the check ends."""
    spill = Path(checkout_database.sql("SELECT current_setting('temp_directory')").fetchall()[0][0])
    assert spill.is_dir() and spill.name.startswith("statsbidrag-check-")
    assert spill.resolve().parent == Path(tempfile.gettempdir()).resolve()
    assert checked_once.report.ok
    made = checked_once.made
    assert len(made) == 1 and not Path(made[0]).exists()
