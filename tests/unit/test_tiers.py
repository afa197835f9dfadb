"""Every test file is in a tier folder (tests/unit, integration, slow), and the unit tier builds nothing."""

from __future__ import annotations

import pytest
from conftest import ROOT, TIERS, UnitTierError, tier_of
from helpers import syntax_nodes

from statsbidrag.publish import atomic


def test_every_test_file_is_in_a_tier_folder():
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    outside = [str(p.relative_to(ROOT)) for p in files if tier_of(p) is None]
    assert not outside, (f"expected every test file in tests/unit, tests/integration or tests/slow; found "
                         f"{outside}. Move each into the folder of its tier (see tests/conftest.py).")
    assert {tier_of(p) for p in files} == set(TIERS), "expected test files in each of the three tiers"


def test_no_test_file_imports_another():
    """Helpers shared by test files live in modules of tests/ (helpers.py, package_edits.py
    ...), so that a tier runs without the others and pyproject's pythonpath is tests/ only."""
    import ast
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in syntax_nodes(path):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0].startswith("test_")]
    assert not found, f"expected no test file imported by another; found {found}. Move the helper to tests/helpers.py."


def test_the_tiers_are_registered_markers(pytestconfig):
    registered = {line.split(":")[0].strip() for line in pytestconfig.getini("markers")}
    assert set(TIERS) <= registered, "register every tier in pyproject.toml [tool.pytest.ini_options] markers"


def test_this_file_is_marked_unit(request):
    assert request.node.get_closest_marker("unit") is not None


def test_a_unit_test_cannot_build(tmp_path):
    with pytest.raises(UnitTierError, match="must not build the package"):
        atomic.transaction(tmp_path, False)


def test_a_unit_test_gets_no_package_copy(request):
    with pytest.raises(UnitTierError, match="must not copy the package"):
        request.getfixturevalue("package_copy")
