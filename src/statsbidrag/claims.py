"""Claims and anomalies: what the sources say in prose, and what is odd about them.

Both are *declared* in metadata/ (claims.toml, anomalies.toml) and *extracted* here,
like the tables: a claim declares its source, line and a regex; the quoted number,
its unit and its qualifier are read from the line by code, never typed. An anomaly
declares its source, line and a short quote that must stand on that line.

What a claim is checked against, and what its qualifier means, is written in
checks/_macros.sql (claim_agrees) and checks/claims_hold.sql, parts_sum_to_whole.sql.
"""

from __future__ import annotations

import re
from pathlib import Path

from .documents import Document
from .errors import SourceError
from .metadata import read_toml
from .text import UNIT_LABELS, UNIT_SEK, clean, printed, scaled_amount

# The unit words a claim may print after its number, in kronor: the table unit labels
# of statsbidrag.text, plus the words only prose uses.
CLAIM_UNITS = {**{label: UNIT_SEK[unit] for label, unit in UNIT_LABELS.items()},
               "miljarder kronor": 10**9, "miljarder": 10**9, "miljoner": 10**6}
QUALIFIERS = ("drygt", "nära", "cirka")

_CLAIM_KEYS = {"id", "source", "line", "regex", "note"}
_CLAIM_OPTIONAL = {"tables", "region", "unverifiable"}
_ANOMALY_KEYS = {"id", "source", "line", "quote", "title", "explanation"}


def _entries(root: Path, file: str, key: str, required: set[str], optional: set[str]) -> list[dict]:
    entries = read_toml(root / "metadata" / file).get(key, [])
    for entry in entries:
        name = entry.get("id", "?")
        missing = sorted(required - set(entry))
        if missing:
            raise SourceError(f"metadata/{file}", None, f"[[{key}]] '{name}' to set {', '.join(missing)}",
                              "the key(s) missing", "Add them (see the comment at the top of the file).")
        unknown = sorted(set(entry) - required - optional)
        if unknown:
            raise SourceError(f"metadata/{file}", None, f"[[{key}]] '{name}' with keys from "
                              f"{', '.join(sorted(required | optional))}", f"{', '.join(unknown)}")
    return entries


def extract_claims(root: Path, documents: dict[str, Document], table_ids: set[str],
                   region_codes: set[str]) -> list[dict]:
    """Rows of the `claims` resource, in the order of metadata/claims.toml."""
    where = "metadata/claims.toml"
    rows = []
    for claim in _entries(root, "claims.toml", "claim", _CLAIM_KEYS, _CLAIM_OPTIONAL):
        name = claim["id"]
        if claim["source"] not in documents:
            raise SourceError(where, None, f"claim '{name}' to name a source in metadata/sources.toml",
                              f"source '{claim['source']}'")
        doc = documents[claim["source"]]
        tables = claim.get("tables", [])
        if bool(tables) == ("unverifiable" in claim):
            raise SourceError(where, None, f"claim '{name}' to set either `tables` (what checks it) "
                              "or `unverifiable` (why the tables cannot)", "both or neither")
        unknown = [t for t in tables if t not in table_ids]
        if unknown:
            raise SourceError(where, None, f"claim '{name}' to name tables in metadata/tables.toml",
                              f"{', '.join(unknown)}")
        region = claim.get("region", "")
        if region and region not in region_codes:
            raise SourceError(where, None, f"claim '{name}' to name a region code in metadata/regions.toml",
                              f"'{region}'")
        line = printed(doc.line(claim["line"]))
        match = re.search(claim["regex"], line)
        if not match:
            raise SourceError(doc.path, claim["line"], f"claim '{name}' matching /{claim['regex']}/ ({where})",
                              f"'{clean(line)[:160]}'", "Correct the claim's `line` or `regex`.")
        groups = match.groupdict()
        if "amount" not in groups or "unit" not in groups:
            raise SourceError(where, None, f"claim '{name}': a regex with groups (?P<amount>...) and "
                              "(?P<unit>...), and optionally (?P<qualifier>...)", f"/{claim['regex']}/")
        unit, qualifier = groups["unit"], groups.get("qualifier") or ""
        if unit not in CLAIM_UNITS:
            raise SourceError(doc.path, claim["line"], f"claim '{name}': a unit in {', '.join(CLAIM_UNITS)}",
                              f"'{unit}'")
        if qualifier and qualifier not in QUALIFIERS:
            raise SourceError(doc.path, claim["line"], f"claim '{name}': a qualifier in "
                              f"{', '.join(QUALIFIERS)}", f"'{qualifier}'",
                              "Write down what a new qualifier means in checks/_macros.sql first.")
        try:
            value, step = scaled_amount(groups["amount"], CLAIM_UNITS[unit])
        except ValueError as reason:
            raise SourceError(doc.path, claim["line"], f"claim '{name}': {reason}",
                              f"'{groups['amount']}'") from None
        rows.append({"claim_id": name, "source_id": claim["source"], "line": claim["line"],
                     "quote": match.group(0), "qualifier": qualifier, "value_text": groups["amount"],
                     "unit_printed": unit, "value_sek": value, "rounding_step_sek": step,
                     "table_ids": " ".join(tables), "region_code": region,
                     "note": " ".join(claim["note"].split()),
                     "unverifiable_because": " ".join(claim.get("unverifiable", "").split())})
    return rows


def extract_anomalies(root: Path, documents: dict[str, Document]) -> list[dict]:
    """Rows of the `anomalies` resource; each quote must stand on its line."""
    rows = []
    for anomaly in _entries(root, "anomalies.toml", "anomaly", _ANOMALY_KEYS, set()):
        name = anomaly["id"]
        if anomaly["source"] not in documents:
            raise SourceError("metadata/anomalies.toml", None, f"anomaly '{name}' to name a source in "
                              "metadata/sources.toml", f"source '{anomaly['source']}'")
        doc = documents[anomaly["source"]]
        line = printed(doc.line(anomaly["line"]))
        if anomaly["quote"] not in line:
            raise SourceError(doc.path, anomaly["line"], f"the quote '{anomaly['quote']}' of anomaly '{name}' "
                              "(metadata/anomalies.toml)", f"'{clean(line)[:160]}'",
                              "Correct the anomaly's `line` or `quote`, or remove it if the oddity is gone.")
        rows.append({"anomaly_id": name, "source_id": anomaly["source"], "line": anomaly["line"],
                     "quote": anomaly["quote"], "title": anomaly["title"],
                     "explanation": " ".join(anomaly["explanation"].split())})
    return rows
