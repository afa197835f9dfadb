"""The generic layout `columns` (any table of one row per line whose cells stand apart) and
the text of a PDF source (statsbidrag.extract.pdf), on excerpts and PDFs made here."""

from __future__ import annotations

import io

import pytest

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts.base import RawRow
from statsbidrag.extract.layouts.columns import cells_of, columns, name_text, number_cell, row_cells, split_cells
from statsbidrag.extract.pdf import PAGE_BREAK, page_of, pdf_lines


def doc(*lines: str, path: str = "sources/test.txt") -> Document:
    return Document("test", path, "0" * 64, 0, list(lines))


def test_cells_stand_apart_by_tabs_two_spaces_pipes_and_tags():
    assert row_cells("Stockholms läns landsting  84 725 537\t26 576 108   111 301 645") == \
        ["Stockholms läns landsting", "84 725 537", "26 576 108", "111 301 645"]
    assert row_cells("| **Uppsala** | 12,5 |") == ["Uppsala", "12,5"]
    assert row_cells("<tr><td>Skåne</td><td>7 000</td></tr>") == ["Skåne", "7 000"]
    assert row_cells("| --- | ---: |") == []


def test_a_name_and_an_amount_one_space_apart_are_split_only_when_grouped_in_threes():
    assert split_cells(["Stockholm: 42 426 203 kronor"]) == ["Stockholm:", "42 426 203 kronor"]
    assert split_cells(["84 725 537 Stockholm"]) == ["84 725 537", "Stockholm"]
    # the amount with its unit, then a dash or a colon before the name
    assert split_cells(["84 725 537 kr – Region Stockholm"]) == ["84 725 537 kr", "Region Stockholm"]
    assert split_cells(["12,5 mnkr: Skåne"]) == ["12,5 mnkr", "Skåne"]
    assert split_cells(["7 Kronoberg"]) == ["7", "Kronoberg"]  # 'Kr' is a unit only as a word of its own
    # a sentence: the verb giving the amount is not the name, a period may end the unit
    assert split_cells(["Region Skåne får 125 395 000 kronor."]) == ["Region Skåne får", "125 395 000 kronor."]
    assert name_text("Region Skåne får") == "Region Skåne"
    assert name_text("• Region Örebro län kan få högst") == "Region Örebro län"
    assert number_cell("125 395 000 kronor.") == ("125 395 000", "kronor")
    # several numbers one space apart cannot be told apart: the cell is left whole
    assert split_cells(["Stockholm 84 725 537 26 576 108"]) == ["Stockholm 84 725 537 26 576 108"]


def test_columns_reads_the_column_asked_for_with_the_name_before_or_after():
    table = doc("Region Stockholm  215 942 447  40 513 205",
                "Region Uppsala\t35 037 330\t7 211 000",
                "5 421 000  1 000  Region Gotland",
                "* Region Skåne¹: 125 395 000  9 kr")
    assert columns(table, 1, 4, 2, 2) == [
        RawRow("Region Stockholm", 1, "40 513 205", 1, ""), RawRow("Region Uppsala", 2, "7 211 000", 2, ""),
        RawRow("Region Gotland", 3, "1 000", 3, ""), RawRow("Region Skåne¹", 4, "9", 4, "kr")]


def test_columns_skips_listed_lines_blank_lines_and_page_breaks_and_refuses_others():
    table = doc("Stockholm  1 000", "", PAGE_BREAK, "Region  Belopp", "Uppsala  2 000", "Sida två av två")
    assert [r.name_text for r in columns(table, 1, 5, 1, 1, skip=(4,))] == ["Stockholm", "Uppsala"]
    with pytest.raises(SourceError, match=r"SB104: sources/test.txt:4: expected a row of one region name and 1 amount"):
        columns(table, 1, 5, 1, 1)
    with pytest.raises(SourceError, match=r"sources/test.txt:6:.*0 amount cell"):
        columns(table, 1, 6, 1, 1, skip=(4,))


def test_columns_refuses_a_row_with_another_count_of_amounts():
    with pytest.raises(SourceError, match=r"test.txt:2: expected a row of one region name and 2 amount cell"):
        columns(doc("Stockholm  1  2", "Uppsala  3"), 1, 2, 2, 1)


def _pdf(pages: list[list[tuple[float, float, str, bool]]]) -> bytes:
    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for page in pages:
        canvas.setFont("Helvetica", 10)
        for x, y, text, right in page:
            (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


TWO_PAGES = [[(50, 800, "Fördelning (kronor)", False), (50, 780, "Stockholms läns landsting", False),
              (300, 780, "84 725 537", True), (400, 780, "26 576 108", True), (500, 780, "111 301 645", True)],
             [(50, 800, "Gotlands kommun", False), (300, 800, "5 421 000", True), (400, 800, "1 000", True),
              (500, 800, "5 422 000", True)]]


def test_a_pdfs_text_keeps_columns_apart_and_ends_each_page_with_a_form_feed_line():
    lines = pdf_lines(_pdf(TWO_PAGES))
    rows = [line for line in lines if "landsting" in line or "Gotlands" in line]
    assert [row_cells(row) for row in rows] == [["Stockholms läns landsting", "84 725 537", "26 576 108", "111 301 645"],
                                                ["Gotlands kommun", "5 421 000", "1 000", "5 422 000"]]
    assert lines.count(PAGE_BREAK) == 2 and lines[-1] == PAGE_BREAK
    gotland = lines.index(rows[1]) + 1
    assert page_of(lines, gotland) == (2, gotland - lines.index(PAGE_BREAK) - 1)
    assert page_of(lines, 1) == (1, 1)


def test_a_pdfs_text_is_the_same_every_time_and_its_bytes_too():
    first, second = _pdf(TWO_PAGES), _pdf(TWO_PAGES)
    assert first == second
    assert pdf_lines(first) == pdf_lines(second)


def test_bytes_that_are_not_a_pdf_are_refused():
    with pytest.raises(ValueError, match="a PDF file"):
        pdf_lines(b"Stockholm 1 000\n")


def test_an_error_at_a_pdf_line_names_the_page_and_the_line_on_it():
    lines = pdf_lines(_pdf(TWO_PAGES))
    pdf = doc(*lines, path="sources/bilaga.pdf")
    gotland = next(n for n, line in enumerate(lines, start=1) if "Gotlands" in line)
    with pytest.raises(SourceError) as error:
        columns(pdf, gotland, gotland, 2, 1)
    located = pdf.locate(error.value)
    page, line = page_of(lines, gotland)
    assert page == 2
    assert f"sources/bilaga.pdf:{gotland} (page 2, line {line}): expected a row" in str(located)


def test_a_csv_files_cells_are_its_fields():
    from statsbidrag.extract.documents import Document
    lines = ["Region,Belopp (kr)", "Region Uppsala,35037330", '"Region Skåne";"12,5"', '"Kalmar, län",7']
    csv_doc = Document("x", "sources/x.csv", "", 0, lines)
    assert [cells_of(csv_doc, n) for n in range(1, 5)] == [
        ["Region", "Belopp (kr)"], ["Region Uppsala", "35037330"], ["Region Skåne", "12,5"],
        ["Kalmar, län", "7"]]
    # a text file's comma is not a cell break (a decimal comma)
    assert cells_of(Document("x", "sources/x.txt", "", 0, lines), 2) == ["Region Uppsala,35037330"]


@pytest.mark.parametrize("data", [b"Fordelning\nStockholm  1 000\n", b"Fordelning\r\nStockholm  1 000\r\n",
                                  b"\xef\xbb\xbfFordelning\r\nStockholm  1 000\r\n",
                                  b"\xef\xbb\xbfFordelning\nStockholm  1 000\n"])
def test_a_text_files_lines_are_the_same_whatever_its_line_endings_and_byte_order_mark(data):
    from statsbidrag.extract.documents import read_lines
    assert read_lines("sources/x.csv", data) == ["Fordelning", "Stockholm  1 000", ""]


@pytest.mark.parametrize("data, line, found", [
    (b"a\r\nb\nc\r\n", 2, "an LF not part of a CRLF"),
    (b"a\r\nb\rc\r\n", 2, "a CR not part of a CRLF"),
    (b"a\nb\rc\n", 2, "a CR in the line"),
    (b"a\rb", 1, "a CR in the line"),
])
def test_line_endings_mixed_are_refused_at_the_first_odd_one(data, line, found):
    from statsbidrag.extract.documents import read_lines
    with pytest.raises(SourceError, match=f"^SB102: sources/x.txt:{line}: expected every line ending in .*; "
                                          f"found {found}"):
        read_lines("sources/x.txt", data)


def test_a_narrow_or_thin_space_is_read_as_a_no_break_space():
    """Some typesetters put U+202F or U+2009 between an amount's digit groups; every reader of
    amounts knows the no-break space."""
    from statsbidrag.extract.documents import read_lines
    data = "Stockholm  215\u202f942\u202f447\nSumma  937\u2009000\u2009000\n".encode()
    assert read_lines("sources/x.txt", data) == ["Stockholm  215\u00a0942\u00a0447", "Summa  937\u00a0000\u00a0000", ""]


@pytest.mark.parametrize("cell, name", [("[Region Stockholm](https://example.se/01)", "Region Stockholm"),
                                        ("* [Uppsala](x):", "Uppsala"), ("[Skåne]", "[Skåne]")])
def test_a_names_markdown_link_is_read_as_its_text(cell, name):
    assert name_text(cell) == name


@pytest.mark.parametrize("cell", ["75 000 000 a)", "75 000 000 (b)", "75 000 000*", "75 000 000 1)"])
def test_a_footnote_marker_after_an_amount_is_not_part_of_it(cell):
    assert number_cell(cell) == ("75 000 000", "")
