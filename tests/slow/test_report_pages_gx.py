"""The Great Expectations Data Docs of the report (gx/), every page opened once at phone
width from gx/index.html, which test_report_pages.py's crawl reaches: no console error, no
failed request, none leaving 127.0.0.1 (they are a developers' tool: no width or axe-core
check, as before).
"""

from __future__ import annotations

import pytest
from browser import browser, every_page_opens_cleanly, served, site, walk_site  # noqa: F401


def opened(rel: str) -> bool:
    return rel.startswith("gx/")


@pytest.fixture(scope="module")
def walked(browser, served, site):
    if not (site / "gx" / "index.html").is_file():
        pytest.skip("Great Expectations is not installed: the report has no Data Docs")
    return walk_site(browser, served, "gx/index.html", opened)


def test_every_page_opens_cleanly_and_fits_a_phone(walked, site):
    every_page_opens_cleanly(walked, site, opened, at_least=40)
    assert walked.axed == []
