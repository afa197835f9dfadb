"""verify and check run the installed tool's own checks, never what a package carries.

Attacks on a downloaded package that try to make the tool run the package's SQL, read
a file outside the package, or shrink the suite: each must fail safely (nothing
written, REJECTED or a clear refusal).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import reseal, unzip, zip_top

from statsbidrag import __version__
from statsbidrag.check.database import load_database
from statsbidrag.check.runner import frictionless_valid, run_suite
from statsbidrag.cli.main import main
from statsbidrag.errors import StatsbidragError, UnsafePackageError
from statsbidrag.publish import database
from statsbidrag.release.verify import verify


def forge_figure(folder: Path) -> None:
    """Change Stockholm's 2021 amount and make descriptor hash and size agree with it."""
    path = folder / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b",215942447,", b",215942448,", 1))
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == "resources/allocations.csv":
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            resource["bytes"] = path.stat().st_size
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def written(marker: Path) -> bool:
    return marker.exists()


def copy_to(marker: Path) -> str:
    return f"\nCOPY (SELECT 'x') TO '{marker}' (FORMAT csv);\n"


# --------------------------------------------------------------------- the reproductions

def test_sql_appended_to_the_macros_is_never_run(release, tmp_path, capsys):
    marker = tmp_path / "x.csv"
    folder = unzip(release, tmp_path / "unzipped")
    with open(folder / "checks" / "_macros.sql", "a", encoding="utf-8") as handle:
        handle.write(copy_to(marker))
    forged = reseal(folder, tmp_path / "forged.zip", zip_top(release))
    assert main(["verify", str(forged)]) == 1
    out = capsys.readouterr().out
    assert not written(marker), "verify ran SQL from the download"
    assert "REJECTED" in out and "DIFFERS checks/_macros.sql" in out
    # with the published SHA-256: rejected for the hash, and still nothing run
    published = hashlib.sha256(release.read_bytes()).hexdigest()
    assert main(["verify", str(forged), "--sha256", published]) == 1
    out = capsys.readouterr().out
    assert not written(marker) and "REJECTED" in out and f"SHA-256 {published} (as published)" in out


def test_a_forged_figure_with_the_checks_deleted_is_still_checked_in_full(release, tmp_path):
    folder = unzip(release, tmp_path / "unzipped")
    forge_figure(folder)
    shutil.rmtree(folder / "checks")
    report = verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    assert not report.ok and "REJECTED" in report.render()
    failed = {r.name for r in report.suite.results if r.status == "fail"}
    assert {"read_as_printed", "resources_match_build"} <= failed, failed
    assert any(f.file == "checks/table_totals.sql" and f.code == "SB416" and f.message.endswith("found no such file")
               for f in report.findings)


def test_a_source_pointed_outside_the_package_is_never_read(release, tmp_path):
    folder = unzip(release, tmp_path / "unzipped")
    secret = tmp_path / "secret.txt"
    secret.write_text("Stockholm\n1\n")
    meta = folder / "metadata" / "sources.toml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('path = "sources/nyhet-kortare-vantetider-739-miljoner.txt"',
                                 f'path = "sources/../../{secret.name}"'), encoding="utf-8")
    report = verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    assert not report.ok
    build = next(r for r in report.suite.results if r.name == "resources_match_build")
    assert build.status == "fail" and "directly in sources/" in json.dumps(build.rows, ensure_ascii=False)


# --------------------------------------------------------------------- more attacks of each kind

def test_a_new_check_file_in_the_download_is_not_run(release, tmp_path):
    marker = tmp_path / "y.csv"
    folder = unzip(release, tmp_path / "unzipped")
    (folder / "checks" / "zz_extra.sql").write_text(
        "-- name: zz_extra\n-- description: looks innocent enough to pass review\n-- severity: error\n"
        + copy_to(marker) + "SELECT 1 WHERE false\n", encoding="utf-8")
    report = verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    assert not written(marker) and not report.ok
    assert "zz_extra" not in {r.name for r in report.suite.results}
    assert any(f.file == "checks/zz_extra.sql" for f in report.findings if f.severity == "error")


def test_a_loosened_check_in_the_download_does_not_hide_a_forgery(release, tmp_path):
    folder = unzip(release, tmp_path / "unzipped")
    forge_figure(folder)
    for name in ("read_as_printed", "resources_match_build"):
        path = folder / "checks" / f"{name}.sql"
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("--"))
        path.write_text(header + "SELECT 'never' AS problem WHERE false\n", encoding="utf-8")
    report = verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    failed = {r.name for r in report.suite.results if r.status == "fail"}
    assert {"read_as_printed", "resources_match_build"} <= failed and not report.ok


def test_a_loosened_schema_is_reported(release, tmp_path):
    folder = unzip(release, tmp_path / "unzipped")
    path = folder / "schemas" / "allocations.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    for field in schema["fields"]:
        field.pop("constraints", None)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    report = verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    assert not report.ok and any(f.file == "schemas/allocations.json" and f.severity == "error" for f in report.findings)


def test_sql_injected_through_a_schema_value_cannot_touch_files(package_copy, tmp_path):
    marker = tmp_path / "z.csv"
    path = package_copy / "schemas" / "allocations.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "amount_sek")
    field["constraints"]["minimum"] = f"0, false); COPY (SELECT 1) TO '{marker}' (FORMAT csv); SELECT (1"
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB301: schemas"):  # refused with a message, not a traceback
        run_suite(package_copy)
    assert not marker.exists()
    field["constraints"]["minimum"] = f"(SELECT count(*) FROM read_text('{ROOT / 'pyproject.toml'}'))"
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB301: .*(disabled|Permission)"):
        run_suite(package_copy)


def test_a_view_in_a_package_cannot_write_or_read_files(package_copy, tmp_path):
    marker = tmp_path / "v.csv"
    view = sorted((package_copy / "sql" / "views").glob("*.sql"))[0]
    view.write_text(view.read_text(encoding="utf-8") + copy_to(marker), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB305: .*(disabled|Permission)"):
        database.connect(package_copy)
    assert not marker.exists()
    view.write_text(f"create view leak as select * from read_text('{ROOT / 'pyproject.toml'}');\n",
                    encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB305: .*(disabled|Permission)"):
        database.connect(package_copy)


def test_every_connection_that_reads_package_data_is_hardened(package_copy, tmp_path):
    marker = tmp_path / "h.csv"
    checks_con = load_database(package_copy)
    api_con = database.connect(package_copy)
    for con in (checks_con, api_con):
        for statement in (f"COPY (SELECT 1) TO '{marker}'", "SET enable_external_access = true",
                          "SET lock_configuration = false", f"ATTACH '{tmp_path / 'a.duckdb'}'",
                          f"SELECT * FROM read_text('{ROOT / 'pyproject.toml'}')", "INSTALL httpfs"):
            with pytest.raises(Exception, match="disabled|Cannot change|Permission"):
                con.execute(statement)
        con.close()
    assert not marker.exists() and not (tmp_path / "a.duckdb").exists()


def test_query_cannot_write_files(package_copy, tmp_path, capsys):
    marker = tmp_path / "q.csv"
    assert main(["query", f"COPY (SELECT 1) TO '{marker}'", "--root", str(package_copy)]) == 1
    assert not marker.exists()


@pytest.mark.parametrize("key, value", [("profile", "https://example.org/profile.json"),
                                        ("$schema", "/etc/passwd")])
def test_a_descriptor_profile_the_validator_would_fetch_is_refused(release, tmp_path, key, value):
    folder = unzip(release, tmp_path / "unzipped")
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor[key] = value
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(UnsafePackageError, match="^SB423: .*(profile|schema)"):
        verify(str(reseal(folder, tmp_path / "forged.zip", zip_top(release))))
    result = frictionless_valid(folder)  # as run_suite reports it, without the other checks
    assert result.status == "fail" and "Refused" in result.message


def test_a_symlinked_source_is_not_followed_out_of_the_package(package_copy, tmp_path):
    secret = tmp_path / "outside.txt"
    source = package_copy / "sources" / "nyhet-kortare-vantetider-739-miljoner.txt"
    secret.write_bytes(source.read_bytes())
    source.unlink()
    os.symlink(secret, source)
    results = {r.name: r for r in run_suite(package_copy).results}
    assert results["resources_match_build"].status == "fail"
    assert "inside the package" in json.dumps(results["resources_match_build"].rows, ensure_ascii=False)
    assert results["source_files_intact"].status == "fail"


def test_a_package_of_another_version_is_refused_with_a_clear_message(release, tmp_path):
    folder = unzip(release, tmp_path / "unzipped")
    marker = tmp_path / "w.csv"
    with open(folder / "checks" / "_macros.sql", "a", encoding="utf-8") as handle:
        handle.write(copy_to(marker))
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = "0.0.1"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report = verify(str(reseal(folder, tmp_path / "old.zip", zip_top(release))))
    assert not report.ok and report.suite is None and not written(marker)
    assert "statsbidrag 0.0.1" in report.suite_error and f"statsbidrag {__version__}" in report.suite_error
    assert "NOT VERIFIED" in report.render()


# --------------------------------------------------------------------- check --root

def test_check_on_another_folder_runs_the_tools_checks_and_notes_the_folders(package_copy, tmp_path, capsys):
    marker = tmp_path / "c.csv"
    with open(package_copy / "checks" / "_macros.sql", "a", encoding="utf-8") as handle:
        handle.write(copy_to(marker))
    (package_copy / "checks" / "table_totals.sql").unlink()
    assert main(["check", "--root", str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert not marker.exists()
    assert "PASS  table_totals" in out  # the tool's own check ran
    assert "NOTE  checks/_macros.sql" in out and "NOTE  checks/table_totals.sql" in out


def test_a_check_missing_from_the_tools_suite_fails(package_copy):
    checks = package_copy / "checks"
    (checks / "table_totals.sql").rename(checks / "table_totals.sql.off")
    results = {r.name: r for r in run_suite(package_copy, checks_root=package_copy).results}
    assert results["table_totals"].status == "fail"
    assert "checks/table_totals.sql: expected this check" in results["table_totals"].message


def test_the_expected_checks_are_the_files_in_checks():
    from statsbidrag.toolchecks import EXPECTED, HELPERS
    names = {p.stem for p in (ROOT / "checks").glob("*.sql")}
    assert names == set(EXPECTED) | set(HELPERS), \
        "list a new check in statsbidrag.toolchecks.EXPECTED (and remove a deleted one)"


def test_every_duckdb_connection_in_the_code_is_hardened():
    """docs/checks.md promises it (DuckDB hardening): each function that opens a DuckDB connection hardens it
    (safety.harden), directly or through database.load. A new connection fails this
    test until it does. Connections are opened by statsbidrag.sql.new_connection alone (the one
    place that calls duckdb.connect), so every function calling it is held to this."""
    import ast
    src = ROOT / "src" / "statsbidrag"
    opening, direct = {}, []
    for path in sorted(src.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                text = ast.get_source_segment(source, node)
                where = f"{path.relative_to(src).as_posix()}:{node.name}"
                if "duckdb.connect(" in text:
                    direct.append(where)
                if "new_connection(" in text and where != "sql.py:new_connection":
                    opening[where] = text
    assert direct == ["sql.py:new_connection"], f"expected duckdb.connect only in sql.new_connection; found {direct}"
    assert opening, "test setup: no connection found"
    for where, text in opening.items():
        assert "harden(con" in text or "load(con, root" in text, f"{where} opens DuckDB without harden()"
