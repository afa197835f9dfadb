"""How a printed name is compared: markup dropped, runs of spaces (no-break ones too) one space.

Metadata's rules compare region spellings this way, and extraction reads names this way
(statsbidrag.extract.text re-exports `clean` and `MARKUP`).
"""

from __future__ import annotations

import re

# Markup such as <b> in a line: extract.text.printed() removes it.
MARKUP = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \u00a0\t]+")


def clean(text: str) -> str:
    """Drop markup, turn no-break spaces and runs of spaces into one space, strip."""
    return _SPACES.sub(" ", MARKUP.sub("", text)).strip()
