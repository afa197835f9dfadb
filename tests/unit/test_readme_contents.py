"""The README's table of contents lists every section, in order, with a working anchor."""

from __future__ import annotations

import re

from conftest import ROOT


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_contents_list_every_section_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contents = readme.split("## Contents\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \[(.+?)\]\(#(.+?)\)$", contents, flags=re.M)
    sections = [h for h in re.findall(r"^## (.+)$", readme, flags=re.M) if h != "Contents"]
    assert [title for title, _ in listed] == sections
    assert all(anchor == github_anchor(title) for title, anchor in listed), listed
    assert any(s.startswith("Quick start: a time series") for s in sections)
