"""Metadata is validated in full before anything is read or written.

Each mistake a maintainer can make in metadata/*.toml is reported with the file, the
entry, the key and the line of that key, what was expected and what was found; all
problems at once, never a traceback, and nothing is written.
"""

from __future__ import annotations

import pytest
from conftest import snapshot

from statsbidrag.cli.main import main
from statsbidrag.errors import MetadataError
from statsbidrag.publish.build import build


def edit(package, file: str, old: str, new: str, count: int = 1) -> int:
    """Replace `old` by `new` in metadata/<file>; -> the line the change starts on."""
    path = package / "metadata" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"test setup: {old!r} not in {file}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def problems(package) -> list:
    """The problems a build reports; the build must write nothing."""
    before = snapshot(package)
    with pytest.raises(MetadataError, match="^SB201: ") as caught:
        build(package)
    assert snapshot(package) == before, "a build with bad metadata must leave every file as it was"
    return caught.value.problems


def the_problem(package, file: str, key: str):
    found = [p for p in problems(package) if p.file == f"metadata/{file}" and p.key == key]
    assert len(found) == 1, found
    return found[0]


# --- the mistakes of the issue ---------------------------------------------------------

def test_misspelt_layout(package_copy):
    line = edit(package_copy, "tables.toml", 'layout = "tab_separated"', 'layout = "tab_seperated"')
    p = the_problem(package_copy, "tables.toml", "layout")
    assert (p.line, p.entry) == (line, "[[table]] 'regeringen-2021-kvinnors-halsa'")
    assert "'tab_separated'" in p.expected and "'one_value_per_line'" in p.expected
    assert "tab_seperated" in p.found


def test_line_number_written_as_a_string(package_copy):
    line = edit(package_copy, "tables.toml", "header_line = 41", 'header_line = "41"')
    p = the_problem(package_copy, "tables.toml", "header_line")
    assert p.line == line and "integer" in p.expected and '"41"' in p.found and "string" in p.found


def test_missing_key_names_the_entry_header_line(package_copy):
    text = (package_copy / "metadata" / "grants.toml").read_text(encoding="utf-8")
    header = text[: text.index('id = "tillganglighet-prestation-2021"')].count("\n")  # the [[grant]] line
    edit(package_copy, "grants.toml", 'basis = "performance"\n', "")
    p = the_problem(package_copy, "grants.toml", "basis")
    assert p.line == header and p.entry == "[[grant]] 'tillganglighet-prestation-2021'"
    assert "`basis`" in p.expected and "missing" in p.found


def test_wrong_source_id(package_copy):
    line = edit(package_copy, "tables.toml", 'source = "nyhet-739-miljoner"', 'source = "nyhet-739-miljon"')
    p = the_problem(package_copy, "tables.toml", "source")
    assert p.line == line and "metadata/sources.toml" in p.expected and "nyhet-739-miljon" in p.found


def test_unknown_key_is_an_error_with_a_suggestion(package_copy):
    line = edit(package_copy, "tables.toml", "total_line = 107", "total_line = 107\ntotal_lines = 107")
    p = the_problem(package_copy, "tables.toml", "total_lines")
    assert p.line == line + 1 and "total_line" in p.expected and "did you mean `total_line`" in p.found


def test_status_outside_its_enumeration(package_copy):
    line = edit(package_copy, "tables.toml", 'status = "preliminary"', 'status = "finall"')
    p = the_problem(package_copy, "tables.toml", "status")
    assert p.line == line and "'final'" in p.expected and "'preliminary'" in p.expected


def test_alias_under_two_regions(package_copy):
    text = (package_copy / "metadata" / "regions.toml").read_text(encoding="utf-8")
    kalmar = text[: text.index('aliases = ["Kalmar län"')].count("\n") + 1
    line = edit(package_copy, "regions.toml", 'county_name = "Gotlands län"\naliases = ["Gotlands län", "Region Gotlands"]',
                'county_name = "Gotlands län"\naliases = ["Kalmar  län"]') + 1
    p = the_problem(package_copy, "regions.toml", "aliases[1]")
    assert p.line == line and p.entry == "[[region]] '09'"
    assert f"region 08 (line {kalmar})" in p.found


def test_region_name_that_is_another_regions_alias(package_copy):
    edit(package_copy, "regions.toml", 'official_name = "Region Kronoberg"', 'official_name = "Jönköpings län"')
    p = the_problem(package_copy, "regions.toml", "official_name")
    assert "region 06" in p.found and "one region only" in p.expected


def test_table_declared_twice(package_copy):
    line = edit(package_copy, "tables.toml", 'id = "regeringen-2021-kvinnors-halsa"',
                'id = "skr-2021-kvinnors-halsa"')
    p = the_problem(package_copy, "tables.toml", "id")
    assert p.line == line and "once" in p.expected and "first at line" in p.found


def test_region_code_of_one_digit(package_copy):
    line = edit(package_copy, "regions.toml", 'code = "03"', 'code = "3"')
    p = the_problem(package_copy, "regions.toml", "code")
    assert p.line == line and "two-digit" in p.expected and '"3"' in p.found


# --- more of each class ------------------------------------------------------------

def test_year_with_a_letter_o(package_copy):
    line = edit(package_copy, "grants.toml", "year = 2024", 'year = "2O24"')
    p = the_problem(package_copy, "grants.toml", "year")
    assert p.line == line and p.entry == "[[grant]] 'sammanlagda-medel-2024'" and "integer" in p.expected


def test_line_number_zero_and_boolean(package_copy):
    edit(package_copy, "claims.toml", "line = 3\n", "line = 0\n")
    edit(package_copy, "anomalies.toml", "line = 6\n", "line = true\n")
    found = {(p.file, p.key): p for p in problems(package_copy)}
    assert ">= 1" in found["metadata/claims.toml", "line"].expected
    assert "integer" in found["metadata/anomalies.toml", "line"].expected


def test_every_problem_of_every_file_is_reported_at_once(package_copy):
    edit(package_copy, "tables.toml", 'status = "preliminary"', 'status = "finall"')
    edit(package_copy, "regions.toml", 'code = "03"', 'code = "3"')
    edit(package_copy, "claims.toml", 'tables = ["regeringen-2021-kvinnors-halsa"]', 'tables = ["no-such-table"]')
    edit(package_copy, "sources.toml", 'language = "sv"', 'language = "swedish"')
    edit(package_copy, "package.toml", 'homepage = ""', 'homepage = ""\nhomepgae = ""')
    found = {(p.file, p.key) for p in problems(package_copy)}
    assert {("metadata/tables.toml", "status"), ("metadata/regions.toml", "code"),
            ("metadata/claims.toml", "tables[1]"), ("metadata/sources.toml", "language"),
            ("metadata/package.toml", "homepgae")} <= found


def test_claim_naming_an_unknown_table_and_region(package_copy):
    line = edit(package_copy, "claims.toml", 'region = "06"', 'region = "02"')
    p = the_problem(package_copy, "claims.toml", "region")
    assert p.line == line and "metadata/regions.toml" in p.expected and "'02'" in p.found


def test_claim_with_both_tables_and_a_reason(package_copy):
    edit(package_copy, "claims.toml", 'tables = ["regeringen-2021-kvinnors-halsa"]',
         'tables = ["regeringen-2021-kvinnors-halsa"]\nunverifiable = "no"')
    p = the_problem(package_copy, "claims.toml", "tables")
    assert "either `tables`" in p.expected and p.found == "both"


def test_regex_without_the_group_the_extraction_reads(package_copy):
    line = edit(package_copy, "claims.toml", "(?P<unit>kronor) till regionerna'", "(kronor) till regionerna'")
    p = the_problem(package_copy, "claims.toml", "regex")
    assert p.line == line and "(?P<unit>...)" in p.expected


def test_regex_that_does_not_compile_inside_a_nested_item(package_copy):
    line = edit(package_copy, "tables.toml", r"regex = '• (?P<label>.+?) \((?P<amount>\d+) (?P<unit>mkr)\)'",
                r"regex = '• (?P<label>.+?) \((?P<amount>\d+ (?P<unit>mkr)\)'")
    p = the_problem(package_copy, "tables.toml", "item[2].regex")
    assert p.line == line and "valid regular expression" in p.expected
    assert p.entry == "[[table]] 'vardgivarguiden-2023-stockholm-fordelning'"


def test_source_path_outside_sources(package_copy):
    edit(package_copy, "sources.toml", 'path = "sources/nyhet-kortare-vantetider-739-miljoner.txt"',
         'path = "sources/../../etc/passwd"')
    p = the_problem(package_copy, "sources.toml", "path")
    assert "directly in sources/" in p.expected


def test_sha256_that_is_not_64_hex_digits(package_copy):
    edit(package_copy, "sources.toml", 'sha256 = "28a1f86c', 'sha256 = "28A1f86c')
    assert "64 lower-case hexadecimal" in the_problem(package_copy, "sources.toml", "sha256").expected


def test_date_that_is_not_a_date(package_copy):
    edit(package_copy, "sources.toml", 'date_published = "2021-03-11"', 'date_published = "2021-02-30"')
    assert "YYYY-MM-DD" in the_problem(package_copy, "sources.toml", "date_published").expected


def test_a_regions_table_missing_its_rows_and_a_breakdown_missing_its_region(package_copy):
    edit(package_copy, "tables.toml", "rows = [42, 62]\n", "")
    edit(package_copy, "tables.toml", 'region = "01"\n', "")
    found = {(p.entry, p.key): p for p in problems(package_copy)}
    assert ("[[table]] 'regeringen-2021-kvinnors-halsa'", "rows") in found
    assert ("[[table]] 'vardgivarguiden-2023-stockholm-fordelning'", "region") in found


def test_column_beyond_the_columns(package_copy):
    line = edit(package_copy, "tables.toml", "columns = 2\ncolumn = 2", "columns = 2\ncolumn = 3") + 1
    p = the_problem(package_copy, "tables.toml", "column")
    assert p.line == line and "between 1 and" in p.expected


def test_duplicate_iso_code(package_copy):
    edit(package_copy, "regions.toml", 'iso = "SE-D"', 'iso = "SE-C"')
    assert "first at line" in the_problem(package_copy, "regions.toml", "iso").found


def test_package_toml_must_describe_every_resource(package_copy):
    edit(package_copy, "package.toml", "[resources.claims]", "[resources.claimz]")
    line = (package_copy / "metadata" / "package.toml").read_text(encoding="utf-8").split("\n").index(
        "[resources.claimz]") + 1
    found = [p for p in problems(package_copy) if p.file == "metadata/package.toml"]
    assert any("[resources.claims]" in p.expected and p.found == "none" for p in found)
    assert any(p.found == "[resources.claimz]" and p.line == line for p in found)


def test_invalid_toml_names_its_line(package_copy):
    line = edit(package_copy, "grants.toml", 'basis = "mixed"', 'basis = "mixed')
    p = problems(package_copy)[0]
    assert p.file == "metadata/grants.toml" and p.line == line and "valid TOML" in p.expected


def test_missing_metadata_file(package_copy):
    (package_copy / "metadata" / "anomalies.toml").unlink()
    p = problems(package_copy)[0]
    assert p.file == "metadata/anomalies.toml" and "no such file" in p.found


def test_the_command_prints_every_problem_and_no_traceback(package_copy, capsys):
    edit(package_copy, "tables.toml", 'status = "preliminary"', 'status = "finall"')
    edit(package_copy, "regions.toml", 'code = "03"', 'code = 3')
    assert main(["build", "--root", str(package_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error SB201: 2 problems" in err
    assert "metadata/tables.toml:" in err and "metadata/regions.toml:" in err and "`status`" in err


def test_excerpt_provenance_is_checked(package_copy):
    commit = "b9e34cec61a3e35d81bde27a417a269945487a37"
    line = edit(package_copy, "sources.toml", f'stored_copy_commit = "{commit}"', f'stored_copy_commit = "{commit[:9]}"')
    p = the_problem(package_copy, "sources.toml", "stored_copy_commit")
    assert p.line == line and "40-digit" in p.expected and commit[:9] in p.found
    line = edit(package_copy, "sources.toml", 'source_kind = "excerpt"', 'source_kind = "extract"')
    kinds = [p for p in problems(package_copy) if p.key == "source_kind"]
    assert len(kinds) == 1 and kinds[0].line == line and "'excerpt'" in kinds[0].expected


# TOML 1.0 that metadata/ may use: parse_toml must read each as tomllib does.
VALID_TOML = [
    'a = "x\\ty\\u00e5"\nb = \'C:\\raw\'\nc = """\nmulti\\\n  line"""\nd = \'\'\'lit\neral\'\'\'',
    "i = 1_000\nh = 0xff\no = 0o17\nb = 0b11\nf = 6.02e23\ng = -0.0\nn = nan\nm = -inf\nbig = 99999999999999999999",
    "d = 1979-05-27T07:32:00.5-07:00\nl = 1979-05-27T07:32:00\nday = 1979-05-27\nt = 07:32:00.999999",
    "[a.b]\nc = 1\n[a]\nd = 2\n[[t]]\nx = [1, [2, 3], {y = 4}]\n[[t]]\n\"quoted key\" = true\ne.f.g = false",
    "arr = [\n  1,\n  2, # a comment\n]\nempty = []\ninline = {}",
    # for the pieces parse_toml cuts a text into, before `[[name]]` lines:
    "top = 1\n[[a]]\nx = 1\n[a.sub]\ny = 2\n[[a]]\nx = 2\n[[a.list]]\nz = 1\n[[b]]\nq = 1\n[[a]]\nx = 3",
    "[[a]]\ns = \'\'\'\n[[a]]\n\'\'\'\n[[a]]\nx = \"\"\"\n[[b]]\n\"\"\"\n[[b]]\n",  # header lines in strings
    "[x]\na = 1\n[[t]]\nk = 1\n[[t]]\nk = 2\n[x.y]\nb = 2",  # a table of the text before the headers, again
    "[[t]]\nk = 1\n[x]\na = 1\n[[t]]\nk = 2\n[x.y]\nb = 2\n[[t]]\n[t.x]",  # a table in two pieces
]
# Not TOML 1.0 (TOML 1.1 syntax, a byte-order mark, broken): refused with tomllib's message.
BROKEN_TOML = ['basis = "mixed', "a = 1\na = 2", "[a]\n[a]", "t = { a = 1,\n b = 2 }", "t = { a = 1, }",
               'e = "\\e"', 'x = "\\x41"', "t = 12:30", "\ufeffa = 1", "a.b = 1\na = 2", "a = 1979-13-27",
               # broken only as a whole, each piece being valid TOML on its own
               "t = [{k = 1}]\n[[t]]\nk = 2\n[[t]]\nk = 3", "[x]\na = 1\n[[t]]\n[x]\nb = 1\n[[t]]",
               "[[t]]\n[x]\n[[t]]\n[x]\n[[t]]", "[[t]]\n[t.x]\n[[u]]\n[t]\n[[u]]"]


def test_the_toml_parser_reads_as_pythons_tomllib(root):
    """metadata/*.toml is read by parse_toml (toml_rs in TOML 1.0 mode, in pieces, tomli
    for what it refuses): the same values as Python's tomllib for every metadata file and
    for every kind of TOML 1.0 value, however the text is cut into pieces (before every
    `[[name]]` line, every second, every third, or as shipped), the same error message for
    broken TOML, TOML broken only as a whole included, and TOML 1.1 syntax and a
    byte-order mark refused as tomllib refuses them."""
    import tomllib

    import tomli

    from statsbidrag.metadata import PIECE_HEADERS, parse_toml
    paths = sorted((root / "metadata").glob("*.toml"))
    assert paths, "test setup: no metadata/*.toml"
    texts = [path.read_text(encoding="utf-8") for path in paths] + VALID_TOML
    for text in texts:
        for piece_headers in (1, 2, 3, PIECE_HEADERS):
            # repr, not ==: nan is not equal to itself, and repr tells 1 from 1.0 and -0.0 from 0.0
            assert repr(parse_toml(text, piece_headers)) == repr(tomllib.loads(text)), (text[:80], piece_headers)
    for text in BROKEN_TOML:
        with pytest.raises(tomllib.TOMLDecodeError) as expected:
            tomllib.loads(text)
        for piece_headers in (1, 2, PIECE_HEADERS):
            with pytest.raises(tomli.TOMLDecodeError) as found:
                parse_toml(text, piece_headers)
            assert str(found.value) == str(expected.value), (text, piece_headers)


def test_a_key_kind_that_contradicts_the_grants_basis(package_copy):
    """grants.toml says the 2023 accessibility grant is paid by performance; a population key
    on its table contradicts it (a fact recorded from two sides must agree)."""
    text = (package_copy / "metadata" / "allocation_keys.toml").read_text(encoding="utf-8")
    block = text.index('table = "regeringen-2023-tillganglighet"')
    old = 'kind = "performance"'
    line = text[: text.index(old, block)].count("\n") + 1
    (package_copy / "metadata" / "allocation_keys.toml").write_text(
        text[:block] + text[block:].replace(old, 'kind = "unknown"', 1), encoding="utf-8")
    p = the_problem(package_copy, "allocation_keys.toml", "kind")
    assert p.line == line and "'performance'" in p.expected and "tillganglighet-2023" in p.expected
    assert p.found == "'unknown'"


def test_a_grants_basis_that_contradicts_its_key(package_copy):
    edit(package_copy, "grants.toml", 'basis = "cost structure"', 'basis = "population"')
    p = the_problem(package_copy, "allocation_keys.toml", "kind")
    assert "'population_at_date' or 'population_unknown_date'" in p.expected and p.found == "'cost_structure'"


def test_the_metadata_is_read_by_the_fast_parser_in_pieces(root, monkeypatch):
    """Every metadata file is read by toml_rs, cut into pieces or not, never by the tomli
    fallback (which is for errors: 7 times slower on a large tables.toml)."""
    import statsbidrag.metadata as metadata

    def fallback(text):
        raise AssertionError(f"tomli read a valid metadata file: {text[:60]!r}")
    monkeypatch.setattr(metadata.tomli, "loads", fallback)
    for path in sorted((root / "metadata").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        for piece_headers in (1, 2, metadata.PIECE_HEADERS):
            metadata.parse_toml(text, piece_headers)


def test_each_kind_of_table_has_its_own_keys(package_copy):
    """A [[table]] is a RegionTable or a BreakdownTable, chosen by `kind`: a key of the other
    kind, a layout of the other kind, and an unknown kind are each reported at their line."""
    region_line = edit(package_copy, "tables.toml", 'layout = "tab_separated"\nrows = [42, 62]\n',
                       'layout = "tab_separated"\nregion = "01"\nrows = [42, 62]\n') + 1
    layout_line = edit(package_copy, "tables.toml", 'kind = "breakdown"\nstatus = "final"\namount_kind = "payment"\n'
                       'layout = "prose"\nregion = "01"\nheader_line = 19',
                       'kind = "breakdown"\nstatus = "final"\namount_kind = "payment"\n'
                       'layout = "tab_separated"\nregion = "01"\nheader_line = 19') + 3
    found = {(p.entry, p.key): p for p in problems(package_copy)}
    extra = found[("[[table]] 'regeringen-2021-kvinnors-halsa'", "region")]
    assert extra.line == region_line and "unknown key `region`" in extra.found and "rows" in extra.expected
    prose = found[("[[table]] 'vardgivarguiden-2023-stockholm-fordelning'", "layout")]
    assert prose.line == layout_line and "'prose'" in prose.expected and "tab_separated" in prose.found


def test_an_unknown_kind_of_table(package_copy):
    line = edit(package_copy, "tables.toml", 'kind = "breakdown"\nstatus', 'kind = "brakedown"\nstatus')
    p = the_problem(package_copy, "tables.toml", "kind")
    assert (p.line, p.entry) == (line, "[[table]] 'vardgivarguiden-2023-stockholm-fordelning'")
    assert "'regions'" in p.expected and "'breakdown'" in p.expected and "brakedown" in p.found


@pytest.mark.parametrize("old, new", [
    ("(?P<unit>kronor) till regionerna'", "(?P<unit>kronor) (?=till) till regionerna'"),   # lookahead
    ("(?P<unit>kronor) till regionerna'", "(?P<unit>kronor) (t)ill \\1 regionerna'"),     # backreference
])
def test_a_pattern_that_needs_backtracking_is_refused_at_load_with_file_and_line(package_copy, old, new):
    line = edit(package_copy, "claims.toml", old, new)
    p = the_problem(package_copy, "claims.toml", "regex")
    assert p.line == line and "runs in linear time" in p.expected, p


def test_a_row_regex_is_compiled_in_linear_time_too(package_copy):
    line = edit(package_copy, "tables.toml", "row_regex = '(?P<name>\\D+?) ", "row_regex = '(?<!x)(?P<name>\\D+?) ")
    p = the_problem(package_copy, "tables.toml", "row_regex")
    assert p.line == line and "runs in linear time" in p.expected and p.entry == "[[table]] 'cision-2021-cancer-svf'"
