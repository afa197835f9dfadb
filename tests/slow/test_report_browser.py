"""The report as a person sees it: served from 127.0.0.1 and read in headless Chromium
(Playwright driving Debian's /usr/bin/chromium; scripts/install installs it). Without a
browser every test here is skipped, and says why.

Expected values are read from the CSVs, not from the report's code. Every page, crawled
and checked at phone width: test_report_pages.py.
Set STATSBIDRAG_SCREENSHOTS=docs to write the README's screenshots (docs/*.png).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser import browser, served, site, watched_page  # noqa: F401 (the fixtures)
from conftest import ROOT
from helpers import read_resource

LAPTOP = (1366, 768)
PHONE = (390, 844)


def normalise(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def screenshot(page, name: str) -> None:
    shot = page.screenshot(full_page=False)
    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 5_000
    folder = os.environ.get("STATSBIDRAG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(shot)


def region_years_with_money() -> dict[str, set[int]]:
    """region_code -> the years it received money from a grant paid to the regions."""
    grants = {g["grant_id"]: g for g in read_resource("grants")}
    tables = {t["table_id"]: t for t in read_resource("tables") if t["kind"] == "regions"}
    years: dict[str, set[int]] = {}
    for row in read_resource("allocations"):
        table = tables.get(row["table_id"])
        if not table or grants[table["grant_id"]]["recipients"] != "regions" or int(row["amount_sek"]) <= 0:
            continue
        if table.get("amount_kind", "payment") != "payment":   # a frame or ceiling is not money received
            continue
        years.setdefault(row["region_code"], set()).add(int(grants[table["grant_id"]]["year"]))
    return years


# -- a reader's way through --------------------------------------------------------------

def test_index_shows_data_first_then_a_region_then_the_source_line(browser, served):
    regions = {r["region_code"]: r for r in read_resource("regions")}
    page = watched_page(browser, served, *LAPTOP)
    page.goto(served + "index.html")
    assert page.locator("html").get_attribute("lang") == "sv"
    headings = [normalise(h) for h in page.locator("main h2").all_inner_texts()]
    assert headings[0] == "Bidrag per år", headings   # data before anything about checks
    assert "Kontroller" not in " ".join(headings)
    screenshot(page, "report-index.png")

    code = "06"  # Jönköping: printed in several tables
    page.click(f'svg.chart.tiles g.tile[data-region="{code}"]')
    page.wait_for_url(f"**/regions/{code}.html")
    assert normalise(page.locator("h1").inner_text()) == regions[code]["official_name"]
    screenshot(page, "report-region.png")

    link = page.locator("table.region-grants a.amount").first
    printed_amount = normalise(link.inner_text())
    link.click()
    page.wait_for_url(re.compile(r".*/sources/[^/]+\.html#L\d+$"))
    line = page.locator("pre.printed .line:target")
    assert line.count() == 1, "the amount's link does not point at a line"
    assert "cited" in line.get_attribute("class")
    digits = re.sub(r"\D", "", printed_amount)
    assert digits.rstrip("0") in re.sub(r"\D", "", line.inner_text()), (printed_amount, line.inner_text())
    assert page.problems == []


def test_a_region_chart_has_one_mark_per_year_it_received_money(browser, served):
    years = region_years_with_money()
    assert years, "test setup: no region received money"
    page = watched_page(browser, served, *LAPTOP)
    for code in sorted(years)[:3] + ["25"]:
        page.goto(served + f"regions/{code}.html")
        marks = page.locator("svg.chart.years g.mark")
        drawn = sorted(int(y) for y in marks.evaluate_all("els => els.map(e => e.dataset.year)"))
        assert drawn == sorted(years.get(code, set())), code
        heights = marks.evaluate_all("els => els.map(e => e.querySelector('rect').getBoundingClientRect().height)")
        assert all(h > 0 for h in heights), (code, heights)
    assert page.problems == []


def test_a_table_page_on_a_laptop_shows_21_sorted_bars_on_the_first_screen(browser, served):
    regions = {r["region_code"]: r for r in read_resource("regions")}
    table = next(t for t in read_resource("tables") if t["kind"] == "regions" and t["unit"] == "SEK")
    rows = [r for r in read_resource("allocations") if r["table_id"] == table["table_id"]]
    page = watched_page(browser, served, *LAPTOP)
    page.goto(served + f"tables/{table['table_id']}.html")
    bars = page.locator("svg.chart.wide g.bar rect")
    assert bars.count() == len(regions) == len(rows) == 21
    widths = bars.evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert all(w > 0 for w in widths) and widths == sorted(widths, reverse=True)
    chart_text = normalise(page.locator("svg.chart.wide").text_content())
    for row in rows:
        assert f"{int(row['amount_sek']):,}".replace(",", " ") + " kr" in chart_text
    largest = max(rows, key=lambda r: int(r["amount_sek"]))
    assert page.locator("svg.chart.wide g.bar text.label").first.text_content() == \
        regions[largest["region_code"]]["short_name"]
    layout = page.evaluate("""() => {
        const bars = document.querySelectorAll('svg.chart.wide g.bar rect');
        const labels = [...document.querySelectorAll('svg.chart.wide text.label')].map(t => t.getBoundingClientRect().height);
        return {last: bars[bars.length - 1].getBoundingClientRect().bottom, height: innerHeight,
                smallest: Math.min(...labels)}; }""")
    assert layout["last"] <= layout["height"], layout
    assert layout["smallest"] >= 11, layout
    assert page.locator("svg.chart.narrow").is_hidden()
    screenshot(page, "report-table.png")
    assert page.problems == []


def test_on_a_phone_the_chart_is_the_narrow_one_and_its_text_is_readable(browser, served):
    table = next(t for t in read_resource("tables") if t["kind"] == "regions")
    page = watched_page(browser, served, *PHONE)
    page.goto(served + f"tables/{table['table_id']}.html")
    assert page.locator("svg.chart.wide").is_hidden()
    narrow = page.locator("svg.chart.narrow")
    assert narrow.is_visible() and narrow.locator("g.bar").count() == 21
    smallest = narrow.locator("text").evaluate_all(
        "els => Math.min(...els.map(e => e.getBoundingClientRect().height))")
    assert smallest >= 11, smallest
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.goto(served + "regions/01.html")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "report-phone.png")
    assert page.problems == []


def test_the_english_version_mirrors_every_page(browser, served, site):
    page = watched_page(browser, served, *LAPTOP)
    page.goto(served + "regions/01.html")
    page.click('header a[hreflang="en"]')
    page.wait_for_url("**/en/regions/01.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Received per year" in page.locator("main").inner_text()
    page.click('header a[hreflang="sv"]')
    page.wait_for_url(re.compile(r".*/regions/01\.html$"))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.problems == []


def test_the_data_docs_open_offline_and_lead_back_to_the_site(browser, served, site):
    if not (site / "gx" / "index.html").is_file():
        pytest.skip("Great Expectations is not installed: the report has no Data Docs")
    page = watched_page(browser, served, *LAPTOP)
    page.goto(served + "checks.html")
    page.click('a[href$="gx/index.html"]')
    page.wait_for_url("**/gx/index.html")
    page.locator('a[href*="validations/"]').first.click()
    page.wait_for_url(re.compile(r".*/validations/.*\.html$"))
    text = normalise(page.locator("body").inner_text())
    assert "Succeeded" in text and "__none__" not in text
    for control in page.locator("button, [onclick]").all():
        control.click()                       # every control left on the page works
    page.locator("a.statsbidrag-back").click()
    page.wait_for_url(re.compile(r".*/(index|checks)\.html$"))
    assert page.problems == []


def test_the_site_works_opened_from_its_folder(browser, site):
    """No server at all: file:// pages, as someone who unzipped the site would open them."""
    index = (site / "index.html").read_text(encoding="utf-8")  # the index links the latest tables
    table = next(t for t in read_resource("tables")
                 if t["kind"] == "regions" and f'href="tables/{t["table_id"]}.html"' in index)
    context = browser.new_context(viewport={"width": LAPTOP[0], "height": LAPTOP[1]})
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.click(f'a[href="tables/{table["table_id"]}.html"]')
    page.wait_for_url(f"**/tables/{table['table_id']}.html")
    assert page.locator("svg.chart.wide g.bar rect").count() == int(table["regions_covered"])
    styled = page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor")
    assert styled not in ("rgba(0, 0, 0, 0)", "transparent"), "the local stylesheet did not load"
    names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert all(n.startswith("file://") for n in names), names
    context.close()


def test_the_documented_screenshots_are_the_ones_these_tests_take():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(docs/([\w.-]+\.png)\)", readme))
    assert shown, "README.md shows no screenshot of the report"
    for doc in sorted((ROOT / "docs").glob("*.md")):  # beside the images: linked by bare name
        shown |= set(re.findall(r"\]\(([\w.-]+\.png)\)", doc.read_text(encoding="utf-8")))
    taken = set(re.findall(r'screenshot\(page, "([\w.-]+\.png)"\)', Path(__file__).read_text(encoding="utf-8")))
    assert shown and shown <= taken, shown - taken
    assert all((ROOT / "docs" / name).is_file() for name in shown)


# -- the watch itself ----------------------------------------------------------------------

def test_the_watch_records_a_request_leaving_127_0_0_1_and_none_reaches_the_network(browser, tmp_path):
    """What the every-page tests rely on: a page asking for anything but the served address
    (a host name, an address given as a number, a fetch) gets a problem line for each, and each
    request fails at the closed proxy port (browser.NO_NETWORK) instead of going out."""
    from browser import serve
    leaving = ["http://example.org/a.png", "http://93.184.216.34/b.png", "https://example.com/c.json"]
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="sv"><title>t</title><img src="{leaving[0]}" alt="a"><img src="{leaving[1]}" '
        f'alt="b"><script>fetch("{leaving[2]}").catch(() => {{}})</script></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        page = watched_page(browser, base)
        failed: dict[str, str] = {}
        page.on("requestfailed", lambda r: failed.update({r.url: str(r.failure)}))
        page.goto(base + "index.html")
        for _ in range(100):  # the fetch may fail after the load event: wait for it (10 s at most)
            if len(failed) == len(leaving):
                break
            page.wait_for_timeout(100)
        page.context.close()
    recorded = [line for line in page.problems if line.startswith("request leaving 127.0.0.1: ")]
    assert sorted(line.split()[3] for line in recorded) == sorted(leaving), page.problems
    assert set(failed) == set(leaving) and all("PROXY" in why or "TUNNEL" in why for why in failed.values()), failed


def test_the_walk_records_what_axe_the_width_and_the_lang_find(browser, tmp_path):
    """What the every-page tests rely on, on three planted pages: axe-core's violations (an
    image without alt, a page without lang, grey text on white), a page wider than a phone
    and a page without lang are each recorded against their page. The colour-contrast rule
    runs once per text style: the grey of index.html, repeated on three.html, is reported on
    index.html only, and three.html's lighter grey on three.html."""
    from browser import serve, walk_site
    head = ('<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            '<link rel="icon" href="data:,"><title>t</title>')
    grey, lighter = '<p style="color:#aaa">grå text</p>', '<p style="color:#bbb">ljusare</p>'
    pages = {
        "index.html": f'<html lang="sv">{head}<main><a href="two.html">två</a> <a href="three.html">tre</a>{grey}</main>',
        "two.html": f'<html>{head}<main><img src="data:,"><div style="width:900px">bred</div></main>',
        "three.html": f'<html lang="en">{head}<main>{grey}{lighter}</main>',
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(f"<!doctype html>{html}</html>", encoding="utf-8")
    with serve(tmp_path) as base:
        walk = walk_site(browser, base, "index.html", lambda rel: True)
    assert sorted(walk.axed) == sorted(pages) and walk.problems == []
    found = {tuple(line.split(": ")[:2]) for line in walk.violations}
    assert found == {("index.html", "color-contrast"), ("two.html", "image-alt"), ("two.html", "html-has-lang"),
                     ("three.html", "color-contrast")}, walk.violations
    assert [line for line in walk.violations if line.startswith("three.html")] == [
        'three.html: color-contrast: <p style="color:#bbb">ljusare</p>']
    assert [line.split(":")[0] for line in walk.too_wide] == ["two.html"] and walk.no_lang == ["two.html"]
