"""Every test file is in exactly one tier (TIERS in tests/conftest.py), and the unit tier builds nothing."""

from __future__ import annotations

import pytest

from statsbidrag import atomic

from conftest import ROOT, TIERS, UnitTierError


def test_every_test_file_is_in_one_tier():
    files = sorted(p.name for p in (ROOT / "tests").glob("test_*.py"))
    listed = [name for names in TIERS.values() for name in names]
    missing = [name for name in files if name not in listed]
    assert not missing, (f"tests/conftest.py TIERS: expected every test file in a tier (unit, integration or "
                         f"slow); found none for {missing}. Add each to the tier it belongs to.")
    twice = sorted({name for name in listed if listed.count(name) > 1})
    assert not twice, f"tests/conftest.py TIERS: expected each file in one tier; found in two: {twice}"
    gone = sorted(set(listed) - set(files))
    assert not gone, f"tests/conftest.py TIERS: lists files that do not exist: {gone}"


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
