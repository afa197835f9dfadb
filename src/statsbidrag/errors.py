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


class UsageError(StatsbidragError):
    """The command was called wrongly (exit status 2, like a bad option)."""
