"""The DCAT-AP-SE catalogue at the root (catalog.ttl, catalog.rdf): absolute addresses from one
base, no blank node, and what dataportal.se needs (README: Register with dataportal.se). Its
validation against the DCAT-AP 3.0.0 SHACL shapes (pyshacl, about 2 CPU-s a graph) and its
byte stability across hash seeds (two fresh interpreters) are in tests/slow/test_catalog_shacl.py."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import ROOT

rdflib = pytest.importorskip("rdflib", reason="rdflib writes and reads the catalogue (a core dependency)")
from rdflib import RDF, BNode, Literal, URIRef  # noqa: E402

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
BASE = "https://example.org/statsbidrag/"  # metadata/package.toml [catalog] base_address
AUTHORITIES = ("http://publications.europa.eu/resource/authority/", "http://data.europa.eu/nuts/code/",
               "https://www.iana.org/assignments/media-types/", "https://creativecommons.org/",
               "https://datapackage.org/profiles/", "mailto:")


def parsed(name: str, fmt: str):
    return rdflib.Graph().parse(ROOT / name, format=fmt)


@pytest.fixture(scope="module")
def turtle():
    return parsed("catalog.ttl", "turtle")


def dataset_of(graph) -> URIRef:
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    return dataset


def test_turtle_and_rdf_xml_are_the_same_graph(turtle):
    from rdflib.compare import isomorphic
    assert isomorphic(turtle, parsed("catalog.rdf", "xml"))
    assert len(turtle) > 200


def test_no_blank_node_and_every_address_absolute_from_the_base(turtle):
    nodes = {n for triple in turtle for n in triple if not isinstance(n, Literal)}
    assert not [n for n in nodes if isinstance(n, BNode)]
    ours = [str(n) for n in nodes if str(n).startswith(BASE)]
    others = [str(n) for n in nodes if not str(n).startswith(BASE)]
    assert len(ours) > 20
    assert not [n for n in others if not n.startswith(AUTHORITIES) and "w3.org" not in n and "xmlns.com" not in n
                and "purl.org" not in n]


def test_the_dataset_says_what_dataportal_se_needs(turtle):
    dataset = dataset_of(turtle)
    titles = {t.language: str(t) for t in turtle.objects(dataset, DCTERMS.title)}
    descriptions = {d.language for d in turtle.objects(dataset, DCTERMS.description)}
    assert set(titles) == {"sv", "en"} and descriptions == {"sv", "en"}
    [publisher] = turtle.objects(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in turtle and turtle.value(publisher, FOAF.name)
    [contact] = turtle.objects(dataset, DCAT.contactPoint)
    assert {VCARD.Organization, VCARD.Kind} <= set(turtle.objects(contact, RDF.type))
    assert str(turtle.value(contact, VCARD.hasEmail)).startswith("mailto:")
    assert str(turtle.value(dataset, DCTERMS.conformsTo)) == "https://datapackage.org/profiles/2.0/datapackage.json"
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert {str(k) for k in turtle.objects(dataset, DCAT.keyword)} == set(descriptor["keywords"])
    assert str(turtle.value(dataset, DCTERMS.modified)) == descriptor["created"][:10]


def test_temporal_coverage_is_the_years_of_the_grants(turtle):
    with open(ROOT / "resources" / "grants.csv", encoding="utf-8", newline="") as handle:
        years = [int(row["year"]) for row in csv.DictReader(handle)]
    assert (min(years), max(years)) == (2017, 2026)  # as the README's time series says
    period = turtle.value(dataset_of(turtle), DCTERMS.temporal)
    assert str(turtle.value(period, DCAT.startDate)) == "2017-01-01"
    assert str(turtle.value(period, DCAT.endDate)) == "2026-12-31"


def test_spatial_coverage_is_sweden_and_its_21_counties(turtle):
    places = {str(p) for p in turtle.objects(dataset_of(turtle), DCTERMS.spatial)}
    assert "http://publications.europa.eu/resource/authority/country/SWE" in places
    nuts = {p.rsplit("/", 1)[1] for p in places if p.startswith("http://data.europa.eu/nuts/code/")}
    assert len(nuts) == 21 and all(len(code) == 5 and code.startswith("SE") for code in nuts)
    # a few pairs read from Eurostat's NUTS 2021 list, not from the code
    label = {str(turtle.value(URIRef("http://data.europa.eu/nuts/code/" + c), rdflib.namespace.SKOS.prefLabel)): c
             for c in nuts}
    assert label["Stockholms län"] == "SE110" and label["Gotlands län"] == "SE214"
    assert label["Örebro län"] == "SE124" and label["Norrbottens län"] == "SE332"


def test_one_csv_distribution_per_resource_with_its_size(turtle):
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    distributions = list(turtle.objects(dataset_of(turtle), DCAT.distribution))
    assert len(distributions) == len(descriptor["resources"])
    for distribution in distributions:
        url = str(turtle.value(distribution, DCAT.downloadURL))
        rel = url.removeprefix(BASE)
        assert url.startswith(BASE) and (ROOT / rel).is_file(), url
        assert int(turtle.value(distribution, DCAT.byteSize)) == (ROOT / rel).stat().st_size
        assert str(turtle.value(distribution, DCAT.mediaType)).endswith("/text/csv")
        assert str(turtle.value(distribution, DCTERMS["format"])).endswith("/file-type/CSV")
        assert turtle.value(distribution, DCTERMS.license) is not None
