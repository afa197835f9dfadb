"""Licensed and citable: LICENSE (code), LICENSE-DATA.md (data), CITATION.cff, and the
descriptor's id, created and Data Package v2 shape."""

from __future__ import annotations

import json
import tomllib
import uuid

import yaml
from conftest import ROOT

import statsbidrag
from statsbidrag.publish.changelog import release_date


def descriptor() -> dict:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_the_code_licence_is_the_one_pyproject_declares():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_data_licence_is_the_one_the_descriptor_declares():
    [licence] = descriptor()["licenses"]
    text = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert licence["name"] == "CC0-1.0" and licence["path"] in text and "CC0 1.0" in text


def test_the_citation_matches_the_version_and_its_changelog_date():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == statsbidrag.__version__
    assert str(citation["date-released"]) == release_date(changelog, statsbidrag.__version__)
    assert citation["title"] == descriptor()["title"]
    assert citation["license"] == descriptor()["licenses"][0]["name"]


def test_the_descriptor_has_an_id_a_derived_created_and_is_data_package_v2():
    d = descriptor()
    assert uuid.UUID(d["id"]).version == 5
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert d["created"] == release_date(changelog, d["version"]) + "T00:00:00Z"
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    # v2 removed `profile`; a resource says it is a table with `type`
    assert "profile" not in d and all("profile" not in r for r in d["resources"])
    assert all(r["type"] == "table" for r in d["resources"])


def test_the_package_is_typed():
    assert (ROOT / "src" / "statsbidrag" / "py.typed").is_file()
