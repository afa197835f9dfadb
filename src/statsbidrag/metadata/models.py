"""The typed models of metadata/*.toml: the one place the metadata is described.

One class per kind of entry ([[region]], [[source]], [[grant]], [[table]],
[[claim]], [[anomaly]], and package.toml), and one `*File` class per file. Every
model forbids keys it does not declare, and is validated strictly: a line number
written as "19" is an error, not a number.

What a single value may be (a type, an enumeration, a pattern, a regex with the
named groups the extraction reads) is written on the field, with a type of values.py; so are the keys
each kind of [[table]] needs or may not have (RegionTable, BreakdownTable: a union
chosen by `kind`). What needs several entries or several files (unique ids, an alias
under one region only, a table naming a source that exists, values of a table that
must agree) is in rules.py.

To add a field
--------------
1. Declare it on the model below, with its type and, if it may be left out, a
   default (`notes: Text = ""`; a list `Field(default_factory=list)`: pydantic would
   deep-copy a `[]` default for every entry). Use an existing annotated type of values.py (Id, Line, Text ...)
   or a `Literal[...]` for an enumeration, so that a wrong value is reported with
   what was expected.
2. If it refers to another entry (a source id, a region code ...), add the reference
   to `REFERENCES` in rules.py; if it must be unique, to `UNIQUE` there.
3. Read it where it is used (build.py, extract.py ...) as an attribute:
   `table.unit`, never `table["unit"]`.
4. Describe it in the comment at the top of the TOML file, and add a test to
   tests/integration/test_metadata.py that a wrong value is reported with its file, entry, key
   and line.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from statsbidrag.metadata.region_models import Entry, RegionsFile, RegionSpellingsFile
from statsbidrag.metadata.region_models import Region as Region  # re-exported: the models are imported from here
from statsbidrag.metadata.region_models import RegionSpelling as RegionSpelling
from statsbidrag.metadata.values import (
    CountyCode,
    CountyCodeOrEmpty,
    DateOrEmpty,
    Excusable,
    FreeText,
    GitHashOrEmpty,
    Id,
    Language,
    Line,
    Pattern,
    Sha256,
    SourcePath,
    Text,
    URLOrEmpty,
    Year,
    pattern,
    regex_with,
)

# The printed layouts of region rows, by name: one module each in statsbidrag.extract.layouts/
# (tests/unit/test_layouts.py holds this list equal to the registry there).
Layout = Literal["one_value_per_line", "tab_separated", "name_value_line", "markdown_table", "name_colon_amount",
                 "bullet_list", "regex_line", "columns", "side_by_side"]


# --------------------------------------------------------------------- sources.toml

class AddressAt(Entry):
    """Where an archived source prints a document's original address."""
    source: Id
    line: Line


class Source(Entry):
    id: Id
    path: SourcePath
    sha256: Sha256
    title: Text
    publisher: FreeText  # "" when the document does not print it
    document_type: Text
    date_published: DateOrEmpty
    notes: FreeText = ""
    language: Language
    original_file_name: Text
    # An excerpt is a run of whole lines copied from a stored copy of a page, under a
    # header that says where they come from; a document is the whole file as received.
    source_kind: Literal["document", "excerpt"] = "document"
    original_address: URLOrEmpty = ""  # the page's own address, "" when not known
    # The stored copy an excerpt was taken from: a git repository, e.g. "civictechsweden/g0vse".
    stored_copy_repo: FreeText = ""
    stored_copy_branch: FreeText = ""
    stored_copy_commit: GitHashOrEmpty = ""
    stored_copy_path: FreeText = ""
    stored_copy_blob: GitHashOrEmpty = ""
    omitted: FreeText = ""  # what of the original an excerpt leaves out
    # A document's address stated in another archived source (the index of excerpts
    # states two seeds' addresses): the build refuses an original_address not printed there.
    address_at: AddressAt | None = None
    # true: `statsbidrag add` drafted this source's metadata (and its grants and tables) and
    # no one has reviewed it yet; check warns (drafts_await_review) until the line is removed
    draft: bool = False


class SourcesFile(Entry):
    source: list[Source]


# --------------------------------------------------------------------- quotes

class Quote(Entry):
    """Text as printed at `line` of an archived source: the evidence for a field's value.

    `source` is the archived source it stands in; left out, the source of the table the entry
    is about (a table's own, a key's table's). A grant has no source of its own, so its quotes
    name one. The build refuses a quote that does not stand at its line (SB108), and the
    checks hold the quote to the value it supports (checks/meaning_supported.sql).
    """
    line: Line
    text: Text
    source: Id | None = None


# --------------------------------------------------------------------- grants.toml

class Family(Entry):
    """A grant family: the same purpose followed over the years."""
    id: Id
    title: Text         # in English
    title_sv: Text      # in Swedish: the name on the report's Swedish pages
    description: Text


class Grant(Entry):
    id: Id
    family: Id
    year: Year
    title: Text         # in English
    title_sv: Text      # in Swedish: the name on the report's Swedish pages
    agreement: Text
    # regions: the regions themselves; municipalities by county: the municipalities of
    # each county (rows coded by county; the money is not the region's). Never added together.
    recipients: Literal["regions", "municipalities by county"]
    recipients_quote: Quote  # where a source says who gets the money (its `source` is required)
    # How the sources say the money is distributed; "" when they do not say.
    basis: Literal["population", "performance", "mixed", "cost structure", "population plus a fixed sum", ""]
    # true when each amount is a sum including other agreements' money (the 2024 preliminary totals)
    combines_grants: bool = False
    # the grant whose amounts include this grant's money, when a source says so (women's
    # health 2024 is one of the five agreements in sammanlagda-medel-2024): totals over
    # grants count it once, through that grant
    included_in: Id | None = None
    included_in_quote: Quote | None = None  # where a source says so; required with included_in


class GrantsFile(Entry):
    family: list[Family]
    grant: list[Grant]


# --------------------------------------------------------------------- tables.toml

class Item(Entry):
    """One item of a breakdown printed in prose."""
    line: Line
    regex: regex_with("label", "amount", "unit")


class Absence(Entry):
    """A region (county code) a table has no row for, and why."""
    region: CountyCode
    reason: Text


class _Table(Entry):
    """What every table says, whatever its kind."""
    id: Id
    source: Id
    grant: Id
    status: Literal["final", "preliminary"]
    status_quote: Quote  # the printed text the status rests on
    # payment: money paid or allocated; frame: the most a recipient may apply for;
    # ceiling: the most a recipient can get if it meets the conditions
    amount_kind: Literal["payment", "frame", "ceiling"]
    amount_kind_quote: Quote  # the printed text that says which
    header_line: Line | None = None  # None: the table prints no column heading
    header_regex: regex_with("header") | None = None  # picks the heading out of the line
    unit: Literal["SEK", "TSEK", "MSEK"]
    unit_quote: Quote  # the printed text that shows the unit (a label, or an amount printed to the krona)
    unit_line: Line | None = None  # None: the source prints no unit
    total_line: Line | None = None  # None: the source prints no total
    total_regex: regex_with("amount", optional=("qualifier",)) | None = None
    # the regions the table has no row for, each with the reason
    absent: list[Absence] = Field(default_factory=list)


class RegionTable(_Table):
    """kind = "regions": one row per region on lines `rows`, printed in a `layout`."""
    kind: Literal["regions"]
    layout: Layout
    rows: Annotated[list[Line], Field(min_length=2, max_length=2)]
    columns: Annotated[int, Field(ge=1)]
    column: Annotated[int, Field(ge=1)]
    # layout "regex_line": one row per line, matched whole; other named groups are allowed
    row_regex: Pattern | None = None
    # layout "markdown_table": the 0-based cell holding the region's name (default 0);
    # layout "columns": the name's cell when a row prints more than one cell of text
    name_column: Annotated[int, Field(ge=0)] | None = None
    # layouts "columns" and "side_by_side": lines in `rows` that are not rows
    skip: list[Line] = Field(default_factory=list)


class BreakdownTable(_Table):
    """kind = "breakdown": one region's money in items printed in prose, each found by its regex."""
    kind: Literal["breakdown"]
    layout: Literal["prose"]
    region: CountyCode
    item: Annotated[list[Item], Field(min_length=1)]


# A [[table]] is one of the kinds above, chosen by its `kind`.
Table = Annotated[RegionTable | BreakdownTable, Field(discriminator="kind")]


class TablesFile(Entry):
    table: list[Table]


# --------------------------------------------------------------------- claims.toml

class Claim(Entry):
    id: Id
    source: Id
    line: Line
    regex: regex_with("amount", optional=("unit", "qualifier"))
    # The unit when the line prints none next to the number (the index of excerpts writes
    # "1 357 000 000" bare): the claim then records an empty unit_printed.
    unit: Literal["SEK", "MSEK"] | None = None
    note: Text
    tables: list[Id] = Field(default_factory=list)
    region: CountyCodeOrEmpty = ""
    unverifiable: Text | None = None


class ClaimsFile(Entry):
    claim: list[Claim] = Field(default_factory=list)


# --------------------------------------------------------------------- anomalies.toml

class Anomaly(Entry):
    id: Id
    source: Id
    line: Line
    quote: Text
    title: Text
    explanation: Text
    # the checks this oddity lets pass at its line (checks/_macros.sql documented_at): a
    # total the rows miss, a claim the table contradicts, an amount not grouped in threes
    excuses: list[Excusable] = Field(default_factory=list)


class AnomaliesFile(Entry):
    anomaly: list[Anomaly] = Field(default_factory=list)


# --------------------------------------------------------------------- population.toml

class PopulationColumn(Entry):
    """Where a source prints population figures (statsbidrag.extract.population reads them)."""
    source: Id
    layout: Literal["csv_dates", "row_regex", "scb_csv", "scb_jsonstat2"]
    rows: Annotated[list[Line], Field(min_length=2, max_length=2)]
    covers: Literal["all counties", "listed regions"]
    note: FreeText = ""
    # layout = "csv_dates": the line "code,name,<date>,<date>,..."; "scb_csv": '"region","2019",...'
    header_line: Line | None = None
    # layout = "row_regex": the date printed once, and one row per line
    date_line: Line | None = None
    date_regex: regex_with("date") | None = None
    row_regex: regex_with("region", "population", optional=("code",)) | None = None


class PopulationFile(Entry):
    population: list[PopulationColumn] = Field(default_factory=list)


# --------------------------------------------------------------------- allocation_keys.toml

class FixedPart(Entry):
    """The fixed amount per region, read from the table's source at `line`."""
    line: Line
    regex: regex_with("amount", "unit")



# Population dates as the population resource writes them: a day or a month.
PopulationDate = pattern(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$", 'a date "YYYY-MM-DD" or a month "YYYY-MM"')


class AllocationKey(Entry):
    """How one table divides its money (statsbidrag.extract.allocation_keys; the checks test it),
    or, with `claim` instead of `table`, how an amount stated only in prose is divided."""
    table: Id | None = None
    claim: Id | None = None  # an allocation the sources state only in prose: the claim
    kind: Literal["population_at_date", "population_unknown_date", "fixed_plus_population", "performance",
                  "cost_structure", "unknown"]
    note: Text
    date_basis: Literal["stated", "inferred", "unknown", ""] = ""
    population_source: Id | None = None
    population_date: PopulationDate | None = None
    group: Id | None = None
    also_allotted: list[CountyCode] = Field(default_factory=list)
    fixed_part: FixedPart | None = None
    quote: Quote | None = None


class AllocationKeysFile(Entry):
    key: list[AllocationKey] = Field(default_factory=list)


# --------------------------------------------------------------------- package.toml

class License(Entry):
    name: Text
    path: Text
    title: Text


class Contributor(Entry):
    title: Text
    roles: list[Text]


class ResourceText(Entry):
    title: Text
    description: Text


# An absolute http(s) address ending in "/": every address of the catalogue is made from it.
BaseAddress = pattern(r"^https?://[^/\s?#]+(/[^\s?#]*)?/$", 'an absolute address ending in "/", '
                      'e.g. "https://example.org/statsbidrag/"')
Email = pattern(r"^[^@\s:]+@[^@\s:]+\.[a-z]{2,}$", 'an e-mail address such as "name@example.org"')


class Catalog(Entry):
    """[catalog]: what the DCAT-AP-SE catalogue (catalog.ttl, catalog.rdf) says beyond datapackage.json."""
    base_address: BaseAddress
    title_sv: Text
    title_en: Text
    description_sv: Text
    publisher_name: Text
    contact_name: Text
    contact_email: Email


class PackageFile(Entry):
    name: Id
    title: Text
    description: Text
    homepage: FreeText
    keywords: list[Text]
    license: list[License]
    contributor: list[Contributor]
    resources: dict[str, ResourceText]
    catalog: Catalog


# file name in metadata/ -> (model of the whole file, the key of its entries or None)
FILES: dict[str, tuple[type[Entry], str | None]] = {
    "package.toml": (PackageFile, None),
    "regions.toml": (RegionsFile, "region"),
    "region_spellings.toml": (RegionSpellingsFile, "spelling"),
    "sources.toml": (SourcesFile, "source"),
    "grants.toml": (GrantsFile, "grant"),
    "tables.toml": (TablesFile, "table"),
    "claims.toml": (ClaimsFile, "claim"),
    "anomalies.toml": (AnomaliesFile, "anomaly"),
    "population.toml": (PopulationFile, "population"),
    "allocation_keys.toml": (AllocationKeysFile, "key"),
}
