"""Region names as the sources spell them, resolved to SCB county codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import Region


class RegionIndex:
    """Every known spelling (short, official, county name and aliases) -> county code."""

    def __init__(self, regions: list[Region]):
        self.regions = regions
        self.names = {r.code: r.short_name for r in regions}
        self._codes: dict[str, str] = {}
        # text as printed -> (code, the first equal string met): a cache of resolve()
        self._printed: dict[str, tuple[str, str]] = {}
        for region in regions:
            for spelling in region.spellings:
                self._codes[clean(spelling)] = region.code

    def code(self, doc: Document, line: int, text: str) -> str:
        return self.resolve(doc, line, text)[0]

    def resolve(self, doc: Document, line: int, text: str) -> tuple[str, str]:
        """-> (the code of the region printed as `text`, `text` or an equal string met
        before). The cache makes one dictionary lookup of a name already seen: a source
        prints the same 21 names in every table, clean() is two regular expressions, and a
        million allocation rows then hold a few dozen strings."""
        known = self._printed.get(text)
        if known is not None:
            return known
        code = self._codes.get(clean(text))
        if code is None:
            raise SourceError(doc.path, line, "a region name listed in metadata/regions.toml "
                              "(short name, official name or alias)", f"'{text}'",
                              "If this is a new spelling of a region, add it to that region's "
                              "`aliases` in metadata/regions.toml.", code="SB106")
        known = self._printed[text] = (code, text)
        return known

    def aliases(self) -> list[dict]:
        """Rows of the region_aliases resource: every spelling, sorted."""
        return [{"alias": clean(s), "region_code": r.code}
                for r in self.regions for s in r.spellings]
