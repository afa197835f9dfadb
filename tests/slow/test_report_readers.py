"""The report answers a reader's four usual questions from the front page in at most two
clicks, in Headless Chromium (Playwright driving /usr/bin/chromium). The files for a
spreadsheet are checked byte by byte. That every page passes axe-core and fits a phone:
test_report_pages.py.

Expected values are read from the CSVs (resources/), never from the report's code.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from browser import browser, served, site, watched_page  # noqa: F401 (the fixtures)
from helpers import read_resource

LAPTOP = (1280, 800)


def normalise(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class Clicks:
    """A page whose clicks are counted: every question must be answered in two."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str):
        self.count += 1
        self.page.click(selector)


def front(browser, served, size=LAPTOP) -> Clicks:
    page = watched_page(browser, served, *size)
    page.goto(served + "index.html")
    return Clicks(page)


def grant_amounts() -> dict[tuple[str, str], int]:
    """(grant_id, region_code) -> kronor, from the allocations of region tables that pay."""
    tables = {t["table_id"]: t for t in read_resource("tables")
              if t["kind"] == "regions" and t["amount_kind"] == "payment"}
    out = {}
    for row in read_resource("allocations"):
        table = tables.get(row["table_id"])
        if table:
            out[(table["grant_id"], row["region_code"])] = int(row["amount_sek"])
    return out


# -- the four questions ----------------------------------------------------------------

def test_kalmar_womens_health_year_by_year_in_one_click(browser, served):
    """How much did Region Kalmar get for women's health, 2017-2026? One row of the family page."""
    grants = {g["grant_id"]: g for g in read_resource("grants") if g["family_id"] == "kvinnors-halsa"}
    family = next(f for f in read_resource("families") if f["family_id"] == "kvinnors-halsa")
    by_year: dict[int, int] = defaultdict(int)
    for (grant_id, code), kronor in grant_amounts().items():
        if grant_id in grants and code == "08":
            by_year[int(grants[grant_id]["year"])] += kronor
    reader = front(browser, served)
    reader.click(f'main a:text-is("{family["title_sv"]}")')
    page = reader.page
    page.wait_for_url("**/families/kvinnors-halsa.html")
    table = page.locator("table#kronor")
    assert table.locator("tbody tr").count() == 21
    years = [int(y) for y in table.locator("thead th.num").all_inner_texts()]
    assert years == sorted(by_year)
    cells = table.locator("tr#region-08 td").all_inner_texts()
    assert [int(digits(c)) for c in cells] == [by_year[y] for y in years]
    assert reader.count <= 2 and page.problems == []


def test_the_top_region_per_inhabitant_in_2021_in_one_click(browser, served):
    """Which region got the most per inhabitant in 2021? The only 2021 table with a population."""
    keys = {k["table_id"]: k for k in read_resource("allocation_keys") if k["population_date"]}
    grants = {g["grant_id"]: g for g in read_resource("grants")}
    tables = [t for t in read_resource("tables") if t["table_id"] in keys
              and grants[t["grant_id"]]["year"] == "2021" and t["kind"] == "regions"]
    assert len(tables) == 1, "test setup: expected one 2021 table with a population"
    table, key = tables[0], keys[tables[0]["table_id"]]
    population = {p["region_code"]: int(p["population"]) for p in read_resource("population")
                  if p["source_id"] == key["population_source_id"] and p["reference_date"] == key["population_date"]}
    rows = [r for r in read_resource("allocations") if r["table_id"] == table["table_id"]]
    # to the öre, as the package publishes kronor per inhabitant: regions that tie share rank 1
    per_inhabitant = {r["region_code"]: round(int(r["amount_sek"]) / population[r["region_code"]], 2) for r in rows}
    names = {r["region_code"]: r["short_name"] for r in read_resource("regions")}
    top = {names[code] for code, value in per_inhabitant.items() if value == max(per_inhabitant.values())}
    reader = front(browser, served)
    reader.click(f'#per-inhabitant ~ ul a[href="tables/{table["table_id"]}.html#ranking"]')
    page = reader.page
    page.wait_for_url(f"**/tables/{table['table_id']}.html#ranking")
    ranked = page.locator("#ranking ~ .scroll table.ranking").first.locator("tbody tr")
    firsts = {normalise(row.locator("td").nth(1).inner_text()) for row in ranked.all()
              if normalise(row.locator("td").nth(0).inner_text()) == "1"}
    assert firsts == top
    assert reader.count <= 2 and page.problems == []


def test_where_stockholms_2024_number_comes_from_in_two_clicks(browser, served):
    reader = front(browser, served)
    reader.click('svg.chart.tiles g.tile[data-region="01"]')
    page = reader.page
    page.wait_for_url("**/regions/01.html")
    row = page.locator("table.region-grants tbody tr", has=page.locator('td:text-is("2024")')).first
    amount = normalise(row.locator("a.amount").inner_text())
    reader.click('table.region-grants tbody tr:has(td:text-is("2024")) a.amount >> nth=0')
    page.wait_for_url(re.compile(r".*/sources/[^/]+\.html#L\d+$"))
    line = page.locator("pre.printed .line:target")
    assert line.count() == 1
    assert digits(amount).rstrip("0") in digits(line.inner_text())
    box = line.bounding_box()
    assert box is not None and box["y"] > 150, "the line is at the top: nothing above it is in view"
    assert line.locator('a.back[href*="regions/01.html"]').count() == 1, "no way back to the region"
    assert reader.count <= 2 and page.problems == []


def test_data_for_excel_in_one_click(browser, served):
    reader = front(browser, served)
    with reader.page.expect_download() as download:
        reader.click('a[href="downloads/statsbidrag.xlsx"]')
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
    sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
    assert sheets[0] == "data" and "columns" in sheets and len(sheets) >= 3, sheets
    # a download ends the navigation Chromium started for the link: that request is "aborted"
    problems = [p for p in reader.page.problems if not ("statsbidrag.xlsx" in p and "ERR_ABORTED" in p)]
    assert reader.count <= 2 and problems == []


def test_the_front_page_shows_every_year_newest_first_at_1280_px(browser, served):
    grants = read_resource("grants")
    years = sorted({int(g["year"]) for g in grants}, reverse=True)
    page = front(browser, served).page
    header = page.locator("table.overview thead th.num")
    assert [int(y) for y in header.all_inner_texts()] == list(range(years[0], years[-1] - 1, -1))
    box = page.locator("table.overview").bounding_box()
    region = page.locator("table.overview").locator("xpath=..").bounding_box()
    assert box is not None and region is not None
    assert box["x"] + box["width"] <= region["x"] + region["width"] + 1, "the overview scrolls at 1280 px"
    ceilings = [t for t in read_resource("tables") if t["amount_kind"] != "payment"]
    assert ceilings, "test setup: no ceiling or frame to label"
    text = normalise(page.locator("table.overview").inner_text())
    assert "tak:" in text or "ram:" in text
    assert page.problems == []


# -- the files for readers ----------------------------------------------------------------

def test_the_flat_csv_starts_with_a_bom_and_holds_every_grant_and_region_once(site):
    raw = (site / "downloads" / "statsbidrag-flat.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    for column in ("region_name", "county_code", "year", "grant", "family", "amount_kind", "status",
                   "amount_sek", "unit", "sek_per_inhabitant", "source_id", "source_line"):
        assert column in header
    import csv
    rows = list(csv.DictReader(lines, delimiter=";"))
    keys = [(r["grant_id"], r["county_code"]) for r in rows]
    assert len(keys) == len(set(keys))
    published = {(t["grant_id"], a["region_code"]) for t in read_resource("tables") if t["kind"] == "regions"
                 for a in read_resource("allocations") if a["table_id"] == t["table_id"]}
    assert set(keys) == published
    family = next(f for f in read_resource("families") if f["family_id"] == "kvinnors-halsa")
    kalmar = [r for r in rows if r["county_code"] == "08" and r["grant_id"] == "kvinnors-halsa-2019"]
    assert [(r["region_name"], r["family"], r["amount_kind"]) for r in kalmar] == \
        [("Kalmar", family["title_sv"], "payment")]


def test_each_tables_download_holds_only_that_table(site):
    table = next(t for t in read_resource("tables") if t["kind"] == "regions")
    html = (site / "tables" / f"{table['table_id']}.html").read_text(encoding="utf-8")
    links = re.findall(r'<p class="downloads">(.*?)</p>', html, re.S)[0]
    hrefs = re.findall(r'href="([^"]+\.csv)"', links)
    assert hrefs == [f"../downloads/tables/{table['table_id']}.csv"]
    rows = (site / "downloads" / "tables" / f"{table['table_id']}.csv").read_text(encoding="utf-8-sig").splitlines()
    printed = [r for r in read_resource("allocations") if r["table_id"] == table["table_id"]]
    assert len(rows) - 1 == len(printed)
    assert all(f";{table['table_id']};" in r for r in rows[1:])


def test_the_swedish_pages_name_families_in_swedish(site):
    index = normalise(re.sub(r"<[^>]+>", " ", (site / "index.html").read_text(encoding="utf-8")))
    english = normalise(re.sub(r"<[^>]+>", " ", (site / "en" / "index.html").read_text(encoding="utf-8")))
    for family in read_resource("families"):
        if family["title"] != family["title_sv"]:
            assert family["title"] not in index, family["title"]
            assert family["title_sv"] in index or family["family_id"] not in index
            assert family["title_sv"] not in english, family["title_sv"]
    assert "(as the page's address names it" not in index


def test_status_badges_speak_the_pages_language(site):
    """A status badge on an English page says final/preliminary, on a Swedish page
    slutligt/preliminärt (the badge macro is rendered once per language)."""
    words = {"sv": {"final": "slutligt", "preliminary": "preliminärt"},
             "en": {"final": "final", "preliminary": "preliminary"}}
    seen = defaultdict(set)
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("gx/"):
            continue
        lang = "en" if rel.startswith("en/") else "sv"
        for status, text in re.findall(r'class="badge (final|preliminary)"[^>]*>([^<]*)<', path.read_text(encoding="utf-8")):
            assert text == words[lang][status], (rel, status, text)
            seen[lang].add(status)
    assert seen["sv"] == seen["en"] == {"final", "preliminary"}
