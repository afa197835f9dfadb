"""The DCAT-AP-SE catalogue: catalog.ttl (Turtle) and catalog.rdf (RDF/XML), made with rdflib.

dataportal.se harvests DCAT-AP-SE catalogues: RDF describing a Catalog, its Dataset and
one Distribution per download. This module writes one from what the package already
says, never retyped: datapackage.json (title, description, keywords, licence, version,
`$schema`, each resource's path and bytes), the data (the first and last year of
`grants`, the regions' county names), CHANGELOG.md (the first and this version's dates)
and the `[catalog]` table of metadata/package.toml (the base address, the Swedish and
English titles, the Swedish description, the publisher and the contact e-mail).

- Every node has an absolute address made from the one `base_address`: no blank node
  (dataportal.se refuses them), so a harvester can tell one run from the next.
- Authority addresses: Sweden is the EU country authority's SWE, each county its NUTS 3
  region (data.europa.eu/nuts, NUTS_3 below, keyed by SCB county code), formats the EU
  file-type authority, media types IANA's.
- `statsbidrag build` writes the catalogue of the package itself (one CSV distribution
  per resource, their sizes in datapackage.json) at the repository root, and it ships in
  the zip; `statsbidrag dist` writes beside the zip the catalogue of the release, which
  adds the zip, statsbidrag.sqlite, every Parquet file and an .xlsx where the release
  has one. The zip's own catalogue cannot state the zip's size, so the one to register
  is the release's (README "Register with dataportal.se").
- Both serialisations are byte-stable: rdflib's Turtle writer sorts subjects; its RDF/XML
  writer takes them in the order of the store's sets, so the graph hands them out sorted
  (_graph); each subject's properties come in the order they were added.

tests/unit/test_catalog.py validates both with pyshacl against the DCAT-AP 3.0.0 shapes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rdflib and pydantic are imported only when a catalogue is made
    from collections.abc import Generator

    from rdflib import Graph, Literal
    from rdflib.paths import Path as PropertyPath
    from rdflib.term import Node

    from statsbidrag.metadata.models import Catalog

CATALOG_TTL = "catalog.ttl"
CATALOG_RDF = "catalog.rdf"
CATALOG_FILES = (CATALOG_TTL, CATALOG_RDF)

EU = "http://publications.europa.eu/resource/authority/"
COUNTRY = EU + "country/SWE"
NUTS = "http://data.europa.eu/nuts/code/"
IANA = "https://www.iana.org/assignments/media-types/"
# NUTS 3 region of each county, by SCB county code (NUTS 2021: the 21 län, unchanged since 2008).
NUTS_3 = {"01": "SE110", "03": "SE121", "04": "SE122", "05": "SE123", "06": "SE211", "07": "SE212",
          "08": "SE213", "09": "SE214", "10": "SE221", "12": "SE224", "13": "SE231", "14": "SE232",
          "17": "SE311", "18": "SE124", "19": "SE125", "20": "SE312", "21": "SE313", "22": "SE321",
          "23": "SE322", "24": "SE331", "25": "SE332"}
# kind -> (EU file type, IANA media type). SQLite has no EU file type: its media type is its format.
FORMATS = {
    "zip": (EU + "file-type/ZIP", IANA + "application/zip"),
    "csv": (EU + "file-type/CSV", IANA + "text/csv"),
    "parquet": (EU + "file-type/PARQUET", IANA + "application/vnd.apache.parquet"),
    "sqlite": (IANA + "application/vnd.sqlite3", IANA + "application/vnd.sqlite3"),
    "xlsx": (EU + "file-type/XLSX", IANA + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
# The EU data themes the dataset is listed under on dataportal.se, with their labels.
THEMES = {EU + "data-theme/GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
          EU + "data-theme/HEAL": ("Hälsa", "Health")}
LANGUAGES = [EU + "language/SWE", EU + "language/ENG"]
ACCESS_PUBLIC = EU + "access-right/PUBLIC"


@dataclass(frozen=True)
class Download:
    """One file a user can download: its path under the base address, kind (FORMATS), size, title."""
    path: str
    kind: str
    bytes: int
    title: str


def package_downloads(descriptor: dict) -> list[Download]:
    """One CSV per resource of datapackage.json, with the size it records."""
    return [Download(r["path"], "csv", r["bytes"], f"{r['title']} (CSV)") for r in descriptor["resources"]]


def catalog_files(root: Path, settings: Catalog, files: dict[str, bytes],
                  extra: Sequence[Download] = ()) -> dict[str, bytes]:
    """The catalogue of the package whose files (datapackage.json, resources/) are `files`:
    a CSV distribution per resource, after the `extra` downloads of a release."""
    from statsbidrag.publish.changelog import first_release_date
    descriptor = json.loads(files["datapackage.json"])
    return render_catalog(settings, descriptor, [*extra, *package_downloads(descriptor)],
                          files["resources/grants.csv"], files["resources/regions.csv"],
                          issued=first_release_date(root), modified=descriptor["created"])


def release_downloads(release_files: dict[str, int], zipped_files: dict[str, bytes]) -> list[Download]:
    """The release folder's files (name -> size: the zip, statsbidrag.sqlite, an .xlsx where
    one is made) and the zip's Parquet files, as downloads."""
    kinds = {".zip": ("zip", "The whole data package, zipped"), ".sqlite": ("sqlite", "Every table and view (SQLite)"),
             ".xlsx": ("xlsx", "The package as a spreadsheet (xlsx)")}
    found = [Download(name, kinds[suffix][0], size, kinds[suffix][1])
             for name, size in sorted(release_files.items())
             for suffix in [Path(name).suffix] if suffix in kinds]
    found += [Download(rel, "parquet", len(data), f"{Path(rel).stem} (Parquet)")
              for rel, data in sorted(zipped_files.items()) if rel.endswith(".parquet")]
    return found


def _years(grants_csv: bytes) -> tuple[int, int]:
    years = [int(row["year"]) for row in csv.DictReader(io.StringIO(grants_csv.decode("utf-8")))]
    return min(years), max(years)


def _counties(regions_csv: bytes) -> dict[str, str]:
    return {row["region_code"]: row["county_name"]
            for row in csv.DictReader(io.StringIO(regions_csv.decode("utf-8")))}


def render_catalog(settings: Catalog, descriptor: dict[str, Any], downloads: list[Download], grants_csv: bytes,
                   regions_csv: bytes, issued: str, modified: str) -> dict[str, bytes]:
    """{catalog.ttl: Turtle, catalog.rdf: RDF/XML} of the package's catalogue."""
    graph = catalog_graph(settings, descriptor, downloads, grants_csv, regions_csv, issued, modified)
    return {CATALOG_TTL: graph.serialize(format="turtle", encoding="utf-8"),
            CATALOG_RDF: graph.serialize(format="xml", encoding="utf-8")}


def _graph() -> Graph:
    """An rdflib Graph whose subjects() are sorted, so RDF/XML is written in one order."""
    from rdflib import Graph

    class SortedGraph(Graph):
        def subjects(self, predicate: PropertyPath | Node | None = None,
                     object: Node | list[Node] | None = None,  # noqa: A002 (rdflib's names)
                     unique: bool = False) -> Generator[Node, None, None]:
            # rdflib's nodes order themselves (Identifier.__lt__); its stubs do not say so
            yield from sorted(set(super().subjects(predicate, object)))  # type: ignore[type-var]

    return SortedGraph(bind_namespaces="core")


def catalog_graph(settings: Catalog, descriptor: dict[str, Any], downloads: list[Download], grants_csv: bytes,
                  regions_csv: bytes, issued: str, modified: str) -> Graph:
    """The catalogue as an rdflib Graph (see the module's docstring for what it holds)."""
    from rdflib import Namespace
    from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

    graph = _graph()
    for prefix, space in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", Namespace(VCARD)),
                          ("skos", SKOS)):
        graph.bind(prefix, space)
    terms = _Terms(settings, descriptor)
    _add_catalog(graph, terms, settings, descriptor, issued, modified)
    _add_agents(graph, terms, settings)
    _add_dataset(graph, terms, descriptor, issued, modified)
    _add_coverage(graph, terms, grants_csv, regions_csv)
    _add_distributions(graph, terms, downloads)
    return graph


VCARD = "http://www.w3.org/2006/vcard/ns#"


class _Terms:
    """The catalogue's own nodes and texts, which several parts of it name."""

    def __init__(self, settings: Catalog, descriptor: dict[str, Any]):
        from rdflib import Literal, URIRef
        self.base = base = str(settings.base_address)
        self.name = descriptor["name"]
        self.catalog, self.dataset = URIRef(base + "catalog"), URIRef(f"{base}dataset/{self.name}")
        self.publisher, self.contact = URIRef(base + "publisher"), URIRef(base + "contact")
        self.licence = URIRef(descriptor["licenses"][0]["path"])
        self.titles = (Literal(settings.title_sv, lang="sv"), Literal(settings.title_en, lang="en"))
        self.descriptions = (Literal(" ".join(settings.description_sv.split()), lang="sv"),
                             Literal(" ".join(descriptor["description"].split()), lang="en"))


def _add(graph: Graph, subject: Node, predicate: Node, *objects: Node) -> None:
    for item in objects:
        graph.add((subject, predicate, item))


def _date(text: str) -> Literal:
    from rdflib import XSD, Literal
    return Literal(text[:10], datatype=XSD.date)


def _add_catalog(graph: Graph, terms: _Terms, settings: Catalog, descriptor: dict[str, Any], issued: str,
                 modified: str) -> None:
    from rdflib import RDF, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF
    catalog = terms.catalog
    _add(graph, catalog, RDF.type, DCAT.Catalog)
    _add(graph, catalog, DCTERMS.title, *terms.titles)
    _add(graph, catalog, DCTERMS.description, *terms.descriptions)
    _add(graph, catalog, DCTERMS.publisher, terms.publisher)
    _add(graph, catalog, DCTERMS.license, terms.licence)
    _add(graph, catalog, DCTERMS.language, *map(URIRef, LANGUAGES))
    _add(graph, catalog, DCTERMS.issued, _date(issued))
    _add(graph, catalog, DCTERMS.modified, _date(modified))
    _add(graph, catalog, DCAT.dataset, terms.dataset)
    if descriptor.get("homepage"):
        _add(graph, catalog, FOAF.homepage, URIRef(descriptor["homepage"]))


def _add_agents(graph: Graph, terms: _Terms, settings: Catalog) -> None:
    """The publisher, the contact point, and the licence, languages, themes and rights they name."""
    from rdflib import RDF, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, FOAF, SKOS
    vcard = Namespace(VCARD)
    _add(graph, terms.publisher, RDF.type, FOAF.Agent, FOAF.Organization)
    _add(graph, terms.publisher, FOAF.name, Literal(settings.publisher_name))
    # Kind: the shapes do not load vCard's ontology
    _add(graph, terms.contact, RDF.type, vcard.Organization, vcard.Kind)
    _add(graph, terms.contact, vcard.fn, Literal(settings.contact_name))
    _add(graph, terms.contact, vcard.hasEmail, URIRef("mailto:" + settings.contact_email))
    _add(graph, terms.licence, RDF.type, DCTERMS.LicenseDocument)
    for language in LANGUAGES:
        _add(graph, URIRef(language), RDF.type, DCTERMS.LinguisticSystem)
    for theme, (sv, en) in THEMES.items():
        _add(graph, URIRef(theme), RDF.type, SKOS.Concept)
        _add(graph, URIRef(theme), SKOS.inScheme, URIRef(EU + "data-theme"))
        _add(graph, URIRef(theme), SKOS.prefLabel, Literal(sv, lang="sv"), Literal(en, lang="en"))
    _add(graph, URIRef(ACCESS_PUBLIC), RDF.type, DCTERMS.RightsStatement)


def _add_dataset(graph: Graph, terms: _Terms, descriptor: dict[str, Any], issued: str, modified: str) -> None:
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS
    dcat_version = URIRef(str(DCAT) + "version")  # DCAT 3, which rdflib's DCAT namespace predates
    dataset = terms.dataset
    _add(graph, dataset, RDF.type, DCAT.Dataset)
    _add(graph, dataset, DCTERMS.title, *terms.titles)
    _add(graph, dataset, DCTERMS.description, *terms.descriptions)
    _add(graph, dataset, DCTERMS.identifier, Literal("urn:uuid:" + descriptor["id"]))
    _add(graph, dataset, dcat_version, Literal(descriptor["version"]))
    _add(graph, dataset, DCTERMS.publisher, terms.publisher)
    _add(graph, dataset, DCAT.contactPoint, terms.contact)
    _add(graph, dataset, DCAT.keyword, *(Literal(k) for k in descriptor["keywords"]))
    _add(graph, dataset, DCAT.theme, *map(URIRef, THEMES))
    _add(graph, dataset, DCTERMS.language, *map(URIRef, LANGUAGES))
    _add(graph, dataset, DCTERMS.accessRights, URIRef(ACCESS_PUBLIC))
    _add(graph, dataset, DCTERMS.issued, _date(issued))
    _add(graph, dataset, DCTERMS.modified, _date(modified))
    standard = URIRef(descriptor["$schema"])  # Data Package v2
    _add(graph, dataset, DCTERMS.conformsTo, standard)
    _add(graph, standard, RDF.type, DCTERMS.Standard)
    _add(graph, standard, DCTERMS.title, Literal("Data Package v2", lang="en"))


def _add_coverage(graph: Graph, terms: _Terms, grants_csv: bytes, regions_csv: bytes) -> None:
    """The years the grants span, and Sweden and its counties (NUTS 3)."""
    from rdflib import RDF, XSD, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, SKOS
    dataset = terms.dataset
    first, last = _years(grants_csv)
    period = URIRef(f"{terms.base}dataset/{terms.name}/temporal")
    _add(graph, dataset, DCTERMS.temporal, period)
    _add(graph, period, RDF.type, DCTERMS.PeriodOfTime)
    _add(graph, period, DCAT.startDate, Literal(f"{first}-01-01", datatype=XSD.date))
    _add(graph, period, DCAT.endDate, Literal(f"{last}-12-31", datatype=XSD.date))
    sweden = URIRef(COUNTRY)
    _add(graph, dataset, DCTERMS.spatial, sweden)
    _add(graph, sweden, RDF.type, DCTERMS.Location)
    _add(graph, sweden, SKOS.prefLabel, Literal("Sverige", lang="sv"), Literal("Sweden", lang="en"))
    for code, county in sorted(_counties(regions_csv).items()):
        place = URIRef(NUTS + NUTS_3[code])
        _add(graph, dataset, DCTERMS.spatial, place)
        _add(graph, place, RDF.type, DCTERMS.Location)
        _add(graph, place, SKOS.prefLabel, Literal(county, lang="sv"))
        _add(graph, place, SKOS.notation, Literal(code))


def _add_distributions(graph: Graph, terms: _Terms, downloads: list[Download]) -> None:
    from rdflib import RDF, XSD, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS
    for item in downloads:
        file_type, media_type = FORMATS[item.kind]
        distribution, url = URIRef(f"{terms.base}distribution/{item.path}"), URIRef(terms.base + item.path)
        _add(graph, terms.dataset, DCAT.distribution, distribution)
        _add(graph, distribution, RDF.type, DCAT.Distribution)
        _add(graph, distribution, DCTERMS.title, Literal(item.title, lang="en"))
        _add(graph, distribution, DCAT.accessURL, url)
        _add(graph, distribution, DCAT.downloadURL, url)
        _add(graph, distribution, DCTERMS.format, URIRef(file_type))
        _add(graph, distribution, DCAT.mediaType, URIRef(media_type))
        _add(graph, distribution, DCAT.byteSize, Literal(item.bytes, datatype=XSD.nonNegativeInteger))
        _add(graph, distribution, DCTERMS.license, terms.licence)
        _add(graph, URIRef(file_type), RDF.type, DCTERMS.MediaTypeOrExtent)
        _add(graph, URIRef(media_type), RDF.type, DCTERMS.MediaType)
