"""Tests write only inside their own temporary folders (tests/isolation.py, tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from isolation import Watch, real_home

from statsbidrag.check import cache


def test_home_cache_and_config_are_the_runs_own():
    real = real_home()
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        folder = Path(os.environ[name])
        assert not folder.is_relative_to(real), f"expected {name} outside the real home {real}; found {folder}"
        assert not folder.is_relative_to(ROOT), f"expected {name} outside the checkout; found {folder}"
    assert not Path.home().is_relative_to(real)
    assert not Path(os.path.expanduser("~")).is_relative_to(real)


def test_the_check_cache_of_a_test_is_not_the_users():
    folder = cache.cache_dir()
    assert not folder.is_relative_to(real_home()), f"expected the check cache outside {real_home()}; found {folder}"
    assert folder.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))


def test_a_subprocess_sees_the_same_home():
    code = "import os, pathlib; print(pathlib.Path.home()); print(os.environ['XDG_CACHE_HOME'])"
    home, cache_home = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout.split("\n")[:2]
    assert home == os.environ["HOME"] and cache_home == os.environ["XDG_CACHE_HOME"]
    assert not Path(home).is_relative_to(real_home())


def test_the_watch_names_what_appeared_changed_or_went_away(tmp_path):
    watched, skipped = tmp_path / "cache", tmp_path / "cache" / "pip"
    skipped.mkdir(parents=True)
    (watched / "kept.json").write_text("1")
    (watched / "edited.json").write_text("1")
    (watched / "gone.json").write_text("1")
    watch = Watch({watched: {"pip"}}).start()
    assert watch.changes() == []
    (watched / "statsbidrag").mkdir()
    (watched / "statsbidrag" / "check-x.json").write_text("{}")
    (watched / "edited.json").write_text("22")
    (watched / "gone.json").unlink()
    (skipped / "wheel").write_text("not watched")
    assert watch.changes() == [f"changed {watched / 'edited.json'}", f"removed {watched / 'gone.json'}",
                               f"added {watched / 'statsbidrag' / 'check-x.json'}"]
