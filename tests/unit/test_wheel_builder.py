"""statsbidrag dist builds the wheel with uv (statsbidrag.release.dist.build_wheel); without uv it
says so, with the way to install it, instead of a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from statsbidrag.errors import StatsbidragError
from statsbidrag.release.dist import uv_binary


def test_the_wheel_is_built_by_the_uv_requirements_lock_pins():
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
                if "==" in line and not line.startswith("#"))
    result = subprocess.run([uv_binary(), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.split()[:2] == ["uv", pins["uv"]], result.stdout


def test_without_uv_dist_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "uv", None)  # import uv raises ImportError
    with pytest.raises(StatsbidragError, match="^SB606: ") as caught:
        uv_binary()
    assert "expected the Python package uv" in str(caught.value) and "scripts/install" in str(caught.value)
