"""The checks the tool runs: always its own, never a package's.

A package carries a copy of checks/ so that a reader sees the rules it was checked
with, but a package being checked is data, never code. `statsbidrag check` (on any
folder) and `statsbidrag verify` run the checks of the installed tool
(`paths.tool_root()`: the checkout's checks/ in an editable install, the copy shipped
inside the wheel otherwise) and only *compare* the package's copy with them.

The tool also knows which checks it expects (`EXPECTED`): a check file that is
missing or renamed fails the run, so a suite cannot silently shrink.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from statsbidrag.paths import tool_root

CHECKS = "checks"
# checks/<name>.sql, one invariant each. Adding a check: write the file (see
# statsbidrag.check.definitions for its header), add its name here, and a mutation that makes
# it fail to tests/slow/test_mutations.py.
EXPECTED = (
    "allocation_key_reproduces",
    "allocation_key_unexplained",
    "allocation_keys_agree",
    "amounts_grouped_in_threes",
    "claims_hold",
    "claims_unverified",
    "drafts_await_review",
    "grant_sources_agree",
    "meaning_matches_wording",
    "meaning_supported",
    "parts_sum_to_whole",
    "population_adds_up",
    "printed_text_at_lines",
    "read_as_printed",
    "references_resolve",
    "regions_complete",
    "regions_match_reference",
    "resources_match_build",
    "row_parts_sum_to_row_total",
    "source_files_intact",
    "table_totals",
    "unit_labels_agree",
    "values_valid",
)
# checks/_<name>.sql: macros the checks use, run first.
HELPERS = ("_allocation_key_fits", "_macros")
# What else a package carries that must be the tool's own for its version.
COMPARED_FOLDERS = ("checks", "schemas")


def excusable() -> tuple[str, ...]:
    """The checks a documented anomaly may excuse: those whose SQL calls documented_at
    (checks/_macros.sql). metadata/anomalies.toml `excuses` may name only these, and
    schemas/anomalies.json's pattern lists the same (tests/unit/test_excusable.py)."""
    return _calling_documented_at(checks_root() / CHECKS)


@functools.cache
def _calling_documented_at(folder: Path) -> tuple[str, ...]:
    """Read once per folder and process: the tool's checks do not change while it runs, and
    metadata validation asks for every anomaly (23 files each time)."""
    def code(name: str) -> str:  # the SQL without its comments
        return re.sub(r"--[^\n]*", "", (folder / f"{name}.sql").read_text(encoding="utf-8"))
    return tuple(name for name in EXPECTED if "documented_at(" in code(name))


def checks_root() -> Path:
    """The folder whose checks/ the tool runs."""
    return tool_root()


def missing(folder: Path) -> list[str]:
    """The expected check and helper files that `folder` (a checks/ folder) lacks."""
    return [f"{CHECKS}/{name}.sql" for name in (*HELPERS, *EXPECTED) if not (folder / f"{name}.sql").is_file()]


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts}


def differences(package: Path, tool: Path | None = None) -> list[tuple[str, str, str]]:
    """-> (file, expected, found) for each file of checks/ and schemas/ that differs
    between the package and the tool. Nothing is parsed or run: bytes are compared."""
    tool = tool_root() if tool is None else tool
    out = []
    for folder in COMPARED_FOLDERS:
        ours, theirs = _files(tool / folder), _files(package / folder)
        for name in sorted(set(ours) | set(theirs)):
            rel = f"{folder}/{name}"
            if name not in theirs:
                out.append((rel, "the file the installed tool has", "no such file"))
            elif name not in ours:
                out.append((rel, "only the files the installed tool has", "a file it does not have (not run)"))
            elif ours[name] != theirs[name]:
                out.append((rel, "the same bytes as the installed tool's copy",
                            "different bytes (the package's copy was not run)"))
    return out
