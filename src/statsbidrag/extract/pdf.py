"""The text of an archived PDF, as every stage reads it: the PDF's lines.

A PDF source is archived byte for byte and hashed like any other; what the package reads
from it is its *text*, made here and nowhere else (the build, `check`'s `source_lines` and
`statsbidrag add` all call `pdf_lines`), so a line number means the same everywhere.

The text is made from pdfplumber's text lines (`extract_text_lines`, pdfplumber 0.11 over
pdfminer.six, both pinned): one line of text per printed line, its characters in order, and
between two characters a gap of at least 1.6 space widths (a table's cells: reportlab's
platypus tables pad each cell by 6 points, 4.3 space widths at 10 points) written as that
many spaces, two at least, a smaller gap as one space. So a table's cells stay apart by two or
more spaces and a name's words by one. The plain text of pypdfium2 and pdfplumber joins cells
with one space ("84 725 537 26 576 108" cannot be split), and pdfplumber's layout text maps
positions to a grid of 7.25 points, which closes a 12-point gap to one space. Measured on a
two-page reportlab table: pypdfium2 8 ms, pdfplumber 90 ms plain, 130 ms in layout mode,
about as much for text lines; every reading gave the same text run after run.

After each page comes a line holding only a form feed (as pdftotext writes one), so line N
of the text is on page 1 + the number of form-feed lines before it (`page_of`). Metadata names
a PDF's lines by their number in this text; errors add the page and the line on that page.
"""

from __future__ import annotations

import io

from statsbidrag.errors import UsageError

PAGE_BREAK = "\f"


def is_pdf(path: str) -> bool:
    return path.lower().endswith(".pdf")


# A space's width in ems (Helvetica's is 0.278, Times' 0.25): the unit a gap is counted in
_SPACE_EM = 0.27
_WORD_GAP, _CELL_GAP = 0.3, 1.6  # in space widths: below, one word; from _CELL_GAP on, cells apart


# A digit printed smaller than the line's text (at most this share of its size) is a footnote
# marker set as a superscript ('Skåne' and a small raised '1'): written as the superscript digit,
# as a text document prints it ('Skåne¹'), so that it is never read as an amount
_SUPERSCRIPT_SIZE = 0.8
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _line_text(chars: list[dict]) -> str:
    out: list[str] = []
    previous = None
    visible = sorted((c for c in chars if not c["text"].isspace()), key=lambda c: c["x0"])
    size = max((c["size"] for c in visible), default=0.0)
    for char in visible:
        if char["size"] <= _SUPERSCRIPT_SIZE * size and char["text"].isdigit() and previous is not None \
                and char["x0"] - previous["x1"] < _CELL_GAP * _SPACE_EM * max(previous["size"], 1.0):
            out.append(char["text"].translate(_SUPERSCRIPT))
            continue
        if previous is not None:
            space = _SPACE_EM * max(previous["size"], 1.0)
            gap = char["x0"] - previous["x1"]
            if gap >= _CELL_GAP * space:
                out.append(" " * max(2, round(gap / space)))
            elif gap >= _WORD_GAP * space:
                out.append(" ")
        out.append(char["text"])
        previous = char
    return "".join(out)


def pdf_lines(data: bytes) -> list[str]:
    """The text lines of every page, a form-feed line after each; raises ValueError when the
    bytes are not a PDF pdfplumber can read."""
    try:
        import pdfplumber  # imported here: only a package with a PDF source needs it
    except ImportError:
        raise UsageError("reading a PDF source needs pdfplumber, the optional extra 'pdf': "
                         "pip install 'statsbidrag[pdf]'", code="SB502") from None
    if not data.startswith(b"%PDF-"):
        raise ValueError("a PDF file (starting with '%PDF-')")
    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                lines.extend(_line_text(line["chars"]) for line in page.extract_text_lines(strip=False,
                                                                                            return_chars=True))
                lines.append(PAGE_BREAK)
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise ValueError(f"a PDF pdfplumber can read ({type(error).__name__}: {error})") from None
    return lines


def page_of(lines: list[str], number: int) -> tuple[int, int]:
    """Line `number` (1-based) of a PDF's text -> (page, line on that page), both 1-based."""
    page, start = 1, 1
    for index in range(min(number, len(lines)) - 1):
        if lines[index] == PAGE_BREAK:
            page, start = page + 1, index + 2
    return page, number - start + 1
