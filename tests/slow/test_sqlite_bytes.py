"""statsbidrag.sqlite is reproducible: two writes of the checkout give the same bytes (two
writes, about 2 s each, hence the slow tier; tests/integration/test_sqlite.py reads one)."""

from __future__ import annotations

from conftest import ROOT

from statsbidrag.publish.sqlite_export import write_sqlite


def test_two_writes_give_the_same_bytes(tmp_path):
    a, b = write_sqlite(ROOT, tmp_path / "a.sqlite"), write_sqlite(ROOT, tmp_path / "b.sqlite")
    assert a.read_bytes() == b.read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left"
