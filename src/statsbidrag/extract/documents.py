"""Opening an archived source document safely.

A source is accepted only if it is the exact file that was archived (SHA-256) and is UTF-8
with one kind of line ending (LF, or CRLF throughout; a byte-order mark allowed). Line numbers
everywhere in the package are 1-based positions in its lines as read_lines reads them. A PDF (a path ending in .pdf)
is archived and hashed the same way; its lines are those of its text (statsbidrag.extract.pdf),
and an error at one of its lines names the page and the line on that page too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.pdf import is_pdf, page_of, pdf_lines

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import Source


@dataclass(frozen=True)
class Document:
    source_id: str
    path: str  # relative to the package root, e.g. sources/x.txt
    sha256: str
    bytes: int
    lines: list[str]

    def line(self, number: int) -> str:
        if not 1 <= number <= len(self.lines):
            raise SourceError(self.path, number, f"a line between 1 and {len(self.lines)}",
                              f"line {number}", "Correct the line number in metadata/.", code="SB103")
        return self.lines[number - 1]

    def page(self, number: int) -> tuple[int, int] | None:
        """(page, line on the page) of a PDF's line; None for a text source."""
        return page_of(self.lines, number) if is_pdf(self.path) else None

    def locate(self, error: SourceError) -> SourceError:
        """`error`, naming the page and the line on it when it is at a line of this PDF."""
        if error.file != self.path or not error.line or error.page or not is_pdf(self.path):
            return error
        return error.at_page(self.page(error.line))


BOM = b"\xef\xbb\xbf"
_LONE_LINE_END = re.compile(rb"\r(?!\n)|(?<!\r)\n")  # a CR or an LF that is not part of a CRLF
_CR = re.compile(rb"\r")


# The narrow spaces some typesetters put between an amount's digit groups, read as the
# no-break space every reader of amounts knows ('215 942 447' with U+202F reads as with U+00A0).
NARROW_SPACES = {"\u202f": "\u00a0", "\u2009": "\u00a0"}
_AS_NO_BREAK_SPACES = str.maketrans(NARROW_SPACES)


def read_lines(rel: str, data: bytes) -> list[str]:
    """The lines of an archived file's bytes: a PDF's text, or the UTF-8 text split at its line ends.

    A file saved on Windows or by a spreadsheet ('CSV UTF-8') is archived as it came, with its
    byte-order mark and CRLF line endings: they are how the file is stored, not what it prints,
    so the BOM is not part of line 1 and a CR before each LF not part of its line. A narrow
    no-break space or a thin space (NARROW_SPACES) is read as a no-break space. Every reader
    of a source's lines reads them here (the check's DuckDB reading leaves such a file to it).
    """
    if is_pdf(rel):
        try:
            lines = pdf_lines(data)
        except ValueError as reason:
            raise SourceError(rel, None, str(reason), "a file pdfplumber cannot read",
                              "Archive the PDF as received; a scanned page without a text layer cannot be read.",
                              code="SB102") from None
    else:
        _refuse_encoding_problems(rel, data)
        text = data.decode("utf-8").removeprefix("\ufeff")
        lines = text.split("\r\n" if "\r" in text else "\n")
    return [line.translate(_AS_NO_BREAK_SPACES) for line in lines] if any(
        space in line for line in lines for space in NARROW_SPACES) else lines


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_document(root: Path, source: Source) -> Document:
    rel = source.path
    path = root / rel
    if not path.resolve().is_relative_to(Path(root).resolve()):
        raise SourceError(rel, None, "a file inside the package's sources/ folder",
                          f"a path that resolves to {path.resolve()}", "Archive the document in sources/.",
                          code="SB101")
    if not path.is_file():
        raise SourceError(rel, None, "the archived source document", "no such file",
                          "Restore it from git; sources are never edited.", code="SB101")
    data = path.read_bytes()
    digest = sha256_of(data)
    if digest != source.sha256:
        raise SourceError(rel, None, f"SHA-256 {source.sha256} (metadata/sources.toml)",
                          f"{digest}: the file has changed since it was archived",
                          "Restore the archived file; a new version of a document is a new source.", code="SB101")
    return Document(source.id, rel, digest, len(data), read_lines(rel, data))


def _refuse_encoding_problems(rel: str, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(rel, line, "UTF-8 text", f"byte 0x{data[error.start]:02x} that is not UTF-8",
                          "Convert the document to UTF-8 before archiving it.", code="SB102") from None
    if b"\r" in data:
        # the first line's ending is the file's: a CR or an LF that does not follow it is refused
        crlf = data.find(b"\r\n") == data.find(b"\n") - 1 >= 0
        odd = (_LONE_LINE_END if crlf else _CR).search(data)
        if odd is not None:
            what = "a CR" if odd.group() == b"\r" else "an LF"
            raise SourceError(rel, data[:odd.start()].count(b"\n") + 1,
                              f"every line ending in {'CRLF' if crlf else 'LF'}, as the first does",
                              f"{what} {'not part of a CRLF' if crlf else 'in the line'}",
                              "Archive the document as it was received; a file that mixes line endings was "
                              "changed after it was published.", code="SB102")
