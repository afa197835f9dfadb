"""Command-line conventions: --version, usage errors, --json schema version, which package a
command works on, and that nothing is written into the copy inside the installed tool."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, snapshot
from helpers import USAGE_ERRORS

import statsbidrag
from statsbidrag import paths
from statsbidrag.cli.main import main


def exit_status(*args: str) -> int:
    """main's exit status in this process (argparse's usage errors exit through SystemExit);
    tests/slow/test_cli_processes.py runs the same as `statsbidrag` processes."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


def test_version_prints_the_package_version(capsys):
    assert exit_status("--version") == 0
    assert capsys.readouterr().out == f"statsbidrag {statsbidrag.__version__}\n"


@pytest.mark.parametrize("args, message", USAGE_ERRORS)
def test_usage_errors_exit_2_with_the_message_on_stderr(args, message, capsys, monkeypatch):
    monkeypatch.delenv("STATSBIDRAG_ROOT", raising=False)
    assert exit_status(*args) == 2
    out, err = capsys.readouterr()
    assert message in err and out == ""
    assert "error SB501: " in err or "error SB504: " in err, err  # every error its code


def test_json_outputs_carry_a_schema_version(capsys):
    assert main(["query", "select 1 as one", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"schema_version": 2, "columns": ["one"], "rows": [{"one": 1}]}


def test_check_inside_an_unzipped_package_checks_that_folder(package_copy, monkeypatch, capsys):
    """The folder a user stands in is the package checked, not the tool's own copy (in this
    process, with the checks the edit breaks, each as the whole suite runs it;
    tests/slow/test_cli_processes.py runs the command with every check)."""
    from statsbidrag.check import runner
    real = runner.run_suite
    monkeypatch.setattr(runner, "run_suite", lambda root, cache: real(root, only=["frictionless_valid", "values_valid"]))
    path = package_copy / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b",215942447,", b",-5,", 1))
    monkeypatch.chdir(package_copy / "resources")  # any folder below the package
    monkeypatch.delenv("STATSBIDRAG_ROOT", raising=False)
    assert main(["check", "--no-cache"]) == 1
    out, err = capsys.readouterr()
    assert f"statsbidrag: package {package_copy} (nearest folder holding datapackage.json)" in err
    assert "FAILED" in out


def test_a_folder_without_a_package_uses_the_tools_own_copy_and_says_so(tmp_path, monkeypatch, capsys):
    """In this process (tests/slow/test_cli_processes.py runs the command)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STATSBIDRAG_ROOT", raising=False)
    assert main(["query", "select count(*) as n from regions", "--csv"]) == 0
    out, err = capsys.readouterr()
    assert f"statsbidrag: package {paths.project_root()} (the checkout the tool is installed from)" in err
    assert out == "n\n21\n"


def test_root_and_the_environment_come_before_the_current_folder(package_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("STATSBIDRAG_ROOT", str(package_copy))
    assert paths.find_root() == (package_copy, "STATSBIDRAG_ROOT")
    assert paths.find_root(str(tmp_path)) == (tmp_path, "--root")


@pytest.mark.parametrize("command", [["build"], ["report", "--no-gx", "--no-checks"]])
def test_commands_that_write_refuse_the_copy_inside_the_installed_package(command, capsys, tmp_path, monkeypatch):
    """In an editable install the installed copy would be src/statsbidrag/_data; the test's own
    folder stands in for it (made there, the folder appeared in the checkout while another worker's
    check cache read the tool's code, which failed on it when it was removed: FileNotFoundError)."""
    data = tmp_path / "_data"
    monkeypatch.setattr(paths, "INSTALLED_DATA", data)
    data.mkdir()
    (data / "datapackage.json").write_bytes((ROOT / "datapackage.json").read_bytes())
    before = snapshot(data)
    assert main([*command, "--root", str(data)]) == 2
    err = capsys.readouterr().err
    assert "error SB503: " in err and "the copy inside the installed package" in err and "pass --root FOLDER" in err
    assert snapshot(data) == before
