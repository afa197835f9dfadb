"""The version of statsbidrag: written here once.

pyproject.toml reads it (hatch `[tool.hatch.version] path`), and every module that needs it
imports it from here, not from the package's __init__ (which imports statsbidrag.api and
would make a module that needs only the version depend on the whole package).
"""

__version__ = "0.1.0"
