"""Helpers shared by test files: a test file imports them from here, never from another
test file (tests/unit/test_tiers.py holds to that)."""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_package

# --- CSV files -------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    """The rows of a CSV file as dicts, every value text, read by Python's csv module."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_resource(name: str, root: Path = ROOT) -> list[dict]:
    """The rows of resources/<name>.csv of the package at `root` (the checkout's by default)."""
    return read_csv(root / "resources" / f"{name}.csv")


# --- the SQL views ---------------------------------------------------------------------

VIEWS = ["allocations_flat", "source_preference", "grant_allocations", "allocation_shares",
         "region_year_totals", "allocations_wide", "allocations_per_inhabitant", "grant_series",
         "county_municipal_allocations", "county_municipal_year_totals"]


def duckdb_cli() -> Path:
    """The `duckdb` binary of the duckdb-cli package, installed next to this Python."""
    path = Path(sys.executable).parent / "duckdb"
    if not path.is_file():
        pytest.fail(f"expected the DuckDB CLI at {path}; found nothing. "
                    "Install the test extra (scripts/install, or pip install duckdb-cli==1.5.6).")
    return path


def run_cli(args: list[str], cwd: Path) -> str:
    done = subprocess.run([str(duckdb_cli()), *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"duckdb {args} in {cwd} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


# What the data means, read from the CSVs without DuckDB.
REGIONS = read_resource("regions")
REGION_TABLES = [t for t in read_resource("tables") if t["kind"] == "regions"]
GRANTS = {g["grant_id"]: g for g in read_resource("grants")}
REGION_GRANTS = sorted({t["grant_id"] for t in REGION_TABLES})
# (table, region) pairs a table declares it has no row for (the cut-off 2021 cancer table ...)
ABSENT = {(a["table_id"], a["region_code"]) for a in read_resource("absences")}
PRINTED = {(t["table_id"], r["region_code"]) for t in REGION_TABLES for r in REGIONS} - ABSENT
# (grant, region) pairs some table of the grant prints
GRANT_REGIONS = {(t["grant_id"], r["region_code"]) for t in REGION_TABLES for r in REGIONS
                 if (t["table_id"], r["region_code"]) in PRINTED}


# --- the checks ----------------------------------------------------------------------

SKR_FILE = "sources/skr-2021-fordelning-av-medel.txt"

# The invariants of the issue, by the check that asserts each.
EXPECTED_CHECKS = {
    "regions_complete": "error",        # 1 each region exactly once
    "regions_match_reference": "error",  # trust: codes, ISO codes and names as the tool's reference says
    "table_totals": "error",            # 2 rows sum to the stated total
    "grant_sources_agree": "error",     # 3 two sources of one grant agree
    "parts_sum_to_whole": "error",      # 4 1 382 = 937 + 445
    "source_files_intact": "error",     # 5 provenance: files and SHA-256
    "printed_text_at_lines": "error",   # 5 provenance: text at its line
    "references_resolve": "error",      # 5 provenance: rows point to what exists
    "read_as_printed": "error",         # 5/6 amounts are their printed text
    "values_valid": "error",            # 6 types, codes, keys (from the schemas)
    "resources_match_build": "error",   # 7 no hand edit survives
    "claims_hold": "error",             # claims
    "claims_unverified": "warning",     # claims no table can verify
    "unit_labels_agree": "error",       # anomalies: a contradicting unit label is documented
    "amounts_grouped_in_threes": "error",  # anomalies: a misgrouped amount ('42 045981') is documented
    "meaning_supported": "error",       # issue 23: each meaning field quotes a source that says so
    "meaning_matches_wording": "error",  # issue 23: no 'max' near a payment, 'preliminär' near a final ...
    "population_adds_up": "error",      # population: counties add up to the printed total
    "allocation_key_reproduces": "error",   # keys: each amount is what the population key says
    "allocation_keys_agree": "error",   # keys: tables sharing one key are proportional
    "allocation_key_unexplained": "warning",  # keys: what no population date explains
    "row_parts_sum_to_row_total": "error",  # a row's parts add up to its printed Summa
    "drafts_await_review": "warning",   # statsbidrag add: drafts no one has reviewed
}

def swap_stockholm_and_uppsala(data: bytes) -> bytes:
    """A change for conftest.rewrite_source: Stockholm's and Uppsala's amounts change places in SKR's 2021 table."""
    lines = data.decode("utf-8").split("\n")
    lines[24], lines[30] = lines[30], lines[24]
    return "\n".join(lines).encode("utf-8")


def assert_check_text_ok(out: str) -> None:
    """`statsbidrag check`'s text report of the real package: one line per check, the anomalies, OK."""
    for name in ["frictionless_valid", *EXPECTED_CHECKS]:
        assert re.search(rf"^  (PASS|WARN)  {name} +\d+ rows? +\d+\.\d+ s", out, re.M), name
    assert "WARN  sources/skr-2021-fordelning-av-medel.txt:19" in out
    assert out.rstrip().splitlines()[-1].startswith(f"OK: {len(EXPECTED_CHECKS) + 1} checks")


def assert_check_json_ok(report: dict) -> None:
    """`statsbidrag check --json` of the real package: every check, its fields, one finding per check not passed."""
    assert report["ok"] is True and report["counts"]["failed"] == 0
    names = [r["name"] for r in report["results"]]
    assert names[0] == "frictionless_valid" and set(EXPECTED_CHECKS) <= set(names)
    assert report["schema_version"] == 2
    for entry in report["results"]:
        assert set(entry) == {"name", "description", "severity", "status", "rows_found", "seconds", "path"}
        assert entry["status"] in ("pass", "fail", "warning") and entry["severity"] in ("error", "warning")
    # one finding per check that did not pass (the warnings and the documented anomalies)
    not_passed = [r["name"] for r in report["results"] if r["status"] != "pass"]
    assert [f["code"] for f in report["findings"]] == not_passed and len(not_passed) >= 2
    for finding in report["findings"]:
        assert set(finding) == {"code", "severity", "message", "file", "line", "resource", "row", "evidence",
                                "rows_found"}
        assert finding["severity"] == "warning" and finding["evidence"] and finding["message"]
    anomaly = next(f for f in report["findings"] if f["code"].startswith("anomaly:"))
    assert anomaly["file"].startswith("sources/") and isinstance(anomaly["line"], int)


def assert_swap_fails_with_evidence(out: str, as_json: dict) -> None:
    """`check`'s text and JSON reports of a package whose SKR 2021 table had Stockholm and Uppsala swapped."""
    assert re.search(r"^  FAIL  grant_sources_agree +2 rows", out, re.M), out
    assert "grant kvinnors-halsa-2021, region 01 (Stockholm)" in out
    assert f"{SKR_FILE}:25" in out
    assert out.rstrip().splitlines()[-1].startswith("FAILED:")
    failing = {r["name"]: r for r in as_json["results"] if r["status"] == "fail"}
    # the swap also breaks the table's proportionality to the 2021 supplement (one key)
    assert sorted(failing) == ["allocation_keys_agree", "grant_sources_agree"]
    findings = {f["code"]: f for f in as_json["findings"] if f["severity"] == "error"}
    assert sorted(findings) == sorted(failing)
    found = findings["grant_sources_agree"]
    assert found["evidence"][0]["region_code"] == "01" and found["rows_found"] == 2
    assert "grant kvinnors-halsa-2021, region 01 (Stockholm)" in found["message"]


# --- the documented example (docs/reference.md, Use from Python) ------------------------

def documented_python_example() -> tuple[str, list[str]]:
    """The code of docs/reference.md's "Use from Python" and the lines it says the code prints."""
    doc = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Use from Python"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"```(?:text)?\n(.*?)```", section[section.index("prints"):], re.S).group(1).splitlines()
    return code, shown


def assert_prints_what_it_shows(printed: list[str], shown: list[str]) -> None:
    assert printed[0].startswith(shown[0].removesuffix(" ...]").removesuffix(", ..."))
    assert printed[1:] == shown[1:]


# --- release zips ----------------------------------------------------------------------

def unzip(archive: Path, dest: Path) -> Path:
    with zipfile.ZipFile(archive) as z:
        z.extractall(dest)
    return dest if (dest / "datapackage.json").is_file() else next(dest.iterdir())


def reseal(folder: Path, target: Path, top: str | None = None) -> Path:
    """What a forger does after editing an unzipped release: a fresh SHA256SUMS, and zip it."""
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    with zipfile.ZipFile(target, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                z.write(path, f"{top}/{rel}" if top else rel)
    return target


def zip_top(release: Path) -> str | None:
    with zipfile.ZipFile(release) as z:
        first = z.namelist()[0]
    return None if "/" not in first or first == "datapackage.json" else first.split("/")[0]



# --- the report ------------------------------------------------------------------------

_SITE: dict = {}


def report_site(tmp_path_factory) -> tuple[Path, object]:
    """The report of the real package (GX included) and its summary, built once per run
    (conftest.once_per_run: under xdist by the first worker that asks), as the tests only read it."""
    if "site" not in _SITE:
        from conftest import once_per_run

        from statsbidrag.report.site import build_site
        _SITE["site"] = once_per_run(tmp_path_factory, "report",
                                     lambda folder: (folder / "site", build_site(ROOT, folder / "site")))
    return _SITE["site"]


# --- a build that must fail ------------------------------------------------------------

def fails_cleanly(package, code, *fragments):
    """The build raises a SourceError of kind `code` (statsbidrag.errors.CODES) mentioning every
    fragment, and writes nothing."""
    from conftest import snapshot

    from statsbidrag.errors import SourceError
    from statsbidrag.publish.build import build
    before = snapshot(package)
    with pytest.raises(SourceError, match=f"^{code}: ") as caught:
        build(package)
    assert caught.value.code == code
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(package) == before, "a failed build must leave every file as it was"
    return caught.value


# --- Built packages ----------------------------------------------------------------------


def build_package_copy(tmp_path_factory) -> Path:
    """A package copy after `statsbidrag build`: dist/statsbidrag.duckdb and dist/parquet/,
    built once per run (conftest.once_per_run: under xdist by the first worker that asks), for
    the tests that only read it or copy it (copy_built)."""
    from conftest import once_per_run

    def make(folder: Path) -> Path:
        from statsbidrag.cli.main import main
        package = copy_package(folder / "package")
        assert main(["build", "--root", str(package)]) == 0
        return package
    return once_per_run(tmp_path_factory, "built-package", make)


def copy_built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of a built package for one test to change (copying is faster than building). The
    files of dist/ (4.5 MB) are hard links to the built ones: they are only read, and a build
    replaces them by renaming a new file over them (statsbidrag.publish.atomic), which leaves
    the shared file as it was."""
    dist = os.path.join(built_once, "dist", "")

    def link_or_copy(src: str, dst: str) -> None:
        os.link(src, dst) if src.startswith(dist) else shutil.copyfile(src, dst)
    return Path(shutil.copytree(built_once, tmp_path / "package", symlinks=True, copy_function=link_or_copy))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- Layouts -----------------------------------------------------------------------------


def _split_by_words(text: str) -> tuple[str, str] | None:
    """name_value_line's rule as first written, word by word: the amount is the longest
    trailing run of words that reads as an amount, after a name not ending in a digit."""
    from statsbidrag.extract.text import AMOUNT
    words = re.split(r"([ \u00a0]+)", text)
    for cut in range(1, len(words), 2):
        name, amount = "".join(words[:cut]).strip(" \u00a0\t"), "".join(words[cut + 1:])
        if name and not name[-1].isdigit() and AMOUNT.match(amount):
            return name, amount
    return None


def compare_name_value_line_to_the_word_rule(lengths) -> int:
    """name_value_line on every line of each length in `lengths` from an alphabet of the cases
    (digits, a space, a no-break space, a tab, a decimal comma, a letter, a non-ASCII digit, a
    newline and a name ending in a digit): it splits as the word-by-word rule does, or refuses.
    Returns how many lines it compared."""
    import itertools

    from statsbidrag.errors import SourceError
    from statsbidrag.extract.documents import Document
    from statsbidrag.extract.layouts.name_value_line import name_value_line
    alphabet = ["1", "2", " ", "\u00a0", ",", "a", "\t", "\u0663", "\n", "x5"]
    compared = 0
    for length in lengths:
        for parts in itertools.product(alphabet, repeat=length):
            text = "".join(parts)
            try:
                row = name_value_line(Document("test", "sources/test.txt", "0" * 64, 0, [text]), 1, 1)
                found = (row[0].name_text, row[0].amount_text) if row else None
            except SourceError:
                found = None
            # a blank line is no row at all, for both
            assert found == (_split_by_words(text.strip(" \u00a0\t")) if text.strip(" \u00a0\t") else None), repr(text)
            compared += 1
    return compared


# --- Amounts -----------------------------------------------------------------------------


def _by_the_regex(text: str, scale: int) -> tuple[int, int] | str:
    """The definition: AMOUNT's digits, the decimals scaled, a whole number of kronor, printed
    to at least the krona (a finer step, öre printed as zeros, is 1)."""
    from decimal import Decimal

    from statsbidrag.extract.text import AMOUNT, NBSP
    match = AMOUNT.match(text.strip(" " + NBSP))
    if not match:
        return "refused"
    digits = match.group("int").replace(" ", "").replace(NBSP, "")
    decimals = match.group("dec") or ""
    value = Decimal(f"{digits}.{decimals}") * scale
    step = Decimal(scale) / 10 ** len(decimals)
    if value != value.to_integral_value():
        return "refused"
    return int(value), int(max(step, 1))


def compare_scaled_amount_to_the_regex(lengths) -> int:
    """scaled_amount on every text of each length in `lengths` from digits, a space, a no-break
    space, a decimal comma, a non-ASCII digit and a letter, at two scales: it reads what AMOUNT
    reads, or refuses. Returns how many texts it compared."""
    import itertools

    from statsbidrag.extract.text import NBSP, scaled_amount
    alphabet = ["1", "0", " ", NBSP, ",", "\u0663", "x"]
    compared = 0
    for length in lengths:
        for parts in itertools.product(alphabet, repeat=length):
            text = "".join(parts)
            for scale in (1, 1_000_000):
                try:
                    found: tuple[int, int] | str = scaled_amount(text, scale)
                except ValueError:
                    found = "refused"
                assert found == _by_the_regex(text, scale), (repr(text), scale)
            compared += 1
    return compared


# --- Evidence for meaning ----------------------------------------------------------------


def failing(package, only: set[str] | None = None) -> dict[str, str]:
    """The checks that fail on the package, each with its message and evidence as one text: of
    all checks, or of the checks `only` names (a test asserting on those alone; each result is
    the whole suite's, tests/integration/test_checks.py)."""
    from statsbidrag.check.runner import run_suite
    report = run_suite(package, cache=False, only=only)
    return {r.name: r.message + "\n" + repr(r.rows) for r in report.results if r.status == "fail"}


def assert_a_flipped_meaning_field_fails(package, file, header, entry, old, new, says) -> None:
    """Flip one meaning field of the package's metadata (a key's kind with its grant's basis
    changed alike: metadata/rules.py holds the two together): the check meaning_supported fails,
    naming the entry and what its quote says."""
    from package_edits import in_entry
    vardkoer = "regeringen-2026-vardkoer-maxbelopp"
    if file == "allocation_keys.toml":
        grant = {vardkoer: "vardkoer-2026", "regeringen-2023-tillganglighet": "tillganglighet-2023"}[entry]
        in_entry("grants.toml", "grant", grant, 'basis = "performance"', 'basis = "cost structure"',
                 rebuild=False)(package)
    in_entry(file, header, entry, old, new)(package)
    found = failing(package, only={"meaning_supported"})
    assert "meaning_supported" in found, sorted(found)
    assert entry in found["meaning_supported"] and says in found["meaning_supported"], found["meaning_supported"]


# --- attacks whose exact set of failing checks is asserted --------------------------------
# Each runs on a package copy and asserts which checks fail: the fast tier (tests/integration)
# runs the checks that read what the attack changes (`only`), tests/slow/test_exact_failures.py
# runs every check (only=None), so that "these and no other check fail" is still held.

VARDKOER = "regeringen-2026-vardkoer-maxbelopp"
VARDKOER_FILE = "sources/regeringen-2026-01-vardkoer-maxbelopp.txt"
MEANING_CHECKS = {"meaning_supported", "meaning_matches_wording"}


def assert_the_issues_attack_fails_both_meaning_checks(package, only: set[str] | None) -> None:
    """The 2026 ceilings counted as money paid: both meaning checks fail, naming line 13's "max"."""
    from package_edits import in_entry
    in_entry("tables.toml", "table", VARDKOER, 'amount_kind = "ceiling"', 'amount_kind = "payment"')(package)
    found = failing(package, only)
    assert set(found) == MEANING_CHECKS, sorted(found)
    assert f"{VARDKOER_FILE}:13" in found["meaning_matches_wording"] and '"max"' in found["meaning_matches_wording"]


def assert_a_quote_chosen_to_fit_is_caught_by_the_wording(package, only: set[str] | None) -> None:
    """The attacker also replaces the quote by one that says 'medel' (a payment word) on another
    line: the quote now supports a payment, but 'max' still stands in the caption of the table."""
    from package_edits import in_entry
    in_entry("tables.toml", "table", VARDKOER,
             'amount_kind_quote = { line = 13, text = "Så mycket medel kan varje region max få" }',
             'amount_kind_quote = { line = 1, text = "socialstyrelsen-ska-fordela-medel" }', rebuild=False)(package)
    in_entry("tables.toml", "table", VARDKOER, 'amount_kind = "ceiling"', 'amount_kind = "payment"')(package)
    found = failing(package, only)
    assert set(found) == {"meaning_matches_wording"}, sorted(found)
    assert f"{VARDKOER_FILE}:13" in found["meaning_matches_wording"]


def assert_without_the_footnote_the_wording_check_fails(package, only: set[str] | None) -> None:
    """Without the anomaly documenting the 2024 footnote ('preliminära' between two tables),
    meaning_matches_wording fails at its line."""
    from package_edits import remove_anomaly
    remove_anomaly("regeringen-2024-preliminary-footnote-between-tables")(package)
    found = failing(package, only)
    assert set(found) == {"meaning_matches_wording"}, sorted(found)
    assert "sources/regeringen-2024-pressmeddelande-tidiga-besked.txt:49" in found["meaning_matches_wording"]
    assert "regeringen-2024-god-och-nara-vard-kommuner" in found["meaning_matches_wording"]


CISION, CISION_FILE = "cision-2021-cancer-svf", "sources/cision-2021-cancer-svf-region-dalarna.txt"
KEY_CHECKS = {"allocation_key_reproduces", "allocation_keys_agree", "allocation_key_unexplained"}


def assert_a_forged_cancer_amount_fails_with_gotland_implied(package, only: set[str] | None) -> None:
    """Two 2021 cancer amounts forged (the table's total kept): allocation_key_reproduces fails,
    with Gotland's row shown as implied by the key, never published."""
    from conftest import replace_line, rewrite_source

    from statsbidrag.check.runner import run_suite
    from statsbidrag.publish.build import build
    rewrite_source(package, CISION, replace_line(13, "42 569 204", "42 570 204"))
    rewrite_source(package, CISION, replace_line(14, "30 916 100", "30 915 100"))
    build(package)
    results = {r.name: r for r in run_suite(package, cache=False, only=only).results}
    assert sorted(n for n, r in results.items() if r.status == "fail") == ["allocation_key_reproduces"]
    rows = results["allocation_key_reproduces"].rows
    assert {r["region_code"] for r in rows if r["row_status"] == "printed"} == {"01", "14"}
    implied = [r for r in rows if r["region_code"] == "09"]
    assert len(implied) == 1 and implied[0]["row_status"] == "implied by the key, not printed"
    assert implied[0]["printed_sek"] is None and implied[0]["population_line"] == 33
    assert "evidence only, never published" in implied[0]["problem"]
    stockholm = next(r for r in rows if r["region_code"] == "01")
    assert f"{CISION_FILE}:13" in stockholm["problem"] and stockholm["population_line"] == 13


# --- an older document added by hand (issue 21, tests/integration/test_findings_21.py) -----
# A landsting-era table printing three numbers one space apart on each row (part A, part B
# and their Summa), made from the package's own 2021 amounts (tests/add_corpus.py), and a
# document stating an allocation only in prose.

LANDSTING_SOURCE = "sources/landsting-2017-tre-kolumner.txt"


def landsting_text(names: list[str]) -> str:
    from add_corpus import CODES, A, B, grouped  # add_corpus imports this module
    rows = [f"{names[i]} {grouped(A[c])} {grouped(B[c])} {grouped(A[c] + B[c])}" for i, c in enumerate(CODES)]
    total = f"Summa {grouped(sum(A.values()))} {grouped(sum(B.values()))} {grouped(sum(A.values()) + sum(B.values()))}"
    return "\n".join(["Fördelning till landstingen 2017 (kronor)", "", "Landsting Del A Del B Summa", *rows, total]) + "\n"


LANDSTING_FIRST, LANDSTING_LAST, LANDSTING_TOTAL_LINE = 4, 24, 25
MILLIONS = r"\d+ \d{3} \d{3}"  # every amount of the table is millions: three groups


def landsting_row_regex(column: int) -> str:
    groups = [f"(?P<{'amount' if i == column else 'c' + str(i)}>{MILLIONS})" for i in (1, 2, 3)]
    return r"(?P<name>\D+?) " + " ".join(groups)


def archive_text(package, source_id: str, path: str, text: str, document_type: str, published: str) -> None:
    """The text archived at `path` and declared in metadata/sources.toml."""
    from statsbidrag.extract.documents import sha256_of
    data = text.encode("utf-8")
    (package / path).write_bytes(data)
    with (package / "metadata" / "sources.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[[source]]\nid = "{source_id}"\npath = "{path}"\nsha256 = "{sha256_of(data)}"\n'
                  f'title = "{source_id}"\npublisher = ""\ndocument_type = "{document_type}"\n'
                  f'date_published = "{published}"\nlanguage = "sv"\noriginal_file_name = "bilaga.txt"\n')


def add_landsting_document(package, row_regex=landsting_row_regex, included=True,
                           document_type="government decision", names: list[str] | None = None) -> None:
    """The document, printing `names` (today's by default: each finding on its own), and its metadata."""
    if names is None:
        from add_corpus import CURRENT
        names = CURRENT
    archive_text(package, "landsting-2017", LANDSTING_SOURCE, landsting_text(names), document_type, "")
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
                      f'amount_kind = "payment"\nlayout = "regex_line"\nrows = [{LANDSTING_FIRST}, {LANDSTING_LAST}]\ncolumns = 3\n'
                      f"column = {column}\nrow_regex = '{row_regex(column)}'\nunit = \"SEK\"\nunit_line = 1\n"
                      f"total_line = {LANDSTING_TOTAL_LINE}\ntotal_regex = '^Summa {' '.join(landsting_total_groups(column))}$'\n"
                      'status_quote = { line = 1, text = "Fördelning till landstingen 2017" }\n'
                      'amount_kind_quote = { line = 1, text = "Fördelning" }\nunit_quote = { line = 1, text = "(kronor)" }\n')


def landsting_total_groups(column: int) -> list[str]:
    # 937 000 000, 445 000 004 and 1 382 000 004: the printed total of each column
    shapes = {1: MILLIONS, 2: MILLIONS, 3: r"\d+ \d{3} \d{3} \d{3}"}
    return [f"(?P<amount>{shapes[i]})" if i == column else shapes[i] for i in (1, 2, 3)]



PROSE = "sources/prosa-600-miljoner-2017.txt"
PROSE_TEXT = ("Beslut 2017-12-14\n\nRegeringen fördelar 600 000 000 kronor till landstingen. Medlen fördelas "
              "efter befolkningen den 1 november 2017.\n")


def add_prose_allocation(package, quote: str = "fördelas efter befolkningen den 1 november 2017") -> None:
    """A document that states an allocation only in prose: a claim, and the key of that claim."""
    archive_text(package, "prosa-2017", PROSE, PROSE_TEXT, "government decision", "2017-12-14")
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




# The checks that read what the added documents change (their tables, rows, claims and keys);
# every check runs in tests/slow/test_exact_failures.py.
ADDED_DOCUMENT_CHECKS = {"values_valid", "references_resolve", "regions_complete", "regions_match_reference",
                         "table_totals", "printed_text_at_lines", "read_as_printed", "row_parts_sum_to_row_total",
                         "parts_sum_to_whole", "claims_hold", "allocation_key_reproduces", "meaning_supported"}


def assert_a_row_of_three_numbers_passes(package, only: set[str] | None) -> None:
    """The landsting-era document added (today's names): no check fails, printed_text_at_lines passes."""
    from statsbidrag.check.runner import run_suite
    from statsbidrag.publish.build import build
    add_landsting_document(package)
    build(package)
    results = {r.name: r for r in run_suite(package, only=only).results}
    assert [name for name, r in results.items() if r.status == "fail"] == []
    assert results["printed_text_at_lines"].status == "pass"


def assert_a_prose_allocation_carries_its_key(package, only: set[str] | None) -> None:
    """An allocation stated only in prose: its claim carries its key (claim_keys), and no check fails."""
    from statsbidrag.check.runner import run_suite
    from statsbidrag.publish.build import build
    add_prose_allocation(package)
    build(package)
    keys = read_resource("claim_keys", package)
    assert [(k["claim_id"], k["key_kind"], k["source_quote"], k["source_quote_line"]) for k in keys] == [
        ("prosa-2017-600-miljoner", "population_unknown_date", "fördelas efter befolkningen den 1 november 2017", "3")]
    results = {r.name: r for r in run_suite(package, only=only).results}
    assert [name for name, r in results.items() if r.status == "fail"] == []


# --- SCB's population downloads added (statsbidrag add) -----------------------------------

SCB = "scb-folkmangd-lan-2016-2019"
# The checks that read population sources and figures (tests/integration/test_add.py).
POPULATION_CHECKS = ["values_valid", "references_resolve", "source_files_intact", "printed_text_at_lines",
                     "population_adds_up", "allocation_key_reproduces", "allocation_keys_agree",
                     "allocation_key_unexplained", "drafts_await_review"]


def scb_figures(root) -> dict[tuple[str, str], int]:
    return {(r["reference_date"], r["region_code"]): int(r["population"])
            for r in read_resource("population", root) if r["source_id"] == SCB}


def scb_csv(figures: dict, names: dict) -> bytes:
    years = sorted({date[:4] for date, _ in figures})
    lines = ['"Folkmängd efter region och år"', "", ",".join(['"region"'] + [f'"{y}"' for y in years])]
    for code in sorted(names):
        lines.append(",".join([f'"{code} {names[code]}"'] + [str(figures[(f"{y}-12-31", code)]) for y in years]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def scb_jsonstat2(figures: dict, names: dict) -> bytes:
    years = sorted({date[:4] for date, _ in figures})
    codes = sorted(names)
    data = {"version": "2.0", "class": "dataset", "label": "Folkmängd efter region och år", "source": "SCB",
            "id": ["Region", "ContentsCode", "Tid"], "size": [len(codes), 1, len(years)],
            "dimension": {"Region": {"label": "region", "category": {"index": {c: i for i, c in enumerate(codes)},
                                                                     "label": names}},
                          "ContentsCode": {"label": "tabellinnehåll", "category": {"index": {"BE0101N1": 0},
                                                                                   "label": {"BE0101N1": "Folkmängd"}}},
                          "Tid": {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)},
                                                              "label": {y: y for y in years}}}},
            "value": [figures[(f"{y}-12-31", c)] for c in codes for y in years]}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")  # one line, as SCB's API writes it


def assert_scb_population_downloads_are_added(package_copy, tmp_path, only: list[str] | None) -> None:
    """SCB's table BE0101N1 in its CSV and JSON-stat 2.0 downloads, made from the figures the package
    publishes (scb-folkmangd-lan-2016-2019): added, built and checked (`only` those checks), they
    give the same figure for each county and 31 December, and no check fails."""

    from statsbidrag.check.runner import run_suite
    from statsbidrag.cli.main import main
    from statsbidrag.publish.build import build
    figures = scb_figures(package_copy)
    names = {r["region_code"]: r["region_text"] for r in read_resource("population", package_copy)
             if r["source_id"] == SCB}
    (tmp_path / "be0101n1.csv").write_bytes(scb_csv(figures, names))
    (tmp_path / "be0101n1-json.json").write_bytes(scb_jsonstat2(figures, names))
    for name in ("be0101n1.csv", "be0101n1-json.json"):
        assert main(["add", str(tmp_path / name), "--write", "--root", str(package_copy)]) == 0
    build(package_copy)
    report = run_suite(package_copy, only=only)
    assert [r.name for r in report.results if r.status == "fail"] == []
    published = read_resource("population", package_copy)
    for source in ("be0101n1", "be0101n1-json"):
        got = {(r["reference_date"], r["region_code"]): int(r["population"]) for r in published
               if r["source_id"] == source}
        assert got == figures, source
    assert (package_copy / "sources" / "be0101n1.csv").read_bytes() == (tmp_path / "be0101n1.csv").read_bytes()


# Usage errors of the command line and words of their message (tests/integration/test_cli.py runs
# them in the test's process, tests/slow/test_cli_processes.py as `statsbidrag` processes).
USAGE_ERRORS = [
    ((), "expected a command"),
    (("frobnicate",), "unknown command 'frobnicate'"),
    (("check", "--no-such-option"), "unrecognized arguments: --no-such-option"),
    (("query",), "the following arguments are required: sql"),
    (("build", "--root", "/no/such/folder"), "error SB504: --root: expected the folder of a package; found no "
                                             "folder /no/such/folder"),
    (("check", "--root", "/no/such/folder"), "error SB504: --root"),
]


@functools.cache
def syntax_nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of a Python file's syntax tree (ast.walk order), parsed once per process: the
    static tests (sizes, stage order, error codes, tiers) read the same files, and walking a
    tree costs more than parsing it."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
