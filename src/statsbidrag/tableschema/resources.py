"""The package's resources: their names in the order datapackage.json lists them, and their files.

The build writes the resources in this order, `check` loads and validates them in it, and
metadata/package.toml must describe exactly these.
"""

from __future__ import annotations

# The order resources appear in datapackage.json: referenced ones first.
RESOURCE_ORDER = ["regions", "region_aliases", "sources", "families", "grants", "tables", "absences", "allocations",
                  "breakdown_items", "claims", "anomalies", "population", "allocation_keys", "claim_keys",
                  "meaning_quotes"]


def schema_path(name: str) -> str:
    return f"schemas/{name}.json"


def resource_path(name: str) -> str:
    return f"resources/{name}.csv"
