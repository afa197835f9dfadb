"""`statsbidrag add`: a document -> drafted metadata, proven by the extraction, and archived.

`draft(file, metadata, ...)` reads the document as the build will (statsbidrag.extract.documents:
a PDF's text, a text file's lines), finds its per-region tables (intake.detect), and drafts
a [[source]] (marked `draft = true`), a [[family]], one [[grant]] per money column and one
[[table]] per grant column. Every drafted table is read by extract.tables.extract_table
before the draft is shown: a table the extraction refuses is left out, with the error,
among the things the draft is unsure of. `written_files(root, result)` gives the file archived
byte for byte in sources/ and each metadata file with the draft appended; `add --write` puts
them in place as one transaction (statsbidrag.publish.atomic.put_files) only once the whole
package extracts with them, so a failure or a kill leaves every file as it was.

Each fact drafted from a line keeps that line and its text (`Evidence`): the heading of each
column, the unit, the amount kind and the status. They are drafted as the metadata's quotes
(`amount_kind_quote`, `status_quote`, `unit_quote`; the grant's `recipients_quote` and
`included_in_quote`, intake.quotes), each the text at its line; a fact no line supports
quotes the table's heading and is listed among the things the draft is unsure of.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.errors import SourceError, UsageError
from statsbidrag.extract.documents import Document, read_lines, sha256_of
from statsbidrag.extract.population import YEAR_CELL
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.intake import naming
from statsbidrag.intake.detect import (
    MIN_REGIONS,
    YEAR_HEADING,
    Column,
    Evidence,
    FoundTable,
    crowded_lines,
    find_tables,
)
from statsbidrag.intake.entries import archive_name, entry, slug, unique
from statsbidrag.intake.quotes import quote

if TYPE_CHECKING:
    from statsbidrag.metadata import Metadata

_WHAT_WAS_LOOKED_FOR = (f"a table of at least {MIN_REGIONS} regions (any spelling: 'Stockholm', 'Region Stockholm', "
                        "'Stockholms län', 'Stockholms läns landsting', upper case, a footnote marker), one row "
                        "per region, with a column of money: headed as money (belopp, medel, bidrag, summa, kr) "
                        "or printed with a unit (kr, tkr, mnkr, MSEK, miljoner kronor)")


@dataclass
class DraftTable:
    found: FoundTable
    column: Column
    table_id: str
    grant_id: str
    included_in: str | None
    toml: str


@dataclass
class Draft:
    file: Path
    name: str  # the archived file's name in sources/
    source_id: str
    data: bytes
    source_toml: str
    grants_toml: str
    tables: list[DraftTable] = field(default_factory=list)
    population_toml: str = ""  # a population source (SCB's download): its [[population]]
    population_rows: int = 0
    found: list[FoundTable] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    crowded: list[tuple[int, int]] = field(default_factory=list)  # detect.crowded_lines, when no table is found

    @property
    def tables_toml(self) -> str:
        return "".join(t.toml for t in self.tables)

    @property
    def drafted(self) -> bool:
        return bool(self.tables or self.population_toml)

    def toml(self) -> str:
        """The whole draft: what --write appends to sources.toml, grants.toml and tables.toml
        (or, for population figures, population.toml)."""
        if self.population_toml:
            return (f"# --- metadata/sources.toml\n{self.source_toml}\n"
                    f"# --- metadata/population.toml\n{self.population_toml}")
        if not self.tables:
            return ""
        return (f"# --- metadata/sources.toml\n{self.source_toml}\n# --- metadata/grants.toml\n{self.grants_toml}\n"
                f"# --- metadata/tables.toml\n{self.tables_toml}")

    def summary(self) -> str:
        where = f"sources/{self.name}"
        if self.population_toml:
            return (f"{self.file}: SCB's population by county, {self.population_rows} figure(s) drafted as "
                    f"population (to be archived as {where}, source '{self.source_id}')")
        lines = [f"{self.file}: {len(self.found)} per-region table(s) found, {len(self.tables)} table(s) of money "
                 f"drafted (to be archived as {where}, source '{self.source_id}')"]
        if not self.tables:
            lines.append(f"  no rows: looked for {_WHAT_WAS_LOOKED_FOR}")
            if self.name.endswith(".csv"):
                lines.append("  nor SCB's population download: a heading '\"region\",\"2019\",...' and rows "
                             "'\"01 Stockholms län\",2377081,...'")
        for line, count in self.crowded[:3]:
            lines.append(f"  line {line} names {count} regions: a table printed on one line (a page saved without "
                         "its line breaks?) cannot be read, since each amount is cited by its line. Add a copy "
                         "whose rows are lines of their own, such as the page printed to PDF (the browser's "
                         "Print, Save as PDF): statsbidrag add reads a PDF line by line.")
        for table in self.tables:
            found, column = table.found, table.column
            total = (f", total {column.total_sek} kronor printed at line {column.total_line}"
                     if column.total_line else ", no total printed")
            lines.append(f"  {table.table_id}: lines {found.first}-{found.last}, {len(found.regions)} regions, "
                         f"column {column.index} of {found.numbers} ({column.heading or 'no heading'}), "
                         f"{column.unit}, {found.amount_kind}, {found.status}, rows add up to {column.rows_sek} "
                         f"kronor{total}" + (f"; part of {table.included_in}" if table.included_in else ""))
        for found in self.found:
            for column in found.columns:
                if not column.money:
                    lines.append(f"  not drafted: lines {found.first}-{found.last} column {column.index}: {column.why}")
        for text in self.unsure + self.refused:
            lines.append(f"  unsure: {text}")
        return "\n".join(lines)


# --------------------------------------------------------------------- the draft

def draft(file: Path, metadata: Metadata, address: str = "", published: str = "", title: str = "") -> Draft:
    """The draft for `file`, every table proven by the extraction; writes nothing."""
    data = file.read_bytes()
    name = archive_name(file)
    rel = f"sources/{name}"
    lines = read_lines(str(file), data)
    regions = RegionIndex(metadata.regions, metadata.spellings)
    # ids are unique among their kind; a new source's family takes the source's id
    source_id = unique(slug(Path(name).stem), {s.id for s in metadata.sources} | {f.id for f in metadata.families})
    taken = {g.id for g in metadata.grants} | {t.id for t in metadata.tables}
    doc = Document(source_id, rel, sha256_of(data), len(data), lines)
    doc_title = title or naming.title(doc)
    published, dated = naming.published(doc, published)
    # SCB's population download (JSON-stat, or a CSV headed 'region' and years); any other CSV
    # is a spreadsheet's export, read as a document (its fields are its cells)
    if name.endswith(".json") or (name.endswith(".csv") and _scb_heading(doc) is not None):
        return _draft_population(file, name, source_id, data, doc, doc_title, regions, address, published)
    result = Draft(file, name, source_id, data, _source_entry(file, doc, doc_title, address, published), "",
                   found=find_tables(doc, regions))
    if not result.found:
        result.crowded = crowded_lines(doc, regions)
    result.unsure += dated
    family = {"id": source_id, "title": doc_title, "title_sv": doc_title,
              "description": f"Drafted by statsbidrag add from {rel}: describe the purpose followed over the years."}
    grants: list[str] = []
    with_money = [t for t in result.found if t.money]
    for number, found_table in enumerate(with_money, start=1):
        year = found_table.year or (int(published[:4]) if published else None)
        if year is None:
            year = date.today().year
            result.unsure.append(f"table at lines {found_table.first}-{found_table.last}: no year printed; "
                                 f"drafted as {year}")
        base = source_id + (f"-{number}" if len(with_money) > 1 else "")
        grant_title = (naming.caption(doc, found_table) or doc_title) if len(with_money) > 1 else doc_title
        grants += _draft_columns(result, doc, found_table, base, year, grant_title, regions, taken)
        result.unsure += [f"table at lines {found_table.first}-{found_table.last}: {u}" for u in found_table.unsure]
    result.grants_toml = entry("family", family) + "".join(grants)
    return result


def _source_entry(file: Path, doc: Document, title: str, address: str, published: str) -> str:
    from statsbidrag.metadata.models import Source
    text = "\n".join(doc.lines[:200]).lower()
    document_type = "press release" if "pressmeddelande" in text else \
        "government decision" if ("beslut" in text or doc.path.endswith(".pdf")) else "web page"
    source = {"id": doc.source_id, "path": doc.path, "sha256": doc.sha256, "title": title, "publisher": "",
              "document_type": document_type, "date_published": published, "language": "sv",
              "original_file_name": file.name, "original_address": address or None,
              "notes": "drafted by statsbidrag add: review the metadata against the document", "draft": True}
    Source.model_validate({k: v for k, v in source.items() if v is not None}, strict=True)
    return entry("source", source, [f"Drafted by statsbidrag add from {file.name}: review it, then remove "
                                     "`draft = true`"])


def _quote_meaning(doc: Document, found: FoundTable, column: Column, table: dict, grant: dict,
                   unsure: list[str]) -> None:
    """The quotes for what the column's numbers mean (intake.quotes), after the fields they quote:
    the table's amount kind, status and unit, the grant's recipients and the total it is part of."""
    heading = column.heading_line or found.header_line
    near = [n for n in (heading, found.header_line) if n] + list(range(found.first - 1, max(0, found.first - 8), -1))
    fallback = heading or found.first
    for name, evidence in (("amount_kind", found.amount_kind_evidence), ("status", found.status_evidence),
                            ("unit", column.unit_evidence)):
        table[f"{name}_quote"] = quote(doc, name, table[name], [evidence], near, fallback, unsure)
    grant["recipients_quote"] = quote(doc, "recipients", grant["recipients"], [found.recipients_evidence],
                                      near, fallback, unsure, doc.source_id)
    if grant["included_in"] is not None:
        whole = next(c for c in found.columns if c.index == found.whole)
        total = Evidence(whole.heading_line, whole.heading or "") if whole.heading_line else None
        grant["included_in_quote"] = quote(doc, "included_in", grant["included_in"], [total], near,
                                           fallback, unsure, doc.source_id)


def _draft_columns(result: Draft, doc: Document, found: FoundTable, base: str, year: int, title: str,
                   regions: RegionIndex, taken: set[str]) -> list[str]:
    """A grant and a table for each money column of `found`, each table read by extract_table
    first (a refused one is listed in result.refused); -> the grants' TOML."""
    from statsbidrag.extract.tables import extract_table
    from statsbidrag.metadata.models import Grant, RegionTable
    money = found.money
    ids = {c.index: unique(f"{base}-{slug(c.heading) if c.heading else f'kolumn-{c.index}'}"
                            if len(money) > 1 else base, taken) for c in money}
    grants = []
    for column in money:
        table_id = ids[column.index]
        included_in = ids[found.whole] if found.whole and column.index != found.whole else None
        # a column headed by a year ('2026') is that year's, whatever the caption says
        heading_year = YEAR_HEADING.fullmatch(column.heading or "")
        grant = {"id": table_id, "family": doc.source_id, "year": int(heading_year.group(1)) if heading_year else year,
                 "title": title + (f": {column.heading}" if column.heading else ""),
                 "title_sv": title + (f": {column.heading}" if column.heading else ""),
                 "agreement": title, "recipients": found.recipients, "basis": "", "included_in": included_in}
        table = _table(found, column, table_id, doc.source_id, table_id, regions)
        unsure: list[str] = []
        _quote_meaning(doc, found, column, table, grant, unsure)
        result.unsure += [f"{table_id}: {u}" for u in unsure]
        try:
            extract_table(doc, RegionTable.model_validate(table, strict=True), regions)
            Grant.model_validate({k: v for k, v in grant.items() if v is not None}, strict=True)
        except SourceError as error:
            result.refused.append(f"{table_id} not drafted: {doc.locate(error)}")
            continue
        except ValueError as error:  # pydantic: a drafted value the model refuses
            result.refused.append(f"{table_id} not drafted: {error}")
            continue
        comments = [f"drafted by statsbidrag add: {column.why}"]
        grants.append(entry("grant", grant))
        result.tables.append(DraftTable(found, column, table_id, table_id, included_in,
                                        entry("table", table, comments)))
    return grants


def _scb_heading(doc: Document) -> int | None:
    """The line of SCB's CSV heading ('"region","2019",...': 'region', then a year in each other
    field, as extract.population reads it), if the document has one."""
    for number, line in enumerate(doc.lines, start=1):
        fields = [field.strip() for field in next(csv.reader([line]), [])]
        if len(fields) >= 2 and fields[0].lower() == "region" and all(YEAR_CELL.search(f) for f in fields[1:]):
            return number
    return None


def _draft_population(file: Path, name: str, source_id: str, data: bytes, doc: Document, title: str,
                      regions: RegionIndex, address: str, published: str) -> Draft:
    """SCB's download of county population (BE0101N1 and its successors) as a population source."""
    from statsbidrag.extract.population import extract_population
    from statsbidrag.metadata.models import PopulationColumn, Source
    source = {"id": source_id, "path": f"sources/{name}", "sha256": doc.sha256, "title": title,
              "publisher": "Statistiska centralbyrån (SCB)", "document_type": "statistics",
              "date_published": published, "language": "sv", "original_file_name": file.name,
              "original_address": address or None,
              "notes": "SCB's population per county on 31 December of each year (table BE0101N1); drafted by "
                       "statsbidrag add", "draft": True}
    Source.model_validate({k: v for k, v in source.items() if v is not None}, strict=True)
    if name.endswith(".json"):
        spec: dict = {"source": source_id, "layout": "scb_jsonstat2", "rows": [1, len(doc.lines)]}
    else:
        header = _scb_heading(doc)
        rows = [n for n, line in enumerate(doc.lines, start=1)
                if header and n > header and re.match(r'^"?\d{2} \S', line)]
        if header is None or not rows:
            raise SourceError(str(file), header, "SCB's CSV download: a heading '\"region\",\"2019\",...' and rows "
                              "'\"01 Stockholms län\",2377081,...'", "none", "Download the table as CSV "
                              "(comma-separated, with heading) with region and year only.", code="SB104")
        spec = {"source": source_id, "layout": "scb_csv", "header_line": header, "rows": [rows[0], rows[-1]]}
    spec["covers"] = "all counties"
    spec["note"] = "SCB's population per county on 31 December of each year, as downloaded (drafted by statsbidrag add)"
    figures = extract_population([PopulationColumn.model_validate(spec, strict=True)], {source_id: doc}, regions)
    covered = {row["region_code"] for row in figures} - {"00"}
    if covered != set(regions.names):
        spec["covers"] = "listed regions"
    marked = entry("source", source, [f"Drafted by statsbidrag add from {file.name}: review it, then remove "
                                       "`draft = true`"])
    result = Draft(file, name, source_id, data, marked, "")
    result.population_toml = entry("population", spec)
    result.population_rows = len(figures)
    return result


# the shape detect found -> the layout that reads it
LAYOUTS = {"rows": "columns", "stacked": "one_value_per_line", "side_by_side": "side_by_side"}


def _table(found: FoundTable, column: Column, table_id: str, source_id: str, grant_id: str,
           regions: RegionIndex) -> dict:
    def reason(code: str) -> str:
        named = found.named_without_amount.get(code)
        if named is not None:
            return (f"The table prints no amount for {regions.names[code]}: line {named.line} reads "
                    f"'{named.text}' (drafted by statsbidrag add)")
        return (f"The table prints no row for {regions.names[code]}: it lists {len(found.regions)} regions "
                "(drafted by statsbidrag add)")
    absent = [{"region": code, "reason": reason(code)} for code in regions.names if code not in found.regions]
    table: dict = {"id": table_id, "source": source_id, "grant": grant_id, "kind": "regions",
                   "status": found.status, "amount_kind": found.amount_kind, "layout": LAYOUTS[found.shape],
                   "rows": [found.first, found.last], "columns": found.numbers, "column": column.index}
    if found.skip:
        table["skip"] = found.skip
    if found.name_column is not None:
        table["name_column"] = found.name_column
    if column.heading_line:
        table["header_line"] = column.heading_line
    table["unit"] = column.unit
    if column.unit_evidence:
        table["unit_line"] = column.unit_evidence.line
    if column.total_line:
        table["total_line"] = column.total_line
    if absent:
        table["absent"] = absent
    return table


# --------------------------------------------------------------------- writing

_FILES = {"source_toml": "sources.toml", "grants_toml": "grants.toml", "tables_toml": "tables.toml",
          "population_toml": "population.toml"}


def written_files(root: Path, result: Draft) -> dict[str, bytes]:
    """What --write puts in place (path -> bytes): the document archived byte for byte, and each
    metadata file with the draft appended. Writes nothing: the command publishes them as one
    transaction once the build's extraction has read them (statsbidrag.publish.atomic.put_files)."""
    target = root / "sources" / result.name
    if target.exists():
        raise UsageError(f"sources/{result.name} exists already: a document is archived once; rename the file "
                         "if it is another document", code="SB501")
    files = {f"sources/{result.name}": result.data}
    for attribute, name in _FILES.items():
        before = (root / "metadata" / name).read_bytes()
        files[f"metadata/{name}"] = before + getattr(result, attribute).encode("utf-8")
    return files
