"""The findings of issue 21, each at its cause, on an older document added by hand.

The document is a landsting-era table printing three numbers one space apart on each row:
part A, part B and their Summa ('Stockholms läns landsting 215 942 447 40 513 ... 256 ...'),
made from the package's own 2021 amounts (tests/add_corpus.py). Each test failed on the code
before the fix: the landsting names were not regions (SB106) or failed
regions_match_reference, no correct amount of such a row passed printed_text_at_lines, a
row read across two numbers was published, grant_series added the parts to their whole, no
check held the parts to the printed Summa, a document_type outside the schema's list
built and failed only at check, naming resources/sources.csv, and an allocation stated only
in prose could not carry its key (keys named tables only; now a [[key]] may name a claim,
published in claim_keys).
"""

from __future__ import annotations

import pytest
from add_corpus import CODES, CURRENT, LANDSTING, A, B, grouped

from statsbidrag.check.runner import run_suite
from statsbidrag.errors import MetadataError, SourceError
from statsbidrag.publish.build import build

SOURCE = "sources/landsting-2017-tre-kolumner.txt"
TOTAL = f"Summa {grouped(sum(A.values()))} {grouped(sum(B.values()))} {grouped(sum(A.values()) + sum(B.values()))}"


def _text(names: list[str]) -> str:
    rows = [f"{names[i]} {grouped(A[c])} {grouped(B[c])} {grouped(A[c] + B[c])}" for i, c in enumerate(CODES)]
    return "\n".join(["Fördelning till landstingen 2017 (kronor)", "", "Landsting Del A Del B Summa", *rows, TOTAL]) \
        + "\n"


FIRST, LAST, TOTAL_LINE = 4, 24, 25
MILLIONS = r"\d+ \d{3} \d{3}"  # every amount of the table is millions: three groups


def _row_regex(column: int) -> str:
    groups = [f"(?P<{'amount' if i == column else 'c' + str(i)}>{MILLIONS})" for i in (1, 2, 3)]
    return r"(?P<name>\D+?) " + " ".join(groups)


def _archive(package, source_id: str, path: str, text: str, document_type: str, published: str) -> None:
    """The text archived at `path` and declared in metadata/sources.toml."""
    from statsbidrag.extract.documents import sha256_of
    data = text.encode("utf-8")
    (package / path).write_bytes(data)
    with (package / "metadata" / "sources.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[[source]]\nid = "{source_id}"\npath = "{path}"\nsha256 = "{sha256_of(data)}"\n'
                  f'title = "{source_id}"\npublisher = ""\ndocument_type = "{document_type}"\n'
                  f'date_published = "{published}"\nlanguage = "sv"\noriginal_file_name = "bilaga.txt"\n')


def _add_document(package, row_regex=_row_regex, included=True, document_type="government decision",
                  names=CURRENT) -> None:
    """The document, printing `names` (today's by default: each finding on its own), and its metadata."""
    _archive(package, "landsting-2017", SOURCE, _text(names), document_type, "")
    meta = package / "metadata"
    with (meta / "grants.toml").open("a", encoding="utf-8") as out:
        out.write('\n[[family]]\nid = "landsting-2017"\ntitle = "Landsting 2017"\ntitle_sv = "Landsting 2017"\n'
                  'description = "Parts and whole"\n')
        for grant in ("del-a", "del-b", "summa"):
            part = included and grant != "summa"
            out.write(f'\n[[grant]]\nid = "landsting-2017-{grant}"\nfamily = "landsting-2017"\nyear = 2017\n'
                      f'title = "{grant}"\ntitle_sv = "{grant}"\nagreement = "x"\nrecipients = "regions"\nbasis = ""\n'
                      + ('included_in = "landsting-2017-summa"\n' if part else "")
                      + 'recipients_quote = { source = "landsting-2017", line = 1, text = "Fördelning till landstingen" }\n'
                      + ('included_in_quote = { source = "landsting-2017", line = 3, text = "Summa" }\n' if part else ""))
    with (meta / "tables.toml").open("a", encoding="utf-8") as out:
        for column, grant in enumerate(("del-a", "del-b", "summa"), start=1):
            out.write(f'\n[[table]]\nid = "landsting-2017-{grant}"\nsource = "landsting-2017"\n'
                      f'grant = "landsting-2017-{grant}"\nkind = "regions"\nstatus = "final"\n'
                      f'amount_kind = "payment"\nlayout = "regex_line"\nrows = [{FIRST}, {LAST}]\ncolumns = 3\n'
                      f"column = {column}\nrow_regex = '{row_regex(column)}'\nunit = \"SEK\"\nunit_line = 1\n"
                      f"total_line = {TOTAL_LINE}\ntotal_regex = '^Summa {' '.join(_total_groups(column))}$'\n"
                      'status_quote = { line = 1, text = "Fördelning till landstingen 2017" }\n'
                      'amount_kind_quote = { line = 1, text = "Fördelning" }\nunit_quote = { line = 1, text = "(kronor)" }\n')


def _total_groups(column: int) -> list[str]:
    # 937 000 000, 445 000 004 and 1 382 000 004: the printed total of each column
    shapes = {1: MILLIONS, 2: MILLIONS, 3: r"\d+ \d{3} \d{3} \d{3}"}
    return [f"(?P<amount>{shapes[i]})" if i == column else shapes[i] for i in (1, 2, 3)]


@pytest.fixture
def added_package(package_copy):
    _add_document(package_copy)
    build(package_copy)
    return package_copy


@pytest.fixture
def added(added_package):
    return added_package, {r.name: r for r in run_suite(added_package).results}


def test_a_row_of_three_numbers_one_space_apart_passes_every_check(added):
    _package, results = added
    assert [name for name, r in results.items() if r.status == "fail"] == []
    assert results["printed_text_at_lines"].status == "pass"


def test_landsting_era_names_are_regions_and_match_the_reference(package_copy):
    # 'Stockholms läns landsting', 'Landstinget i Värmland', 'Gotlands kommun'
    _add_document(package_copy, names=LANDSTING)
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy, only=["regions_match_reference", "read_as_printed"]).results}
    assert results["regions_match_reference"].status == "pass", results["regions_match_reference"].message
    assert results["read_as_printed"].status == "pass"


def test_a_number_of_a_crowded_row_that_is_not_printed_there_still_fails(package_copy):
    # the Summa table said to print Stockholm's part A: the row's numbers tile its run, but the
    # Summa's own text is not among them
    _add_document(package_copy)
    build(package_copy)
    csv_path = package_copy / "resources" / "allocations.csv"
    text = csv_path.read_text(encoding="utf-8")
    whole = grouped(A["01"] + B["01"])
    wrong = grouped(A["01"] + B["01"] + 1)
    assert text.count(f",{whole},") == 1
    csv_path.write_text(text.replace(f",{whole},", f",{wrong},"), encoding="utf-8")
    results = {r.name: r for r in run_suite(package_copy, only=["printed_text_at_lines"]).results}
    assert results["printed_text_at_lines"].status == "fail"
    assert wrong in results["printed_text_at_lines"].message + str(results["printed_text_at_lines"].rows)


def test_grant_series_counts_parts_included_in_their_whole_once(added_package):
    import statsbidrag
    package = added_package
    con = statsbidrag.connect(package)
    amount, grant_ids = con.sql("SELECT amount_sek, grant_ids FROM grant_series WHERE family_id = 'landsting-2017' "
                                "AND region_code = '01'").fetchall()[0]
    assert (amount, grant_ids) == (A["01"] + B["01"], "landsting-2017-summa")


def test_a_row_whose_parts_miss_its_printed_summa_fails(package_copy):
    # the parts declared included in the whole, but the whole read from the part A column
    _add_document(package_copy, row_regex=lambda column: _row_regex(1 if column == 3 else column))
    build(package_copy)
    results = {r.name: r for r in run_suite(package_copy, only=["row_parts_sum_to_row_total"]).results}
    assert results["row_parts_sum_to_row_total"].status == "fail"
    assert f"{SOURCE}:{FIRST}" in results["row_parts_sum_to_row_total"].message


def test_a_row_read_across_two_numbers_is_refused_at_build(package_copy):
    def wrong(column: int) -> str:  # part A read with the first two groups of part B
        return r"(?P<name>\D+?) (?P<amount>\d+ \d{3} \d{3} \d+ \d{3}) \d{3} " + MILLIONS if column == 1 \
            else _row_regex(column)
    _add_document(package_copy, row_regex=wrong)
    with pytest.raises(SourceError, match="SB111") as error:
        build(package_copy)
    assert f"{SOURCE}:{FIRST}:" in str(error.value)
    assert "Region Stockholm" in str(error.value)


def test_a_document_type_outside_the_schema_is_refused_when_metadata_loads(package_copy):
    _add_document(package_copy, document_type="bilaga")
    with pytest.raises(MetadataError, match="SB201") as error:
        build(package_copy)
    assert "metadata/sources.toml:" in str(error.value)
    assert "key `document_type`" in str(error.value) and "'bilaga'" in str(error.value)


PROSE = "sources/prosa-600-miljoner-2017.txt"
PROSE_TEXT = ("Beslut 2017-12-14\n\nRegeringen fördelar 600 000 000 kronor till landstingen. Medlen fördelas "
              "efter befolkningen den 1 november 2017.\n")


def _add_prose_allocation(package, quote: str = "fördelas efter befolkningen den 1 november 2017") -> None:
    """A document that states an allocation only in prose: a claim, and the key of that claim."""
    _archive(package, "prosa-2017", PROSE, PROSE_TEXT, "government decision", "2017-12-14")
    meta = package / "metadata"
    with (meta / "claims.toml").open("a", encoding="utf-8") as out:
        out.write('\n[[claim]]\nid = "prosa-2017-600-miljoner"\nsource = "prosa-2017"\nline = 3\n'
                  "regex = 'fördelar (?P<amount>[0-9 ]+) (?P<unit>kronor) till landstingen'\n"
                  'note = "600 million to the county councils, by population; no table"\n'
                  'unverifiable = "The document prints no table: the key says how the money is divided"\n')
    with (meta / "allocation_keys.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[[key]]\nclaim = "prosa-2017-600-miljoner"\nkind = "population_unknown_date"\n'
                  f'date_basis = "unknown"\nnote = "By population on 1 November 2017; the package has no '
                  f'figures for that day"\nquote = {{ line = 3, text = "{quote}" }}\n')


def test_an_allocation_stated_only_in_prose_carries_its_key(package_copy):
    from helpers import read_resource
    _add_prose_allocation(package_copy)
    build(package_copy)
    keys = read_resource("claim_keys", package_copy)
    assert [(k["claim_id"], k["key_kind"], k["source_quote"], k["source_quote_line"]) for k in keys] == [
        ("prosa-2017-600-miljoner", "population_unknown_date", "fördelas efter befolkningen den 1 november 2017", "3")]
    results = {r.name: r for r in run_suite(package_copy).results}
    assert [name for name, r in results.items() if r.status == "fail"] == []


def test_a_prose_keys_quote_not_on_its_line_stops_the_build(package_copy):
    _add_prose_allocation(package_copy, quote="fördelas lika")
    with pytest.raises(SourceError, match="SB108") as error:
        build(package_copy)
    assert f"{PROSE}:3" in str(error.value) and "claim 'prosa-2017-600-miljoner'" in str(error.value)
