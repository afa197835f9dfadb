"""`statsbidrag build` run again on a built package: an unchanged package changes nothing, a
changed view rewrites the database, a failed database write leaves the previous file. Each
writes the database again (about 1.5 s), hence the slow tier; tests/integration/test_query.py
has the first build and the queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_package_copy, copy_built, read_resource, sha256_of

from statsbidrag.cli.main import main
from statsbidrag.errors import StatsbidragError
from statsbidrag.publish import database


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    return build_package_copy(tmp_path_factory)


@pytest.fixture
def built(built_once: Path, tmp_path: Path, capsys) -> Path:
    capsys.readouterr()
    return copy_built(built_once, tmp_path)


def test_a_rebuild_of_an_unchanged_package_changes_nothing(built, capsys):
    before = sha256_of(built / database.DATABASE)
    assert main(["build", "--root", str(built)]) == 0
    assert "0 file(s) changed" in capsys.readouterr().out
    assert sha256_of(built / database.DATABASE) == before


def test_a_changed_view_rewrites_the_database(built, capsys):
    view = built / database.VIEWS_DIR / "70_grant_count.sql"
    view.write_text("create or replace view grant_count as\nselect count(*) as grants\nfrom grants;\n",
                    encoding="utf-8")
    assert main(["build", "--root", str(built)]) == 0
    out = capsys.readouterr().out
    assert database.DATABASE in out and database.LOAD_SQL in out
    assert main(["query", "select grants from grant_count", "--csv", "--root", str(built)]) == 0
    assert capsys.readouterr().out == f"grants\n{len(read_resource('grants'))}\n"


def test_a_failed_database_write_leaves_the_previous_file(built):
    db = built / database.DATABASE
    before = sha256_of(db)
    (built / database.VIEWS_DIR / "70_broken.sql").write_text("create view broken as selec 1;\n", encoding="utf-8")
    with pytest.raises(StatsbidragError, match=r"^SB305: .*sql/views/70_broken.sql: DuckDB could not run it"):
        database.write_outputs(built)
    assert sha256_of(db) == before
    assert [p.name for p in db.parent.iterdir() if p.name.startswith(".")] == []
