"""The quotes a draft gives for what its numbers mean (metadata's `*_quote = { line, text }`).

Each quote is text as printed at its line of the document (the build refuses any other,
SB108). What a quote must say for a value is `meaning_cues` in checks/_macros.sql of the checks
`statsbidrag check` runs (the tool's, statsbidrag.toolchecks; the rule is written once, for the
checks, whatever a package's own copy of checks/ says): a line is chosen that says the value in
words the check `meaning_supported` accepts, the facts' own evidence first, then the lines
near the table, then the rest of the document. When no line says so, the best line (the
table's heading, or its first row) is quoted and the draft says it is unsure: the check
then fails until a person corrects the value or the quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statsbidrag.intake.shapes import Evidence, line_text
from statsbidrag.metadata.patterns import compile_pattern
from statsbidrag.sql import harden, new_connection
from statsbidrag.toolchecks import checks_root

if TYPE_CHECKING:
    from statsbidrag.extract.documents import Document

_CELLS = compile_pattern(r"\t| {2,}|\|")  # a row's cells: tabs, runs of spaces (a PDF's columns), pipes
_WIDTH = 160  # a long line is quoted around its cue: a quote keeps to the words that carry the meaning


@dataclass(frozen=True)
class Cue:
    supports: Any  # compiled by RE2 (metadata.patterns), or None
    refutes: Any
    refuted_near: Any = None  # what meaning_matches_wording refuses near a table of this value


@lru_cache(maxsize=4)
def cues(root: Path) -> dict[tuple[str, str], Cue]:
    """(field, value) -> its words, from the meaning_cues table of `root`'s checks/_macros.sql
    (quote passes the checks' own folder, toolchecks.checks_root())."""
    macros = (root / "checks" / "_macros.sql").read_text(encoding="utf-8")
    start = macros.index("CREATE TABLE meaning_cues")
    with new_connection() as con:
        harden(con)  # the macros file is the package's text, like any view it holds
        con.execute(macros[start:macros.index(";", start) + 1])
        rows = con.execute("SELECT field, value, supports, refutes, refuted_near FROM meaning_cues").fetchall()
    return {(f, v): Cue(*(compile_pattern(p) if p else None for p in patterns)) for f, v, *patterns in rows}


def _says(cue: Cue | None, text: str) -> bool:
    if not text or cue is None:  # no rule for the value (included_in): the evidence stands
        return bool(text)
    return (cue.supports is None or bool(cue.supports.search(text))) and \
        (cue.refutes is None or not cue.refutes.search(text))


def _text(doc: Document, line: int, cue: Cue | None) -> str:
    """The part of the line to quote: the cell (between tabs, runs of spaces, pipes) that says it, trimmed of
    bullets and of what a spreadsheet would run as a formula; around the cue when long."""
    cells = [c.strip() for c in _CELLS.split(line_text(doc, line)) if c.strip()] or [""]
    text = next((c for c in cells if _says(cue, c)), max(cells, key=len))
    text = text.lstrip("-=+@*•· ").strip()
    if len(text) > _WIDTH:
        match = cue.supports.search(text) if cue and cue.supports else None
        at = match.start() if match else 0
        text = text[max(0, at - _WIDTH // 2):max(0, at - _WIDTH // 2) + _WIDTH].strip().lstrip("-=+@ ")
    return text


def quote(doc: Document, field: str, value: str, evidence: list[Evidence | None], near: list[int],
          fallback: int, unsure: list[str], source: str | None = None) -> dict:
    """{ line, text } (and `source`) for `field = value`: the first line, of the evidence, then
    `near`, then the whole document, that says it; else `fallback` (noted in `unsure`)."""
    cue = cues(checks_root()).get((field, value))
    # the evidence first: its cell that says so, or, for a field no cue reads (included_in: a
    # Summa heading), the text detect read there
    texts = [(e.line, _text(doc, e.line, cue) if cue else e.text.strip()) for e in evidence
             if e is not None and e.text.strip() and e.text.strip() in line_text(doc, e.line)]
    lines = [e.line for e in evidence if e is not None] + near + list(range(1, len(doc.lines) + 1))
    candidates = chain(texts, ((n, _text(doc, n, cue)) for n in lines))  # read lazily, nearest first
    line, text = next(((n, t) for n, t in candidates if _says(cue, t) and not t.startswith(("=", "+", "-", "@"))),
                      (fallback, _text(doc, fallback, cue)))
    if not _says(cue, text):
        unsure.append(f"{field} = {value!r}: no line of the document says so in words meaning_supported "
                      f"accepts; quoted line {line} ('{text[:60]}'): correct the value or the quote")
    found = {"line": line, "text": text}
    return {"source": source, **found} if source else found
