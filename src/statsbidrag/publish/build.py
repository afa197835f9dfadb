"""`statsbidrag build`: regenerate every resource from sources/ and metadata/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from statsbidrag import metadata
from statsbidrag.errors import SourceError
from statsbidrag.extract.allocation_keys import extract_allocation_keys
from statsbidrag.extract.claims import extract_anomalies, extract_claims
from statsbidrag.extract.documents import Document, open_document
from statsbidrag.extract.meaning import extract_meaning_quotes
from statsbidrag.extract.population import extract_population
from statsbidrag.extract.provenance import provenance
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.extract.tables import Allocation, extract_table
from statsbidrag.metadata import Family, Grant, PackageFile, Region, Source
from statsbidrag.publish.render import load_schema, publish, render_csv, render_descriptor
from statsbidrag.tableschema.resources import RESOURCE_ORDER, resource_path


@dataclass
class Extraction:
    """Every resource's records, in publication order: dicts, and the allocations as
    extract.tables.Allocation tuples (a million of them in a large package)."""
    records: dict[str, list]
    documents: dict[str, Document]
    package: PackageFile  # metadata/package.toml, for the descriptor


def _source_record(source: Source, documents: dict[str, Document]) -> dict:
    doc = documents[source.id]
    origin = provenance(source, documents)
    return {"source_id": source.id, "path": source.path, "source_kind": source.source_kind,
            "sha256": doc.sha256, "bytes": doc.bytes,
            "title": source.title, "publisher": source.publisher,
            "document_type": source.document_type, "date_published": source.date_published,
            "language": source.language, "original_file_name": source.original_file_name,
            "notes": " ".join(source.notes.split()), **origin, "omitted": " ".join(source.omitted.split())}


def _region_record(region: Region) -> dict:
    return {"region_code": region.code, "iso_code": region.iso, "short_name": region.short_name,
            "official_name": region.official_name, "county_name": region.county_name}


def _family_record(family: Family) -> dict:
    return {"family_id": family.id, "title": family.title, "title_sv": family.title_sv,
            "description": " ".join(family.description.split())}


def _grant_record(grant: Grant) -> dict:
    return {"grant_id": grant.id, "family_id": grant.family, "year": grant.year, "title": grant.title,
            "title_sv": grant.title_sv, "agreement": grant.agreement, "recipients": grant.recipients,
            "basis": grant.basis, "combines_grants": grant.combines_grants, "included_in": grant.included_in}


def extract(root: Path) -> Extraction:
    """Read and check everything; raise a SourceError on the first problem. Writes nothing.

    The metadata is validated in full first (every problem at once, as a MetadataError).
    """
    meta = metadata.load(root)
    documents = {s.id: open_document(root, s) for s in meta.sources}
    regions = RegionIndex(meta.regions, meta.spellings)
    tables: list[dict] = []
    allocations: list[Allocation] = []
    items: list[dict] = []
    absences: list[dict] = []
    for table in meta.tables:
        try:
            record, rows, parts, absent = extract_table(documents[table.source], table, regions)
        except SourceError as error:  # a PDF's line is also named by its page
            raise documents[table.source].locate(error) from None
        tables.append(record)
        allocations.extend(rows)
        items.extend(parts)
        absences.extend(absent)
    records: dict[str, list] = {
        "regions": sorted((_region_record(r) for r in meta.regions), key=lambda r: r["region_code"]),
        "region_aliases": sorted(regions.aliases(), key=lambda a: a["alias"]),
        "sources": [_source_record(s, documents) for s in meta.sources],
        "families": [_family_record(f) for f in meta.families],
        "grants": [_grant_record(g) for g in meta.grants],
        "tables": tables,
        "absences": absences,
        "allocations": allocations,
        "breakdown_items": items,
        "claims": extract_claims(meta.claims, documents),
        "anomalies": extract_anomalies(meta.anomalies, documents),
    }
    population = extract_population(meta.population, documents, regions)
    records["population"] = population
    records["allocation_keys"], records["claim_keys"] = extract_allocation_keys(
        meta.allocation_keys, meta.lines["allocation_keys.toml"], documents, tables, population, meta.claims)
    records["meaning_quotes"] = extract_meaning_quotes(meta, documents)
    return Extraction(records, documents, meta.package)


def render(root: Path, extraction: Extraction) -> dict[str, bytes]:
    """Every published file's bytes, by path relative to the root. The extraction's records
    are used up (each list ends empty): a large package's records and CSVs are not held
    together."""
    sources = list(extraction.records["sources"])  # the descriptor names them
    csvs = {name: render_csv(load_schema(root, name), extraction.records[name], name, consume=True)
            for name in RESOURCE_ORDER}
    files = {resource_path(name): data for name, data in csvs.items()}
    from statsbidrag._version import __version__
    from statsbidrag.publish.changelog import created
    files["datapackage.json"] = render_descriptor(extraction.package, csvs, sources, created(root, __version__))
    return files


def render_with_catalog(root: Path, extraction: Extraction) -> dict[str, bytes]:
    """render(), plus the DCAT-AP-SE catalogue of the package (catalog.ttl, catalog.rdf at the
    root), made from the rendered datapackage.json and data (statsbidrag.publish.catalog)."""
    from statsbidrag.publish.catalog import catalog_files
    files = render(root, extraction)
    files.update(catalog_files(root, extraction.package.catalog, files))
    return files


def build(root: Path, derived: bool = False) -> list[str]:
    """Extract, render and publish as one transaction (statsbidrag.publish.atomic); -> the paths that changed.

    resources/ and datapackage.json; with `derived`, also what is made from them:
    sql/load_csv.sql, dist/statsbidrag.duckdb and dist/parquet/. Everything is
    extracted and checked before anything is written, and published all at once.
    """
    from statsbidrag.publish.atomic import transaction
    files = render_with_catalog(root, extract(root))
    with transaction(root, derived) as stage:
        changed = publish(stage, files)
        if derived:
            from statsbidrag.publish import database
            changed += database.write_load_sql(stage)
            changed += database.write_outputs(stage)
    return changed
