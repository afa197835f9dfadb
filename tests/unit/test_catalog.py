"""The DCAT-AP-SE catalogue at the root (catalog.ttl, catalog.rdf): valid against the DCAT-AP
3.0.0 SHACL shapes, absolute addresses from one base, no blank node, and what dataportal.se
needs (README: Register with dataportal.se)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

rdflib = pytest.importorskip("rdflib", reason="rdflib writes and reads the catalogue (a core dependency)")
from rdflib import RDF, BNode, Literal, URIRef  # noqa: E402

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SHAPES_NAME = "dcat-ap-3.0.0-SHACL.ttl"
BASE = "https://example.org/statsbidrag/"  # metadata/package.toml [catalog] base_address
AUTHORITIES = ("http://publications.europa.eu/resource/authority/", "http://data.europa.eu/nuts/code/",
               "https://www.iana.org/assignments/media-types/", "https://creativecommons.org/",
               "https://datapackage.org/profiles/", "mailto:")


def shapes_path() -> Path:
    """$STATSBIDRAG_DCAT_SHAPES, else the copy in tests/data, else ../shared/dcat-ap/ beside the checkout."""
    candidates = [Path(os.environ["STATSBIDRAG_DCAT_SHAPES"])] if os.environ.get("STATSBIDRAG_DCAT_SHAPES") else []
    candidates += [ROOT / "tests" / "data" / "dcat-ap" / SHAPES_NAME, ROOT.parent / "shared" / "dcat-ap" / SHAPES_NAME]
    for path in candidates:
        if path.is_file():
            return path
    pytest.skip(f"the DCAT-AP 3.0.0 SHACL shapes are not here (looked at {', '.join(map(str, candidates))}); "
                "set STATSBIDRAG_DCAT_SHAPES to the file to run this test")


def validate(graph) -> tuple[bool, str, set[str]]:
    """-> (conforms, the report as text, the paths of the properties found wrong)."""
    pyshacl = pytest.importorskip("pyshacl", reason="pyshacl validates the catalogue (the test extra)")
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, inference="rdfs")
    paths = {str(p) for p in results.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#resultPath"))}
    return conforms, text, paths


def parsed(name: str, fmt: str):
    return rdflib.Graph().parse(ROOT / name, format=fmt)


@pytest.fixture(scope="module")
def turtle():
    return parsed("catalog.ttl", "turtle")


def dataset_of(graph) -> URIRef:
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    return dataset


@pytest.mark.parametrize("name, fmt", [("catalog.ttl", "turtle"), ("catalog.rdf", "xml")])
def test_the_catalogue_conforms_to_the_dcat_ap_shapes(name, fmt):
    conforms, text, _ = validate(parsed(name, fmt))
    assert conforms, text


def test_the_shapes_find_what_is_missing(turtle):
    """The validation can fail: a dataset without its title, a distribution without its access address."""
    broken = rdflib.Graph()
    for triple in turtle:
        broken.add(triple)
    dataset = dataset_of(broken)
    broken.remove((dataset, DCTERMS.title, None))
    distribution = next(broken.objects(dataset, DCAT.distribution))
    broken.remove((distribution, DCAT.accessURL, None))
    conforms, _, paths = validate(broken)
    assert not conforms and paths == {str(DCTERMS.title), str(DCAT.accessURL)}


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


def test_the_files_are_byte_stable_whatever_the_hash_seed():
    """Written twice in fresh interpreters with different hash seeds: the same bytes as the committed files."""
    code = ("import sys; from pathlib import Path; from statsbidrag.publish.build import extract, render_with_catalog\n"
            "files = render_with_catalog(Path(sys.argv[1]), extract(Path(sys.argv[1])))\n"
            "sys.stdout.buffer.write(files['catalog.ttl'] + b'\\0' + files['catalog.rdf'])")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, env=env, check=True)
        outputs.append(result.stdout)
    committed = (ROOT / "catalog.ttl").read_bytes() + b"\0" + (ROOT / "catalog.rdf").read_bytes()
    assert outputs[0] == outputs[1] == committed
