"""The DCAT-AP-SE catalogue at the root (catalog.ttl, catalog.rdf) is valid against the DCAT-AP
3.0.0 SHACL shapes (pyshacl, about 2 CPU-s a graph), the shapes can fail, and the files are
byte-stable whatever the hash seed (two fresh interpreters). The catalogue's cheap structural
tests are in tests/unit/test_catalog.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

rdflib = pytest.importorskip("rdflib", reason="rdflib writes and reads the catalogue (a core dependency)")

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SHAPES_NAME = "dcat-ap-3.0.0-SHACL.ttl"


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


@pytest.mark.parametrize("name, fmt", [("catalog.ttl", "turtle"), ("catalog.rdf", "xml")])
def test_the_catalogue_conforms_to_the_dcat_ap_shapes(name, fmt):
    conforms, text, _ = validate(parsed(name, fmt))
    assert conforms, text


def test_the_shapes_find_what_is_missing():
    """The validation can fail: a dataset without its title, a distribution without its access address."""
    broken = parsed("catalog.ttl", "turtle")
    [dataset] = broken.subjects(rdflib.RDF.type, DCAT.Dataset)
    broken.remove((dataset, DCTERMS.title, None))
    distribution = next(broken.objects(dataset, DCAT.distribution))
    broken.remove((distribution, DCAT.accessURL, None))
    conforms, _, paths = validate(broken)
    assert not conforms and paths == {str(DCTERMS.title), str(DCAT.accessURL)}


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
