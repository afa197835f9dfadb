"""Each layout reader on a few lines of real source text, and on lines that break its shape."""

from __future__ import annotations

import pytest
from helpers import compare_name_value_line_to_the_word_rule

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.layouts import REGISTRY, RawRow, markdown_cell, pipe_cells
from statsbidrag.extract.layouts.bullet_list import bullet_list
from statsbidrag.extract.layouts.markdown_table import markdown_table
from statsbidrag.extract.layouts.name_colon_amount import name_colon_amount
from statsbidrag.extract.layouts.name_value_line import name_value_line
from statsbidrag.extract.layouts.one_value_per_line import one_value_per_line
from statsbidrag.extract.layouts.regex_line import regex_line
from statsbidrag.extract.text import split_unit_suffix


def doc(*lines: str) -> Document:
    return Document("test", "sources/test.txt", "0" * 64, 0, list(lines))


# Lines as printed in the excerpts of ../shared/sources-extra (file number in the comment).
TIDIGA_BESKED = doc(  # 09
    "|  |  |",
    "| --- | --- |",
    "| Region | Sammanlagda medel per region.\\* Miljoner kronor |",
    "| Stockholm | 2 111 |",
    "| Jönköpings län | 389 |",
    "| Totalt | 9 842 |",
)
SVF_2025 = doc(  # 22: five cells, the name in the second, the amount in the last
    "| **Kod** | **Region** | **Befolkningsmängd exkl. 3 regioner (sep 2025)** | **Andel** | **Belopp** |",
    "| 1 | Stockholm | 2 485 275 | 25,62% | 46 759 214 |",
    "| 23 | Jämtland\u00a0 Härjedalen | 132 636 | 1,37% | 2 495 480 |",
    "|  | **Riket** | **9 699 964** | **100,00%** | **182 500 000** |",
)
LAROBOCKER = doc(  # 12: the unit after each amount, no headings
    "|  |  |",
    "| --- | --- |",
    "| Blekinge län | 8 281 730 kr |",
    "| Dalarnas län | 16 186 871 kr |",
)
SOMMARJOBB = doc(  # 20: bold headings and total, two spaces in a name, a '<5' count
    "| **Län** | **Fördelande medel 2025** | **Antal sommarjobb som medlen kan möjliggöra** | **Antal jobb för unga som medlen kan möjliggöra** |",
    "| Södermanlands  län | 12 030 000 | 1180 | 140 |",
    "| Jämtlands län | 270 000 | 30 | <5 |",
    "| **Summa:** | **250 000 000** | **24 440** | **2 810** |",
)
SEKTORSBIDRAG = doc(  # 13
    "## Fördelning per region",
    "",
    "* Stockholm: 1 267 100 000",
    "* Uppsala: 224 600 000",
    "",
    "\\* Beloppen är avrundade till närmaste 100 000-tal.",
)
SVF_2023 = doc(  # 08
    "Stockholm: 42 426 203 kronor",
    "Jönköpings län: 6 385 854 kronor",
    "Västra Götalandsregionen: 30 553 294 kronor",
)
HOGLANDSNYTT = doc(  # 07: 'Name amount' under a wide header
    "  LANDSTING                                         KRONOR ",
    "Stockholm 68 143 865",
    "Södermanlands 8 640 543",
    "Västra Götaland 50 214 178",
    "  TOTALT   300 000 000",
)


def test_pipe_cells_reads_the_empty_converter_header_and_drops_bold_markup():
    assert pipe_cells("|  |  |") == ["", ""]
    assert pipe_cells("| **Summa:** | **250 000 000** |") == ["Summa:", "250 000 000"]
    assert pipe_cells("Stockholm: 42 426 203 kronor") is None
    assert pipe_cells("| --- | --- |") is None  # the separator is not a row


def test_markdown_table_reads_name_and_amount_as_printed():
    rows = markdown_table(TIDIGA_BESKED, 4, 5, columns=1, column=1)
    assert rows == [RawRow("Stockholm", 4, "2 111", 4), RawRow("Jönköpings län", 5, "389", 5)]


def test_markdown_table_name_in_another_column_keeps_the_no_break_space():
    rows = markdown_table(SVF_2025, 2, 3, columns=4, column=4, name_column=1)
    assert [(r.name_text, r.amount_text) for r in rows] == [
        ("Stockholm", "46 759 214"), ("Jämtland\u00a0 Härjedalen", "2 495 480")]


def test_markdown_table_splits_a_unit_printed_after_the_amount():
    rows = markdown_table(LAROBOCKER, 3, 4, columns=1, column=1)
    assert [(r.amount_text, r.unit_text) for r in rows] == [("8 281 730", "kr"), ("16 186 871", "kr")]


def test_markdown_table_reads_one_column_of_several_and_keeps_double_spaces():
    rows = markdown_table(SOMMARJOBB, 2, 3, columns=3, column=1)
    assert [(r.name_text, r.amount_text) for r in rows] == [
        ("Södermanlands  län", "12 030 000"), ("Jämtlands län", "270 000")]


def test_markdown_cell_reads_headings_and_bold_totals():
    assert markdown_cell(TIDIGA_BESKED, 3, 1, cells=2) == "Sammanlagda medel per region.\\* Miljoner kronor"
    assert markdown_cell(SOMMARJOBB, 4, 1, cells=4) == "250 000 000"
    assert markdown_cell(SVF_2025, 4, 4, cells=5) == "182 500 000"


@pytest.mark.parametrize("first, last, columns, column, line, found", [
    (2, 4, 1, 1, 2, "'| --- | --- |'"),            # the separator row inside the declared rows
    (4, 6, 2, 1, 4, "'| Stockholm | 2 111 |'"),    # declared with one cell too many
])
def test_markdown_table_refuses_a_row_of_another_shape(first, last, columns, column, line, found):
    with pytest.raises(SourceError, match="^SB104: ") as caught:
        markdown_table(TIDIGA_BESKED, first, last, columns=columns, column=column)
    assert caught.value.line == line
    assert "a markdown table row" in str(caught.value) and found in str(caught.value)


def test_markdown_table_refuses_a_non_amount_in_the_declared_column():
    with pytest.raises(SourceError, match="^SB105: ") as caught:
        markdown_table(SOMMARJOBB, 2, 3, columns=3, column=3)  # the youth-jobs counts: '<5'
    assert caught.value.line == 3
    assert "an amount for 'Jämtlands län'" in str(caught.value) and "'<5'" in str(caught.value)


def test_markdown_table_refuses_plain_lines():
    with pytest.raises(SourceError, match="^SB104: ") as caught:
        markdown_table(SVF_2023, 1, 1, columns=1, column=1)
    assert caught.value.line == 1 and "Stockholm: 42 426 203 kronor" in str(caught.value)


def test_bullet_list_reads_each_bullet_and_skips_blank_lines():
    rows = bullet_list(SEKTORSBIDRAG, 2, 4)
    assert rows == [RawRow("Stockholm", 3, "1 267 100 000", 3), RawRow("Uppsala", 4, "224 600 000", 4)]


def test_bullet_list_refuses_a_line_that_is_not_a_bullet():
    with pytest.raises(SourceError, match="^SB104: ") as caught:
        bullet_list(SEKTORSBIDRAG, 3, 6)
    assert caught.value.line == 6 and "a bullet" in str(caught.value)


def test_name_colon_amount_reads_the_unit_word_after_the_amount():
    rows = name_colon_amount(SVF_2023, 1, 3)
    assert [(r.name_text, r.amount_text, r.unit_text) for r in rows] == [
        ("Stockholm", "42 426 203", "kronor"), ("Jönköpings län", "6 385 854", "kronor"),
        ("Västra Götalandsregionen", "30 553 294", "kronor")]


def test_name_colon_amount_refuses_a_line_without_a_colon_or_amount():
    with pytest.raises(SourceError, match="^SB104: ") as no_colon:
        name_colon_amount(HOGLANDSNYTT, 2, 2)
    assert no_colon.value.line == 2 and "'Region name: amount'" in str(no_colon.value)
    with pytest.raises(SourceError, match="^SB104: ") as no_amount:
        name_colon_amount(SEKTORSBIDRAG, 1, 1)  # '## Fördelning per region' has no colon either
    assert no_amount.value.line == 1


def test_name_value_line_reads_rows_under_a_wide_header():
    rows = name_value_line(HOGLANDSNYTT, 2, 4)
    assert [(r.name_text, r.amount_text) for r in rows] == [
        ("Stockholm", "68 143 865"), ("Södermanlands", "8 640 543"), ("Västra Götaland", "50 214 178")]


@pytest.mark.parametrize("text, expected", [
    ("1 382 000 000 kr", ("1 382 000 000", "kr")),
    ("7\u00a0400 miljoner kronor", ("7\u00a0400", "miljoner kronor")),
    ("2 111", ("2 111", "")),
    ("<b>937 000 000 Mkr</b>", ("937 000 000", "Mkr")),
])
def test_split_unit_suffix_keeps_the_printed_characters(text, expected):
    assert split_unit_suffix(text) == expected


CANCER_2021 = doc(  # 06: name, population, share, amount on one line; cut off inside Gotland's row
    "Region Befolkning",
    "Region Stockholm 2 374 550 0,23 42 569 204",
    "Region Jönköpings län 363 351 0,04 6 513 892",
    "Region Gotlands 59 636 0",
)
CANCER_ROW = r"(?P<name>\D+?) (?P<population>\d+(?: \d+)*) (?P<share>\d+,\d+) (?P<amount>\d+(?: \d+)*)"
SKR_2023 = doc(  # 04: SKR's stacked two-column layout, a thousands space missing in Örebro's first value
    "Stockholm", "", "333 075 571", "", "3 748 861", "",
    "Örebro", "", "42 045981", "", "3 383 405",
)


def test_regex_line_reads_the_named_groups_and_leaves_the_other_columns():
    rows = regex_line(CANCER_2021, 2, 3, row_regex=CANCER_ROW)
    assert rows == [RawRow("Region Stockholm", 2, "42 569 204", 2), RawRow("Region Jönköpings län", 3, "6 513 892", 3)]


def test_regex_line_refuses_the_cut_off_row_naming_its_line():
    with pytest.raises(SourceError, match="^SB104: ") as caught:
        regex_line(CANCER_2021, 2, 4, row_regex=CANCER_ROW)
    assert caught.value.line == 4 and "'Region Gotlands 59 636 0'" in str(caught.value)


def test_regex_line_refuses_a_regex_without_the_groups_it_reads():
    with pytest.raises(SourceError, match="^SB104: .*without amount"):
        regex_line(CANCER_2021, 2, 3, row_regex=r"(?P<name>\D+?) (?P<total>[\d ,]+)")


def test_one_value_per_line_reads_either_column_of_skrs_stacked_layout_as_printed():
    assert one_value_per_line(SKR_2023, 1, 11, 2, 1) == [RawRow("Stockholm", 1, "333 075 571", 3),
                                                       RawRow("Örebro", 7, "42 045981", 9)]
    assert [r.amount_text for r in one_value_per_line(SKR_2023, 1, 11, 2, 2)] == ["3 748 861", "3 383 405"]
    with pytest.raises(SourceError, match="^SB104: ") as caught:  # declared as one column: the second value is read as a name
        one_value_per_line(SKR_2023, 1, 11, 1, 1)
    assert caught.value.line == 5 and "a region name" in str(caught.value)


def test_name_value_line_splits_every_line_of_up_to_4_characters_as_the_word_by_word_rule():
    """The reader finds the amount with one regular expression search (it runs for every
    row); on every line of up to 4 characters from an alphabet of the cases it splits as the
    word-by-word rule does, or refuses (11,111 lines; the 100,000 of 5 characters are compared
    in tests/slow/test_layouts_exhaustive.py)."""
    assert compare_name_value_line_to_the_word_rule(range(5)) == 11_111


def test_side_by_side_reads_each_block_top_to_bottom_and_the_last_line_may_be_shorter():
    from statsbidrag.extract.layouts.side_by_side import side_by_side
    page = doc("Stockholm\t1 000\tSkåne  3 000", "", "Uppsala   2 000 kr", "Gotland\t4 000\tHalland\t5 000")
    rows = side_by_side(page, 1, 4, 1, 1)
    assert [(r.name_text, r.name_line, r.amount_text, r.unit_text) for r in rows] == [
        ("Stockholm", 1, "1 000", ""), ("Uppsala", 3, "2 000", "kr"), ("Gotland", 4, "4 000", ""),
        ("Skåne", 1, "3 000", ""), ("Halland", 4, "5 000", "")]
    two = side_by_side(doc("Stockholm\t1\t2\tSkåne\t3\t4"), 1, 1, 2, 2)
    assert [(r.name_text, r.amount_text) for r in two] == [("Stockholm", "2"), ("Skåne", "4")]
    pages = side_by_side(doc("Stockholm\t1\tSkåne\t3", "\f", "Uppsala\t2\tHalland\t4"), 1, 3, 1, 1)
    assert [r.name_text for r in pages] == ["Stockholm", "Skåne", "Uppsala", "Halland"]  # page by page


@pytest.mark.parametrize("line", ["Stockholm\t1 000\tSkåne", "Stockholm\t1 000\t2 000", "1 000\tStockholm"])
def test_side_by_side_refuses_a_line_that_is_not_blocks_of_a_name_and_its_amounts(line):
    from statsbidrag.extract.layouts.side_by_side import side_by_side
    with pytest.raises(SourceError, match="sources/test.txt:2: expected blocks side by side, each a region name "
                                          "and 1 amount cell"):
        side_by_side(doc("Uppsala\t2 000", line), 1, 2, 1, 1)


def test_metadata_names_exactly_the_layouts_there_are():
    """metadata.models.Layout (what tables.toml may say of a region table) lists every
    registered layout and no other name."""
    import typing

    from statsbidrag.metadata.models import Layout
    assert sorted(typing.get_args(Layout)) == sorted(REGISTRY)
    assert len(REGISTRY) == 9  # one module per layout in extract/layouts/, each registered


def test_the_tables_schema_allows_exactly_the_layouts_metadata_names():
    """resources/tables.csv `layout` (schemas/tables.json's enum) is what tables.toml may say: a
    layout added to the models but not the schema published a table that frictionless_valid and
    values_valid failed (found when side_by_side was added)."""
    import json
    import typing

    from conftest import ROOT

    from statsbidrag.metadata.models import BreakdownTable, Layout
    schema = json.loads((ROOT / "schemas" / "tables.json").read_text(encoding="utf-8"))
    [field] = [f for f in schema["fields"] if f["name"] == "layout"]
    named = {*typing.get_args(Layout), *typing.get_args(BreakdownTable.model_fields["layout"].annotation)}
    assert sorted(field["constraints"]["enum"]) == sorted(named)


def test_a_layout_is_registered_once(monkeypatch):
    from statsbidrag.extract.layouts import base
    monkeypatch.setattr(base, "REGISTRY", dict(REGISTRY))
    with pytest.raises(ValueError, match="layout 'bullet_list' registered twice"):
        base.register(REGISTRY["bullet_list"])


def test_no_code_dispatches_on_a_layout_name():
    """A layout's behaviour is looked up in the registry, never chosen by comparing names
    (metadata/rules.py may compare a layout with a name: a rule between two keys of a table)."""
    import re

    from conftest import ROOT
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "src").rglob("*.py"))
             if path.relative_to(ROOT).as_posix() != "src/statsbidrag/metadata/rules.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
             if re.search(r"\.layout\s*[!=]=", line)]
    assert not found, f"expected no `.layout ==` or `.layout !=` in src/; found {found}. Use extract.layouts.layout(name)."


def test_add_reads_as_many_lines_after_a_table_as_meaning_matches_wording():
    """The lines after a table that add reads for a ceiling or a preliminary status are the ones
    the check reads as near it: the check's window is written in SQL, add's in Python."""
    import re

    from conftest import ROOT

    from statsbidrag.intake.detect import NEAR_AFTER
    sql = (ROOT / "checks" / "meaning_matches_wording.sql").read_text(encoding="utf-8")
    [after] = re.findall(r"\) \+ (\d+) AS last_near", sql)
    assert int(after) == NEAR_AFTER
