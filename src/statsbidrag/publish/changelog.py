"""CHANGELOG.md: one section per version, '## 0.1.0 (2026-11-23)', saying what it adds or corrects.

The section's date is the release date: the zip's README and citation use it, and it is
datapackage.json's `created`, so that property is derived from the tree (a rebuild on
another day changes no byte) rather than from the clock.
"""

from __future__ import annotations

import re
from pathlib import Path

from statsbidrag.errors import StatsbidragError

CHANGELOG = "CHANGELOG.md"
_HEADING = re.compile(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)\s*$", re.MULTILINE)


def release_date(changelog: str, version: str) -> str:
    """The date CHANGELOG.md gives `version` ('## 0.1.0 (2026-11-23)'), or a clear error."""
    for heading_version, date in _HEADING.findall(changelog):
        if heading_version == version:
            return date
    found = [v for v, _ in _HEADING.findall(changelog)]
    raise StatsbidragError(f"{CHANGELOG}: expected a section '## {version} (YYYY-MM-DD)' saying what version "
                           f"{version} adds or corrects; found sections for {found or 'no version'}. "
                           "Add one before building the release.", code="SB605")


def first_release_date(root: Path) -> str:
    """The date of the oldest section of CHANGELOG.md: when the package was first issued."""
    text = (root / CHANGELOG).read_text(encoding="utf-8")
    return min(date for _, date in _HEADING.findall(text))


def created(root: Path, version: str) -> str:
    """datapackage.json `created`: the release date of `version`, as an RFC 3339 date-time."""
    path = root / CHANGELOG
    if not path.is_file():
        raise StatsbidragError(f"{path}: not found; it gives each version's release date (datapackage.json "
                               "`created`) and says what the version adds or corrects.", code="SB601")
    return release_date(path.read_text(encoding="utf-8"), version) + "T00:00:00Z"
