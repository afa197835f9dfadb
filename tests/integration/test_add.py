"""`statsbidrag add`: what it prints, what --write writes, and SCB's population downloads.

The SCB files are made (tests/helpers.py) in the formats SCB's statistical database downloads table
BE0101N1 in (CSV with heading; JSON-stat 2.0) from the population figures the package
already publishes (scb-folkmangd-lan-2016-2019): added, built and checked, they must give the
same figure for each county and 31 December.
"""

from __future__ import annotations

import re

import pytest
from add_corpus import SHAPES, write_shape
from conftest import snapshot
from helpers import POPULATION_CHECKS, assert_scb_population_downloads_are_added

from statsbidrag.cli.main import main


def test_scb_population_downloads_are_added_as_population_sources(package_copy, tmp_path):
    """The checks that read population sources and figures (every check:
    tests/slow/test_exact_failures.py)."""
    assert_scb_population_downloads_are_added(package_copy, tmp_path, only=POPULATION_CHECKS)


def test_add_without_write_prints_the_draft_and_writes_nothing(package_copy, tmp_path, capsys):
    shape = next(s for s in SHAPES if s.name == "pdf-landsting-parts-summa")
    path = write_shape(shape, tmp_path)
    before = snapshot(package_copy)
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert snapshot(package_copy) == before
    assert "[[source]]" in out and "draft = true" in out and 'layout = "columns"' in out
    assert 'included_in = "bilaga-landsting-2017-summa"' in out  # the Summa column is the whole of its parts
    assert "3 table(s) of money drafted" in out and "21 regions" in out
    # the heading line (the title's two lines, then 'Landsting Del A Del B Summa') holds the whole's quote
    assert 'included_in_quote = { source = "bilaga-landsting-2017", line = 3, text = "Summa" }' in out
    assert out.count("recipients_quote = ") == 3 and out.count("unit_quote = ") == 3
    # every quote is the document's text at its line, never made up
    from statsbidrag.extract.documents import read_lines
    from statsbidrag.extract.text import printed
    lines = read_lines(str(path), path.read_bytes())
    quotes = re.findall(r'line = (\d+), text = "([^"]*)"', out)
    assert len(quotes) == 3 * 3 + 3 + 2  # per table amount kind, status, unit; per grant recipients; 2 parts' whole
    assert all(text and text in printed(lines[int(line) - 1]) for line, text in quotes), quotes


def test_a_document_without_money_gets_no_rows_and_says_what_was_looked_for(package_copy, tmp_path, capsys):
    shape = next(s for s in SHAPES if s.name == "pdf-counts-negative")
    path = write_shape(shape, tmp_path)
    before = snapshot(package_copy)
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert snapshot(package_copy) == before
    assert "no rows: looked for a table of at least 15 regions" in out
    assert "its heading 'Vårdplatser' (line" in out


def test_a_table_printed_on_one_line_is_named_with_its_line_and_what_to_add_instead(package_copy, tmp_path,
                                                                                      capsys):
    shape = next(s for s in SHAPES if s.name == "html-one-line-negative")
    path = write_shape(shape, tmp_path)
    before = snapshot(package_copy)
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert snapshot(package_copy) == before
    assert "0 per-region table(s) found" in out
    assert "line 1 names 21 regions: a table printed on one line" in out and "Save as PDF" in out


def test_a_column_headed_by_a_year_is_that_years_grant(package_copy, tmp_path, capsys):
    """'Region  2021  2022' under a caption naming both years: each column its own year (both
    were drafted as the caption's first year, the 2021 column's heading unread)."""
    import tomllib
    shape = next(s for s in SHAPES if s.name == "txt-year-columns")
    assert main(["add", str(write_shape(shape, tmp_path)), "--write", "--root", str(package_copy)]) == 0
    grants = tomllib.loads((package_copy / "metadata" / "grants.toml").read_text(encoding="utf-8"))["grant"]
    assert {g["id"]: g["year"] for g in grants if g["family"] == "fordelning-per-ar"} == \
        {"fordelning-per-ar-2021": 2021, "fordelning-per-ar-2022": 2022}


def test_a_row_saying_the_ceiling_drafts_a_ceiling_quoting_that_row(package_copy, tmp_path, capsys):
    """'• Region Stockholm kan få högst 40 513 205 kr.': the sentence's verb is not the name, and its
    'högst' makes the table a ceiling (meaning_matches_wording reads the rows too)."""
    shape = next(s for s in SHAPES if s.name == "txt-sentences-ceiling")
    assert main(["add", str(write_shape(shape, tmp_path)), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert 'amount_kind = "ceiling"' in out
    assert 'amount_kind_quote = { line = 3, text = "Region Stockholm kan få högst' in out, out


def test_a_csv_that_is_neither_a_table_nor_scbs_download_says_what_was_looked_for(package_copy, tmp_path, capsys):
    """A CSV file is SCB's population download only when it has SCB's heading; any other is read
    as a document (a spreadsheet's export: tests/add_corpus.py csv-* shapes)."""
    path = tmp_path / "anteckningar.csv"
    path.write_text("namn,antal\nett,1\n", encoding="utf-8")
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "0 per-region table(s) found" in out and "nor SCB's population download" in out


def test_a_row_naming_no_known_region_is_named_with_the_regions_it_could_be(package_copy, tmp_path, capsys):
    """A spelling no list holds inside a table is skipped and its region drafted absent: the
    summary says so, naming the line and the region, instead of drafting the absence silently."""
    from add_corpus import CODES, CURRENT, A, grouped
    names = ["VG-regionen" if code == "14" else CURRENT[i] for i, code in enumerate(CODES)]
    path = tmp_path / "okand-stavning.txt"
    path.write_text("\n".join(["Fördelning 2021 (kronor)", ""] + [f"{names[i]}\t{grouped(A[c])}"
                                                                  for i, c in enumerate(CODES)]) + "\n",
                    encoding="utf-8")
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "line 14 prints 1 amount(s) like a row, but 'VG-regionen' is no spelling of a region; the draft " \
           "declares absent Västra Götaland" in out, out


def test_a_column_of_which_is_not_drafted_as_money_of_its_own(package_copy, tmp_path, capsys):
    """'Totalt  varav tillägg': the part is in the total already (drafted as its own grant, both
    were published and counted twice in the views)."""
    shape = next(s for s in SHAPES if s.name == "txt-varav-column")
    assert main(["add", str(write_shape(shape, tmp_path)), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "1 table(s) of money drafted" in out
    assert "not drafted: lines 4-24 column 2: its heading 'varav tillägg' (line 3) makes it part of column 1" in out


def test_amounts_too_small_for_any_grant_are_not_drafted(package_copy, tmp_path, capsys):
    """Kronor per inhabitant headed 'Belopp' were drafted as the regions' allocations."""
    shape = next(s for s in SHAPES if s.name == "txt-per-inhabitant-negative")
    assert main(["add", str(write_shape(shape, tmp_path)), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "0 table(s) of money drafted" in out
    assert "its largest amount is 90 kronor in SEK: no grant gives a region so little" in out, out


def test_money_for_the_municipalities_of_each_county_is_drafted_as_theirs(package_copy, tmp_path, capsys):
    """A caption 'Medel till kommunerna per län' makes the grant the municipalities' (it was always
    drafted as the regions', quoting a line that does not say so)."""
    shape = next(s for s in SHAPES if s.name == "txt-municipalities-by-county")
    assert main(["add", str(write_shape(shape, tmp_path)), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert 'recipients = "municipalities by county"' in out
    assert 'recipients_quote = { source = "kommunerna-per-lan-2021", line = 1, text = "Medel till kommunerna' in out


def test_a_region_printed_without_an_amount_is_absent_for_that_reason(package_copy, tmp_path, capsys):
    """'Region Gotland  –': the drafted absence says the line prints no amount for it (it said the
    table prints no row for Gotland)."""
    from add_corpus import CODES, CURRENT, A, grouped
    rows = [f"{CURRENT[i]}\t{'–' if code == '09' else grouped(A[code])}" for i, code in enumerate(CODES)]
    path = tmp_path / "utan-gotland.txt"
    path.write_text("\n".join(["Fördelning 2021 (kronor)", ""] + rows) + "\n", encoding="utf-8")
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "reason = \"The table prints no amount for Gotland: line 10 reads 'Region Gotland –'" in out, out


@pytest.mark.parametrize("caption, names", [
    ("Överenskommelse om stöd till regioner och kommuner 2021", "current"),   # the rows name regions
    ("Kommunerna och regionerna får del av medlen 2021", "county"),           # the caption names both
])
def test_a_caption_naming_municipalities_beside_regions_leaves_the_money_the_regions(package_copy, tmp_path,
                                                                                    capsys, caption, names):
    from add_corpus import CODES, COUNTY, CURRENT, A, grouped
    printed = CURRENT if names == "current" else COUNTY
    path = tmp_path / "bada.txt"
    path.write_text("\n".join([caption, "", "Fördelning (kronor)"] + [f"{printed[i]}\t{grouped(A[c])}"
                                                                      for i, c in enumerate(CODES)]) + "\n",
                    encoding="utf-8")
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    assert 'recipients = "regions"' in capsys.readouterr().out


def test_the_quotes_are_chosen_by_the_words_the_tools_checks_read(package_copy, tmp_path, capsys):
    """A package whose own checks/_macros.sql says other words (an older copy) drafts its quotes by
    the words `statsbidrag check` will hold them to: the tool's."""
    macros = package_copy / "checks" / "_macros.sql"
    text = macros.read_text(encoding="utf-8")
    tsek = "('unit', 'TSEK', '(?i)tusen|\\btkr\\b|tsek|000-tal'"
    assert text.count(tsek) == 1, "test setup: the TSEK cue"
    macros.write_text(text.replace(tsek, "('unit', 'TSEK', '(?i)no-such-word'"), encoding="utf-8")
    shape = next(s for s in SHAPES if s.name == "txt-tusental-kronor")
    assert main(["add", str(write_shape(shape, tmp_path)), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert 'unit_quote = { line = 2, text = "Belopp i tusental kronor" }' in out, out
    assert "unit = 'TSEK': no line" not in out


def test_a_ceiling_word_in_a_footnote_between_the_rows_leaves_a_payment(package_copy, tmp_path, capsys):
    """Only the rows are read for a ceiling word: a footnote inside the table's lines speaks of a part."""
    from add_corpus import CODES, CURRENT, A, grouped
    rows = [f"{CURRENT[i]}\t{grouped(A[c])}" for i, c in enumerate(CODES)]
    lines = ["Utbetalning till regionerna 2021 (kronor)", ""] + rows[:10] + \
        ["* Max 10 procent får användas till administration."] + rows[10:]
    path = tmp_path / "fotnot.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["add", str(path), "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert 'amount_kind = "payment"' in out and "skip = [13]" in out, out


def test_a_document_archived_already_is_refused(package_copy, tmp_path, capsys):
    shape = next(s for s in SHAPES if s.name == "txt-bullets-colon")
    path = write_shape(shape, tmp_path)
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 0
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 2
    assert "SB501" in capsys.readouterr().err
