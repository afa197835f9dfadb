"""Rules that need more than one value: unique ids, references between files, an
alias under one region only, and values of a table that must agree with each other.

Each rule adds problems to the Collector; none stops at the first. References are
checked against the ids *written* in the other file (even in an entry that has
problems of its own), so one mistake is reported once, where it is.
"""

from __future__ import annotations

from pathlib import Path

from statsbidrag.metadata.models import AllocationKey, Claim, Grant, PackageFile, PopulationColumn, Region, Table
from statsbidrag.metadata.names import clean
from statsbidrag.metadata.patterns import compile_pattern
from statsbidrag.metadata.problems import Collector, FileText

# file -> the keys that must be unique among its entries
UNIQUE = {
    "regions.toml": ["code", "iso", "county_name"],
    "sources.toml": ["id", "path", "sha256"],
    "grants.toml": ["id"],
    "tables.toml": ["id"],
    "claims.toml": ["id"],
    "anomalies.toml": ["id"],
    "allocation_keys.toml": ["table", "claim"],
}

# (file, key) -> (file, key) it refers to; a list value refers to each of its items
REFERENCES = {
    ("tables.toml", "source"): ("sources.toml", "id"),
    ("tables.toml", "grant"): ("grants.toml", "id"),
    ("grants.toml", "included_in"): ("grants.toml", "id"),
    ("tables.toml", "region"): ("regions.toml", "code"),
    ("claims.toml", "source"): ("sources.toml", "id"),
    ("claims.toml", "tables"): ("tables.toml", "id"),
    ("claims.toml", "region"): ("regions.toml", "code"),
    ("anomalies.toml", "source"): ("sources.toml", "id"),
    ("population.toml", "source"): ("sources.toml", "id"),
    ("allocation_keys.toml", "table"): ("tables.toml", "id"),
    ("allocation_keys.toml", "claim"): ("claims.toml", "id"),
    ("allocation_keys.toml", "population_source"): ("sources.toml", "id"),
    ("allocation_keys.toml", "also_allotted"): ("regions.toml", "code"),
}


def _raw_entries(file: FileText) -> list:
    entries = file.data.get(file.entries_key, []) if file.entries_key else []
    return entries if isinstance(entries, list) else []


def check_unique(files: dict[str, FileText], problems: Collector) -> None:
    for name, keys in UNIQUE.items():
        file = files.get(name)
        if file is None:
            continue
        for key in keys:
            first: dict = {}
            for index, entry in enumerate(_raw_entries(file)):
                value = entry.get(key) if isinstance(entry, dict) else None
                if not isinstance(value, (str, int)) or value == "":
                    continue
                path = (file.entries_key, index, key)
                if value in first:
                    problems.add(file, path, f"each {key} once in {name}",
                                 f"{value!r} again; it is first at line {file.lines.line(first[value])}")
                else:
                    first[value] = path


def check_references(files: dict[str, FileText], problems: Collector) -> None:
    for (name, key), (target_name, target_key) in REFERENCES.items():
        file, target = files.get(name), files.get(target_name)
        if file is None or target is None:
            continue
        known = {e.get(target_key) for e in _raw_entries(target) if isinstance(e, dict)}
        for index, entry in enumerate(_raw_entries(file)):
            value = entry.get(key) if isinstance(entry, dict) else None
            values = value if isinstance(value, list) else [value]
            for position, item in enumerate(values):
                if not isinstance(item, str) or item == "" or item in known:
                    continue
                path = (file.entries_key, index, key) + ((position,) if isinstance(value, list) else ())
                problems.add(file, path, f"{'an' if target_key == 'id' else 'a'} {target_key} of a "
                             f"[[{target.entries_key}]] in metadata/{target_name}", repr(item))


def check_families(file: FileText, problems: Collector) -> None:
    """Each [[family]] id once, and each grant's `family` one of them (both in grants.toml)."""
    families = [e for e in file.data.get("family", []) if isinstance(e, dict)]
    seen: dict[str, int] = {}
    for index, entry in enumerate(families):
        value = entry.get("id")
        if isinstance(value, str) and value in seen:
            problems.add(file, ("family", index, "id"), "each family id once in grants.toml",
                         f"{value!r} again; it is first at line {file.lines.line(('family', seen[value], 'id'))}")
        elif isinstance(value, str):
            seen[value] = index
    for index, entry in enumerate(_raw_entries(file)):
        value = entry.get("family") if isinstance(entry, dict) else None
        if isinstance(value, str) and value not in seen:
            problems.add(file, ("grant", index, "family"), "the id of a [[family]] in metadata/grants.toml",
                         repr(value))


def check_region_names(file: FileText, regions: dict[int, Region], problems: Collector) -> None:
    """Every spelling (short name, official name, alias) belongs to one region only."""
    owner: dict[str, tuple[str, tuple]] = {}
    for index, region in regions.items():
        spellings: list[tuple[str, int | None, str]] = [("short_name", None, region.short_name),
                                                         ("official_name", None, region.official_name)]
        spellings += [("aliases", i, alias) for i, alias in enumerate(region.aliases)]
        for key, position, spelling in spellings:
            path = ("region", index, key) + ((position,) if position is not None else ())
            name = clean(spelling)
            if name in owner and owner[name][0] != region.code:
                other, other_path = owner[name]
                problems.add(file, path, "each region name or alias under one region only",
                             f"'{spelling}', which is also a name of region {other} "
                             f"(line {file.lines.line(other_path)})")
            owner.setdefault(name, (region.code, path))


def check_tables(file: FileText, tables: dict[int, Table], problems: Collector) -> None:
    """Values of a region table that must agree with each other. (The keys each kind of table
    needs or may not have, and its layouts, are its model's: models.RegionTable, BreakdownTable.)"""
    for index, table in tables.items():
        if table.kind != "regions":
            continue

        def problem(key: str, expected: str, found: str, index: int = index) -> None:
            problems.add(file, ("table", index, key), expected, found)
        if (table.layout == "regex_line") != (table.row_regex is not None):
            problem("row_regex", "`row_regex` set exactly when the layout is \"regex_line\"",
                    f"layout {table.layout!r} and row_regex {table.row_regex!r}")
        if table.rows[0] > table.rows[1]:
            problem("rows", "[first, last] with first <= last", str(table.rows))
        if table.column > table.columns:
            problem("column", f"a column between 1 and `columns` ({table.columns})", str(table.column))


def check_claims(file: FileText, claims: dict[int, Claim], problems: Collector) -> None:
    for index, claim in claims.items():
        if bool(claim.tables) == (claim.unverifiable is not None):
            key = "tables" if claim.tables else "unverifiable"
            problems.add(file, ("claim", index, key), "either `tables` (what checks the claim) or "
                         "`unverifiable` (why no table can)", "both" if claim.tables else "neither")
        printed_unit = "unit" in compile_pattern(claim.regex).groupindex
        if printed_unit == (claim.unit is not None):
            problems.add(file, ("claim", index, "regex" if not printed_unit else "unit"),
                         "a regex with the group (?P<unit>...) for the unit printed with the number, or, "
                         "only when the line prints none, a declared `unit`", "both" if printed_unit else "neither")
        if claim.region and not claim.tables:
            problems.add(file, ("claim", index, "region"), "`region` only with `tables`",
                         f"region {claim.region!r} on an unverifiable claim")


def check_package(file: FileText, package: PackageFile, resources: list[str], problems: Collector) -> None:
    for name in resources:
        if name not in package.resources:
            problems.add(file, ("resources",), f"a [resources.{name}] table with a title and a description",
                         "none")
    for name in package.resources:
        if name not in resources:
            problems.add(file, ("resources", name), f"a resource the build publishes ({', '.join(resources)})",
                         f"[resources.{name}]")




_POPULATION_LAYOUT_KEYS = {"csv_dates": ("header_line",), "row_regex": ("date_line", "date_regex", "row_regex"),
                           "scb_csv": ("header_line",), "scb_jsonstat2": ()}
# key kind -> the date bases it allows; a kind not listed is not a population key
_DATE_BASES = {"population_at_date": ("stated", "inferred"), "population_unknown_date": ("unknown",),
               "fixed_plus_population": ("stated", "inferred", "unknown")}


def check_population(file: FileText, columns: dict[int, PopulationColumn], problems: Collector) -> None:
    """The keys each population layout needs, and no others."""
    for index, column in columns.items():
        needed = _POPULATION_LAYOUT_KEYS[column.layout]
        for key in needed:
            if getattr(column, key) is None:
                problems.add(file, ("population", index, key),
                             f"the key `{key}` to be set (layout \"{column.layout}\" needs it)", "it missing")
        for layout, keys in _POPULATION_LAYOUT_KEYS.items():
            for key in keys:
                if key not in needed and getattr(column, key) is not None:
                    problems.add(file, ("population", index, key),
                                 f"no `{key}` with layout \"{column.layout}\" (only {layout} reads it)",
                                 f"`{key}` set")
        if column.rows[0] > column.rows[1]:
            problems.add(file, ("population", index, "rows"), "[first, last] with first <= last", str(column.rows))


def check_allocation_keys(file: FileText, keys: dict[int, AllocationKey], problems: Collector) -> None:
    """What each kind of key needs: a date basis for a population key, population figures
    exactly when the date is known, a fixed part exactly for fixed_plus_population."""
    for index, key in keys.items():
        def problem(name: str, expected: str, found: str, index: int = index) -> None:
            problems.add(file, ("key", index, name), expected, found)
        if (key.table is None) == (key.claim is None):
            problem("table", "either `table` (a table's key) or `claim` (the key of an amount stated only in prose)",
                    "both" if key.table else "neither")
        if key.claim is not None:
            for name in ("group", "also_allotted", "fixed_part"):
                if getattr(key, name):
                    problem(name, f"no `{name}` on the key of a claim (it has no rows to group, allot or fix)",
                            f"`{name}` set")
        bases = _DATE_BASES.get(key.kind)
        if bases and key.date_basis not in bases:
            problem("date_basis" if key.date_basis else "kind",
                    f"date_basis {' or '.join(repr(b) for b in bases)} for kind {key.kind!r}", repr(key.date_basis))
        if not bases and key.date_basis:
            problem("date_basis", f"no date_basis for kind {key.kind!r} (not a population key)",
                    repr(key.date_basis))
        known = bool(bases) and key.date_basis in ("stated", "inferred")
        for name in ("population_source", "population_date"):
            value = getattr(key, name)
            if known and value is None:
                problem(name, f"the key `{name}` to be set (a key with date_basis {key.date_basis!r} names "
                        "the population it divides by)", "it missing")
            if not known and value is not None:
                problem(name, f"no `{name}` for a key whose date is not known", repr(value))
        if (key.kind == "fixed_plus_population") != (key.fixed_part is not None):
            problem("fixed_part", "fixed_part = { line, regex } exactly for kind 'fixed_plus_population'",
                    "it missing" if key.fixed_part is None else f"it set on kind {key.kind!r}")


# A grant's `basis` (what its sources say about how the money is divided) -> the key kinds
# its tables may have (what the package found). "" (the sources say nothing) allows any kind.
KINDS_FOR_BASIS = {
    "population": ("population_at_date", "population_unknown_date"),
    "population plus a fixed sum": ("fixed_plus_population",),
    "performance": ("performance",),
    "cost structure": ("cost_structure",),
    "mixed": ("unknown",),
}


def check_keys_match_basis(file: FileText, keys: dict[int, AllocationKey], tables: dict[int, Table],
                           grants: dict[int, Grant], problems: Collector) -> None:
    """A table's key kind agrees with what its grant's sources say (grants.toml `basis`):
    the two record one fact from two sides, so a contradiction is a metadata error."""
    grant_of = {table.id: table.grant for table in tables.values()}
    basis_of = {grant.id: grant.basis for grant in grants.values()}
    for index, key in keys.items():
        basis = basis_of.get(grant_of.get(key.table, ""), "")
        kinds = KINDS_FOR_BASIS.get(basis)
        if kinds and key.kind not in kinds:
            problems.add(file, ("key", index, "kind"),
                         f"kind {' or '.join(repr(k) for k in kinds)}: grant {grant_of[key.table]!r} has basis "
                         f"{basis!r} in metadata/grants.toml (correct the kind, or the grant's basis)",
                         repr(key.kind))


def check_grant_quotes(file: FileText, grants: dict[int, Grant], problems: Collector) -> None:
    """A grant's quotes name their source (a grant has none of its own), and a grant included
    in another quotes where a source says so."""
    for index, grant in grants.items():
        for name in ("recipients_quote", "included_in_quote"):
            quote = getattr(grant, name)
            if quote is not None and quote.source is None:
                problems.add(file, ("grant", index, name), "the quote's `source`: the id of the archived source it "
                             "stands in ({ source = \"...\", line = N, text = \"...\" })", "none")
        if (grant.included_in is None) != (grant.included_in_quote is None):
            problems.add(file, ("grant", index, "included_in_quote"),
                         "included_in_quote = { source, line, text } exactly when `included_in` is set",
                         "it missing" if grant.included_in_quote is None else "it without included_in")


def check_key_quotes(file: FileText, keys: dict[int, AllocationKey], problems: Collector) -> None:
    """A key says how the money is divided: the source must say so (`quote`), unless the
    kind is unknown, the date was inferred (allocation_key_reproduces proves the key on every
    build) or a key of its `group` has the quote (allocation_keys_agree proves them alike)."""
    quoted_groups = {key.group for key in keys.values() if key.group and key.quote is not None}
    for index, key in keys.items():
        if key.quote is None and key.kind != "unknown" and key.date_basis != "inferred" \
                and key.group not in quoted_groups:
            problems.add(file, ("key", index, "kind"),
                         f"quote = {{ line, text }}: where a source says the money is divided as {key.kind!r} "
                         "(or kind 'unknown')", "no quote")


# (file, key of its entries) -> (resource, field) whose Table Schema `enum` the value is
# published under: the list is the schema's (schemas/<resource>.json), checked here so that
# a value outside it is refused when metadata loads, naming its line, not only at check
SCHEMA_ENUMS = {
    ("sources.toml", "document_type"): ("sources", "document_type"),
}


def check_schema_enums(files: dict[str, FileText], root: Path, problems: Collector) -> None:
    import json
    for (name, key), (resource, field_name) in SCHEMA_ENUMS.items():
        file = files.get(name)
        path = root / "schemas" / f"{resource}.json"
        if file is None or not path.is_file():
            continue
        fields = json.loads(path.read_text(encoding="utf-8")).get("fields", [])
        allowed = next((f.get("constraints", {}).get("enum") for f in fields if f.get("name") == field_name), None)
        if not allowed:
            continue
        for index, entry in enumerate(_raw_entries(file)):
            value = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(value, str) and value not in allowed:
                problems.add(file, (file.entries_key, index, key),
                             f"one of {', '.join(repr(a) for a in allowed)} (schemas/{resource}.json, field "
                             f"{field_name})", repr(value))
