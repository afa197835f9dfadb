"""Where the package's files are: a checkout's root, or the copy inside a wheel."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def project_root() -> Path:
    """The folder holding datapackage.json, resources/, schemas/, sources/ ...

    STATSBIDRAG_ROOT overrides (tests build corrupted copies elsewhere). In a
    checkout (editable install) it is the repository root; in an installed wheel it
    is the data folder shipped inside the package.
    """
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return Path(env).resolve()
    checkout = _HERE.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "metadata").is_dir():
        return checkout
    return _HERE / "_data"
