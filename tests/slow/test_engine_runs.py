"""The check engine on whole runs: a changed resource is compared row by row and fails its
check (a full check of a package copy), and an extraction that does not end is killed at its
deadline (a process). The engine's read-only and cache tests are in
tests/integration/test_engine.py."""

from __future__ import annotations

from conftest import ROOT

from statsbidrag.check.database import load_database
from statsbidrag.check.runner import run_suite


def test_a_changed_resource_is_compared_row_by_row(package_copy):
    """Hash first: an unchanged file loads no rows to compare; a changed one does, and the
    check names the changed field."""
    checkout = load_database(ROOT)
    assert checkout.sql("SELECT count(*) FROM published_rows").fetchall() == [(0,)]
    checkout.close()
    path = package_copy / "resources" / "grants.csv"
    path.write_bytes(path.read_bytes().replace(b"Maternity care", b"Maternity kare", 1))
    con = load_database(package_copy)
    assert con.sql("SELECT DISTINCT resource FROM published_rows").fetchall() == [("grants",)]
    result = {r.name: r for r in run_suite(package_copy).results}["resources_match_build"]
    assert result.status == "fail" and "Maternity kare" in result.message


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
