"""Tests write only inside their own temporary folders: never into the user's home, cache or
configuration, nor into the checkout.

`isolate_home` (called by tests/conftest.py when pytest starts, in every process: the
controller and each xdist worker) points HOME, XDG_CACHE_HOME, XDG_CONFIG_HOME and
XDG_DATA_HOME at a fresh temporary folder, so that the code under test (the check cache,
$XDG_CACHE_HOME/statsbidrag), every subprocess a test starts (they inherit os.environ) and
Chromium (its profile and crash folders under ~/.config and ~/.cache) write there. pip's user
configuration, which only says where the package registry is, is still read from the real
home (PIP_CONFIG_FILE): reading is not writing.

`Watch` lists what the tests must leave alone (the real ~/.cache and ~/.config, and every
file of the checkout except the tools' own caches) when the session starts, and names what
changed when it ends; conftest fails the run with that list. Another process of the same user
writing into ~/.cache at the same time (a `statsbidrag check` run by hand) would be reported
too: the list names the files, so it can be told apart.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

VARIABLES = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
# Folders of the checkout that tools (not the code under test) write: pytest, Python, mypy, ruff, the venv.
CHECKOUT_SKIP = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
# Folders of the real cache that other programs of the same user change while tests run (pip and uv
# installs: their caches are theirs, and listing uv's thousands of files twice cost a quarter CPU-second).
HOME_SKIP = {"pip", "uv"}


def real_home() -> Path:
    return Path(os.environ.get("STATSBIDRAG_TEST_REAL_HOME") or Path.home())


def isolate_home() -> Path:
    """Point the home, cache and configuration folders of this process (and its children) at a
    new temporary folder; returns it. Idempotent within a process tree: a worker started by a
    controller that already isolated itself gets its own folder, the real home stays remembered."""
    real = real_home()
    os.environ["STATSBIDRAG_TEST_REAL_HOME"] = str(real)
    pip_config = real / ".config" / "pip" / "pip.conf"
    if "PIP_CONFIG_FILE" not in os.environ and pip_config.is_file():
        os.environ["PIP_CONFIG_FILE"] = str(pip_config)
    home = Path(tempfile.mkdtemp(prefix="statsbidrag-test-home-"))
    for name, folder in zip(VARIABLES, (home, home / ".cache", home / ".config", home / ".local" / "share"),
                            strict=True):
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    os.environ.pop("STATSBIDRAG_CACHE_DIR", None)  # a cache folder of the user's own, never the tests'
    return home


def remove_home(home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)


def listing(folder: Path, skip: set[str]) -> dict[str, tuple[int, int]]:
    """Every file under `folder` (not under a folder named in `skip`): relative path -> (size, mtime)."""
    found: dict[str, tuple[int, int]] = {}
    if not folder.is_dir():
        return found
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(top) / name
            try:
                stat = path.lstat()
            except OSError:
                continue
            found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass
class Watch:
    """What a test run must leave as it found it: folder -> names of subfolders not watched."""
    folders: dict[Path, set[str]]
    before: dict[Path, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def start(self) -> Watch:
        self.before = {folder: listing(folder, skip) for folder, skip in self.folders.items()}
        return self

    def changes(self) -> list[str]:
        """What appeared, changed or went away since `start`, as 'added|changed|removed path'."""
        found = []
        for folder, skip in self.folders.items():
            before, after = self.before[folder], listing(folder, skip)
            for rel in sorted(before.keys() | after.keys()):
                if rel not in before:
                    found.append(f"added {folder / rel}")
                elif rel not in after:
                    found.append(f"removed {folder / rel}")
                elif before[rel] != after[rel]:
                    found.append(f"changed {folder / rel}")
        return found


def default_watch(checkout: Path) -> Watch:
    home = real_home()
    return Watch({home / ".cache": set(HOME_SKIP), home / ".config": set(HOME_SKIP), checkout: set(CHECKOUT_SKIP)})
