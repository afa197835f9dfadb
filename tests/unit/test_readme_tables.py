"""The documentation's two tables are held to the package: the README's resources with their
row counts as published, and docs/checks.md's checks, each the tool runs (nothing typed there
can drift unnoticed)."""

from __future__ import annotations

import csv
import json
import re

from conftest import ROOT

from statsbidrag.toolchecks import EXPECTED

README = (ROOT / "README.md").read_text(encoding="utf-8")
CHECKS_DOC = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")


def _table_after(header: str, text: str = README) -> list[list[str]]:
    """The rows of the Markdown table in `text` whose header row starts with `header`."""
    lines = text[text.index(header):].split("\n")
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_every_resource_is_listed_with_its_published_row_count():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    published = {}
    for resource in descriptor["resources"]:
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as handle:
            published[resource["name"]] = sum(1 for _ in csv.DictReader(handle))
    listed = {re.sub(r"`", "", row[0]): int(row[1].replace(" ", "")) for row in _table_after("| resource | rows |")}
    assert listed == published, ("README 'What is in the package': expected each resource with its row count "
                                 f"{published}; found {listed}. Correct the table after a build.")


def test_every_check_the_tool_runs_is_in_the_checks_table():
    listed = {re.sub(r"`", "", row[0]) for row in _table_after("| check | what it asserts |", CHECKS_DOC)}
    assert set(EXPECTED) <= listed, f"docs/checks.md's checks table lacks {sorted(set(EXPECTED) - listed)}"
    assert listed - set(EXPECTED) <= {"frictionless_valid"}, \
        f"docs/checks.md lists unknown checks {listed - set(EXPECTED)}"
