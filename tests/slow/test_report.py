"""statsbidrag report: the static site, its charts, and the Great Expectations suites.

Expected values are read here from the CSVs and Table Schemas themselves, never from
the report's own data structures. The site is built once per test session (Great
Expectations takes seconds to import); test_report_browser.py drives the same site in
Chromium.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT
from helpers import read_csv, report_site

from statsbidrag.cli.main import main
from statsbidrag.report.charts import kronor, msek
from statsbidrag.report.data import read_package
from statsbidrag.report.gx_suites import suite_specs

NBSP = "\u00a0"


def resources(root: Path = ROOT) -> dict[str, dict]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in descriptor["resources"]}


def swedish_kronor(n: int) -> str:
    """How a person writes 215942447 in Swedish: '215 942 447 kr' (spaces normalised)."""
    return f"{n:,}".replace(",", " ") + " kr"


def normalise(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return report_site(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return report_site(tmp_path_factory)[1]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])


@functools.cache
def parse(path: Path) -> _Tags:
    """The start tags and ids of a page of the (read-only) site, parsed once per module:
    the link test reads each page as a source of links and again as the target of anchors."""
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def region_tables() -> list[dict]:
    return [t for t in read_csv(ROOT / "resources" / "tables.csv") if t["kind"] == "regions"]


# -- formatting ------------------------------------------------------------------

def test_amounts_are_written_the_swedish_way():
    assert kronor(215942447) == f"215{NBSP}942{NBSP}447{NBSP}kr"
    assert msek(2_111_000_000) == f"2{NBSP}111{NBSP}MSEK"
    assert msek(7_400_000) == f"7,4{NBSP}MSEK"
    assert msek(81_000_000) == f"81{NBSP}MSEK"


# -- the expectation suites come from the schemas ------------------------------------

def _find(spec, type_, **kwargs):
    return [e for e in spec.expectations if e.type == type_ and all(e.kwargs.get(k) == v for k, v in kwargs.items())]


def test_every_table_schema_constraint_becomes_an_expectation():
    package = read_package(ROOT)
    specs = {s.name: s for s in suite_specs(package)}
    for name, entry in resources().items():
        assert name in specs, f"no suite for resource {name}"
        spec = specs[name]
        schema = json.loads((ROOT / entry["schema"]).read_text(encoding="utf-8"))
        for field in schema["fields"]:
            col, c = field["name"], field.get("constraints", {})
            assert _find(spec, "ExpectColumnValuesToBeOfType", column=col), (name, col, "type")
            if c.get("required"):
                assert _find(spec, "ExpectColumnValuesToNotBeNull", column=col), (name, col, "required")
            if c.get("unique"):
                assert _find(spec, "ExpectColumnValuesToBeUnique", column=col), (name, col, "unique")
            if "pattern" in c:
                found = _find(spec, "ExpectColumnValuesToMatchRegex", column=col)
                assert found, (name, col, "pattern")
                regex = found[0].kwargs["regex"]
                probes = [r[col] for r in read_csv(ROOT / entry["path"])] + [
                    "", "x", "01", "1", "123", "SE-AB", "SE-ABC", "a b", "a  b", "ab-1 cd", "sources/x.txt", "0" * 64]
                for value in probes:   # GX searches; a Table Schema pattern matches the whole value
                    assert bool(re.fullmatch(c["pattern"], value)) == bool(re.search(regex, value)), (name, col, value)
            if "enum" in c:
                assert _find(spec, "ExpectColumnValuesToBeInSet", column=col, value_set=c["enum"]), (name, col, "enum")
            if "minimum" in c:
                assert _find(spec, "ExpectColumnValuesToBeBetween", column=col, min_value=c["minimum"]), (name, col)
            if "maximum" in c:
                assert _find(spec, "ExpectColumnValuesToBeBetween", column=col, max_value=c["maximum"]), (name, col)
        key = schema.get("primaryKey", [])
        if len(key) > 1:
            assert _find(spec, "ExpectCompoundColumnsToBeUnique", column_list=key), (name, "primaryKey")
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"]
            values = sorted({r[fk["reference"]["fields"][0]] for r in read_csv(ROOT / resources()[target]["path"])})
            found = _find(spec, "ExpectColumnValuesToBeInSet", column=fk["fields"][0])
            assert any(sorted(e.kwargs["value_set"]) == values for e in found), (name, "foreignKey", target)
        assert all(e.source.startswith(entry["schema"]) for e in spec.expectations), name


def test_each_region_table_must_cover_exactly_the_regions_it_declares():
    package = read_package(ROOT)
    specs = {s.name: s for s in suite_specs(package)}
    regions = sorted(r["region_code"] for r in read_csv(ROOT / "resources" / "regions.csv"))
    absent = {(a["table_id"], a["region_code"]) for a in read_csv(ROOT / "resources" / "absences.csv")}
    assert region_tables() and absent
    for table in region_tables():
        spec = specs[f"allocations-{table['table_id']}"]
        covered = [r for r in regions if (table["table_id"], r) not in absent]
        assert _find(spec, "ExpectTableRowCountToEqual", value=len(covered))
        assert _find(spec, "ExpectColumnDistinctValuesToEqualSet", column="region_code", value_set=covered)


def test_great_expectations_is_imported_only_when_the_suites_run():
    code = ("import sys, statsbidrag.cli.main, statsbidrag.cli.report, statsbidrag.report.site, "
            "statsbidrag.report.gx_suites; print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- the GX run and its Data Docs ----------------------------------------------------

def test_every_suite_passes_on_the_package_and_has_data_docs(site, summary):
    assert summary.gx, "Great Expectations did not run"
    names = {r.name for r in summary.gx}
    assert set(resources()) <= names
    assert {f"allocations-{t['table_id']}" for t in region_tables()} <= names
    for result in summary.gx:
        assert result.success, (result.name, result.failures)
        assert result.evaluated > 0
        assert (site / "gx" / result.expectations_page).is_file()
        assert (site / "gx" / result.validation_page).is_file()
    index = (site / "gx" / "index.html").read_text(encoding="utf-8")
    for result in summary.gx:
        assert f'href="{result.validation_page}"' in index


def test_the_suites_catch_a_corrupted_package(package_copy, capfd):
    from statsbidrag.report.gx_suites import run_suites

    grants = package_copy / "resources" / "grants.csv"
    grants.write_text(grants.read_text(encoding="utf-8").replace(",population,", ",lottery,", 1), encoding="utf-8")
    allocations = package_copy / "resources" / "allocations.csv"
    lines = allocations.read_text(encoding="utf-8").split("\n")
    first_table = lines[1].split(",")[0]
    lines[1] = lines[1].replace(f"{first_table},01,", f"{first_table},99,", 1)   # a region that does not exist
    allocations.write_text("\n".join(lines), encoding="utf-8")

    package = read_package(package_copy)
    other_table = next(t["table_id"] for t in region_tables() if t["table_id"] != first_table)
    wanted = {"regions", "grants", "allocations", f"allocations-{first_table}", f"allocations-{other_table}"}
    specs = [s for s in suite_specs(package) if s.name in wanted]   # a few suites: GX takes ~0.5 s per suite
    results = {r.name: r for r in run_suites(package, specs, None)}
    assert "Calculating Metrics" not in capfd.readouterr().err, "GX progress bars are on"
    assert set(results) == wanted
    failed = {name for name, r in results.items() if not r.success}
    assert failed == {"grants", "allocations", f"allocations-{first_table}"}
    grant_failures = results["grants"].failures
    assert [(f.column, f.expectation) for f in grant_failures] == [("basis", "expect_column_values_to_be_in_set")]
    assert "lottery" in grant_failures[0].observed
    assert "schemas/grants.json: basis.enum" == grant_failures[0].source
    table_failures = {(f.column, f.expectation) for f in results[f"allocations-{first_table}"].failures}
    assert ("region_code", "expect_column_distinct_values_to_equal_set") in table_failures


# -- the site ----------------------------------------------------------------------

def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_has_an_index_a_page_per_table_region_and_family_and_the_other_pages(site):
    for page in ["index.html", "claims.html", "anomalies.html", "sources.html", "downloads.html", "checks.html",
                 "regions.html", "families.html", "tables.html", "style.css", "gx/index.html"]:
        assert (site / page).is_file(), page
        if page.endswith(".html") and page != "gx/index.html":
            assert (site / "en" / page).is_file(), f"en/{page}"
    tables = read_csv(ROOT / "resources" / "tables.csv")
    for table in tables:
        assert (site / "tables" / f"{table['table_id']}.html").is_file(), table["table_id"]
    regions = read_csv(ROOT / "resources" / "regions.csv")
    assert len(regions) == 21
    assert sorted(p.name for p in (site / "regions").glob("*.html")) == sorted(f"{r['region_code']}.html" for r in regions)
    grants = read_csv(ROOT / "resources" / "grants.csv")
    families = {g.get("family_id") or g.get("family") or g["grant_id"] for g in grants}
    assert len(list((site / "families").glob("*.html"))) == len(families)
    index = parse(site / "index.html")
    hrefs = {a.get("href") for tag, a in index.tags if tag == "a"}
    assert {"claims.html", "anomalies.html", "checks.html", "downloads.html", "tables.html"} <= hrefs
    assert {f"regions/{r['region_code']}.html" for r in regions} <= hrefs


def test_a_table_page_has_the_chart_the_rows_and_the_provenance(site):
    regions = {r["region_code"]: r for r in read_csv(ROOT / "resources" / "regions.csv")}
    sources = {s["source_id"]: s for s in read_csv(ROOT / "resources" / "sources.csv")}
    allocations = read_csv(ROOT / "resources" / "allocations.csv")
    for table in region_tables():
        page = site / "tables" / f"{table['table_id']}.html"
        html = page.read_text(encoding="utf-8")
        text = normalise(unescape(re.sub(r"<[^>]+>", " ", html)))
        svg = re.search(r"<svg class=\"chart wide\".*?</svg>", html, re.DOTALL).group(0)
        bars = re.findall(r'<g class="bar" data-key="(\d\d)" data-amount-sek="(\d+)">', svg)
        rows = [r for r in allocations if r["table_id"] == table["table_id"]]
        assert len(bars) == len(rows) == int(table["regions_covered"]) <= len(regions) == 21
        expected = sorted(rows, key=lambda r: (-int(r["amount_sek"]), regions[r["region_code"]]["short_name"]))
        assert [code for code, _ in bars] == [r["region_code"] for r in expected], "bars not sorted largest first"
        unit = "MSEK" if table["unit"] == "MSEK" else "kr"
        for row in rows:
            value = int(row["amount_sek"])
            label = f"{value // 1_000_000:,} MSEK".replace(",", " ") if unit == "MSEK" else swedish_kronor(value)
            assert f">{label}<" in normalise(svg), (table["table_id"], row["region_code"], label)
            assert swedish_kronor(value) in text
            assert normalise(row["amount_text"]) in text
            assert regions[row["region_code"]]["short_name"] in svg
        source = sources[table["source_id"]]
        for fact in [source["title"], source["sha256"], source["publisher"], source["date_published"],
                     table["column_header"], table["unit_printed"]]:
            assert normalise(fact) in text, (table["table_id"], fact)
        ids = parse(page).ids
        for key in ("first_line", "last_line", "header_line", "unit_line", "stated_total_line"):
            if table[key]:  # empty: the source prints no heading, unit or total
                assert f"L{table[key]}" in ids, (table["table_id"], key)
        assert "#LNone" not in html and "“None”" not in text, table["table_id"]  # nothing printed: said so
        printed = (ROOT / source["path"]).read_text(encoding="utf-8").split("\n")
        first_row = rows[0]
        line = printed[int(first_row["source_line"]) - 1]
        shown = re.search(rf'id="L{first_row["source_line"]}"[^>]*><span class="ln">{first_row["source_line"]}</span>'
                          r'((?:<span class="n">[^<]*</span>|[^<])*)</span>', html)
        assert shown, "the printed line is not on the page"
        assert re.sub(r'</?span[^>]*>', "", shown.group(1)) == escape(line), "the printed line is not shown as archived"


def test_no_page_loads_anything_from_the_internet(site):
    loaders = {"script": "src", "img": "src", "link": "href", "iframe": "src", "source": "src", "embed": "src",
               "video": "src", "audio": "src", "object": "data"}
    for page in html_files(site):
        parsed = parse(page)
        for tag, attrs in parsed.tags:
            if tag in loaders and attrs.get(loaders[tag]):
                target = attrs[loaders[tag]]
                assert not re.match(r"^(https?:)?//", target), f"{page.relative_to(site)}: <{tag}> loads {target}"
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), page
        assert not re.search(r"@import\s+['\"]?(url\()?['\"]?(https?:)?//", text), page
    for css in site.rglob("*.css"):
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_every_link_inside_the_site_leads_somewhere(site):
    broken = []
    for page in html_files(site):
        ours = not page.relative_to(site).parts[0] == "gx"
        for tag, attrs in parse(page).tags:
            href = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag in ("img", "script") else None
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            parts = urlsplit(href)
            target = Path(os.path.normpath(page.parent / unquote(parts.path))) if parts.path else page
            if not target.is_file():
                if ours or "favicon" not in href:   # GX's own pages point at a favicon path it never writes
                    broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if ours and parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_the_index_shows_every_check_with_a_link_to_its_evidence(site, summary):
    checking = pytest.importorskip("statsbidrag.check.runner", reason="statsbidrag.check.runner (the checks suite) is not in this tree")
    definitions = checking.load_check_definitions(ROOT)
    assert definitions
    index = (site / "checks.html").read_text(encoding="utf-8")
    statuses = {c.name: c.status for c in summary.checks}
    for d in definitions:
        href = f"checks/{d.name}.html"
        assert f'href="{href}"' in index, d.name
        assert (site / href).is_file()
        assert statuses[d.name] in ("pass", "fail", "warning")
        evidence = (site / href).read_text(encoding="utf-8")
        assert f'class="badge {statuses[d.name]}"' in evidence


def test_a_failing_check_shows_as_failing_with_its_evidence(package_copy, tmp_path):
    pytest.importorskip("statsbidrag.check.runner", reason="statsbidrag.check.runner (the checks suite) is not in this tree")
    from statsbidrag.report.site import build_site

    allocations = package_copy / "resources" / "allocations.csv"
    lines = allocations.read_text(encoding="utf-8").split("\n")
    row = lines[1].split(",")
    row[6] = str(int(row[6]) + 1000)            # one amount no longer what the source prints
    lines[1] = ",".join(row)
    allocations.write_text("\n".join(lines), encoding="utf-8")
    build_site(package_copy, tmp_path / "site", gx=False)

    assert 'class="status fail"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    index = (tmp_path / "site" / "checks.html").read_text(encoding="utf-8")
    assert 'class="banner fail"' in index
    failing = re.findall(r'<tr class="check fail"><td><a href="(checks/[^"]+)">', index)
    assert failing
    for href in failing:
        evidence = (tmp_path / "site" / href).read_text(encoding="utf-8")
        assert 'class="badge fail"' in evidence and '<div class="evidence">' in evidence, href
    assert any(row[0] in (tmp_path / "site" / href).read_text(encoding="utf-8") for href in failing), \
        "no failing check names the changed table"


def test_claims_and_anomalies_pages_list_every_row(site):
    names = resources()
    if "claims" not in names or "anomalies" not in names:
        pytest.skip("this package has no claims/anomalies resources yet")
    claims = (site / "claims.html").read_text(encoding="utf-8")
    claim_ids = parse(site / "claims.html").ids
    for claim in read_csv(ROOT / names["claims"]["path"]):
        assert claim["claim_id"] in claim_ids
        assert swedish_kronor(int(claim["value_sek"])) in normalise(claims)
    anomalies = normalise(unescape((site / "anomalies.html").read_text(encoding="utf-8")))
    anomaly_ids = parse(site / "anomalies.html").ids
    for anomaly in read_csv(ROOT / names["anomalies"]["path"]):
        assert anomaly["anomaly_id"] in anomaly_ids
        assert normalise(anomaly["title"]) in anomalies


# -- the command ----------------------------------------------------------------------

def test_the_command_writes_the_site_and_replaces_only_its_own_folder(package_copy, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["report", "--root", str(package_copy), "--out", str(out), "--no-gx", "--no-checks"]) == 0
    assert (out / "index.html").is_file()
    assert "wrote" in capsys.readouterr().out
    stale = out / "tables" / "no-longer-in-the-package.html"
    stale.write_text("old", encoding="utf-8")
    assert main(["report", "--root", str(package_copy), "--out", str(out), "--no-gx", "--no-checks"]) == 0
    assert not stale.exists()

    someone_elses = tmp_path / "notes"
    someone_elses.mkdir()
    (someone_elses / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["report", "--root", str(package_copy), "--out", str(someone_elses), "--no-gx", "--no-checks"]) == 1
    assert "was not written by 'statsbidrag report'" in capsys.readouterr().err
    assert [p.name for p in someone_elses.iterdir()] == ["keep.txt"]


# -- language, text, reproducibility ----------------------------------------------------

def our_pages(site: Path) -> list[Path]:
    return [p for p in html_files(site) if p.relative_to(site).parts[0] != "gx"]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_site_is_swedish_first_and_every_page_has_an_english_version(site):
    pages = our_pages(site)
    swedish = [p for p in pages if p.relative_to(site).parts[0] != "en"]
    english = [p for p in pages if p.relative_to(site).parts[0] == "en"]
    assert len(swedish) == len(english) > 50
    for page in swedish:
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!DOCTYPE html>\n<html lang="sv">'), page
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        rel = page.relative_to(site).as_posix()
        assert (site / "en" / rel).is_file(), rel
        assert f'hreflang="en" href="{"../" * rel.count("/")}en/{rel}"' in html, rel
    for page in english:
        assert '<html lang="en">' in page.read_text(encoding="utf-8"), page
    index = visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert "Bidrag per år" in index and "Regionerna" in index


def test_every_message_of_the_report_has_a_swedish_text():
    from jinja2 import Environment

    from statsbidrag.report.i18n import SWEDISH
    from statsbidrag.report.site import TEMPLATES

    env = Environment(extensions=["jinja2.ext.i18n"])
    messages = set()
    for template in TEMPLATES.glob("*.html"):
        messages |= {m for _, _, m in env.extract_translations(template.read_text(encoding="utf-8"))}
    code = Path(TEMPLATES.parent)
    for module in code.glob("*.py"):
        messages |= set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', module.read_text(encoding="utf-8")))
    assert len(messages) > 50
    missing = sorted(m for m in messages if isinstance(m, str) and m not in SWEDISH)
    assert missing == [], missing


def test_no_page_shows_an_absolute_path(site):
    for page in html_files(site):
        html = page.read_text(encoding="utf-8")
        for folder in (str(ROOT), str(site), "/tmp/", "/home/", "/work/"):
            assert folder not in html, f"{page.relative_to(site)} shows {folder}"


def test_no_figure_can_break_inside_a_number(site):
    """A space inside a number ("937 000 000") is a no-break space, or the number is in a
    span that never wraps (the archived text keeps its bytes)."""
    for page in our_pages(site):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<span class="(n|ln)">[^<]*</span>', " ", html)   # kept whole; line numbers
        text = visible_text(html)
        found = re.findall(r"(?<![\w-])\d{1,3} \d{3}(?!\w)", text)
        assert not found, f"{page.relative_to(site)}: {found[:5]}"


def test_every_line_the_package_reads_is_highlighted_on_its_source_page(site):
    sources = {s["source_id"]: s for s in read_csv(ROOT / "resources" / "sources.csv")}
    tables = {t["table_id"]: t for t in read_csv(ROOT / "resources" / "tables.csv")}
    wanted: dict[str, set[int]] = {sid: set() for sid in sources}
    for t in tables.values():
        wanted[t["source_id"]] |= {int(t[k]) for k in ("header_line", "unit_line", "stated_total_line") if t[k]}
    for row in read_csv(ROOT / "resources" / "allocations.csv"):
        wanted[tables[row["table_id"]]["source_id"]] |= {int(row["source_line"]), int(row["region_line"])}
    for row in read_csv(ROOT / "resources" / "breakdown_items.csv"):
        wanted[tables[row["table_id"]]["source_id"]].add(int(row["source_line"]))
    for name in ("claims", "anomalies"):
        for row in read_csv(ROOT / "resources" / f"{name}.csv"):
            wanted[row["source_id"]].add(int(row["line"]))
    for sid, lines in wanted.items():
        html = (site / "sources" / f"{sid}.html").read_text(encoding="utf-8")
        cited = {int(n) for n in re.findall(r'<span class="line cited" id="L(\d+)"', html)}
        assert lines <= cited, (sid, sorted(lines - cited))


def test_claims_that_hold_are_marked(site, summary):
    failing = {str(row.get("claim_id")) for c in summary.checks if c.status == "fail" for row in c.rows}
    html = (site / "claims.html").read_text(encoding="utf-8")
    for claim in read_csv(ROOT / "resources" / "claims.csv"):
        row = re.search(rf'<tr id="{re.escape(claim["claim_id"])}" class="claim (\w+)">', html)
        assert row, claim["claim_id"]
        if not claim["table_ids"]:
            expected = "warning"
        else:
            expected = "fail" if claim["claim_id"] in failing else "pass"
        assert row.group(1) == expected, claim["claim_id"]
    assert 'class="claim pass"' in html and "stämmer</span>" in html


def test_a_region_page_links_every_amount_to_the_line_that_prints_it(site):
    sources = {s["source_id"]: s for s in read_csv(ROOT / "resources" / "sources.csv")}
    checked = 0
    for region in read_csv(ROOT / "resources" / "regions.csv"):
        html = (site / "regions" / f"{region['region_code']}.html").read_text(encoding="utf-8")
        for href, shown in re.findall(r'<a class="amount" href="\.\./sources/([^"]+)">([^<]+)</a>', html):
            page, line = href.split(".html#L")
            printed = (ROOT / sources[page]["path"]).read_text(encoding="utf-8").split("\n")[int(line) - 1]
            digits = re.sub(r"\D", "", shown)
            assert digits.rstrip("0") in re.sub(r"\D", "", printed), (region["region_code"], shown, printed)
            checked += 1
    assert checked >= 21 * 3


def test_the_downloads_page_lists_each_file_with_its_size_and_sha256(site):
    import hashlib
    html = (site / "downloads.html").read_text(encoding="utf-8")
    rows = re.findall(r'<a href="(downloads/[^"]+)">[^<]+</a>.*?<td class="num">([^<]+)</td><td><code class="hash">([0-9a-f]{64})</code>',
                      html, re.DOTALL)
    names = {Path(href).name for href, _, _ in rows}
    assert "datapackage.json" in names
    for resource in resources().values():
        assert Path(resource["path"]).name in names
    for href, size, digest in rows:
        data = (site / href).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, href
        number, unit = size.replace("\u00a0", " ").split(" ")
        scale = {"B": 1, "kB": 1_000, "MB": 1_000_000}[unit]  # a size shown to one decimal
        assert abs(float(number.replace(",", ".")) * scale - len(data)) <= scale / 20, (href, size, len(data))
        if Path(href).name in ("statsbidrag.xlsx", "statsbidrag-flat.csv"):
            continue   # written by the report for readers (tests/slow/test_report_readers.py)
        original = ROOT / ("dist/" + href.removeprefix("downloads/") if not
                           (ROOT / href.removeprefix("downloads/")).is_file() else href.removeprefix("downloads/"))
        assert original.read_bytes() == data, href
    table = read_csv(ROOT / "resources" / "tables.csv")[0]
    page = (site / "tables" / f"{table['table_id']}.html").read_text(encoding="utf-8")
    assert f'href="../downloads/tables/{table["table_id"]}.csv"' in page      # only this table's rows
    assert 'href="../downloads/resources/allocations.csv"' not in page


def test_the_report_is_byte_identical_when_built_twice(site, tmp_path):
    from conftest import snapshot

    from statsbidrag.report.site import build_site
    build_site(ROOT, tmp_path / "again")
    first, second = snapshot(site), snapshot(tmp_path / "again")
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_the_command_reports_progress_on_stderr_unless_quiet(package_copy, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["report", "--root", str(package_copy), "--out", str(out), "--no-gx", "--no-checks"]) == 0
    err = capsys.readouterr().err
    assert "reading the package" in err and "writing" in err and "table pages" in err
    assert main(["report", "--root", str(package_copy), "--out", str(out), "--no-gx", "--no-checks", "--quiet"]) == 0
    quiet = capsys.readouterr().err
    assert "reading the package" not in quiet and "writing" not in quiet, quiet


def test_the_report_works_without_great_expectations(package_copy, tmp_path, monkeypatch):
    from statsbidrag.report import site as site_module
    monkeypatch.setattr(site_module, "_gx_installed", lambda: False)
    summary = site_module.build_site(package_copy, tmp_path / "site", checks=False)
    assert summary.gx is None and "not installed" in summary.gx_error
    assert not (tmp_path / "site" / "gx").exists()
    for page in our_pages(tmp_path / "site"):
        assert "gx/" not in page.read_text(encoding="utf-8"), page
    assert "not installed" in (tmp_path / "site" / "checks.html").read_text(encoding="utf-8")


def test_the_tile_map_needs_every_region_once(package_copy):
    from statsbidrag.errors import StatsbidragError
    from statsbidrag.report.model import tile_positions
    codes = [r["region_code"] for r in read_csv(ROOT / "resources" / "regions.csv")]
    assert len(tile_positions(package_copy, codes)) == 21
    path = package_copy / "metadata" / "tile_map.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"10" = { column = 2, row = 7 }', '"10" = { column = 1, row = 7 }'), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB608: .*07 and 10 are both on column 1, row 7"):
        tile_positions(package_copy, codes)
    path.write_text(text.replace('"10" = { column = 2, row = 7 }', ""), encoding="utf-8")
    with pytest.raises(StatsbidragError, match="^SB608: .*missing: 10"):
        tile_positions(package_copy, codes)


def test_the_data_docs_have_a_way_back_and_no_dead_controls(site, summary):
    pages = list((site / "gx").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="statsbidrag-back"' in html, page
        assert "onclick=" not in html, page
        assert "__none__" not in html, page
    for result in summary.gx:
        html = (site / "gx" / result.expectations_page).read_text(encoding="utf-8")
        overview = re.search(r'Overview\s*</h5>\s*</div>\s*(.*?)</div>', html, re.DOTALL).group(1)
        assert escape(result.description) in overview, result.name    # not an empty box
