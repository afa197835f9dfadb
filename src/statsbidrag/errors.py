"""Errors meant for people: where, what was expected, what was found, how to fix."""

from __future__ import annotations


class StatsbidragError(Exception):
    """Base class: the message is complete and can be printed as is."""


class SourceError(StatsbidragError):
    """A problem in a file (source document or metadata) at a given line."""

    def __init__(self, file: str, line: int | None, expected: str, found: str, fix: str = ""):
        self.file, self.line, self.expected, self.found, self.fix = file, line, expected, found, fix
        where = f"{file}:{line}" if line else file
        message = f"{where}: expected {expected}; found {found}."
        if fix:
            message += f" {fix}"
        super().__init__(message)


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
