"""The add corpus (tests/add_corpus.py) through `statsbidrag add --write`, `build` and `check`.

In one copy of the package every shape is added as a maintainer would (the command, with
--write), then the package is built and checked once. Each shape must publish exactly the
amounts it was made from, one table per grant column in the order printed; the negative
controls must publish nothing; check must pass, warning once per drafted source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from add_corpus import SHAPES, Shape, write_shape
from conftest import copy_package
from helpers import read_resource

from statsbidrag.check.runner import run_suite
from statsbidrag.cli.main import main
from statsbidrag.intake.draft import archive_name
from statsbidrag.publish.build import build


@pytest.fixture(scope="module")
def corpus_package(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("add-corpus") / "package")
    documents = tmp_path_factory.mktemp("documents")
    outputs = {}
    for shape in SHAPES:
        path = write_shape(shape, documents)
        status = main(["add", str(path), "--write", "--published", shape.published_date, "--root", str(package)])
        outputs[shape.name] = status
    build(package)
    report = run_suite(package)
    return package, outputs, report


def _published(package, shape: Shape) -> list[dict[str, int]]:
    source_id = archive_name(Path(shape.file_name)).rsplit(".", 1)[0]
    tables = [t["table_id"] for t in read_resource("tables", package) if t["source_id"] == source_id]
    rows = read_resource("allocations", package)
    return [{r["region_code"]: int(r["amount_sek"]) for r in rows if r["table_id"] == table} for table in tables]


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_each_shape_publishes_exactly_its_amounts(corpus_package, shape):
    package, outputs, _report = corpus_package
    assert outputs[shape.name] == 0
    assert _published(package, shape) == shape.expected, shape.covers


def test_the_corpus_has_the_shapes_the_issue_asks_for():
    shapes = [s for s in SHAPES if s.expected]
    assert len(shapes) >= 12
    assert {s.file_name.rsplit(".", 1)[1] for s in shapes} == {"pdf", "html", "md", "txt", "csv"}
    assert any(not s.expected for s in SHAPES)


def test_check_passes_and_warns_that_each_draft_awaits_review(corpus_package):
    package, _outputs, report = corpus_package
    failed = [r.name for r in report.results if r.status == "fail"]
    assert failed == []
    drafts = next(r for r in report.results if r.name == "drafts_await_review")
    assert drafts.status == "warning"
    drafted = {row["source_id"] for row in drafts.rows}
    expected = {archive_name(Path(s.file_name)).rsplit(".", 1)[0] for s in SHAPES if s.expected}
    assert drafted == expected


def test_a_table_of_counts_and_a_list_of_names_publish_nothing(corpus_package):
    package, _outputs, _report = corpus_package
    sources = {s["source_id"] for s in read_resource("sources", package)}
    for shape in SHAPES:
        if not shape.expected:
            assert archive_name(Path(shape.file_name)).rsplit(".", 1)[0] not in sources


def test_a_page_saved_on_one_line_is_read_once_printed_to_pdf(package_copy, tmp_path):
    """What add advises for a table printed on one line (tests/integration/test_add.py) holds: the
    page printed to PDF by a browser is read, and publishes the table's amounts."""
    from add_corpus import A, html_one_line
    from browser import chromium, missing_browser
    if (reason := missing_browser()) is not None:
        pytest.skip(f"browser test skipped: {reason}")
    page_file = tmp_path / "sparad.html"
    page_file.write_bytes(html_one_line())
    printed = tmp_path / "sparad-utskriven.pdf"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.pdf(path=str(printed))
    assert main(["add", str(printed), "--write", "--published", "2021-05-01", "--root", str(package_copy)]) == 0
    build(package_copy)
    rows = [r for r in read_resource("allocations", package_copy) if r["table_id"] == "sparad-utskriven"]
    assert {r["region_code"]: int(r["amount_sek"]) for r in rows} == A


def test_every_added_source_is_shown_and_exported_as_the_lines_the_build_read(corpus_package, tmp_path):
    """The SQLite file's source_lines and the report's source pages hold each source's lines as
    the build read them (a PDF's text; a CSV saved with a byte-order mark and CRLF without
    them): with a PDF among the sources both stopped with UnicodeDecodeError, since they read
    every source as UTF-8 text."""
    import sqlite3

    from statsbidrag.extract.documents import read_lines
    from statsbidrag.publish.sqlite_export import write_sqlite
    from statsbidrag.report.table_page import printed_lines
    package, _outputs, _report = corpus_package
    lite = sqlite3.connect(write_sqlite(package, tmp_path / "statsbidrag.sqlite"))
    sources = read_resource("sources", package)
    assert len([s for s in sources if s["path"].endswith(".pdf")]) >= 4, "test setup: the corpus adds PDFs"
    for source in sources:
        lines = read_lines(source["path"], (package / source["path"]).read_bytes())
        exported = lite.execute("select text from source_lines where source_id = ? order by line_number",
                                (source["source_id"],)).fetchall()
        assert [text for (text,) in exported] == (lines[:-1] if lines[-1] == "" else lines), source["path"]
        shown = printed_lines(package, source, None, None, {})
        assert [text for _n, text, *_ in shown["rows"]] == lines, source["path"]
        assert not any("\r" in line or "\ufeff" in line for line in lines), source["path"]
