"""Command-line conventions: --version, usage errors, --json schema version, which package a
command works on, and that nothing is written into the copy inside the installed tool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, snapshot

import statsbidrag
from statsbidrag import paths
from statsbidrag.cli.main import main

CLI = str(Path(sys.executable).parent / "statsbidrag")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATSBIDRAG")}
    return subprocess.run([CLI, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_version_prints_the_package_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout == f"statsbidrag {statsbidrag.__version__}\n"


@pytest.mark.parametrize("args, message", [
    ((), "expected a command"),
    (("frobnicate",), "unknown command 'frobnicate'"),
    (("check", "--no-such-option"), "unrecognized arguments: --no-such-option"),
    (("query",), "the following arguments are required: sql"),
    (("build", "--root", "/no/such/folder"), "error SB504: --root: expected the folder of a package; found no "
                                             "folder /no/such/folder"),
    (("check", "--root", "/no/such/folder"), "error SB504: --root"),
])
def test_usage_errors_exit_2_with_the_message_on_stderr(args, message):
    result = run(*args)
    assert result.returncode == 2, result
    assert message in result.stderr and result.stdout == ""
    assert "error SB501: " in result.stderr or "error SB504: " in result.stderr, result.stderr  # every error its code


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
def test_commands_that_write_refuse_the_copy_inside_the_installed_package(command, capsys):
    """In an editable install the installed copy would be src/statsbidrag/_data."""
    data = paths.INSTALLED_DATA
    assert not data.exists()
    data.mkdir()
    try:
        (data / "datapackage.json").write_bytes((ROOT / "datapackage.json").read_bytes())
        before = snapshot(data)
        assert main([*command, "--root", str(data)]) == 2
        err = capsys.readouterr().err
        assert "error SB503: " in err and "the copy inside the installed package" in err and "pass --root FOLDER" in err
        assert snapshot(data) == before
    finally:
        for path in sorted(data.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        data.rmdir()
