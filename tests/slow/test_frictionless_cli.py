"""`frictionless validate --type package datapackage.json`, as a data engineer runs it in CI,
accepts the package and rejects a tampered resource (slow tier: it starts Frictionless)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_frictionless_validates_the_package(root):
    result = subprocess.run([Path(sys.executable).parent / "frictionless", "validate", "--type", "package",
                             "datapackage.json"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_frictionless_rejects_a_tampered_resource(package_copy):
    path = package_copy / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b"215942447", b"215942448", 1))
    result = subprocess.run([Path(sys.executable).parent / "frictionless", "validate", "--type", "package",
                             "datapackage.json"], cwd=package_copy, capture_output=True, text=True)
    assert result.returncode == 1
    assert "hash-count" in result.stdout
