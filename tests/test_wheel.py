"""The wheel: it ships the data package, and statsbidrag.load works from it alone.

The wheel is built from a copy of the project (pip fetches the pinned hatchling from
PyPI into an isolated build environment), unpacked, and imported with PYTHONPATH
pointing at it from an unrelated working directory, so neither the checkout nor the
editable install can be what answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PACKAGE_PARTS, ROOT, copy_package

PROJECT_FILES = ["pyproject.toml", "README.md", "hatch_build.py"]
DATA = "statsbidrag/_data/"


def project_copy(target: Path, skip: tuple[str, ...] = ()) -> Path:
    copy_package(target)
    for part in skip:
        path = target / part
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # byte code lying around (in __pycache__ or loose, as Python 2 left it) must not ship
    for folder in (target / "src" / "statsbidrag", target / "resources"):
        (folder / "__pycache__").mkdir(exist_ok=True)
        (folder / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"not code")
        (folder / "stale.pyc").write_bytes(b"not code")
    return target


def build_wheel(project: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
         "-w", str(out), str(project)],
        capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, the project copy it was built from)."""
    base = tmp_path_factory.mktemp("wheel")
    project = project_copy(base / "project")
    result = build_wheel(project, base / "dist")
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    [path] = (base / "dist").glob("statsbidrag-*.whl")
    return path, project


@pytest.fixture(scope="module")
def wheel(built) -> Path:
    return built[0]


def package_files(project: Path) -> list[str]:
    """Every file of the package parts (conftest.PACKAGE_PARTS), except the planted byte code."""
    files = []
    for part in PACKAGE_PARTS:
        path = project / part
        if path.is_file():
            files.append(part)
        elif path.is_dir():
            files += [p.relative_to(project).as_posix() for p in path.rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return files


def test_wheel_ships_every_package_file_and_no_byte_code(built):
    wheel, project = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for rel in package_files(project):
            assert DATA + rel in names, f"{rel} is not in the wheel"
            assert archive.read(DATA + rel) == (project / rel).read_bytes(), rel
    for part in ("datapackage.json", "resources", "schemas", "sources", "metadata"):
        assert any(n.startswith(DATA + part) for n in names), part
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "statsbidrag/api.py" in names and "statsbidrag/pandera_schemas.py" in names


def test_load_works_from_the_unpacked_wheel_in_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("STATSBIDRAG_ROOT", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    script = (
        "import json, statsbidrag, statsbidrag.paths as paths\n"
        "frames = {n: statsbidrag.load(n) for n in statsbidrag.resource_names()}\n"
        "a = frames['allocations']\n"
        "print(json.dumps({'module': statsbidrag.__file__, 'root': str(paths.project_root()),\n"
        "  'tool': str(paths.tool_root()),\n"
        "  'rows': {n: len(f) for n, f in frames.items()}, 'amount_dtype': str(a['amount_sek'].dtype),\n"
        "  'first_code': sorted(a['region_code'])[0], 'total': int(a['amount_sek'].sum())}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert Path(seen["module"]).is_relative_to(site), "the wheel's code answered, not the checkout"
    assert Path(seen["root"]) == site / "statsbidrag" / "_data"
    assert Path(seen["tool"]) == site / "statsbidrag" / "_data", "the checks verify runs are the wheel's own"
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    expected_rows = {}
    for resource in descriptor["resources"]:
        if resource.get("schema"):
            lines = (ROOT / resource["path"]).read_text(encoding="utf-8").splitlines()
            expected_rows[resource["name"]] = len(lines) - 1  # no field spans lines in these CSVs
    assert seen["rows"] == expected_rows
    assert seen["amount_dtype"] == "int64" and seen["first_code"] == "01"


def test_wheel_builds_without_the_optional_folders(tmp_path):
    result = build_wheel(project_copy(tmp_path / "project", skip=("sql",)), tmp_path / "dist")
    assert result.returncode == 0, result.stderr
    [path] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert DATA + "datapackage.json" in names
    assert not [n for n in names if n.startswith(DATA + "sql/")]
    assert DATA + "checks/_macros.sql" in names


@pytest.mark.parametrize("part", ["schemas", "checks"])
def test_wheel_refuses_to_build_without_the_schemas_or_the_checks(tmp_path, part):
    # checks/ is the installed tool's own suite: `check` and `verify` run nothing else
    result = build_wheel(project_copy(tmp_path / "project", skip=(part,)), tmp_path / "dist")
    assert result.returncode != 0
    assert f"cannot build the wheel: {part} missing" in result.stdout + result.stderr
