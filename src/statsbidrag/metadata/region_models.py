"""The base of every metadata model (Entry), and the models of metadata/regions.toml and
metadata/region_spellings.toml; statsbidrag.metadata.models re-exports them with the rest.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from statsbidrag.metadata.values import CountyCode, IsoCode, Text


class Entry(BaseModel):
    """Base of every model: unknown keys are errors, values are never coerced."""
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------- regions.toml

class Region(Entry):
    code: CountyCode
    iso: IsoCode
    short_name: Text
    official_name: Text
    county_name: Text
    aliases: list[Text]

    @property
    def spellings(self) -> list[str]:
        """The names a source may print for this region, without repeats."""
        return list(dict.fromkeys([self.short_name, self.official_name, *self.aliases]))


class RegionsFile(Entry):
    region: list[Region]


# --------------------------------------------------------------------- region_spellings.toml

class RegionSpelling(Entry):
    """Another spelling of a region that documents print, and the era it belongs to."""
    region: CountyCode
    name: Text
    era: Literal["current", "county", "landsting", "kommun", "abbreviation"]


class RegionSpellingsFile(Entry):
    spelling: list[RegionSpelling] = Field(default_factory=list)
