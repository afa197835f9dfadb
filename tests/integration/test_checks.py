"""The checks suite on the real package: every check passes, claims and anomalies are
recorded as data, `statsbidrag check` prints evidence and exits 0 only when no
error-severity check fails, and docs/checks.md documents every check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, forge_amount, replace_line, rewrite_source
from helpers import (
    EXPECTED_CHECKS,
    SKR_FILE,
    assert_check_json_ok,
    assert_check_text_ok,
    assert_swap_fails_with_evidence,
    read_csv,
    swap_stockholm_and_uppsala,
)

from statsbidrag.check.definitions import load_check_definitions
from statsbidrag.errors import SourceError, StatsbidragError
from statsbidrag.publish.build import build


@pytest.fixture
def report(checkout_report):
    return checkout_report


def test_every_check_passes_on_the_package(report):
    assert report.ok
    failed = [f"{r.name}: {r.message}" for r in report.results if r.status == "fail"]
    assert failed == []
    statuses = {r.name: r.status for r in report.results if not r.name.startswith("anomaly:")}
    expected = {"frictionless_valid": "pass",
                **{name: "warning" if severity == "warning" else "pass" for name, severity in EXPECTED_CHECKS.items()}}
    expected["drafts_await_review"] = "pass"  # the package holds no draft of statsbidrag add
    assert statuses == expected
    for result in report.results:
        assert result.seconds >= 0 and result.message and result.description


def test_check_files_have_a_header_and_one_select(root):
    definitions = load_check_definitions(root)
    assert {d.name: d.severity for d in definitions} == EXPECTED_CHECKS
    for definition in definitions:
        assert definition.path == root / "checks" / f"{definition.name}.sql"
        assert "\n" not in definition.description and len(definition.description) > 20
        assert re.search(r"^(WITH|SELECT)\b", definition.sql, re.M), definition.path


def test_a_check_header_without_severity_is_refused(package_copy):
    path = package_copy / "checks" / "table_totals.sql"
    path.write_text(path.read_text(encoding="utf-8").replace("-- severity: error\n", ""), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB401: ") as caught:
        load_check_definitions(package_copy)
    assert "checks/table_totals.sql" in str(caught.value) and "severity" in str(caught.value)


def test_documented_anomalies_are_warnings_with_their_line(report):
    anomalies = {r.name: r for r in report.results if r.name.startswith("anomaly:")}
    assert all(r.severity == "warning" and r.status == "warning" for r in anomalies.values())
    seen = {(r.rows[0]["path"], r.rows[0]["line"], r.rows[0]["quote"]) for r in anomalies.values()}
    for expected in [(SKR_FILE, 19, "(MKR)"), (SKR_FILE, 151, "937 000 000 Mkr"), (SKR_FILE, 153, "445 000 004 Kr"),
                     (SKR_FILE, 15, "Skriv tabellbeskrivning här")]:
        assert expected in seen
    for result in anomalies.values():
        assert result.rows[0]["explanation"]
        assert f"{result.rows[0]['path']}:{result.rows[0]['line']}" in result.message


def test_claims_are_data_with_quote_line_value_and_qualifier(root):
    claims = {c["claim_id"]: c for c in read_csv(root / "resources" / "claims.csv")}
    by_quote = {(c["source_id"], int(c["line"]), c["value_text"], c["unit_printed"]):
                (int(c["value_sek"]), int(c["rounding_step_sek"]), c["qualifier"], bool(c["table_ids"]))
                for c in claims.values()}
    assert by_quote[("skr-2021-fordelning", 5, "1 382", "miljoner kronor")] == (1_382_000_000, 1_000_000, "", True)
    assert by_quote[("skr-2021-fordelning", 5, "445", "miljoner")] == (445_000_000, 1_000_000, "", True)
    assert by_quote[("regeringen-2021-beslut", 11, "937 000 000", "kronor")] == (937_000_000, 1, "", True)
    assert by_quote[("regeringen-2021-beslut", 21, "970 000 000", "kronor")] == (970_000_000, 1, "", False)
    assert by_quote[("regeringen-2021-beslut", 21, "937 000 000", "kronor")] == (937_000_000, 1, "", True)
    assert by_quote[("nyhet-739-miljoner", 3, "14", "miljoner kronor")] == (14_000_000, 1_000_000, "", True)
    assert by_quote[("nyhet-739-miljoner", 5, "739", "miljoner kronor")] == (739_000_000, 1_000_000, "", True)
    assert by_quote[("nyhet-739-miljoner", 5, "1,48", "miljarder kronor")] == (1_480_000_000, 10_000_000, "nära", False)
    assert by_quote[("nyhet-739-miljoner", 13, "2,97", "miljarder kronor")] == (2_970_000_000, 10_000_000, "cirka", False)
    assert by_quote[("nyhet-739-miljoner", 15, "739 250 000", "kronor")] == (739_250_000, 1, "", True)
    assert by_quote[("vardgivarguiden-2023-stockholm", 7, "336", "miljoner kronor")] == (336_000_000, 1_000_000, "drygt", True)
    assert by_quote[("regeringen-2024-pressmeddelande", 51, "750", "miljoner kronor")] == (750_000_000, 1_000_000, "", True)
    assert claims["nyhet-varav-jonkopings-lan"]["region_code"] == "06"
    for claim in claims.values():
        assert bool(claim["table_ids"]) != bool(claim["unverifiable_because"]), claim
        assert claim["value_text"] in claim["quote"] and claim["note"]


def test_what_each_qualifier_means():
    """The rules of checks/_macros.sql, at their edges (step = value of the last printed digit)."""
    import duckdb
    con = duckdb.connect()
    con.execute("CREATE TABLE anomalies (source_id VARCHAR, line INTEGER, quote VARCHAR, excuses VARCHAR)")  # documented_at reads it
    con.execute((ROOT / "checks" / "_macros.sql").read_text(encoding="utf-8"))

    def agrees(qualifier, claimed, step, actual):
        return con.execute("SELECT claim_agrees(?, ?, ?, ?)", [qualifier, claimed, step, actual]).fetchone()[0]
    M = 1_000_000
    assert agrees("", 937_000_000, 1, 937_000_000) and not agrees("", 937_000_000, 1, 937_000_001)
    assert agrees("", 14 * M, M, 14_298_417) and agrees("", 14 * M, M, 14_500_000)
    assert not agrees("", 14 * M, M, 14_500_001) and not agrees("", 14 * M, M, 13_499_999)
    assert agrees("cirka", 2970 * M, 10 * M, 2975 * M) and not agrees("cirka", 2970 * M, 10 * M, 2976 * M)
    assert agrees("drygt", 336 * M, M, 336_400_000) and agrees("drygt", 336 * M, M, 336 * M)
    assert not agrees("drygt", 336 * M, M, 335_999_999) and not agrees("drygt", 336 * M, M, 337 * M)
    assert agrees("nära", 1480 * M, 10 * M, 1_478_500_000) and agrees("nära", 1480 * M, 10 * M, 1480 * M)
    assert not agrees("nära", 1480 * M, 10 * M, 1480 * M + 1) and not agrees("nära", 1480 * M, 10 * M, 1470 * M)
    assert not agrees("ungefär", 1, 1, 1)  # an unknown qualifier never agrees


def test_a_claim_that_is_not_on_its_line_stops_the_build(package_copy):
    rewrite_source(package_copy, "nyhet-739-miljoner", replace_line(5, "varav 14 miljoner", "varav fjorton miljoner"))
    with pytest.raises(SourceError, match="^SB108: ") as caught:
        build(package_copy)
    message = str(caught.value)
    assert "sources/nyhet-kortare-vantetider-739-miljoner.txt:5" in message and "nyhet-varav-jonkopings-lan" in message


def test_an_anomaly_whose_quote_is_gone_stops_the_build(package_copy):
    rewrite_source(package_copy, "skr-2021-fordelning", replace_line(15, "Skriv tabellbeskrivning här", "Tabell 1"))
    with pytest.raises(SourceError, match="^SB108: ") as caught:
        build(package_copy)
    assert f"{SKR_FILE}:15" in str(caught.value) and "skr-2021-placeholder-caption" in str(caught.value)


def _check(capsys, *args: str) -> tuple[int, str]:
    """`statsbidrag check` run in this process (tests/slow/test_cli_processes.py runs the command)."""
    from statsbidrag.cli.main import main
    capsys.readouterr()
    code = main(["check", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def checked_once(report, monkeypatch):
    """The CLI's suite run is the module's report of the real package (run_suite is tested above)."""
    def suite(root, cache):
        assert Path(root).resolve() == ROOT.resolve()
        return report
    monkeypatch.setattr("statsbidrag.check.runner.run_suite", suite)


def test_cli_prints_one_line_per_check_and_exits_0(checked_once, capsys):
    code, out = _check(capsys, "--root", str(ROOT))
    assert code == 0, out
    assert_check_text_ok(out)


def test_cli_json_report(checked_once, capsys):
    code, out = _check(capsys, "--json", "--root", str(ROOT))
    assert code == 0, out
    assert_check_json_ok(json.loads(out))


# What the swap of two regions' amounts breaks (every check: tests/slow/test_cli_processes.py).
SWAP_CHECKS = ["grant_sources_agree", "allocation_keys_agree", "table_totals", "read_as_printed"]


def test_cli_fails_with_evidence(package_copy, cache_dir, capsys, monkeypatch):
    """In this process, the checks the swap breaks and two it does not (a fresh run is the
    whole suite's for them: run_suite(only=...)), through the cache as `check` runs them;
    tests/slow/test_cli_processes.py runs the command, with every check."""
    from statsbidrag.check import runner
    real = runner.run_suite

    def some_checks(root, checks_root=None, cache=False):
        return real(root, checks_root, cache=True) if cache else real(root, checks_root, only=SWAP_CHECKS)
    monkeypatch.setattr(runner, "run_suite", some_checks)
    rewrite_source(package_copy, "skr-2021-fordelning", swap_stockholm_and_uppsala)
    build(package_copy)
    code, out = _check(capsys, "--root", str(package_copy))
    assert code == 1
    code, as_json = _check(capsys, "--json", "--root", str(package_copy))  # the report stored by the first run
    assert code == 1 and json.loads(as_json)["cached"] is True
    assert_swap_fails_with_evidence(out, json.loads(as_json))
    # --quiet: the two failures with their evidence and the summary, nothing that passed or only warns
    code, quiet = _check(capsys, "--quiet", "--root", str(package_copy))
    assert code == 1
    labels = re.findall(r"^  (PASS|FAIL|WARN|NOTE)  (\S+)", quiet, re.M)
    assert sorted(labels) == [("FAIL", "allocation_keys_agree"), ("FAIL", "grant_sources_agree")], quiet
    assert f"{SKR_FILE}:25" in quiet and "Documented anomalies" not in quiet
    assert quiet.rstrip().splitlines()[-1].startswith("FAILED: ")


def test_cli_quiet_prints_only_the_summary_when_nothing_fails(checked_once, capsys):
    code, loud = _check(capsys, "--root", str(ROOT))
    assert "WARN" in loud and "PASS" in loud  # there are warnings and anomalies to hide
    code, quiet = _check(capsys, "-q", "--root", str(ROOT))
    assert code == 0, quiet
    assert len(quiet.strip().splitlines()) == 1 and quiet.startswith("OK: "), quiet


def test_cli_quiet_says_nothing_on_stderr_either(checked_once, capsys):
    """Not even which package folder it found: --quiet prints only failures and the summary."""
    from statsbidrag.cli.main import main
    capsys.readouterr()
    assert main(["check", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("OK: "), (out, err)


def test_docs_checks_documents_every_check(root):
    doc = (root / "docs" / "checks.md").read_text(encoding="utf-8")
    section = doc.split("## Running the checks", 1)[1].split("\n## ", 1)[0]
    for name, severity in {"frictionless_valid": "error", **EXPECTED_CHECKS}.items():
        assert re.search(rf"^\| `{name}` \|.+\| {severity} \|$", section, re.M), name
    assert "statsbidrag check" in section and "claims" in section and "anomalies" in section


def test_a_run_of_some_checks_reports_what_the_whole_suite_reports_for_them(package_copy, report, forged_report):
    """run_suite(only=...): the named checks (and the anomalies), each result as the whole suite's;
    frictionless_valid only when named; an unknown name is refused. On a package where a check
    fails: the failure and its evidence are the whole suite's."""
    from statsbidrag.check.runner import run_suite

    def comparable(result):
        return result.name, result.status, result.rows_found, result.message, result.rows
    chosen = ["meaning_supported", "values_valid"]
    some = run_suite(ROOT, only=[*chosen, "frictionless_valid"])
    assert [r.name for r in some.results if not r.name.startswith("anomaly:")] == ["frictionless_valid", *chosen]
    whole = {r.name: comparable(r) for r in report.results}
    assert [comparable(r) for r in some.results] == [whole[r.name] for r in some.results]
    with pytest.raises(ValueError, match="no_such_check"):
        run_suite(ROOT, only=["no_such_check"])
    forge_amount(package_copy)
    forged = {r.name: comparable(r) for r in forged_report.results}  # the whole suite's, on a copy forged alike
    some = run_suite(package_copy, only=["resources_match_build", "read_as_printed"])  # no frictionless_valid
    assert [r.name for r in some.results][:2] == ["read_as_printed", "resources_match_build"]
    assert [forged[name][1] for name in ("resources_match_build", "read_as_printed")] == ["fail", "fail"]
    assert [comparable(r) for r in some.results] == [forged[r.name] for r in some.results]
