"""The static checks (ruff, mypy) are wired as README and docs/ARCHITECTURE.md say: pinned, configured
in pyproject.toml, run by scripts/lint on src/, and by .ci/run before the tests."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_ci_runs_the_static_checks_before_the_tests():
    ci = [line.split("#")[0].strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "scripts/lint" in ci and ci.index("scripts/lint") < ci.index("scripts/test")


def test_scripts_lint_runs_ruff_and_mypy_on_src():
    lint = (ROOT / "scripts" / "lint").read_text(encoding="utf-8")
    assert '.venv/bin/ruff check "$@" src tests benchmarks' in lint and ".venv/bin/mypy" in lint
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy["files"] == ["src/statsbidrag"]


def test_ruff_and_mypy_are_pinned():
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
                if "==" in line and not line.startswith("#"))
    assert {"ruff", "mypy"} <= set(pins), "pin ruff and mypy in requirements.lock"


def test_ruff_selects_import_sorting_and_the_agreed_rules():
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert {"E", "F", "I", "B", "UP"} <= set(lint["select"])


def test_mypy_types_every_function_and_checks_every_body():
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy.get("disallow_untyped_defs") is True and mypy.get("check_untyped_defs") is True
    relaxed = [o["module"] for o in mypy.get("overrides", [])
               if o.get("disallow_untyped_defs") is False or o.get("check_untyped_defs") is False]
    assert relaxed == [], f"expected no module exempt from typed defs; found {relaxed}"
