"""The allocation key of each table: the `allocation_keys` resource.

metadata/allocation_keys.toml declares, per table, how its money is divided (the
kinds are in KINDS) and what the source says about it. Nothing there is an amount: a
fixed part per region is read from its source line by a regex, like a claim, and a
quote must stand on its line. Whether a declared key holds is for the checks
(allocation_key_reproduces, allocation_keys_agree, allocation_key_unexplained).

TOML has no line numbers, so errors find the line of the offending key in the file's
text (`_line_of`): a maintainer is pointed at the line to correct.
"""

from __future__ import annotations

import re
from pathlib import Path

from .claims import CLAIM_UNITS
from .documents import Document
from .errors import SourceError
from .metadata import read_toml
from .text import clean, printed, scaled_amount

WHERE = "metadata/allocation_keys.toml"
KINDS = ("population_at_date", "population_unknown_date", "fixed_plus_population", "performance",
         "cost_structure", "unknown")
BASES = {"population_at_date": ("stated", "inferred"), "population_unknown_date": ("unknown",),
         "fixed_plus_population": ("stated", "inferred", "unknown")}
_REQUIRED = {"table", "kind", "note"}
_OPTIONAL = {"date_basis", "population_source", "population_date", "group", "also_allotted", "fixed_part",
             "quote"}


def _line_of(text: str, table: str, key: str | None = None) -> int | None:
    """The line of `key = ...` in the [[key]] block of `table` (or of `table = ...` itself)."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(rf'^table\s*=\s*"{re.escape(table)}"', line)), None)
    if start is None:
        return None
    if key is None:
        return start + 1
    for i in range(start, len(lines)):
        if i > start and lines[i].startswith("[["):
            break
        if re.match(rf"^{re.escape(key)}\s*=", lines[i]):
            return i + 1
    return start + 1


class _Keys:
    """One pass over the file, with the context every error message needs."""

    def __init__(self, root: Path, documents: dict[str, Document], tables: dict[str, dict],
                 population: list[dict], region_codes: set[str]):
        self.text = (root / "metadata" / "allocation_keys.toml").read_text(encoding="utf-8") \
            if (root / "metadata" / "allocation_keys.toml").is_file() else ""
        self.entries = read_toml(root / "metadata" / "allocation_keys.toml").get("key", []) if self.text else []
        self.documents, self.tables, self.region_codes = documents, tables, region_codes
        self.dates = sorted({(p["source_id"], p["reference_date"]) for p in population})

    def fail(self, entry: dict, key: str | None, expected: str, found: str, fix: str = "") -> None:
        table = str(entry.get("table", "?"))
        raise SourceError(WHERE, _line_of(self.text, table, key), f"key of table '{table}': {expected}", found, fix)

    def record(self, entry: dict) -> dict:
        self._check_keys(entry)
        kind, table = entry["kind"], self.tables[entry["table"]]
        basis = entry.get("date_basis", "")
        if kind in BASES and basis not in BASES[kind]:
            self.fail(entry, "date_basis" if basis else "kind", f"date_basis in {', '.join(BASES[kind])} "
                      f"for kind {kind}", f"'{basis}'")
        if kind not in BASES and basis:
            self.fail(entry, "date_basis", f"no date_basis for kind {kind} (not a population key)", f"'{basis}'")
        source, date = self._population_basis(entry, kind, basis)
        fixed = self._fixed_part(entry, table) if kind == "fixed_plus_population" else (None, "", None)
        quote, quote_line = self._quote(entry, table)
        allotted = entry.get("also_allotted", [])
        unknown = [c for c in allotted if c not in self.region_codes]
        if unknown:
            self.fail(entry, "also_allotted", "region codes of metadata/regions.toml", ", ".join(map(str, unknown)))
        return {"table_id": entry["table"], "key_kind": kind, "population_source_id": source,
                "population_date": date, "date_basis": basis, "key_group": entry.get("group", ""),
                "also_allotted": " ".join(sorted(allotted)), "fixed_part_sek": fixed[0],
                "fixed_part_text": fixed[1], "fixed_part_line": fixed[2], "source_quote": quote,
                "source_quote_line": quote_line, "note": " ".join(entry["note"].split())}

    def _check_keys(self, entry: dict) -> None:
        missing, unknown = sorted(_REQUIRED - set(entry)), sorted(set(entry) - _REQUIRED - _OPTIONAL)
        if missing or unknown:
            self.fail(entry, None, f"keys {', '.join(sorted(_REQUIRED))} and optionally "
                      f"{', '.join(sorted(_OPTIONAL))}", f"missing {', '.join(missing) or 'none'}, "
                      f"unknown {', '.join(unknown) or 'none'}")
        if entry["table"] not in self.tables:
            self.fail(entry, None, "a table of metadata/tables.toml", f"'{entry['table']}'")
        if entry["kind"] not in KINDS:
            self.fail(entry, "kind", f"a kind in {', '.join(KINDS)}", f"'{entry['kind']}'")

    def _population_basis(self, entry: dict, kind: str, basis: str) -> tuple[str, str]:
        source, date = entry.get("population_source", ""), entry.get("population_date", "")
        known = kind == "population_at_date" or (kind == "fixed_plus_population" and basis != "unknown")
        if not known:
            if source or date:
                self.fail(entry, "population_date" if date else "population_source",
                          "no population date for a key whose date is unknown", f"'{source}' '{date}'")
            return "", ""
        if (source, date) not in self.dates:
            have = "; ".join(f"{s} {d}" for s, d in self.dates) or "none"
            self.fail(entry, "population_date" if date else "population_source",
                      "a population_source and population_date the package has population for "
                      f"(it has: {have})", f"'{source}' '{date}'",
                      "Declare the population in metadata/population.toml first, or correct the date.")
        return source, date

    def _document(self, table: dict) -> Document:
        return self.documents[table["source_id"]]

    def _fixed_part(self, entry: dict, table: dict) -> tuple[int, str, int]:
        spec = entry.get("fixed_part")
        if not isinstance(spec, dict) or set(spec) != {"line", "regex"}:
            self.fail(entry, "fixed_part" if spec else "kind", "fixed_part = { line = N, regex = '...' } with "
                      "groups (?P<amount>...) and (?P<unit>...)", repr(spec))
        doc = self._document(table)
        line = printed(doc.line(spec["line"]))
        match = re.search(spec["regex"], line)
        if not match or not {"amount", "unit"} <= set(match.groupdict()):
            raise SourceError(doc.path, spec["line"], f"the fixed part of table '{entry['table']}' matching "
                              f"/{spec['regex']}/ with groups amount and unit ({WHERE})", f"'{clean(line)[:160]}'")
        if match.group("unit") not in CLAIM_UNITS:
            raise SourceError(doc.path, spec["line"], f"a unit in {', '.join(CLAIM_UNITS)}", f"'{match['unit']}'")
        try:
            value, _ = scaled_amount(match.group("amount"), CLAIM_UNITS[match.group("unit")])
        except ValueError as reason:
            raise SourceError(doc.path, spec["line"], str(reason), f"'{match['amount']}'") from None
        return value, match.group(0), spec["line"]

    def _quote(self, entry: dict, table: dict) -> tuple[str, int | None]:
        spec = entry.get("quote")
        if spec is None:
            return "", None
        if not isinstance(spec, dict) or set(spec) != {"line", "text"}:
            self.fail(entry, "quote", "quote = { line = N, text = '...' }", repr(spec))
        doc = self._document(table)
        if spec["text"] not in printed(doc.line(spec["line"])):
            raise SourceError(doc.path, spec["line"], f"the quote '{spec['text']}' of the key of table "
                              f"'{entry['table']}' ({WHERE})", f"'{clean(printed(doc.line(spec['line'])))[:160]}'",
                              "Correct the quote's line or text.")
        return spec["text"], spec["line"]


def extract_allocation_keys(root: Path, documents: dict[str, Document], tables: list[dict],
                            population: list[dict], region_codes: set[str]) -> list[dict]:
    """Rows of the `allocation_keys` resource, in the order of the file; one per table at most."""
    keys = _Keys(root, documents, {t["table_id"]: t for t in tables}, population, region_codes)
    rows, seen = [], set()
    for entry in keys.entries:
        row = keys.record(entry)
        if row["table_id"] in seen:
            keys.fail(entry, None, "one key per table", "a second [[key]] for the same table")
        seen.add(row["table_id"])
        rows.append(row)
    return rows
