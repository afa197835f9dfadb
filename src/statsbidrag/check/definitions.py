"""The checks: files checks/<name>.sql in the dbt style, each with a header

    -- name: regions_complete
    -- description: one line saying what the check asserts
    -- severity: error            (or warning)

and one SELECT that returns the offending rows; an empty result is a pass. By
convention the first column, `problem`, says in a sentence what is wrong and where
(table, region, file and line). Files whose name starts with "_" are not checks: they
define shared macros and are run first, in name order (statsbidrag.check.database).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from statsbidrag.errors import StatsbidragError

SEVERITIES = ("error", "warning")
CHECKS_FOLDER = "checks"
_HEADER = re.compile(r"^--\s*(name|description|severity)\s*:\s*(.*?)\s*$")

@dataclass(frozen=True)
class CheckDefinition:
    name: str
    description: str
    severity: str
    sql: str
    path: Path


def _parse_check(path: Path, root: Path) -> CheckDefinition:
    sql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    where = path.relative_to(root) if path.is_relative_to(root) else path
    missing = [key for key in ("name", "description", "severity") if not header.get(key)]
    if missing:
        raise StatsbidragError(f"{where}: expected a header of comment lines '-- name: ...', "
                               f"'-- description: ...', '-- severity: error|warning' at the top; "
                               f"found none for {', '.join(missing)}.", code="SB401")
    if header["name"] != path.stem:
        raise StatsbidragError(f"{where}: expected '-- name: {path.stem}' (the file name); "
                               f"found '{header['name']}'.", code="SB401")
    if header["severity"] not in SEVERITIES:
        raise StatsbidragError(f"{where}: expected severity error or warning; found '{header['severity']}'.",
                               code="SB401")
    return CheckDefinition(header["name"], header["description"], header["severity"], sql, path)


def checks_folder(root: Path) -> Path:
    folder = Path(root) / CHECKS_FOLDER
    if not folder.is_dir():
        raise StatsbidragError(f"{folder}: expected the folder of SQL checks; found no such folder.", code="SB401")
    return folder


def load_check_definitions(root: Path | None = None) -> list[CheckDefinition]:
    """The checks in <root>/checks/*.sql (not the _*.sql helpers), in file name order.

    The default root is the installed tool's (statsbidrag.toolchecks): the only checks
    `check` and `verify` run."""
    from statsbidrag.toolchecks import checks_root
    root = Path(root) if root is not None else checks_root()
    return [_parse_check(path, root) for path in sorted(checks_folder(root).glob("*.sql"))
            if not path.name.startswith("_")]

