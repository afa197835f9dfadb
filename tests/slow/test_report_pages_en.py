"""Every English page of the report (en/), opened once at phone width: the checks of
test_report_pages.py (crawl, problems, width, axe-core), whose crawl of the Swedish pages
reaches en/index.html; this walk goes on from there through the English pages.
"""

from __future__ import annotations

import pytest
from browser import browser, every_page_opens_cleanly, every_page_passes_axe, served, site, walk_site  # noqa: F401


def opened(rel: str) -> bool:
    return rel.startswith("en/")


@pytest.fixture(scope="module")
def walked(browser, served):
    return walk_site(browser, served, "en/index.html", opened)


def test_every_page_opens_cleanly_and_fits_a_phone(walked, site):
    every_page_opens_cleanly(walked, site, opened)


def test_every_page_passes_axe_and_fits_a_phone(walked, site):
    every_page_passes_axe(walked, site, opened)
