"""The one catalogue of errors: every error the tool raises for people, with a stable code.

An error's message is complete and can be printed as is: it starts with its code, then
says where (file and line), what was expected, what was found and how to fix it:

    SB104: sources/x.txt:12: expected a bullet '* Region name: amount'; found '...'. Check ...

`statsbidrag` prints it as `error SB104: ...`. A code names a *kind* of problem, not a
class: one class (SourceError, UnsafePackageError, ...) carries several codes, and each
raise says which (`code=`). Codes never change meaning; a retired code is not reused.
The numbering, by the stage where the problem is found:

    SB1xx  a source document, and what is read from it         (SourceError)
    SB2xx  metadata/*.toml                                     (MetadataError, SourceError)
    SB3xx  a Table Schema, a translator, a SQL file            (SchemaMappingError, StatsbidragError)
    SB4xx  checking and verifying a package                    (UnsafePackageError, DeadlineError,
                                                                 and the findings of `verify`)
    SB5xx  the command was called wrongly (exit status 2)      (UsageError)
    SB6xx  building and publishing (files, release, report)    (UnsafeTextError, StatsbidragError)
    SB7xx  reading the data as a library (`statsbidrag.load`)  (UnknownResourceError, ValidationError)

`CATALOGUE` below is the catalogue (meaning and how to fix, written once); the table in
docs/ARCHITECTURE.md ("Error codes") shows it, and tests/unit/test_errors.py keeps the
two, the classes and every raise in src/ in agreement. A code whose `raised_as` is
"Finding" is not raised: it names a finding of `verify` (statsbidrag.check.findings).

To add a kind of problem: a new code in the right block of CATALOGUE, a row in the table of
docs/ARCHITECTURE.md, and `code="SBnnn"` where it is raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd


class Code(NamedTuple):
    code: str
    raised_as: str  # the class that carries it (or a subclass), or "Finding"
    meaning: str
    fix: str


CATALOGUE: tuple[Code, ...] = (
    # -- SB1xx: a source document, and what is read from it --------------------------------
    Code("SB101", "SourceError", "an archived source file is missing, lies outside sources/, or its bytes "
         "differ from the SHA-256 in metadata/sources.toml",
         "restore the archived file from git; a new version of a document is a new source"),
    Code("SB102", "SourceError", "a source document cannot be read: a byte that is not UTF-8, line endings "
         "mixed (LF and CRLF, a CR alone), or a PDF without a text layer pdfplumber reads",
         "archive the document as received, converted to UTF-8 if it is not"),
    Code("SB103", "SourceError", "metadata names a line number outside the document",
         "correct the line number in metadata/"),
    Code("SB104", "SourceError", "a line in a table's range is not of the shape its layout reads "
         "(cells, bullet, 'name: amount', regex, header)",
         "correct the table's `rows`, `columns` or `row_regex` in metadata/, or its layout"),
    Code("SB105", "SourceError", "a printed number, amount or date cannot be read",
         "check the value in the source and the column metadata reads it from"),
    Code("SB106", "SourceError", "a printed region name or code is not a region of metadata/regions.toml, "
         "or a code and a name disagree",
         "add the new spelling to the region's `aliases` in metadata/regions.toml"),
    Code("SB107", "SourceError", "a table does not have each of its regions once: a region twice, "
         "missing, or printed although declared absent",
         "correct the table's line range or `absent` in metadata/tables.toml"),
    Code("SB108", "SourceError", "a line does not say what metadata declares it says (header, unit line, "
         "total, item, claim, quote, key)",
         "correct the entry's `line`, regex or quote in metadata/"),
    Code("SB109", "SourceError", "a unit is not one the tool knows, or not the unit the table is read in",
         "correct `unit` (or the claim's unit) in metadata/"),
    Code("SB110", "SourceError", "an excerpt's header (original address, stored copy) is missing or "
         "disagrees with metadata/sources.toml",
         "correct the source's declaration in metadata/sources.toml to what the excerpt prints"),
    Code("SB111", "SourceError", "an amount is not plausible: larger than its table's stated total, or more "
         "than a thousand times the median of its column (a row read across two printed numbers)",
         "correct the table's layout, columns or row_regex in metadata/ so that each amount is read whole"),
    # -- SB2xx: metadata ----------------------------------------------------------------------
    Code("SB201", "MetadataError", "metadata/*.toml breaks its typed model or a rule between entries "
         "(every problem is listed, with file, line, entry and key)",
         "correct each listed key; nothing was built"),
    Code("SB202", "SourceError", "a metadata file is missing or is not valid TOML",
         "restore the file, or correct the TOML syntax at the line named"),
    Code("SB203", "SourceError", "metadata refers to something the package does not hold (a region, "
         "a population date, an archived source), or lacks a key the table needs",
         "correct the reference in the metadata file named"),
    # -- SB3xx: Table Schema, translators, SQL -----------------------------------------------
    Code("SB301", "SchemaMappingError", "a Table Schema feature (type, format, constraint) that a translator "
         "(SQL, DuckDB types, pandera, Great Expectations) does not handle; it is refused, never skipped",
         "use a supported feature, or teach the translator named in the message"),
    Code("SB302", "StatsbidragError", "datapackage.json or a schema is missing, not JSON, not of the shape "
         "tableschema.model reads, lists no resources, or a foreign key names a resource it does not list",
         "run `statsbidrag build`, or correct the file named"),
    Code("SB303", "StatsbidragError", "rows or a CSV header do not have the columns of their schema",
         "run `statsbidrag build`; if it persists, the extraction and the schema disagree"),
    Code("SB304", "StatsbidragError", "a resource or field name is not a lower-case SQL name",
         "rename it in schemas/"),
    Code("SB305", "StatsbidragError", "a SQL file of the package (a view in sql/views/, a macro in checks/) "
         "is missing or DuckDB cannot run it",
         "correct the SQL file named"),
    # -- SB4xx: checking and verifying ---------------------------------------------------------
    Code("SB306", "StatsbidragError", "a query given to `statsbidrag query` was refused or failed: it would "
         "change the database or read or write a file, or DuckDB cannot run it (syntax, an unknown name)",
         "read DuckDB's message and the hint printed with it: the database is read only, query its views"),
    Code("SB401", "StatsbidragError", "a check in checks/ lacks its header (name, description, severity), "
         "its name is not its file name, or the folder is missing",
         "give the check the header described in docs/ARCHITECTURE.md"),
    Code("SB411", "Finding", "SHA256SUMS is missing, malformed, or lacks a line for a file",
         "download the release again; a package must list every file"),
    Code("SB412", "Finding", "a file's SHA-256 or size differs from (or is not declared in) SHA256SUMS or "
         "datapackage.json",
         "do not use the package: it is not what was published"),
    Code("SB413", "Finding", "a file that SHA256SUMS or datapackage.json names is not in the package",
         "download the release again"),
    Code("SB414", "Finding", "a file in the package is not listed, or is a symbolic link",
         "do not use the package: it is not what was published"),
    Code("SB415", "Finding", "the archive's SHA-256 is not the published one given with --sha256",
         "download the release again from where it is published"),
    Code("SB416", "Finding", "the package's checks/ or schemas/ differ from the installed tool's",
         "verify it with the version of the tool that made it"),
    Code("SB421", "UnsafePackageError", "a path that would leave the package (absolute, remote, '..', a "
         "link), a special file, a name twice, an encrypted or damaged entry",
         "do not use the package; nothing was written outside a temporary folder"),
    Code("SB422", "UnsafePackageError", "a download over a size limit (bytes, files, compression ratio)",
         "raise the limit with --max-mib if you trust the source"),
    Code("SB423", "UnsafePackageError", "datapackage.json names a profile a validator would fetch or read, "
         "or is not a JSON object listing its resources",
         "do not use the package"),
    Code("SB424", "StatsbidragError", "the target is not a package: no datapackage.json, not a zip, "
         "not a folder or an http(s) address",
         "give a release zip, an unzipped package folder or an http(s) address"),
    Code("SB425", "UnsafePackageError", "a download redirected or pointing to another origin or folder",
         "download the package from where it is published"),
    Code("SB426", "StatsbidragError", "a download failed (an HTTP error, no connection)",
         "check the address and the network, then try again"),
    Code("SB427", "DeadlineError", "a download did not finish within --timeout",
         "try again later, or allow more time with --timeout"),
    Code("SB428", "StatsbidragError", "the fresh extraction that check compares with did not finish in time",
         "make the regular expressions in metadata/ match plainly (no nested repetition)"),
    # -- SB5xx: the command was called wrongly ------------------------------------------------
    Code("SB501", "UsageError", "an argument is not of the form the command expects",
         "correct the argument as the message says"),
    Code("SB502", "UsageError", "the command needs an optional extra that is not installed",
         'install it: pip install "statsbidrag-VERSION-py3-none-any.whl[report]" (the wheel published '
         "with the release)"),
    Code("SB503", "UsageError", "the command would write into the copy inside the installed package",
         "run it inside a checkout or an unzipped release, or pass --root/--out"),
    Code("SB504", "UsageError", "--root or STATSBIDRAG_ROOT names a folder that does not exist",
         "give the folder of a package (one holding datapackage.json or metadata/)"),
    # -- SB6xx: building and publishing -----------------------------------------------------------
    Code("SB601", "StatsbidragError", "a file the package should hold is missing (datapackage.json, a "
         "resource, CHANGELOG.md, sql/views/)",
         "run `statsbidrag build` (in a checkout)"),
    Code("SB602", "UnsafeTextError", "a text value starts with =, +, - or @: a spreadsheet would run it",
         "correct the value where it comes from (metadata or the extraction)"),
    Code("SB603", "StatsbidragError", "a release was refused: a check fails",
         "run `statsbidrag check`, fix the package, run `statsbidrag dist` again"),
    Code("SB604", "StatsbidragError", "a release was refused: the package is not what `statsbidrag build` "
         "makes, not of this version, or not in a checkout",
         "run `statsbidrag build` in a checkout and commit the result"),
    Code("SB605", "StatsbidragError", "CHANGELOG.md has no section for the version, or a release template "
         "has a placeholder without a value",
         "add the section '## VERSION (YYYY-MM-DD)' to CHANGELOG.md"),
    Code("SB606", "StatsbidragError", "a release file could not be made: a symbolic link in the package, "
         "a wheel that does not build, a zip that does not read back",
         "follow the message; replace a link with the file itself"),
    Code("SB607", "StatsbidragError", "the report's output folder exists and was not written by the report",
         "remove it, or choose another --out"),
    Code("SB608", "StatsbidragError", "the report's tile map does not place each region once",
         "correct the tile map named in the message"),
    Code("SB609", "StatsbidragError",
         "another build or `add --write` is running in the package folder (it holds the folder's lock)",
         "wait for it to finish, then run the command again"),
    # -- SB7xx: reading the data as a library -----------------------------------------------------
    Code("SB701", "UnknownResourceError", "the name is not a tabular resource of the package",
         "use one of the names the message lists (statsbidrag.resource_names())"),
    Code("SB702", "ValidationError", "a frame or a resource's CSV does not satisfy its Table Schema",
         "correct the values listed (in sources or metadata for a published resource)"),
    Code("SB703", "StatsbidragError", "a resource's CSV cannot be read (missing, not UTF-8 CSV, "
         "another dialect)",
         "rebuild the package with `statsbidrag build`"),
)
CODES: dict[str, Code] = {c.code: c for c in CATALOGUE}


class StatsbidragError(Exception):
    """Base class: the message is complete (it starts with the code) and can be printed as is.

    `code` is the kind of problem (a key of CODES); `detail` the message without it.
    """

    code: str = ""  # a subclass with one kind of problem sets it; otherwise each raise passes code=

    def __init__(self, message: str, *, code: str | None = None):
        self.code = code or type(self).code
        entry = CODES.get(self.code)
        if entry is None or entry.raised_as not in {k.__name__ for k in type(self).__mro__}:
            raise TypeError(f"{type(self).__name__}: expected a code of errors.CODES raised as this class; "
                            f"found {self.code!r}")
        self.detail = message
        super().__init__(f"{self.code}: {message}")


class SourceError(StatsbidragError):
    """A problem in a file (source document or metadata) at a given line."""

    def __init__(self, file: str, line: int | None, expected: str, found: str, fix: str = "", *,
                 code: str | None = None, page: tuple[int, int] | None = None):
        self.file, self.line, self.expected, self.found, self.fix = file, line, expected, found, fix
        self.page = page  # a PDF's (page, line on that page) of `line`, statsbidrag.extract.pdf
        where = f"{file}:{line}" if line else file
        if line and page:
            where += f" (page {page[0]}, line {page[1]})"
        self._where_args = (file, line, expected, found, fix)
        message = f"{where}: expected {expected}; found {found}."
        if fix:
            message += f" {fix}"
        super().__init__(message, code=code)


    def at_page(self, page: tuple[int, int] | None) -> SourceError:
        """This error, naming also the page of a PDF and the line on it (statsbidrag.extract.pdf)."""
        return SourceError(*self._where_args, code=self.code, page=page)


class Problem:
    """One thing wrong with a metadata file, located and explained."""

    def __init__(self, file: str, line: int | None, entry: str, key: str, expected: str, found: str):
        self.file, self.line, self.entry, self.key = file, line, entry, key
        self.expected, self.found = expected, found

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f", key `{self.key}`" if self.key else ""
        return f"{where}: {self.entry}{key}: expected {self.expected}; found {self.found}."

    def __repr__(self) -> str:
        return f"Problem({self})"


class MetadataError(SourceError):
    """Every problem found in metadata/*.toml, reported together before anything is read or written."""

    code = "SB201"

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        self.problems = problems
        self.file, self.line, self.expected, self.found, self.fix = \
            first.file, first.line, first.expected, first.found, ""
        count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
        StatsbidragError.__init__(
            self, f"{count} in metadata/ (nothing was built; correct them and run the build again):\n"
            + "\n".join(f"  {p}" for p in problems))


class UsageError(StatsbidragError):
    """The command was called wrongly (exit status 2, like a bad option)."""

    code = "SB501"


class SchemaMappingError(StatsbidragError):
    """A Table Schema feature that has no pandera translation here (yet)."""

    code = "SB301"


class UnsafeTextError(StatsbidragError):
    """A value that a spreadsheet would execute."""

    code = "SB602"


class UnsafePackageError(StatsbidragError):
    """A downloaded package (zip, folder, address) that is refused before it is read."""


class DeadlineError(StatsbidragError):
    """The download did not finish in the time allowed (--timeout)."""

    code = "SB427"


class UnknownResourceError(StatsbidragError, LookupError):
    """The name is not a tabular resource of the package; the message lists the valid names."""

    code = "SB701"


class ValidationError(StatsbidragError, ValueError):
    """A frame does not satisfy its resource's schema.

    `failures` is a DataFrame with one row per failing cell or column: column,
    rule, value, index (frame index label) and, for load(), row (CSV row, header = 1).
    The message groups them by column and rule, lists the rows and says how to fix.
    """

    code = "SB702"

    def __init__(self, message: str, resource: str, failures: pd.DataFrame):
        super().__init__(message)
        self.resource, self.failures = resource, failures
