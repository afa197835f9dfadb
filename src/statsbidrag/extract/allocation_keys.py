"""The allocation key of each table: the `allocation_keys` resource.

metadata/allocation_keys.toml declares, per table, how its money is divided and what
the source says about it; statsbidrag.metadata validates each entry (models.py:
AllocationKey; rules.py: what each kind of key needs). Nothing there is an amount: a
fixed part per region is read from the table's source by a regex, like a claim, and a
quote must stand on its line. What needs the sources is checked here: the fixed part
and the quote, and that a key names population figures the package has. Whether a
declared key holds is for the checks (allocation_key_reproduces, allocation_keys_agree,
allocation_key_unexplained).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.claims import CLAIM_UNITS
from statsbidrag.extract.documents import Document
from statsbidrag.extract.meaning import quoted
from statsbidrag.extract.text import printed, scaled_amount
from statsbidrag.metadata.names import clean
from statsbidrag.metadata.patterns import compile_pattern

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata import AllocationKey, Claim
    from statsbidrag.metadata.locate import KeyLines

WHERE = "metadata/allocation_keys.toml"


def _fixed_part(key: AllocationKey, doc: Document) -> tuple[int | None, str, int | None]:
    if key.fixed_part is None:
        return None, "", None
    spec = key.fixed_part
    line = printed(doc.line(spec.line))
    match = compile_pattern(spec.regex).search(line)
    if not match:
        raise SourceError(doc.path, spec.line, f"the fixed part of the key of table '{key.table}' matching "
                          f"/{spec.regex}/ ({WHERE})", f"'{clean(line)[:160]}'", "Correct its line or regex.",
                          code="SB108")
    if match.group("unit") not in CLAIM_UNITS:
        raise SourceError(doc.path, spec.line, f"a unit in {', '.join(CLAIM_UNITS)}", f"'{match['unit']}'",
                          code="SB109")
    try:
        value, _ = scaled_amount(match.group("amount"), CLAIM_UNITS[match.group("unit")])
    except ValueError as reason:
        raise SourceError(doc.path, spec.line, str(reason), f"'{match['amount']}'", code="SB105") from None
    return value, match.group(0), spec.line


def _quote(key: AllocationKey, documents: dict[str, Document], source: str) -> tuple[str, int | None, str | None]:
    if key.quote is None:
        return "", None, None
    subject = f"{'table' if key.table else 'claim'} '{key.table or key.claim}'"
    source_id, line, text = quoted(documents, key.quote, source, f"the quote of the key of {subject}", WHERE)
    return text, line, source_id


def _claim_key(key: AllocationKey, documents: dict[str, Document], source: str, population_date: object) -> dict:
    """The row of `claim_keys` for the key of an amount stated only in prose (a claim)."""
    quote, quote_line, _ = _quote(key, documents, source)
    return {"claim_id": key.claim, "key_kind": key.kind, "population_source_id": key.population_source,
            "population_date": population_date, "date_basis": key.date_basis, "source_quote": quote,
            "source_quote_line": quote_line, "note": " ".join(key.note.split())}


def extract_allocation_keys(keys: list[AllocationKey], lines: KeyLines, documents: dict[str, Document],
                            tables: list[dict], population: list[dict],
                            claims: list[Claim] = ()) -> tuple[list[dict], list[dict]]:  # type: ignore[assignment]
    """Rows of the `allocation_keys` resource (the keys of tables) and of `claim_keys` (the keys of
    amounts stated only in prose, claims), each in the order of the file."""
    source_of = {t["table_id"]: t["source_id"] for t in tables}
    claim_source = {c.id: c.source for c in claims}
    # metadata names a date as the source prints it: a day, or a month ("2025-09") where only
    # the month is printed; the resource holds the population's typed date (its first day)
    declared = {(p["source_id"], p["reference_date"][:7] if p["date_precision"] == "month" else p["reference_date"]):
                p["reference_date"] for p in population}
    dates = sorted(declared)
    rows: list[dict] = []
    claim_rows: list[dict] = []
    for index, key in enumerate(keys):
        if key.population_date is not None and (key.population_source, key.population_date) not in declared:
            have = "; ".join(f"{s} {d}" for s, d in dates) or "none"
            raise SourceError(WHERE, lines.line(("key", index, "population_date")),
                              f"[[key]] '{key.table or key.claim}': a population_source and population_date the "
                              f"package has population figures for ({have})",
                              f"'{key.population_source}' '{key.population_date}'",
                              "Declare those figures in metadata/population.toml first, or correct the date.",
                              code="SB203")
        if key.claim is not None:
            claim_rows.append(_claim_key(key, documents, claim_source[key.claim],
                                         declared.get((key.population_source, key.population_date))))
            continue
        assert key.table is not None  # metadata.rules.check_allocation_keys: a table or a claim
        doc = documents[source_of[key.table]]
        fixed_sek, fixed_text, fixed_line = _fixed_part(key, doc)
        quote, quote_line, quote_source = _quote(key, documents, source_of[key.table])
        rows.append({"table_id": key.table, "key_kind": key.kind, "population_source_id": key.population_source,
                     "population_date": declared.get((key.population_source, key.population_date)),
                     "date_basis": key.date_basis,
                     "key_group": key.group, "also_allotted": " ".join(sorted(key.also_allotted)),
                     "fixed_part_sek": fixed_sek, "fixed_part_text": fixed_text, "fixed_part_line": fixed_line,
                     "source_quote": quote, "source_quote_line": quote_line,
                     "source_quote_source_id": quote_source, "note": " ".join(key.note.split())})
    return rows, claim_rows
