"""Every Swedish page of the report (outside en/ and gx/), opened once in headless Chromium (Playwright driving Debian's /usr/bin/chromium) on
a 390 px wide phone screen: the crawl from the index reaches every page, no page logs an
error or asks for anything that fails or leaves 127.0.0.1, none of ours scrolls sideways,
and axe-core (WCAG 2 A and AA: the copy bundled by axe-playwright-python, pinned) finds
nothing. One walk (tests/browser.py: walk_site) records all of it; the tests read it.
The English pages (en/) and the Great Expectations Data Docs (gx/) are walked in
test_report_pages_en.py and test_report_pages_gx.py (files of their own, so that the
parts run in parallel), from the addresses this crawl reaches. Without a browser every test here is skipped, and says why.
"""

from __future__ import annotations

import pytest
from browser import browser, every_page_opens_cleanly, every_page_passes_axe, served, site, walk_site  # noqa: F401


def opened(rel: str) -> bool:
    return not rel.startswith(("en/", "gx/"))


@pytest.fixture(scope="module")
def walked(browser, served):
    return walk_site(browser, served, "index.html", opened)


def test_every_page_opens_cleanly_and_fits_a_phone(walked, site):
    """Crawl from the index along every link: no console error, no failed request, no
    request leaving 127.0.0.1; and on a 390 px wide screen no page of ours scrolls sideways.
    The English pages and the Data Docs start where these pages link them (the other two
    files go on from there)."""
    every_page_opens_cleanly(walked, site, opened)
    assert {"en/index.html", "gx/index.html"} <= walked.reached


def test_every_page_passes_axe_and_fits_a_phone(walked, site):
    every_page_passes_axe(walked, site, opened)
