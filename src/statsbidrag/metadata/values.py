"""What a single value of metadata/*.toml may be: the constrained types the models of
statsbidrag.metadata.models put on their fields (an id, a line number, a county code, a
text that is not a spreadsheet formula, a regular expression with the named groups the
extraction reads ...). Each pattern's meaning to a person is kept in PATTERNS, for the
error messages (statsbidrag.metadata.problems)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

# pattern -> what it means to a person, for error messages
PATTERNS: dict[str, str] = {}


def pattern(regex: str, meaning: str) -> Any:
    """A string type matching `regex`; errors say `meaning` instead of the regex."""
    PATTERNS[regex] = meaning
    return Annotated[str, StringConstraints(pattern=regex)]


# An identifier: lower case ASCII letters, digits and single hyphens ("skr-2021-fordelning").
Id = pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$", "an id of lower-case letters, digits and single hyphens")
# A 1-based line of an archived source document.
Line = Annotated[int, Field(ge=1)]
# Free text that must say something.
def _not_a_formula(value: str) -> str:
    # Text is published in the CSVs; a spreadsheet runs a cell starting with one of these.
    # Refused here so that the error names this file, entry, key and line, not the CSV.
    if value.startswith(("=", "+", "-", "@")):
        raise ValueError("text that does not start with =, +, - or @ (a spreadsheet would run it as a formula)")
    return value


# Free text (published as it is written): may be empty, never a spreadsheet formula.
FreeText = Annotated[str, AfterValidator(_not_a_formula)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_a_formula)]
# Two-digit SCB county code (länskod), e.g. "03".
CountyCode = pattern(r"^[0-9]{2}$", 'a two-digit SCB county code in quotes, e.g. "03"')
CountyCodeOrEmpty = pattern(r"^([0-9]{2})?$", 'a two-digit SCB county code in quotes, e.g. "03", or ""')
# ISO 3166-2:SE subdivision code, e.g. "SE-C", "SE-AB".
IsoCode = pattern(r"^SE-[A-Z]{1,2}$", 'an ISO 3166-2:SE code, e.g. "SE-C"')
Sha256 = pattern(r"^[0-9a-f]{64}$", "64 lower-case hexadecimal digits")
# An archived file directly in sources/: no subfolders, no "..", nothing hidden.
SourcePath = pattern(r"^sources/[A-Za-z0-9][A-Za-z0-9._-]*$",
                     "a file directly in sources/, e.g. \"sources/name.txt\" (no subfolder, no '..')")
Language = pattern(r"^[a-z]{2}$", 'a two-letter ISO 639-1 language code, e.g. "sv"')
Year = Annotated[int, Field(ge=1900, le=2100)]
URLOrEmpty = pattern(r"^(https?://\S+)?$", 'an address starting "https://", or "" when none is known')
GitHashOrEmpty = pattern(r"^([0-9a-f]{40})?$", "a 40-digit lower-case git hash, or \"\"")


def _iso_date_or_empty(value: str) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("a date YYYY-MM-DD, or \"\" when the document prints none") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("a date YYYY-MM-DD, or \"\" when the document prints none")
    return value


DateOrEmpty = Annotated[str, AfterValidator(_iso_date_or_empty)]


def _excusable_check(value: str) -> str:
    # The checks an anomaly may excuse are the ones whose SQL asks documented_at
    # (statsbidrag.toolchecks.excusable): declared once, where the excuse is read.
    from statsbidrag.toolchecks import excusable
    known = excusable()
    if value not in known:
        raise ValueError("one of " + ", ".join(repr(x) for x in known) + " (the checks that read documented_at)")
    return value


Excusable = Annotated[str, AfterValidator(_excusable_check)]


def _linear_time(value: str) -> str:
    # compiled by RE2 (statsbidrag.metadata.patterns): no backreference, no lookaround
    from statsbidrag.metadata.patterns import compile_pattern
    compile_pattern(value)  # PatternError is a ValueError: reported with file, entry, key and line
    return value


# A regular expression of metadata: it runs in linear time (RE2), whatever text it meets.
Pattern = Annotated[str, AfterValidator(_linear_time)]


def regex_with(*groups: str, optional: tuple[str, ...] = ()) -> Any:
    """A regular expression that RE2 compiles (linear time) with the named groups the extraction reads."""
    def check(value: str) -> str:
        from statsbidrag.metadata.patterns import compile_pattern
        names = set(compile_pattern(value).groupindex)
        missing = [g for g in groups if g not in names]
        unknown = sorted(names - set(groups) - set(optional))
        if missing or unknown:
            wanted = ", ".join(f"(?P<{g}>...)" for g in groups)
            if optional:
                wanted += " and optionally " + ", ".join(f"(?P<{g}>...)" for g in optional)
            raise ValueError(f"a regular expression with the groups {wanted}")
        return value
    return Annotated[str, AfterValidator(check)]
