"""Region names as the sources spell them, resolved to SCB county codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.metadata.names import clean

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import Region, RegionSpelling

# A footnote marker after a name: 'Skåne*', 'Skåne¹', 'Skåne 1)', 'Skåne (1)'; and an
# abbreviation in brackets, 'Västra Götalandsregionen (VGR)', which names no more than the name
_ACRONYM = r"\([A-ZÅÄÖ]{2,6}\)"
# a footnote letter after a name: 'Region Gotland a)', 'Region Gotland (b)'
_LETTER_MARK = r"\([a-z]\)|[a-z]\)"
_FOOTNOTE = re.compile(r"(?:[ \u00a0]*(?:[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d{1,2}\)|\d{1,2}\)|"
                       + _LETTER_MARK + "|" + _ACRONYM + r"))+$")
_LETTER_MARKS = re.compile(r"(?:[ \u00a0]*(?:" + _LETTER_MARK + r"))+$")


# The words of a name that say no region (checks/_macros.sql name_words leaves the same out)
_ERA_WORDS = frozenset({"", "region", "län", "landsting", "landstinget", "i", "kommun"})


def _letter_runs(text: str) -> list[str]:
    """The runs of letters of `text` (SQL's [^\\p{L}]+ splits alike: a superscript '¹' is no letter)."""
    return "".join(ch if ch.isalpha() else " " for ch in text).split()


def name_words(text: str) -> frozenset[str]:
    """The words of a name that say which region it is, as checks/_macros.sql name_words reads
    them: lower case, the possessive -s and the suffix -regionen dropped; 'region', 'län', an
    era's words ('landsting', 'landstinget', 'i', 'kommun') and an abbreviation in brackets
    ('(VGR)') and a footnote letter after it ('a)') left out. 'Region Jämtland-Härjedalen' ->
    {'jämtland', 'härjedalen'}."""
    words = (re.sub(r"^(.{3,})s$", r"\1", re.sub(r"s?regionen$", "", w))
             for w in _letter_runs(re.sub(_ACRONYM, " ", _LETTER_MARKS.sub("", clean(text))).lower()))
    return frozenset(w for w in words if w not in _ERA_WORDS)


def name_key(text: str) -> str:
    """A printed name as it is matched: clean (markup, spaces), lower case, a footnote marker
    after it dropped. checks/_macros.sql name_key is the same rule in SQL."""
    return _FOOTNOTE.sub("", clean(text)).lower()


class RegionIndex:
    """Every known spelling (short, official, county name and aliases) -> county code."""

    def __init__(self, regions: list[Region], spellings: list[RegionSpelling] = ()):  # type: ignore[assignment]
        self.regions = regions
        self.spellings = list(spellings)
        self.names = {r.code: r.short_name for r in regions}
        self._codes: dict[str, str] = {}
        # text as printed -> (code, the first equal string met): a cache of resolve()
        self._printed: dict[str, tuple[str, str]] = {}
        for region in regions:
            for spelling in region.spellings:
                self._codes[name_key(spelling)] = region.code
        for other in self.spellings:  # a code regions.toml lacks is refused here, not again per reference
            if other.region not in self.names:
                raise SourceError("metadata/region_spellings.toml", None, "each spelling's `region` a code of "
                                  "metadata/regions.toml", f"'{other.region}' for '{other.name}'", code="SB203")
            self._codes[name_key(other.name)] = other.region

        # the words of each spelling -> the regions they name: a spelling metadata does not list
        # ('Region Jämtland-Härjedalen') is a region's when its words are those of one of the
        # region's spellings, and of no other region's
        self._words: dict[frozenset[str], set[str]] = {}
        for code, spelling in [(r.code, s) for r in regions for s in r.spellings] + \
                [(s.region, s.name) for s in self.spellings]:
            if words := name_words(spelling):
                self._words.setdefault(words, set()).add(code)

    def find(self, text: str) -> str | None:
        """The code of the region printed as `text`, or None."""
        code = self._codes.get(name_key(text))
        if code is None:
            codes = self._words.get(name_words(text), set())
            code = next(iter(codes)) if len(codes) == 1 else None
        return code

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
        code = self.find(text)
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
                for r in self.regions for s in r.spellings] + \
               [{"alias": clean(s.name), "region_code": s.region} for s in self.spellings]
