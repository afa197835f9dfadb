"""Where the package's files are: a checkout's root, or the copy inside a wheel."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def tool_root() -> Path:
    """The installed tool's own package folder, whatever STATSBIDRAG_ROOT says.

    Its checks/ (and schemas/) are the rules `check` and `verify` trust: the checkout's
    in an editable install, the copy shipped inside the wheel otherwise. A package
    being checked is data; its own checks/ are compared with these, never run.
    """
    checkout = _HERE.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "metadata").is_dir():
        return checkout
    return _HERE / "_data"


def project_root() -> Path:
    """The folder holding datapackage.json, resources/, schemas/, sources/ ...

    STATSBIDRAG_ROOT overrides (tests build corrupted copies elsewhere). In a
    checkout (editable install) it is the repository root; in an installed wheel it
    is the data folder shipped inside the package.
    """
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return Path(env).resolve()
    return tool_root()
