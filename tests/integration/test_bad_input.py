"""Bad input gets a clear error naming file, line, expectation and finding; nothing is lost."""

from __future__ import annotations

import pytest
from conftest import replace_line, rewrite_source
from helpers import fails_cleanly

SKR = "skr-2021-fordelning"
SKR_FILE = "sources/skr-2021-fordelning-av-medel.txt"
PRESS = "regeringen-2024-pressmeddelande"
PRESS_FILE = "sources/regeringen-2024-pressmeddelande-tidiga-besked.txt"


def test_unknown_region_spelling(package_copy):
    rewrite_source(package_copy, PRESS, replace_line(32, "Kalmar län", "Kalmarlän"))
    error = fails_cleanly(package_copy, "SB106", f"{PRESS_FILE}:32", "'Kalmarlän'", "aliases")
    assert error.line == 32


def test_non_numeric_amount(package_copy):
    rewrite_source(package_copy, SKR, replace_line(25, "215 942 447", "215 942 44x"))
    fails_cleanly(package_copy, "SB105", f"{SKR_FILE}:25", "'215 942 44x'", "an amount for 'Stockholm'")


def test_non_numeric_amount_in_name_value_layout(package_copy):
    rewrite_source(package_copy, PRESS, replace_line(27, "Uppsala 371", "Uppsala 37l"))
    fails_cleanly(package_copy, "SB104", f"{PRESS_FILE}:27", "'Uppsala 37l'", "e.g. 'Stockholm 2 111'")


def test_missing_row(package_copy):
    def blank_kalmar(data: bytes) -> bytes:  # Kalmar's three lines emptied; line numbers kept
        lines = data.decode("utf-8").split("\n")
        assert lines[58] == "Kalmar"
        lines[58] = lines[60] = lines[62] = ""
        return "\n".join(lines).encode("utf-8")
    rewrite_source(package_copy, SKR, blank_kalmar)
    fails_cleanly(package_copy, "SB107", f"{SKR_FILE}:23", "expected 21 region rows", "found 20", "missing: Kalmar (08)")


def test_missing_row_that_shifts_the_lines_below(package_copy):
    def drop_kalmar(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        return "\n".join(lines[:58] + lines[64:]).encode("utf-8")
    rewrite_source(package_copy, SKR, drop_kalmar)
    # The declared range now reaches the total row: the first line that breaks the pattern is named.
    fails_cleanly(package_copy, "SB105", f"{SKR_FILE}:145", "expected an amount for 'Totalt'", "'937 000 000 Mkr'")


def test_missing_value_inside_a_row(package_copy):
    rewrite_source(package_copy, SKR, replace_line(27, "102 555 378", ""))
    fails_cleanly(package_copy, "SB105", f"{SKR_FILE}:29", "expected an amount for 'Stockholm' (line 23)", "'Uppsala'")


def test_duplicated_region(package_copy):
    rewrite_source(package_copy, PRESS, replace_line(27, "Uppsala", "Stockholm"))
    fails_cleanly(package_copy, "SB107", f"{PRESS_FILE}:27", "each region once", "first at line 26")


def test_changed_source_byte_is_a_hash_mismatch(package_copy):
    path = package_copy / SKR_FILE
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    path.write_bytes(bytes(data))
    fails_cleanly(package_copy, "SB101", SKR_FILE, "SHA-256", "has changed since it was archived")


def test_a_source_saved_with_crlf_line_endings_and_a_bom_is_read_as_its_lines(package_copy):
    """A file saved on Windows or as a spreadsheet's 'CSV UTF-8' is archived as it came: its BOM
    and the CR ending each line are how it is stored, not what it prints. The build publishes
    every row as from the LF file, and the checks that read the source's lines pass (they read
    them in Python, as the build does). SB102 refused it before, so the archived file could
    not be the publisher's bytes."""
    from helpers import failing

    from statsbidrag.publish.build import build
    before = {p.name: p.read_bytes() for p in (package_copy / "resources").glob("*.csv") if p.name != "sources.csv"}
    rewrite_source(package_copy, SKR, lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    build(package_copy)
    after = {p.name: p.read_bytes() for p in (package_copy / "resources").glob("*.csv") if p.name != "sources.csv"}
    assert after == before
    assert failing(package_copy, only={"printed_text_at_lines", "read_as_printed", "meaning_supported",
                                       "meaning_matches_wording", "source_files_intact"}) == {}


@pytest.mark.parametrize("change, expected, found", [
    (lambda data: data.replace(b"\n", b"\r\n").replace(b"Stockholm\r\n", b"Stockholm\n", 1),
     "every line ending in CRLF, as the first does", "an LF not part of a CRLF"),
    (lambda data: data.replace(b"Stockholm", b"Stock\rholm", 1), "every line ending in LF, as the first does",
     "a CR in the line"),
])
def test_mixed_line_endings_are_refused_at_the_first_odd_one(package_copy, change, expected, found):
    text = (package_copy / SKR_FILE).read_bytes()
    line = text[:text.index(b"Stockholm")].count(b"\n") + 1
    rewrite_source(package_copy, SKR, change)
    fails_cleanly(package_copy, "SB102", f"{SKR_FILE}:{line}", expected, found)


def test_text_that_is_not_utf8(package_copy):
    rewrite_source(package_copy, SKR, lambda data: data.replace("Sörmland".encode(), "Sörmland".encode("latin-1")))
    fails_cleanly(package_copy, "SB102", f"{SKR_FILE}:35", "UTF-8 text", "0xf6")


def test_wrong_line_range_in_metadata(package_copy):
    meta = package_copy / "metadata" / "tables.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("total_line = 47", "total_line = 48"), encoding="utf-8")
    fails_cleanly(package_copy, "SB108", f"{PRESS_FILE}:48", "stated total")


CANCER, CANCER_FILE = "cision-2021-cancer-svf", "sources/cision-2021-cancer-svf-region-dalarna.txt"


def edit_metadata(package, file: str, old: str, new: str) -> None:
    path = package / "metadata" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} not once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_missing_region_not_declared_absent(package_copy):
    edit_metadata(package_copy, "tables.toml", '\nabsent = [{ region = "09", reason = "The stored', '\n# [{ region = "09", reason = "The stored')
    fails_cleanly(package_copy, "SB107", f"{CANCER_FILE}:13", "21 region rows", "missing: Gotland (09)", "`absent`")


def test_a_printed_region_declared_absent(package_copy):
    edit_metadata(package_copy, "tables.toml", '\nabsent = [{ region = "09", reason = "The stored',
                  '\nabsent = [{ region = "20", reason = "Pretend Dalarna is not printed." }, '
                  '{ region = "09", reason = "The stored')
    fails_cleanly(package_copy, "SB107", f"{CANCER_FILE}:22", "declares it absent", "'Region Dalarna'")


def test_a_row_that_does_not_match_the_declared_layout(package_copy):
    edit_metadata(package_copy, "tables.toml", "rows = [13, 32]", "rows = [13, 33]")
    fails_cleanly(package_copy, "SB104", f"{CANCER_FILE}:33", "a row matching", "'Region Gotlands 59 636 0'")


def test_an_unknown_spelling(package_copy):
    # the words of no region's names (a genitive of a listed spelling is its region's: the
    # word rule of statsbidrag.extract.regions.name_words, as regions_match_reference reads it)
    rewrite_source(package_copy, "hoglandsnytt-2017-kvinnors-halsa", replace_line(10, "Södermanlands", "Sodermanlands"))
    fails_cleanly(package_copy, "SB106", "sources/hoglandsnytt-2017-kvinnors-halsa.txt:10", "'Sodermanlands'", "aliases")


def test_a_genitive_no_list_holds_is_read_by_its_words(package_copy):
    from statsbidrag.publish.build import build
    edit_metadata(package_copy, "regions.toml", '"Södermanlands", ', "")
    build(package_copy)
    rows = (package_copy / "resources" / "allocations.csv").read_text(encoding="utf-8")
    assert "hoglandsnytt-2017-kvinnors-halsa,04,3,Södermanlands,10,8 640 543,8640543,10" in rows


def test_a_declared_address_that_the_excerpt_does_not_print(package_copy):
    edit_metadata(package_copy, "sources.toml",
                  'original_address = "https://skl.se/halsasjukvard/kunskapsstodvardochbehandling/',
                  'original_address = "https://skr.se/halsasjukvard/kunskapsstodvardochbehandling/')
    fails_cleanly(package_copy, "SB110", "sources/skr-2019-kvinnors-halsa.txt:1", "original_address", "https://skr.se/")


# --- the press-release excerpts 08-23: markdown tables, bullets, 'Name: amount' lines ---

SVF25, SVF25_FILE = "regeringen-2025-12-svf-cancer-182-5-miljoner", "sources/regeringen-2025-12-svf-cancer-182-5-miljoner.txt"
SUMMER_FILE = "sources/regeringen-2025-04-sommarjobb.txt"


def test_a_markdown_table_declared_with_the_wrong_number_of_cells(package_copy):
    edit_metadata(package_copy, "tables.toml", "columns = 4\nname_column = 1\ncolumn = 4\n",
                  "columns = 3\nname_column = 1\ncolumn = 3\n")
    fails_cleanly(package_copy, "SB104", f"{SVF25_FILE}:16", "a markdown table row", "with 4 cells",
                  "'| 1 | Stockholm | 2 485 275 | 25,62% | 46 759 214 |'")


def test_a_markdown_table_whose_rows_reach_the_heading(package_copy):
    edit_metadata(package_copy, "tables.toml", "rows = [16, 33]\ncolumns = 4", "rows = [15, 33]\ncolumns = 4")
    fails_cleanly(package_copy, "SB105", f"{SVF25_FILE}:15", "an amount for 'Region'", "'Belopp'")


def test_the_amount_column_pointing_at_a_non_amount(package_copy):
    # 20's fourth cell holds estimated youth jobs, '<5' for Jämtland (line 36)
    edit_metadata(package_copy, "tables.toml", "rows = [19, 37]\ncolumns = 3\ncolumn = 1\n",
                  "rows = [19, 37]\ncolumns = 3\ncolumn = 3\n")
    fails_cleanly(package_copy, "SB105", f"{SUMMER_FILE}:36", "an amount for 'Jämtlands län'", "'<5'")


def test_a_missing_amount_in_a_markdown_row(package_copy):
    rewrite_source(package_copy, "regeringen-2025-04-sommarjobb",
                   replace_line(21, "| 12 030 000 |", "|  |"))
    fails_cleanly(package_copy, "SB105", f"{SUMMER_FILE}:21", "an amount for 'Södermanlands  län'", "''")


def test_a_unit_on_the_rows_that_disagrees_with_the_declared_unit(package_copy):
    edit_metadata(package_copy, "tables.toml", 'grant = "larobocker-2024"\nkind = "regions"\nstatus = "final"\n'
                  'amount_kind = "frame"\nlayout = "markdown_table"\nrows = [15, 35]\ncolumns = 1\ncolumn = 1\nunit = "SEK"',
                  'grant = "larobocker-2024"\nkind = "regions"\nstatus = "final"\n'
                  'amount_kind = "frame"\nlayout = "markdown_table"\nrows = [15, 35]\ncolumns = 1\ncolumn = 1\nunit = "MSEK"')
    fails_cleanly(package_copy, "SB109", "sources/regeringen-2024-02-larobocker.txt:15", "amounts in MSEK", "'8 281 730 kr'")


def test_an_unknown_spelling_in_a_markdown_table(package_copy):
    rewrite_source(package_copy, "regeringen-2023-12-tillganglighet",
                   replace_line(31, "Region Uppsala", "Region Upsala"))
    fails_cleanly(package_copy, "SB106", "sources/regeringen-2023-12-tillganglighet.txt:31", "'Region Upsala'", "aliases")


def test_a_bullet_list_over_a_line_that_is_not_a_bullet(package_copy):
    edit_metadata(package_copy, "tables.toml", 'layout = "bullet_list"\nrows = [15, 35]',
                  'layout = "bullet_list"\nrows = [13, 35]')
    fails_cleanly(package_copy, "SB104", "sources/regeringen-2024-03-sektorsbidrag-6-miljarder.txt:13", "a bullet",
                  "'## Fördelning per region'")


def test_a_name_colon_amount_line_without_its_amount(package_copy):
    rewrite_source(package_copy, "regeringen-2023-12-svf-cancer-182-miljoner",
                   replace_line(14, "Uppsala: 6 983 461 kronor", "Uppsala: kronor"))
    fails_cleanly(package_copy, "SB105", "sources/regeringen-2023-12-svf-cancer-182-miljoner.txt:14",
                  "an amount for 'Uppsala'", "'kronor'")


def test_a_declared_absence_that_the_table_prints(package_copy):
    edit_metadata(package_copy, "tables.toml", '{ region = "21", reason = "Region Gävleborg did not meet',
                  '{ region = "20", reason = "Pretend." },\n    { region = "21", reason = "Region Gävleborg did not meet')
    fails_cleanly(package_copy, "SB107", f"{SVF25_FILE}:30", "declares it absent", "'Dalarna'")


def test_a_region_the_table_lacks_that_is_not_declared_absent(package_copy):
    edit_metadata(package_copy, "tables.toml",
                  '    { region = "13", reason = "Region Halland did not meet the conditions for this payment '
                  '(the page\'s prose, line 10 of the excerpt\'s header)." },\n', "")
    fails_cleanly(package_copy, "SB107", f"{SVF25_FILE}:16", "19 region rows", "found 18", "missing: Halland (13)")
