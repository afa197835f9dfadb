"""statsbidrag.sqlite: every resource with its keys, every view's rows, and no temporary file
left. That two writes give the same bytes (a second write, about 2 s) is in
tests/slow/test_sqlite_bytes.py."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import ROOT, regions_money_by_year

from statsbidrag.publish import database


@pytest.fixture(scope="module")
def written(checkout_sqlite):
    return checkout_sqlite


@pytest.fixture(scope="module")
def duck():
    """The checkout's tables and views in DuckDB (statsbidrag.publish.database.connect), read only here."""
    connection = database.connect(ROOT)
    yield connection
    connection.close()


def test_the_write_leaves_no_temporary_file(written):
    assert [p.name for p in written.parent.iterdir()] == ["statsbidrag.sqlite"]


def test_every_resource_keeps_its_rows_and_keys(written, duck):
    lite = sqlite3.connect(f"file:{written}?mode=ro", uri=True)  # shared by the run: read only
    for resource in database.resources(ROOT):
        name, key = resource.name, list(resource.schema.primary_key)
        # the primary key orders the rows the same way in both (unique, never empty)
        order = ", ".join(f'"{k}"' for k in key) or "1, 2"
        assert lite.execute(f'select * from "{name}" order by {order}').fetchall() == \
            [tuple(int(v) if isinstance(v, bool) else (v.isoformat() if hasattr(v, "isoformat") else v)
                   for v in row) for row in duck.sql(f"from {name} order by {order}").fetchall()], name
        columns = lite.execute(f'pragma table_info("{name}")').fetchall()
        assert [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] == key, name
        declared = {(ref.target(name), ref.fields) for ref in resource.schema.foreign_keys}
        found = {}
        for row in lite.execute(f'pragma foreign_key_list("{name}")').fetchall():
            found.setdefault((row[0], row[2]), []).append(row[3])
        assert {(table, tuple(cols)) for (_, table), cols in found.items()} == declared, name
    assert lite.execute("pragma foreign_key_check").fetchall() == []


def test_every_view_is_a_table_of_its_rows(written, duck):
    lite = sqlite3.connect(f"file:{written}?mode=ro", uri=True)  # shared by the run: read only
    for view in database.view_names(ROOT):
        count = duck.sql(f"select count(*) from {view}").fetchall()[0][0]
        assert lite.execute(f'select count(*) from "{view}"').fetchone()[0] == count, view
    listed = dict(lite.execute("select name, definition from _statsbidrag_views").fetchall())
    assert sorted(listed) == sorted(database.view_names(ROOT))
    # Grants printed twice are counted once: the regions' money in 2021 (issue 15's figure,
    # 2 121 250 004 kr, before the 2021 cancer-care table was added).
    assert lite.execute("select sum(total_sek) from region_year_totals where year = 2021").fetchone()[0] \
        == regions_money_by_year()[2021] > 2_121_250_004
