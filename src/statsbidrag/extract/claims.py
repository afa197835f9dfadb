"""Claims and anomalies: what the sources say in prose, and what is odd about them.

Both are *declared* in metadata/ (claims.toml, anomalies.toml) and *extracted* here,
like the tables: a claim declares its source, line and a regex; the quoted number,
its unit and its qualifier are read from the line by code, never typed. An anomaly
declares its source, line and a short quote that must stand on that line.

What a claim is checked against, and what its qualifier means, is written in
checks/_macros.sql (claim_agrees) and checks/claims_hold.sql, parts_sum_to_whole.sql.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.text import UNIT_LABELS, UNIT_SEK, printed, scaled_amount
from statsbidrag.metadata.names import clean
from statsbidrag.metadata.patterns import compile_pattern

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import Anomaly, Claim

# The unit words a claim may print after its number, in kronor: the table unit labels
# of statsbidrag.extract.text, plus the words only prose uses.
CLAIM_UNITS = {**{label: UNIT_SEK[unit] for label, unit in UNIT_LABELS.items()},
               "miljarder kronor": 10**9, "miljarder": 10**9, "miljoner": 10**6, "MSEK": 10**6}
QUALIFIERS = ("drygt", "nära", "cirka")


def _scale(claim: Claim, doc: Document, unit: str | None, qualifier: str) -> int:
    """Kronor per unit of the claim's amount: its unit printed (`unit`) or else declared,
    never both; a qualifier is one whose meaning checks/_macros.sql writes down."""
    name, where = claim.id, "metadata/claims.toml"
    if (unit is None) == (claim.unit is None):
        raise SourceError(doc.path, claim.line, f"claim '{name}': a unit, either printed (the regex's group "
                          "(?P<unit>...)) or, when the line prints none, declared (`unit`), not both",
                          "both" if unit else "neither", f"Correct the claim in {where}.", code="SB109")
    if unit is not None and unit not in CLAIM_UNITS:
        raise SourceError(doc.path, claim.line, f"claim '{name}': a unit in {', '.join(CLAIM_UNITS)}",
                          f"'{unit}'", code="SB109")
    if qualifier and qualifier not in QUALIFIERS:
        raise SourceError(doc.path, claim.line, f"claim '{name}': a qualifier in "
                          f"{', '.join(QUALIFIERS)}", f"'{qualifier}'",
                          "Write down what a new qualifier means in checks/_macros.sql first.", code="SB109")
    if unit is not None:
        return CLAIM_UNITS[unit]
    assert claim.unit is not None  # exactly one of the two (above)
    return UNIT_SEK[claim.unit]


def extract_claims(claims: list[Claim], documents: dict[str, Document]) -> list[dict]:
    """Rows of the `claims` resource, in the order of metadata/claims.toml.

    The claims are validated (references, `tables` or `unverifiable`) by statsbidrag.metadata.
    """
    where = "metadata/claims.toml"
    rows = []
    for claim in claims:
        name = claim.id
        doc = documents[claim.source]
        line = printed(doc.line(claim.line))
        match = compile_pattern(claim.regex).search(line)
        if not match:
            raise SourceError(doc.path, claim.line, f"claim '{name}' matching /{claim.regex}/ ({where})",
                              f"'{clean(line)[:160]}'", "Correct the claim's `line` or `regex`.", code="SB108")
        groups = match.groupdict()
        unit, qualifier = groups.get("unit"), groups.get("qualifier") or ""
        scale = _scale(claim, doc, unit, qualifier)
        try:
            value, step = scaled_amount(groups["amount"], scale)
        except ValueError as reason:
            raise SourceError(doc.path, claim.line, f"claim '{name}': {reason}",
                              f"'{groups['amount']}'", code="SB105") from None
        rows.append({"claim_id": name, "source_id": claim.source, "line": claim.line,
                     "quote": match.group(0), "qualifier": qualifier, "value_text": groups["amount"],
                     "unit_printed": unit, "unit_declared": claim.unit, "value_sek": value, "rounding_step_sek": step,
                     "table_ids": " ".join(claim.tables), "region_code": claim.region,
                     "note": " ".join(claim.note.split()),
                     "unverifiable_because": " ".join((claim.unverifiable or "").split())})
    return rows


def extract_anomalies(anomalies: list[Anomaly], documents: dict[str, Document]) -> list[dict]:
    """Rows of the `anomalies` resource; each quote must stand on its line."""
    rows = []
    for anomaly in anomalies:
        name = anomaly.id
        doc = documents[anomaly.source]
        line = printed(doc.line(anomaly.line))
        if anomaly.quote not in line:
            raise SourceError(doc.path, anomaly.line, f"the quote '{anomaly.quote}' of anomaly '{name}' "
                              "(metadata/anomalies.toml)", f"'{clean(line)[:160]}'",
                              "Correct the anomaly's `line` or `quote`, or remove it if the oddity is gone.",
                              code="SB108")
        rows.append({"anomaly_id": name, "source_id": anomaly.source, "line": anomaly.line,
                     "quote": anomaly.quote, "title": anomaly.title,
                     "explanation": " ".join(anomaly.explanation.split()),
                     "excuses": " ".join(anomaly.excuses)})
    return rows
