"""The version of statsbidrag: written here once.

pyproject.toml reads it (hatch `[tool.hatch.version] path`), and every module that needs it
imports it from here, not from the package's __init__ (which imports statsbidrag.api and
would make a module that needs only the version depend on the whole package).
"""

__version__ = "0.1.0"


def wheel_name(version: str = __version__) -> str:
    """The wheel `statsbidrag dist` writes beside the zip."""
    return f"statsbidrag-{version}-py3-none-any.whl"


def install_hint(extra: str = "", version: str = __version__) -> str:
    """How to install the tool (with an optional extra), as it can be pasted: statsbidrag is
    not on a public package index, so the command names the wheel a release ships."""
    target = f"{wheel_name(version)}[{extra}]" if extra else wheel_name(version)
    return f'pip install "{target}" (in the folder holding that file, published beside the release zip)'

