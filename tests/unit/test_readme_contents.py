"""The README is short and for users: at most 300 lines, a table of contents listing every section
in order with a working anchor, and a link to each maintainers' file in docs/. Every relative
link of the README and docs/*.md reaches an existing file and, with an anchor, a heading of it."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAX_README_LINES = 300
LINK = re.compile(r"\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_readme_is_at_most_300_lines():
    lines = len(README.splitlines())
    assert lines <= MAX_README_LINES, (
        f"README.md: expected at most {MAX_README_LINES} lines (a README for users); found {lines}. "
        "Move maintainers' material to a file in docs/ and link it from the README.")


def test_the_contents_list_every_section_in_order():
    contents = README.split("## Contents\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \[(.+?)\]\(#(.+?)\)$", contents, flags=re.M)
    sections = [h for h in re.findall(r"^## (.+)$", README, flags=re.M) if h != "Contents"]
    assert [title for title, _ in listed] == sections
    assert all(anchor == github_anchor(title) for title, anchor in listed), listed
    assert any(s.startswith("Quick start: a time series") for s in sections)


def test_the_readme_links_every_docs_file():
    linked = {target.split("#")[0] for target in LINK.findall(README)}
    docs = {f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md")}
    assert docs, "test setup: no docs/*.md found"
    assert docs <= linked, f"README.md does not link {sorted(docs - linked)}"


def _headings(text: str) -> set[str]:
    outside_code = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {github_anchor(h) for h in re.findall(r"^#+ (.+)$", outside_code, flags=re.M)}


def test_every_relative_link_reaches_a_file_and_heading():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            name = page.relative_to(ROOT).as_posix()
            if not file.is_file():
                broken.append(f"{name}: link {target!r}: expected an existing file; found none")
            elif anchor and file.suffix == ".md" and anchor not in _headings(file.read_text(encoding="utf-8")):
                broken.append(f"{name}: link {target!r}: expected a heading with anchor #{anchor} "
                              f"in {file.relative_to(ROOT).as_posix()}; found none")
    assert not broken, "\n".join(broken)
