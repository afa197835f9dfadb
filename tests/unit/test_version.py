"""The version is written once, in src/statsbidrag/_version.py, and every module reads it from there."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

import statsbidrag
from statsbidrag import _version

SRC = ROOT / "src" / "statsbidrag"


def _modules():
    return sorted(SRC.rglob("*.py"))


def test_the_version_is_assigned_in_version_py_only():
    assigned = [p.relative_to(SRC).as_posix() for p in _modules()
                if re.search(r"^__version__\s*=", p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert assigned == ["_version.py"]
    assert statsbidrag.__version__ == _version.__version__


def test_no_module_imports_the_version_from_the_package_init():
    """`from . import __version__` would import the package's __init__ (and statsbidrag.api) to get it."""
    wrong = [f"{p.relative_to(ROOT)}:{number}: {line.strip()}"
             for p in _modules() for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"from \.+ import [^#]*\b__version__\b", line)]
    assert not wrong, ("expected `from ._version import __version__` (or `from .._version ...`); found:\n"
                       + "\n".join(wrong))


def test_pyproject_reads_the_version_from_version_py():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/statsbidrag/_version.py"
