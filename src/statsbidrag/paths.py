"""Where the package's files are: a checkout's root, an unzipped release, or the copy inside a wheel."""

from __future__ import annotations

import os
from pathlib import Path

from statsbidrag.errors import UsageError

_HERE = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"
INSTALLED_DATA = _HERE / "_data"


def tool_root() -> Path:
    """The installed tool's own package folder, whatever STATSBIDRAG_ROOT says.

    Its checks/ (and schemas/) are the rules `check` and `verify` trust: the checkout's
    in an editable install, the copy shipped inside the wheel otherwise. A package
    being checked is data; its own checks/ are compared with these, never run.
    """
    checkout = _HERE.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "metadata").is_dir():
        return checkout
    return INSTALLED_DATA


def project_root() -> Path:
    """The package the installed tool carries: datapackage.json, resources/, schemas/ ...

    STATSBIDRAG_ROOT overrides (tests build corrupted copies elsewhere). In a
    checkout (editable install) it is the repository root; in an installed wheel it
    is the data folder shipped inside the package. The Python API (`load`, `connect`)
    reads this one; the command line looks in the current folder first (`find_root`).
    """
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return Path(env).resolve()
    return tool_root()


def _existing(folder: str, given_by: str) -> Path:
    path = Path(folder).resolve()
    if not path.is_dir():
        raise UsageError(f"{given_by}: expected the folder of a package; found no folder {path}. Give an "
                         "existing folder (a checkout or an unzipped release).", code="SB504")
    return path


def find_root(explicit: str | None = None, cwd: Path | None = None) -> tuple[Path, str]:
    """The package folder a command works on, and why that one: -> (root, reason).

    In order: --root; STATSBIDRAG_ROOT; the nearest folder holding datapackage.json
    from the current folder upward (so `statsbidrag check` inside an unzipped release
    checks that release, not some other copy); else the copy the tool carries.
    """
    if explicit:
        return _existing(explicit, "--root"), "--root"
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return _existing(env, "STATSBIDRAG_ROOT"), "STATSBIDRAG_ROOT"
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DESCRIPTOR).is_file():
            return folder, f"nearest folder holding {DESCRIPTOR}"
    root = project_root()
    return root, ("the copy inside the installed package" if is_installed_copy(root)
                  else "the checkout the tool is installed from")


def is_installed_copy(path: Path) -> bool:
    """True for anything inside the installed package (site-packages/statsbidrag/...).

    An editable install's code lives in a checkout, which is a package folder like any other.
    """
    editable = (_HERE.parent.parent / "pyproject.toml").is_file()
    inside = INSTALLED_DATA if editable else _HERE
    return Path(path).resolve().is_relative_to(inside)


def writable(path: Path, command: str, what: str, out_option: bool = True) -> Path:
    """`path` when `command` may write there; a usage error for the installed package."""
    if is_installed_copy(path):
        elsewhere = "pass --root FOLDER or --out FOLDER" if out_option else "pass --root FOLDER"
        raise UsageError(f"statsbidrag {command}: expected a package folder to write {what} in; found only "
                         f"the copy inside the installed package ({path}), which is never written to. "
                         f"Run it inside a checkout or an unzipped release (a folder holding "
                         f"datapackage.json), or {elsewhere}.", code="SB503")
    return path
