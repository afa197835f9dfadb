"""The line of each key in a TOML file, so that an error can point at it.

TOML parsers (tomllib, tomli) return plain values without positions, and no library installed
here keeps them, so this is a small line scanner written for the subset of TOML our
metadata files use: `[table]`, `[[array.of.tables]]`, `key = value` (bare or quoted
keys, dotted keys), with multi-line strings and arrays skipped over. It only ever
*locates*; the values themselves are always read by the TOML parser (tomli). A key it cannot place
falls back to the line of its entry's header, then to no line at all.
"""

from __future__ import annotations

import re

Path = tuple  # ("table", 3, "item", 0, "regex"): keys and array indexes, as pydantic reports them

_BARE = r'[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\''
_KEY = re.compile(rf'^\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*=\s*(.*)$')
_HEADER = re.compile(rf'^\s*(\[\[?)\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*\]\]?\s*(#.*)?$')


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(rf'{_BARE}', dotted)]


def _opens_multiline(value: str) -> str | None:
    """The closing delimiter still awaited after this value's first line, if any."""
    for quote in ('"""', "'''"):
        if value.startswith(quote) and value.count(quote) == 1:
            return quote
    if value.startswith("["):
        depth = 0
        for char in re.sub(r'"(?:\\.|[^"\\])*"|\'[^\']*\'', "", value.split(" #")[0]):
            depth += (char == "[") - (char == "]")
        if depth > 0:
            return "]"
    return None


class KeyLines:
    """Map a path in a parsed TOML document to the 1-based line where it is written.

    The file is scanned on the first question only: a valid file is never asked where
    its keys are, and scanning a large tables.toml costs as much as parsing it."""

    def __init__(self, text: str):
        self._text: str | None = text
        self._lines: dict[Path, int] = {}

    @property
    def lines(self) -> dict[Path, int]:
        if self._text is not None:
            self._scan(self._text)
            self._text = None
        return self._lines

    def _scan(self, text: str) -> None:
        lines = self._lines
        counters: dict[Path, int] = {}
        prefix: Path = ()
        awaiting: str | None = None
        for number, line in enumerate(text.split("\n"), start=1):
            if awaiting:
                if awaiting in line:
                    awaiting = None
                continue
            header = _HEADER.match(line)
            if header:
                prefix = self._enter(header.group(1) == "[[", _parts(header.group(2)), counters, prefix)
                lines.setdefault(prefix, number)
                continue
            key = _KEY.match(line)
            if key:
                lines.setdefault(prefix + tuple(_parts(key.group(1))), number)
                awaiting = _opens_multiline(key.group(2).strip())

    def _enter(self, is_array: bool, names: list[str], counters: dict, prefix: Path) -> Path:
        # A header's path is resolved against the arrays already open: [[table.item]]
        # inside the fourth [[table]] is ("table", 3, "item", n).
        path: Path = ()
        for name in names[:-1]:
            path += (name,)
            if path in counters:
                path += (counters[path],)
        path += (names[-1],)
        if not is_array:
            return path
        counters[path] = counters.get(path, -1) + 1
        # opening a new element forgets the counters of arrays nested in the previous one
        for other in [p for p in counters if len(p) > len(path) and p[:len(path)] == path]:
            del counters[other]
        return path + (counters[path],)

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of the nearest enclosing entry that is written down."""
        path, lines = tuple(path), self.lines
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return None
