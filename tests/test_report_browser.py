"""The report as a person sees it: served from 127.0.0.1 and read in headless Chromium.

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver);
.ci/run installs them. Without them every test here is skipped, and says why.
Set STATSBIDRAG_SCREENSHOT=path to keep the table page's screenshot (the README's
docs/report-screenshot.png is made that way).
"""

from __future__ import annotations

import csv
import functools
import http.server
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT
from test_report import report_site
from webdriver import Browser, missing_browser

WIDTH, HEIGHT = 1366, 768    # a common laptop screen


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def normalise(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@pytest.fixture(scope="module")
def browser():
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    with Browser(width=WIDTH, height=HEIGHT) as b:
        yield b


@pytest.fixture(scope="module")
def served(tmp_path_factory, browser) -> str:
    """The report of the real package, served over HTTP on 127.0.0.1."""
    site = report_site(tmp_path_factory)[0]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def wait_for_url(browser: Browser, ending: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while not browser.url.split("#")[0].endswith(ending):
        if time.monotonic() > deadline:
            raise AssertionError(f"the browser did not reach {ending}: it is at {browser.url}")
        time.sleep(0.05)
    return browser.url


def outside_requests(browser: Browser, base: str) -> list[str]:
    names = browser.execute("return performance.getEntriesByType('resource').map(e => e.name)")
    return [n for n in names if not n.startswith(base)]


def test_a_person_opens_the_index_follows_a_table_and_sees_21_bars(browser, served, tmp_path):
    regions = {r["region_code"]: r for r in read_csv(ROOT / "resources" / "regions.csv")}
    table = next(t for t in read_csv(ROOT / "resources" / "tables.csv") if t["kind"] == "regions" and t["unit"] == "SEK")
    rows = [r for r in read_csv(ROOT / "resources" / "allocations.csv") if r["table_id"] == table["table_id"]]

    browser.get(served + "index.html")
    assert "statsbidrag" in browser.title
    index_text = normalise(browser.text(browser.find("main")))
    assert "Status" in index_text and "Allocation tables" in index_text
    assert outside_requests(browser, served) == []

    link = browser.find(f'#tables ~ table a[href="tables/{table["table_id"]}.html"]')
    browser.click(link)
    wait_for_url(browser, f"tables/{table['table_id']}.html")

    bars = browser.find_all("svg.chart g.bar rect")
    assert len(bars) == len(regions) == len(rows) == 21
    widths = [browser.rect(b)["width"] for b in bars]
    assert all(w > 0 for w in widths)
    assert widths == sorted(widths, reverse=True), "bars are not sorted largest first"

    # Every amount of the CSV is on the page, written the Swedish way, and the
    # largest region is the first bar.
    page_text = normalise(browser.text(browser.find("main")))
    chart_text = normalise(browser.execute("return document.querySelector('svg.chart').textContent"))
    for row in rows:
        amount = f"{int(row['amount_sek']):,}".replace(",", " ") + " kr"
        assert amount in page_text, amount
        assert amount in chart_text, amount
        assert regions[row["region_code"]]["short_name"] in chart_text
    largest = max(rows, key=lambda r: int(r["amount_sek"]))
    first_label = browser.execute("return document.querySelector('svg.chart g.bar text.label').textContent")
    assert first_label == regions[largest["region_code"]]["short_name"]

    # Readable on a laptop screen: the whole chart is on the first screen, its text
    # is not shrunk below 11 px, and nothing spills sideways.
    layout = browser.execute("""
        const bars = document.querySelectorAll('svg.chart g.bar rect');
        const labels = [...document.querySelectorAll('svg.chart text.label')].map(t => t.getBoundingClientRect().height);
        return {last: bars[bars.length - 1].getBoundingClientRect().bottom, height: innerHeight,
                width: innerWidth, scrollWidth: document.documentElement.scrollWidth,
                smallest: Math.min(...labels)};""")
    assert layout["last"] <= layout["height"], f"the last bar is below the first screen: {layout}"
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["smallest"] >= 11, layout
    assert outside_requests(browser, served) == []

    shot = browser.screenshot()
    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 10_000
    (tmp_path / "report-table.png").write_bytes(shot)
    if os.environ.get("STATSBIDRAG_SCREENSHOT"):
        shutil.copyfile(tmp_path / "report-table.png", os.environ["STATSBIDRAG_SCREENSHOT"])


def test_the_data_docs_open_offline_from_the_index(browser, served):
    browser.get(served + "index.html")
    browser.click(browser.find('a[href="gx/index.html"]'))
    wait_for_url(browser, "gx/index.html")
    links = browser.find_all('a[href*="validations/"]')
    assert links, "the Data Docs index lists no validation results"
    browser.click(links[0])
    wait_for_url(browser, ".html")
    assert "validations/" in browser.url
    text = normalise(browser.text(browser.find("body")))
    assert "Expectation Validation Result" in text and "Succeeded" in text
    assert outside_requests(browser, served) == []


def test_a_check_links_to_its_evidence(browser, served):
    browser.get(served + "index.html")
    links = browser.find_all("table.checks a")
    if not links:
        pytest.skip("the index lists no checks (statsbidrag.checking not in this tree)")
    name, href = browser.text(links[0]), browser.attribute(links[0], "href")
    browser.click(links[0])
    wait_for_url(browser, href.split("/")[-1])
    heading = normalise(browser.text(browser.find("h1")))
    assert name in heading and re.search(r"\b(pass|fail|warning)\b", heading)


def test_the_site_works_opened_from_its_folder(browser, tmp_path_factory):
    """No server at all: file:// pages, as someone who unzipped the site would open them."""
    site = report_site(tmp_path_factory)[0]
    table = next(t for t in read_csv(ROOT / "resources" / "tables.csv") if t["kind"] == "regions")
    browser.get((site / "index.html").as_uri())
    browser.click(browser.find(f'#tables ~ table a[href="tables/{table["table_id"]}.html"]'))
    wait_for_url(browser, f"tables/{table['table_id']}.html")
    assert len(browser.find_all("svg.chart g.bar rect")) == 21
    styled = browser.execute("return getComputedStyle(document.querySelector('header.site')).backgroundColor")
    assert styled not in ("rgba(0, 0, 0, 0)", "transparent"), "the local stylesheet did not load"
    assert all(n.startswith("file://") for n in
               browser.execute("return performance.getEntriesByType('resource').map(e => e.name)"))
