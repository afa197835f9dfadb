"""The `statsbidrag` command and the documented Python example run as processes, as a user runs
them: `check`'s output, exit status and cache, the package found from the current folder.
The fast tier runs each of these in the test's process (tests/integration: test_checks,
test_engine, test_cli, test_api), here they run whole, with a fresh interpreter each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, rewrite_source
from helpers import (
    USAGE_ERRORS,
    assert_check_json_ok,
    assert_check_text_ok,
    assert_prints_what_it_shows,
    assert_swap_fails_with_evidence,
    documented_python_example,
    swap_stockholm_and_uppsala,
)

import statsbidrag
from statsbidrag import paths
from statsbidrag.publish.build import build

CLI = Path(sys.executable).parent / "statsbidrag"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATSBIDRAG")}
    return subprocess.run([str(CLI), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_version_prints_the_package_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout == f"statsbidrag {statsbidrag.__version__}\n"


@pytest.mark.parametrize("args, message", USAGE_ERRORS)
def test_usage_errors_exit_2_with_the_message_on_stderr(args, message):
    result = run(*args)
    assert result.returncode == 2, result
    assert message in result.stderr and result.stdout == ""
    assert "error SB501: " in result.stderr or "error SB504: " in result.stderr, result.stderr  # every error its code


def test_cli_prints_one_line_per_check_and_exits_0(root):
    result = subprocess.run([CLI, "check", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_check_text_ok(result.stdout)


def test_cli_json_report(root):
    result = subprocess.run([CLI, "check", "--json", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_check_json_ok(json.loads(result.stdout))


def test_cli_fails_with_evidence(package_copy):
    rewrite_source(package_copy, "skr-2021-fordelning", swap_stockholm_and_uppsala)
    build(package_copy)
    result = subprocess.run([CLI, "check", "--root", str(package_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    as_json = json.loads(subprocess.run([CLI, "check", "--json", "--root", str(package_copy)],
                                        capture_output=True, text=True).stdout)
    assert_swap_fails_with_evidence(result.stdout, as_json)


def test_no_cache_runs_the_checks(package_copy, cache_dir):
    command = [str(CLI), "check", "--root", str(package_copy)]
    env = {"STATSBIDRAG_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"]}
    outputs = [subprocess.run(command + extra, capture_output=True, text=True, env=env).stdout
               for extra in ([], [], ["--no-cache"])]
    assert "stored result" not in outputs[0]
    assert "stored result" in outputs[1]
    assert "stored result" not in outputs[2]


def test_check_inside_an_unzipped_package_checks_that_folder(package_copy):
    """The folder a user stands in is the package checked, not the tool's own copy."""
    path = package_copy / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b",215942447,", b",-5,", 1))
    inside = package_copy / "resources"  # any folder below the package
    result = run("check", cwd=inside)
    assert result.returncode == 1, result.stdout
    assert f"statsbidrag: package {package_copy} (nearest folder holding datapackage.json)" in result.stderr
    assert "FAILED" in result.stdout


def test_a_folder_without_a_package_uses_the_tools_own_copy_and_says_so(tmp_path):
    result = run("query", "select count(*) as n from regions", "--csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"statsbidrag: package {paths.project_root()} (the checkout the tool is installed from)" \
        in result.stderr
    assert result.stdout == "n\n21\n"


def test_the_documented_python_example_runs_and_prints_what_it_shows(tmp_path):
    code, shown = documented_python_example()
    env = {k: v for k, v in os.environ.items() if k != "STATSBIDRAG_ROOT"}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert_prints_what_it_shows(printed, shown)
