"""`statsbidrag add`: what it prints, what --write writes, and SCB's population downloads.

The SCB files are made (tests/helpers.py) in the formats SCB's statistical database downloads table
BE0101N1 in (CSV with heading; JSON-stat 2.0) from the population figures the package
already publishes (scb-folkmangd-lan-2016-2019): added, built and checked, they must give the
same figure for each county and 31 December.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from add_corpus import CODES, COUNTY, CURRENT, SHAPES, A, B, grouped, write_shape
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


def shape_file(name: str, folder: Path) -> Path:
    """The corpus shape `name` (tests/add_corpus.py) written into `folder`."""
    return write_shape(next(s for s in SHAPES if s.name == name), folder)


def text_file(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def region_rows(names: list[str] = CURRENT, amount=lambda code: grouped(A[code])) -> list[str]:
    """A row per region in SCB order, 'name<TAB>amount': the 2021 table's amounts unless told."""
    return [f"{names[i]}\t{amount(code)}" for i, code in enumerate(CODES)]


def added(package: Path, path: Path, capsys, *options: str) -> str:
    """What `statsbidrag add PATH` prints (it must succeed)."""
    assert main(["add", str(path), *options, "--root", str(package)]) == 0
    return capsys.readouterr().out


def test_a_column_headed_by_a_year_is_that_years_grant(package_copy, tmp_path, capsys):
    """'Region  2021  2022' under a caption naming both years: each column its own year (both
    were drafted as the caption's first year, the 2021 column's heading unread)."""
    import tomllib
    added(package_copy, shape_file("txt-year-columns", tmp_path), capsys, "--write")
    grants = tomllib.loads((package_copy / "metadata" / "grants.toml").read_text(encoding="utf-8"))["grant"]
    assert {g["id"]: g["year"] for g in grants if g["family"] == "fordelning-per-ar"} == \
        {"fordelning-per-ar-2021": 2021, "fordelning-per-ar-2022": 2022}


def test_ore_printed_as_zeros_are_whole_kronor(package_copy, tmp_path, capsys):
    """'215 942 447,00' (a payment list): whole kronor. It was 'not a whole number of kronor in
    SEK', and nothing was drafted."""
    out = added(package_copy, shape_file("txt-ore-zeros", tmp_path), capsys)
    assert "1 table(s) of money drafted" in out and "rows add up to 937000000 kronor" in out, out
    assert "total 937000000 kronor printed at line 26" in out, out


def test_a_total_printed_above_the_rows_is_the_tables_total(package_copy, tmp_path, capsys):
    """'Totalt  937 000 000' above the first region: the stated total (add said 'no total
    printed', and table_totals had nothing to hold the rows to)."""
    out = added(package_copy, shape_file("txt-total-first", tmp_path), capsys)
    assert "total 937000000 kronor printed at line 4" in out, out
    assert "total_line = 4" in out, out


def test_a_column_of_negative_amounts_is_named_and_not_drafted(package_copy, tmp_path, capsys):
    """'Återbetalning  −1 000' beside the grant: an allocation is never negative, so the column is
    not drafted, and the summary says so with its first cell (it was left out in silence)."""
    out = added(package_copy, shape_file("txt-repayments", tmp_path), capsys)
    assert "1 table(s) of money drafted" in out and "column 1 of 1 (Beviljat)" in out, out
    assert "negative amounts ('-1 000', line 4) are not drafted" in out, out


def test_a_list_set_in_two_blocks_side_by_side_is_drafted_in_that_layout(package_copy, tmp_path, capsys):
    """'Region Stockholm  215 942 447  Västra Götalandsregionen  156 581 682' (a page in two
    columns): the layout side_by_side, every region, the Summa below (it found no table)."""
    out = added(package_copy, shape_file("pdf-two-columns", tmp_path), capsys)
    assert 'layout = "side_by_side"' in out and "21 regions" in out, out
    assert "rows add up to 937000000 kronor, total 937000000 kronor printed at line 15" in out, out


def test_a_share_in_percent_is_a_column_of_its_own_and_not_money(package_copy, tmp_path, capsys):
    """'Region Stockholm  23,05 %  215 942 447 kr': the share is a cell of its own, so the heading
    line and the total row ('Totalt  100,00 %  937 000 000 kr') are read (before, '%' was taken
    for a second name: no heading, no total)."""
    out = added(package_copy, shape_file("txt-share-and-amount", tmp_path), capsys)
    assert "column 2 of 2 (Belopp)" in out and "total 937000000 kronor printed at line 25" in out, out
    assert "column 1: it prints shares in percent ('23,05 %'), not money" in out, out


def test_a_unit_said_in_a_note_below_the_table_is_its_unit(package_copy, tmp_path, capsys):
    """'Beloppen anges i tusentals kronor.' below a table in tkr: drafted TSEK quoting that note
    (it was drafted in kronor, every amount a thousand times too small)."""
    out = added(package_copy, shape_file("txt-unit-below", tmp_path), capsys)
    assert 'unit = "TSEK"' in out and 'unit_quote = { line = 27, text = "Beloppen anges i tusentals kronor." }' in out
    assert "rows add up to 937000000 kronor" in out, out


@pytest.mark.parametrize("shape, drafted", [("txt-preliminary-below", 'status = "preliminary"'),
                                            ("txt-ceiling-below", 'amount_kind = "ceiling"')])
def test_a_note_below_the_table_is_read_as_meaning_matches_wording_reads_it(package_copy, tmp_path, capsys,
                                                                             shape, drafted):
    """'Fördelningen är preliminär ...' or '... det högsta belopp ...' two lines below the total:
    meaning_matches_wording reads the 2 lines after a table and failed the payment, final draft;
    add now reads the same lines by the same words (meaning_cues)."""
    out = added(package_copy, shape_file(shape, tmp_path), capsys)
    assert drafted in out and "line = 27" in out, out


def test_the_municipalities_named_below_a_table_for_the_regions_are_pointed_out(package_copy, tmp_path, capsys):
    """'Medel till kommunerna redovisas i tabell 2.' two lines below a table of the regions: the
    draft stays the regions' (the rows name them), and says that meaning_matches_wording will fail it."""
    path = text_file(tmp_path, "kommunerna-under-2021.txt",
                     ["Fördelning av medel 2021 till regionerna, kronor", "", "Region\tBelopp", *region_rows(),
                      f"Summa\t{grouped(sum(A.values()))}", "", "Medel till kommunerna redovisas i tabell 2."])
    out = added(package_copy, path, capsys)
    assert 'recipients = "regions"' in out
    assert "recipients: line 27 near the table speaks of the municipalities" in out, out


def test_a_decision_attachments_title_is_its_caption_not_its_page_heading(package_copy, tmp_path, capsys):
    """'Bilaga 1  1 (2)' and 'Regeringsbeslut 2024-03-14, S2024/00123' head each page: the title
    drafted is the first line that reads as one (it was 'Bilaga 1 1 (2)')."""
    out = added(package_copy, shape_file("pdf-decision-attachment", tmp_path), capsys)
    assert 'title = "Fördelning av statsbidrag till regionerna för 2024"' in out, out
    assert "21 regions" in out and "total 937000000 kronor printed" in out, out
    # the decision's date, printed in the page heading, is drafted as the date published, to be checked
    assert 'date_published = "2024-03-14"' in out and "unsure: date_published 2024-03-14: read from line 2" in out


def test_a_date_printed_in_words_is_drafted_and_a_given_date_wins(package_copy, tmp_path, capsys):
    lines = ["Publicerad 5 mars 2021", "Fördelning av medel 2021 (kronor)", "", "Region\tBelopp", *region_rows()]
    path = text_file(tmp_path, "publicerad-2021.txt", lines)
    assert 'date_published = "2021-03-05"' in added(package_copy, path, capsys)
    out = added(package_copy, path, capsys, "--published", "2021-03-07")
    assert 'date_published = "2021-03-07"' in out and "unsure: date_published" not in out


def test_the_grants_of_a_document_of_several_tables_are_titled_by_their_captions(package_copy, tmp_path, capsys):
    """Two tables, each under its caption: each grant is titled by its table's caption (both
    were titled by the document's first line, 'Statsbidrag till regionerna: Belopp')."""
    lines = ["Statsbidrag till regionerna", "", "Tabell 1. Fördelning 2021, kronor", "", "Region\tBelopp",
             *region_rows(), "", "Tabell 2. Fördelning 2022, kronor", "", "Region\tBelopp",
             *region_rows(amount=lambda code: grouped(B[code]))]
    out = added(package_copy, text_file(tmp_path, "tva-tabeller.txt", lines), capsys)
    assert 'title = "Tabell 1. Fördelning 2021, kronor: Belopp"' in out, out
    assert 'title = "Tabell 2. Fördelning 2022, kronor: Belopp"' in out, out


def test_a_row_saying_the_ceiling_drafts_a_ceiling_quoting_that_row(package_copy, tmp_path, capsys):
    """'• Region Stockholm kan få högst 40 513 205 kr.': the sentence's verb is not the name, and its
    'högst' makes the table a ceiling (meaning_matches_wording reads the rows too)."""
    out = added(package_copy, shape_file("txt-sentences-ceiling", tmp_path), capsys)
    assert 'amount_kind = "ceiling"' in out
    assert 'amount_kind_quote = { line = 3, text = "Region Stockholm kan få högst' in out, out


def test_a_csv_that_is_neither_a_table_nor_scbs_download_says_what_was_looked_for(package_copy, tmp_path, capsys):
    """A CSV file is SCB's population download only when it has SCB's heading; any other is read
    as a document (a spreadsheet's export: tests/add_corpus.py csv-* shapes)."""
    out = added(package_copy, text_file(tmp_path, "anteckningar.csv", ["namn,antal", "ett,1"]), capsys)
    assert "0 per-region table(s) found" in out and "nor SCB's population download" in out


def test_a_row_naming_no_known_region_is_named_with_the_regions_it_could_be(package_copy, tmp_path, capsys):
    """A spelling no list holds inside a table is skipped and its region drafted absent: the
    summary says so, naming the line and the region, instead of drafting the absence silently."""
    names = ["VG-regionen" if code == "14" else CURRENT[i] for i, code in enumerate(CODES)]
    path = text_file(tmp_path, "okand-stavning.txt", ["Fördelning 2021 (kronor)", ""] + region_rows(names))
    out = added(package_copy, path, capsys)
    assert "line 14 prints 1 amount(s) like a row, but 'VG-regionen' is no spelling of a region; the draft " \
           "declares absent Västra Götaland" in out, out


def test_a_column_of_which_is_not_drafted_as_money_of_its_own(package_copy, tmp_path, capsys):
    """'Totalt  varav tillägg': the part is in the total already (drafted as its own grant, both
    were published and counted twice in the views)."""
    out = added(package_copy, shape_file("txt-varav-column", tmp_path), capsys)
    assert "1 table(s) of money drafted" in out
    assert "not drafted: lines 4-24 column 2: its heading 'varav tillägg' (line 3) makes it part of column 1" in out


def test_amounts_too_small_for_any_grant_are_not_drafted(package_copy, tmp_path, capsys):
    """Kronor per inhabitant headed 'Belopp' were drafted as the regions' allocations."""
    out = added(package_copy, shape_file("txt-per-inhabitant-negative", tmp_path), capsys)
    assert "0 table(s) of money drafted" in out
    assert "its largest amount is 90 kronor in SEK: no grant gives a region so little" in out, out


def test_money_for_the_municipalities_of_each_county_is_drafted_as_theirs(package_copy, tmp_path, capsys):
    """A caption 'Medel till kommunerna per län' makes the grant the municipalities' (it was always
    drafted as the regions', quoting a line that does not say so)."""
    out = added(package_copy, shape_file("txt-municipalities-by-county", tmp_path), capsys)
    assert 'recipients = "municipalities by county"' in out
    assert 'recipients_quote = { source = "kommunerna-per-lan-2021", line = 1, text = "Medel till kommunerna' in out


def test_a_region_printed_without_an_amount_is_absent_for_that_reason(package_copy, tmp_path, capsys):
    """'Region Gotland  –': the drafted absence says the line prints no amount for it (it said the
    table prints no row for Gotland)."""
    rows = region_rows(amount=lambda code: "–" if code == "09" else grouped(A[code]))
    out = added(package_copy, text_file(tmp_path, "utan-gotland.txt", ["Fördelning 2021 (kronor)", ""] + rows), capsys)
    assert "reason = \"The table prints no amount for Gotland: line 10 reads 'Region Gotland –'" in out, out


@pytest.mark.parametrize("caption, names", [
    ("Överenskommelse om stöd till regioner och kommuner 2021", CURRENT),   # the rows name regions
    ("Kommunerna och regionerna får del av medlen 2021", COUNTY),           # the caption names both
])
def test_a_caption_naming_municipalities_beside_regions_leaves_the_money_the_regions(package_copy, tmp_path,
                                                                                    capsys, caption, names):
    path = text_file(tmp_path, "bada.txt", [caption, "", "Fördelning (kronor)"] + region_rows(names))
    assert 'recipients = "regions"' in added(package_copy, path, capsys)


def test_the_quotes_are_chosen_by_the_words_the_tools_checks_read(package_copy, tmp_path, capsys):
    """A package whose own checks/_macros.sql says other words (an older copy) drafts its quotes by
    the words `statsbidrag check` will hold them to: the tool's."""
    macros = package_copy / "checks" / "_macros.sql"
    text = macros.read_text(encoding="utf-8")
    tsek = "('unit', 'TSEK', '(?i)tusen|\\btkr\\b|tsek|000-tal'"
    assert text.count(tsek) == 1, "test setup: the TSEK cue"
    macros.write_text(text.replace(tsek, "('unit', 'TSEK', '(?i)no-such-word'"), encoding="utf-8")
    out = added(package_copy, shape_file("txt-tusental-kronor", tmp_path), capsys)
    assert 'unit_quote = { line = 2, text = "Belopp i tusental kronor" }' in out, out
    assert "unit = 'TSEK': no line" not in out


def test_a_ceiling_word_in_a_footnote_between_the_rows_leaves_a_payment(package_copy, tmp_path, capsys):
    """Only the rows are read for a ceiling word: a footnote inside the table's lines speaks of a part."""
    rows = region_rows()
    lines = ["Utbetalning till regionerna 2021 (kronor)", ""] + rows[:10] + \
        ["* Max 10 procent får användas till administration."] + rows[10:]
    out = added(package_copy, text_file(tmp_path, "fotnot.txt", lines), capsys)
    assert 'amount_kind = "payment"' in out and "skip = [13]" in out, out


def test_a_document_archived_already_is_refused(package_copy, tmp_path, capsys):
    shape = next(s for s in SHAPES if s.name == "txt-bullets-colon")
    path = write_shape(shape, tmp_path)
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 0
    assert main(["add", str(path), "--write", "--root", str(package_copy)]) == 2
    assert "SB501" in capsys.readouterr().err


# --- --write is one transaction (statsbidrag.publish.atomic.put_files) ---------------------------

def test_a_draft_the_package_does_not_extract_with_writes_nothing(package_copy, tmp_path, capsys):
    """The whole package is extracted with the draft before anything is put in place: a package
    whose other source was changed since it was archived fails there, and no file changes."""
    source = package_copy / "sources" / "skr-2021-fordelning-av-medel.txt"
    source.write_bytes(source.read_bytes().replace(b"Stockholm", b"Stockholn", 1))
    before = snapshot(package_copy)
    assert main(["add", str(shape_file("txt-tusental-kronor", tmp_path)), "--write", "--root", str(package_copy)]) == 1
    assert "error SB101: sources/skr-2021-fordelning-av-medel.txt: expected SHA-256" in capsys.readouterr().err
    assert snapshot(package_copy) == before
    assert not (package_copy / ".statsbidrag-build").exists()


def test_add_write_is_refused_while_a_build_holds_the_folder(package_copy, tmp_path, capsys):
    from statsbidrag.publish import atomic
    before = snapshot(package_copy)
    document = shape_file("txt-tusental-kronor", tmp_path)
    with atomic.transaction(package_copy, derived=False):  # a build in this folder, under way
        assert main(["add", str(document), "--write", "--root", str(package_copy)]) == 1
        assert "error SB609: " in capsys.readouterr().err
        during = {rel: data for rel, data in snapshot(package_copy).items() if not rel.startswith(atomic.STATE)}
    assert during == before


def test_the_stage_of_an_add_holds_only_inputs_inside_the_package(package_copy, tmp_path):
    """A symbolic link in sources/ to a file, or to a folder, elsewhere is not staged (so not
    read by the proof, nor put in place): the stage links only what resolves inside the package."""
    from statsbidrag.publish.atomic import _inputs_inside
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the package's\n", encoding="utf-8")
    (package_copy / "sources" / "linked.txt").symlink_to(outside / "secret.txt")
    (package_copy / "sources" / "linked-folder").symlink_to(outside, target_is_directory=True)
    staged = _inputs_inside(package_copy)
    assert "metadata/sources.toml" in staged and "sources/skr-2021-fordelning-av-medel.txt" in staged
    assert not [rel for rel in staged if "linked" in rel], staged
