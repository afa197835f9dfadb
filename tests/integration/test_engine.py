"""The check engine's fast paths give the same answers as the slow definitions they replace."""

from __future__ import annotations

import pytest

from statsbidrag.check.database import load_database
from statsbidrag.check.runner import run_suite


def test_source_lines_match_python_reading(package_copy):
    """source_lines as DuckDB splits and strips them equals statsbidrag.extract.text.printed of
    each line of each source, numbered from 1."""
    from statsbidrag.extract.text import printed
    con = load_database(package_copy)
    found = con.sql("SELECT s.path, l.line_number, l.text FROM source_lines l JOIN sources s USING (source_id) "
                    "ORDER BY 1, 2").fetchall()
    expected = sorted((str(p.relative_to(package_copy)), n, printed(t))
                      for p in (package_copy / "sources").iterdir()
                      for n, t in enumerate(p.read_text(encoding="utf-8").split("\n"), start=1))
    assert found == expected


def test_a_changed_resource_is_compared_row_by_row(package_copy):
    """Hash first: an unchanged file loads no rows to compare; a changed one does, and the
    check names the changed field."""
    con = load_database(package_copy)
    assert con.sql("SELECT count(*) FROM published_rows").fetchall() == [(0,)]
    path = package_copy / "resources" / "grants.csv"
    path.write_bytes(path.read_bytes().replace(b"Maternity care", b"Maternity kare", 1))
    con = load_database(package_copy)
    assert con.sql("SELECT DISTINCT resource FROM published_rows").fetchall() == [("grants",)]
    result = {r.name: r for r in run_suite(package_copy).results}["resources_match_build"]
    assert result.status == "fail" and "Maternity kare" in result.message


# --- the cache of check reports --------------------------------------------------------


def test_an_unchanged_package_is_not_checked_again(package_copy, cache_dir, monkeypatch):
    from statsbidrag.check import runner as checking
    first = checking.run_suite(package_copy, cache=True)
    assert not first.cached and len(list(cache_dir.glob("check-*.json"))) == 1

    def no_database(*args, **kwargs):
        raise AssertionError("the checks ran although nothing changed")
    monkeypatch.setattr(checking, "Database", no_database)
    second = checking.run_suite(package_copy, cache=True)
    assert second.cached
    assert [(r.name, r.status, r.rows) for r in second.results] == [(r.name, r.status, r.rows) for r in first.results]


def test_no_cache_runs_the_checks(package_copy, cache_dir, monkeypatch, capsys):
    """`check` uses the stored report; `check --no-cache` runs the checks (here up to reading
    their definitions; tests/slow/test_cli_processes.py runs the three commands whole)."""
    from statsbidrag.check import runner as checking
    from statsbidrag.cli.main import main
    assert checking.run_suite(package_copy, cache=True).ok
    capsys.readouterr()
    assert main(["check", "--root", str(package_copy)]) == 0
    assert "stored result" in capsys.readouterr().out

    class Ran(Exception):
        pass

    def reading(checks_root):
        raise Ran(checks_root)
    monkeypatch.setattr(checking, "load_check_definitions", reading)
    with pytest.raises(Ran):
        main(["check", "--no-cache", "--root", str(package_copy)])


def test_an_extraction_that_does_not_end_is_stopped_with_a_clear_error(package_copy, monkeypatch):
    """A regular expression of a (downloaded) package's metadata that backtracks for ever must
    not hang check or verify: the extraction's process has a deadline and is killed."""
    from statsbidrag.check import fresh_build
    from statsbidrag.errors import StatsbidragError
    monkeypatch.setattr(fresh_build, "_CHILD", "import time; time.sleep(60)")  # stands in for such a regex
    monkeypatch.setattr(fresh_build, "EXTRACTION_DEADLINE_S", 1.0)
    try:
        run_suite(package_copy)
    except StatsbidragError as error:
        assert str(error).startswith("SB428: ") and "within 1 s" in str(error)
    else:
        raise AssertionError("a check whose extraction never ends returned")


def test_duckdb_spills_to_a_private_folder_that_the_check_removes(package_copy, monkeypatch):
    """Under memory pressure DuckDB writes temporary files to its temp_directory, by default
    `.tmp` in the current folder (the package, when `check` runs there). The check's
    connection spills to a private folder instead, removed when the check ends."""
    import tempfile
    from pathlib import Path

    from statsbidrag.check import runner as checking
    con = load_database(package_copy)
    spill = Path(con.sql("SELECT current_setting('temp_directory')").fetchall()[0][0])
    assert spill.is_dir() and spill.name.startswith("statsbidrag-check-")
    assert spill.resolve().parent == Path(tempfile.gettempdir()).resolve()
    made: list[str] = []
    real = tempfile.mkdtemp

    def recording_mkdtemp(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]
    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    assert checking.run_suite(package_copy).ok
    assert len(made) == 1 and not Path(made[0]).exists()
