"""The checks suite on the real package: every check passes, claims and anomalies are
recorded as data, `statsbidrag check` prints evidence and exits 0 only when no
error-severity check fails, and docs/checks.md documents every check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, replace_line, rewrite_source
from helpers import read_csv

from statsbidrag.check.definitions import load_check_definitions
from statsbidrag.check.runner import run_suite
from statsbidrag.errors import SourceError, StatsbidragError
from statsbidrag.publish.build import build

CLI = Path(sys.executable).parent / "statsbidrag"
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
    "population_adds_up": "error",      # population: counties add up to the printed total
    "allocation_key_reproduces": "error",   # keys: each amount is what the population key says
    "allocation_keys_agree": "error",   # keys: tables sharing one key are proportional
    "allocation_key_unexplained": "warning",  # keys: what no population date explains
}


@pytest.fixture(scope="module")
def report():
    return run_suite(ROOT)


def test_every_check_passes_on_the_package(report):
    assert report.ok
    failed = [f"{r.name}: {r.message}" for r in report.results if r.status == "fail"]
    assert failed == []
    statuses = {r.name: r.status for r in report.results if not r.name.startswith("anomaly:")}
    assert statuses == {"frictionless_valid": "pass",
                        **{name: "warning" if severity == "warning" else "pass"
                           for name, severity in EXPECTED_CHECKS.items()}}
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


def test_cli_prints_one_line_per_check_and_exits_0(root):
    result = subprocess.run([CLI, "check", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ["frictionless_valid", *EXPECTED_CHECKS]:
        assert re.search(rf"^  (PASS|WARN)  {name} +\d+ rows? +\d+\.\d+ s", result.stdout, re.M), name
    assert "WARN  sources/skr-2021-fordelning-av-medel.txt:19" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith(f"OK: {len(EXPECTED_CHECKS) + 1} checks")


def test_cli_json_report(root):
    result = subprocess.run([CLI, "check", "--json", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
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


def test_cli_fails_with_evidence(package_copy):
    def swap(data: bytes) -> bytes:  # Stockholm's and Uppsala's amounts change places in SKR's table
        lines = data.decode("utf-8").split("\n")
        lines[24], lines[30] = lines[30], lines[24]
        return "\n".join(lines).encode("utf-8")
    rewrite_source(package_copy, "skr-2021-fordelning", swap)
    build(package_copy)
    result = subprocess.run([CLI, "check", "--root", str(package_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"^  FAIL  grant_sources_agree +2 rows", result.stdout, re.M), result.stdout
    assert "grant kvinnors-halsa-2021, region 01 (Stockholm)" in result.stdout
    assert f"{SKR_FILE}:25" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED:")
    as_json = json.loads(subprocess.run([CLI, "check", "--json", "--root", str(package_copy)],
                                        capture_output=True, text=True).stdout)
    failing = {r["name"]: r for r in as_json["results"] if r["status"] == "fail"}
    # the swap also breaks the table's proportionality to the 2021 supplement (one key)
    assert sorted(failing) == ["allocation_keys_agree", "grant_sources_agree"]
    findings = {f["code"]: f for f in as_json["findings"] if f["severity"] == "error"}
    assert sorted(findings) == sorted(failing)
    found = findings["grant_sources_agree"]
    assert found["evidence"][0]["region_code"] == "01" and found["rows_found"] == 2
    assert "grant kvinnors-halsa-2021, region 01 (Stockholm)" in found["message"]


def test_docs_checks_documents_every_check(root):
    doc = (root / "docs" / "checks.md").read_text(encoding="utf-8")
    section = doc.split("## Running the checks", 1)[1].split("\n## ", 1)[0]
    for name, severity in {"frictionless_valid": "error", **EXPECTED_CHECKS}.items():
        assert re.search(rf"^\| `{name}` \|.+\| {severity} \|$", section, re.M), name
    assert "statsbidrag check" in section and "claims" in section and "anomalies" in section
