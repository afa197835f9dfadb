"""References the tool ships, independent of any package's metadata.

regions.json: the 21 counties with their SCB county code, ISO 3166-2:SE code, county
name and region name, citing the standards. The checks compare a package's `regions`
resource and every printed region name with it (checks/regions_match_reference.sql),
so swapping two regions' names in metadata/regions.toml cannot relabel their amounts.
"""

from __future__ import annotations

import json
from pathlib import Path

_HERE = Path(__file__).resolve().parent
REGIONS_FIELDS = ("region_code", "iso_code", "county_name", "region_name")


def regions() -> list[dict]:
    """The 21 regions of regions.json, in county code order."""
    data = json.loads((_HERE / "regions.json").read_text(encoding="utf-8"))
    return sorted(data["regions"], key=lambda r: r["region_code"])
