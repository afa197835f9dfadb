"""What the region and family pages show, read through the package's own DuckDB views
(sql/views/), so the site says exactly what a journalist's query says.

The views are loaded from the CSVs by statsbidrag.publish.database.connect. A package whose
CSVs DuckDB cannot load (a corrupted copy, which the checks report) still gets a
report: `Views.error` says why the region and family pages are empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.errors import StatsbidragError
from statsbidrag.metadata import read_toml

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

# The view of kronor per inhabitant, when the package has population (issue 12).
PER_INHABITANT_VIEW = "allocations_per_inhabitant"
TILE_MAP = Path("metadata") / "tile_map.toml"


@dataclass
class Views:
    grant_allocations: list[dict] = field(default_factory=list)
    region_year_totals: list[dict] = field(default_factory=list)
    shares: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)          # grant_series
    flat: list[dict] = field(default_factory=list)            # allocations_flat
    per_inhabitant: list[dict] | None = None      # None: the package has no population
    error: str | None = None

    @property
    def years(self) -> list[int]:
        """Every year from the first to the last the package has an amount for."""
        found = [r["year"] for r in self.grant_allocations if isinstance(r.get("year"), int)]
        return list(range(min(found), max(found) + 1)) if found else []


def _rows(con: DuckDBPyConnection, name: str) -> list[dict]:
    relation = con.sql(f"select * from {name}")
    columns = relation.columns
    return [dict(zip(columns, row)) for row in relation.fetchall()]


def read_views(root: Path) -> Views:
    import duckdb

    from statsbidrag.publish.database import connect
    try:
        con = connect(root)
    except (StatsbidragError, duckdb.Error) as error:
        return Views(error=f"the package's views could not be loaded: {error}")
    try:
        names = {r[0] for r in con.sql("select view_name from duckdb_views() where not internal").fetchall()}
        views = Views(grant_allocations=_rows(con, "grant_allocations"),
                      region_year_totals=_rows(con, "region_year_totals"),
                      shares=_rows(con, "allocation_shares"),
                      series=_rows(con, "grant_series"), flat=_rows(con, "allocations_flat"))
        if PER_INHABITANT_VIEW in names:
            views.per_inhabitant = _rows(con, PER_INHABITANT_VIEW)
        return views
    except duckdb.Error as error:
        return Views(error=f"the package's views could not be read: {error}")
    finally:
        con.close()


def tile_positions(root: Path, region_codes: list[str]) -> dict[str, tuple[int, int]]:
    """region_code -> (column, row) from metadata/tile_map.toml; every region exactly once."""
    path = root / TILE_MAP
    if not path.is_file():
        raise StatsbidragError(f"{TILE_MAP}: expected the tile map's positions; found no such file", code="SB608")
    tiles = read_toml(path).get("tiles", {})
    positions: dict[str, tuple[int, int]] = {}
    taken: dict[tuple[int, int], str] = {}
    for code, spot in tiles.items():
        try:
            where = (int(spot["column"]), int(spot["row"]))
        except (KeyError, TypeError, ValueError):
            raise StatsbidragError(f"{TILE_MAP}: region {code}: expected {{ column = N, row = N }}; "
                                   f"found {spot!r}", code="SB608") from None
        if where in taken:
            raise StatsbidragError(f"{TILE_MAP}: regions {taken[where]} and {code} are both on column {where[0]}, "
                                   f"row {where[1]}; move one of them", code="SB608")
        taken[where] = code
        positions[code] = where
    missing = sorted(set(region_codes) - set(positions))
    unknown = sorted(set(positions) - set(region_codes))
    if missing or unknown:
        raise StatsbidragError(f"{TILE_MAP}: expected one tile per region of the regions resource; "
                               f"missing: {', '.join(missing) or 'none'}; not a region: {', '.join(unknown) or 'none'}", code="SB608")
    return positions
