"""The static report site: plain HTML, one local stylesheet, inline SVG charts.

    index.html               the package's status: checks, GX suites, tables, links
    tables/<table_id>.html   one page per allocation table: chart, rows, provenance
    checks/<name>.html       the evidence of one check
    claims.html, anomalies.html, sources.html
    sources/<file>.txt       the archived source documents (so line links work offline)
    gx/                      Great Expectations Data Docs

Every page is written into a fresh temporary folder that replaces the old site only
when the whole site is done.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from string import Template

from .. import __version__
from ..errors import StatsbidragError
from .charts import NBSP, Bar, amount, bar_chart, group_digits, kronor
from .data import Package, read_package

TEMPLATES = Path(__file__).with_name("templates")
MARKER = ".statsbidrag-report"   # marks a folder this command wrote (and may replace)


@dataclass
class CheckRow:
    name: str
    description: str
    severity: str
    status: str
    rows: list[dict]
    message: str
    seconds: float | None
    sql: str | None
    path: str | None

    @property
    def page(self) -> str:
        return f"checks/{_slug(self.name)}.html"


@dataclass
class SiteSummary:
    out: Path
    pages: list[str] = field(default_factory=list)
    checks: list[CheckRow] | None = None
    checks_error: str | None = None
    gx: list | None = None          # list[gx_suites.SuiteResult] when GX ran

    @property
    def failing_checks(self) -> list[CheckRow]:
        return [c for c in self.checks or [] if c.status == "fail"]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def _num(value) -> int:
    """An amount for a sum: a cell that is empty or not a whole number (a corrupted
    package, which the checks report) counts as 0 here."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _e(value) -> str:
    return "" if value is None else escape(str(value))


# -- checks ----------------------------------------------------------------------

def run_checks(root: Path) -> tuple[list[CheckRow] | None, str | None]:
    """The checks suite's results, or (None, why) when it cannot run here."""
    try:
        from ..checking import load_check_definitions, run_suite
    except ImportError as error:
        return None, f"the checks suite (statsbidrag.checking) is not available: {error}"
    try:
        report = run_suite(root)
        definitions = {d.name: d for d in load_check_definitions(root)}
    except StatsbidragError as error:
        return None, f"the checks suite could not run: {error}"
    rows = []
    for r in report.results:
        d = definitions.get(r.name)
        rows.append(CheckRow(
            name=r.name, description=r.description, severity=r.severity, status=r.status,
            rows=list(r.rows or []), message=r.message or "", seconds=getattr(r, "seconds", None),
            sql=getattr(d, "sql", None), path=str(getattr(d, "path", "") or "") or None))
    return rows, None


# -- page helpers ----------------------------------------------------------------

def _page(title: str, body: str, depth: int, page_class: str = "") -> str:
    template = Template((TEMPLATES / "page.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(title), body=body, root="../" * depth,
                               page_class=page_class, version=escape(__version__))


def _badge(status: str) -> str:
    return f'<span class="badge {_e(status)}">{_e(status)}</span>'


def _printed_text(root: Path, source: dict, lo: int, hi: int, cited: set[int]) -> str:
    path = root / source["path"]
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as error:
        return f'<p class="bad">cannot read {_e(source["path"])}: {_e(error)}</p>'
    lo, hi = max(lo, 1), min(hi, len(lines))
    out = []
    for n in range(lo, hi + 1):
        cls = "line cited" if n in cited else "line"
        out.append(f'<span class="{cls}" id="L{n}"><span class="ln">{n}</span>{_e(lines[n - 1])}</span>')
    return f'<pre class="printed">{"".join(out)}</pre>'


def _table_lines(table: dict) -> list[int]:
    """Every line a table's metadata names: its rows, header, unit and total."""
    return [table[k] for k in ("first_line", "last_line", "header_line", "unit_line", "stated_total_line")
            if table.get(k) is not None]


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# -- the pages -------------------------------------------------------------------

class Site:
    def __init__(self, package: Package, out: Path, checks: list[CheckRow] | None, checks_error: str | None,
                 gx_results: list | None, gx_error: str | None):
        self.package, self.root, self.out = package, package.root, out
        self.checks, self.checks_error = checks, checks_error
        self.gx, self.gx_error = gx_results, gx_error
        self.pages: list[str] = []
        self.regions = {r["region_code"]: r for r in package.records("regions")}
        self.sources = {s["source_id"]: s for s in package.records("sources")}
        self.grants = {g["grant_id"]: g for g in package.records("grants")}
        self.tables = package.records("tables")

    def write(self, relative: str, title: str, body: str, page_class: str = "") -> None:
        depth = relative.count("/")
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page(title, body, depth, page_class), encoding="utf-8")
        self.pages.append(relative)

    def table_href(self, table_id, depth: int = 0) -> str | None:
        ids = {t["table_id"] for t in self.tables}
        return f'{"../" * depth}tables/{_slug(table_id)}.html' if table_id in ids else None

    def source_href(self, source_id, depth: int = 0) -> str | None:
        return f'{"../" * depth}sources/{_slug(source_id)}.html' if source_id in self.sources else None

    def line_href(self, source_id, line, depth: int = 0) -> str | None:
        href = self.source_href(source_id, depth)
        return f"{href}#L{line}" if href and line is not None else href

    def table_rows(self, table: dict) -> list[dict]:
        name = "breakdown_items" if table["kind"] == "breakdown" else "allocations"
        return [r for r in self.package.records(name) if r["table_id"] == table["table_id"]]

    def cited_lines(self, source_id: str) -> dict[int, list[str]]:
        """Line -> what the package reads there, for one source."""
        cited: dict[int, list[str]] = {}
        def add(line, why):
            if line is not None:
                cited.setdefault(line, []).append(why)
        for t in self.tables:
            if t["source_id"] != source_id:
                continue
            for key in ("header_line", "unit_line", "stated_total_line"):
                add(t.get(key), f"{t['table_id']}: {key.replace('_line', '').replace('_', ' ')}")
            for r in self.table_rows(t):
                add(r.get("source_line"), f"{t['table_id']}: amount")
        for c in self.package.records("claims"):
            if c["source_id"] == source_id:
                add(c["line"], f"claim {c['claim_id']}")
        for a in self.package.records("anomalies"):
            if a["source_id"] == source_id:
                add(a["line"], f"anomaly {a['anomaly_id']}")
        return cited

    def build(self) -> None:
        shutil.copyfile(TEMPLATES / "style.css", self.out / "style.css")
        self.copy_sources()
        for table in self.tables:
            self.table_page(table)
        for check in self.checks or []:
            self.check_page(check)
        self.sources_page()
        for source in self.sources.values():
            self.source_text_page(source)
        self.claims_page()
        self.anomalies_page()
        self.index_page()

    # sources ---------------------------------------------------------------------
    def copy_sources(self) -> None:
        for source in self.sources.values():
            src = self.root / source["path"]
            if src.is_file():
                target = self.out / "sources" / Path(source["path"]).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)

    def sources_page(self) -> None:
        items = []
        for s in self.sources.values():
            actual = _sha256(self.root / s["path"])
            verdict = ('<span class="badge pass">SHA-256 matches the archived file</span>' if actual == s["sha256"]
                       else '<span class="badge fail">SHA-256 does not match the archived file</span>')
            tables = [t for t in self.tables if t["source_id"] == s["source_id"]]
            table_links = ", ".join(f'<a href="{self.table_href(t["table_id"])}">{_e(t["table_id"])}</a>'
                                    for t in tables) or "none"
            items.append(f"""
<section id="{_slug(s['source_id'])}">
<h2><a href="{self.source_href(s['source_id'])}">{_e(s['title'])}</a></h2>
<dl class="provenance">
<dt>source id</dt><dd><code>{_e(s['source_id'])}</code></dd>
<dt>publisher</dt><dd>{_e(s['publisher']) or '<span class="muted">not printed</span>'}</dd>
<dt>document type</dt><dd>{_e(s['document_type'])}</dd>
<dt>date published</dt><dd>{_e(s['date_published']) or '<span class="muted">not printed</span>'}</dd>
<dt>notes</dt><dd>{_e(s['notes'])}</dd>
<dt>archived copy</dt><dd><a href="sources/{_e(Path(s['path']).name)}">{_e(s['path'])}</a> ({group_digits(s['bytes'])} bytes)</dd>
<dt>SHA-256</dt><dd><code>{_e(s['sha256'])}</code> {verdict}</dd>
<dt>tables</dt><dd>{table_links}</dd>
<dt>text</dt><dd><a href="{self.source_href(s['source_id'])}">the whole document, line by line</a></dd>
</dl>
</section>""")
        body = (f"<h1>Sources</h1><p class=lead>The {len(self.sources)} archived documents every amount is read from, "
                "kept byte for byte.</p>" + "".join(items))
        self.write("sources.html", "Sources", body)

    def source_text_page(self, s: dict) -> None:
        path = self.root / s["path"]
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError as error:
            lines = [f"(cannot read {s['path']}: {error})"]
        cited = self.cited_lines(s["source_id"])
        out = []
        for n, text in enumerate(lines, start=1):
            why = cited.get(n)
            attrs = f' class="line cited" title="{_e("; ".join(why))}"' if why else ' class="line"'
            out.append(f'<span{attrs} id="L{n}"><span class="ln">{n}</span>{_e(text)}</span>')
        name = Path(s["path"]).name
        body = f"""
<h1>{_e(s['title'])}</h1>
<p class="lead"><code>{_e(s['source_id'])}</code> · {_e(s['document_type'])} ·
{_e(s['publisher']) or 'publisher not printed'} · {_e(s['date_published']) or 'date not printed'} ·
<a href="{_e(name)}">archived file</a> · SHA-256 <code>{_e(s['sha256'])}</code></p>
<p class="muted">The document exactly as archived, with its line numbers. Highlighted lines are read by the
package (table rows, headers, units, totals, claims, anomalies): hover a line to see what for.</p>
<pre class="printed whole">{"".join(out)}</pre>
"""
        self.write(f"sources/{_slug(s['source_id'])}.html", s["title"], body)

    def _evidence_row(self, row: dict, depth: int) -> str:
        """One row a check returned: its `problem` sentence, then every other column,
        with links to the table, source line, claim or anomaly it names."""
        up = "../" * depth
        by_path = {src["path"]: sid for sid, src in self.sources.items()}
        source_id = row.get("source_id") or by_path.get(row.get("path"))
        line = row.get("line") or row.get("line_number") or row.get("source_line")
        links = {
            "table_id": lambda v: self.table_href(v, depth),
            "source_id": lambda v: self.source_href(v, depth),
            "path": lambda v: self.source_href(by_path.get(v), depth),
            "claim_id": lambda v: f"{up}claims.html#{_slug(v)}",
            "anomaly_id": lambda v: f"{up}anomalies.html#{_slug(v)}",
        }
        if source_id in self.sources and isinstance(line, int):
            for key in ("line", "line_number", "source_line"):
                links[key] = lambda v: self.line_href(source_id, v, depth)
        items = []
        for key, value in row.items():
            if key == "problem" or value is None:
                continue
            text = _e(value)
            href = links[key](value) if key in links else None
            if href:
                text = f'<a href="{_e(href)}">{text}</a>'
            items.append(f"<dt>{_e(key)}</dt><dd>{text}</dd>")
        problem = f'<p class="problem">{_e(row["problem"])}</p>' if row.get("problem") else ""
        return f'<div class="evidence">{problem}<dl class="provenance">{"".join(items)}</dl></div>'

    # claims and anomalies ------------------------------------------------------------
    def _checks_mentioning(self, key: str, value: str, depth: int) -> str:
        """Badges of the checks whose evidence has a row with key == value."""
        out = []
        for check in self.checks or []:
            if any(str(row.get(key)) == value for row in check.rows):
                out.append(f'<a href="{"../" * depth}{check.page}">{_e(check.name)}</a> {_badge(check.status)}')
        return "<br>".join(out)

    def claims_page(self) -> None:
        title = "Claims"
        if "claims" not in self.package:
            self.write("claims.html", title, "<h1>Claims</h1><p class=\"muted\">This package has no "
                       "<code>claims</code> resource.</p>")
            return
        resource = self.package["claims"]
        tables = {t["table_id"]: t for t in self.tables}
        rows = []
        for c in resource.records():
            qualifier = f"{_e(c['qualifier'])} " if c.get("qualifier") else ""
            ids = (c.get("table_ids") or "").split()
            if ids:
                links = ", ".join(f'<a href="{self.table_href(i)}">{_e(i)}</a>' if i in tables else _e(i) for i in ids)
                members = [r for i in ids if i in tables for r in self.table_rows(tables[i])
                           if not c.get("region_code") or r.get("region_code") == c["region_code"]]
                if c.get("region_code"):
                    region = self.regions.get(c["region_code"], {}).get("short_name", c["region_code"])
                    scope = f"{_e(region)}'s row" if len(members) == 1 else f"{len(members)} rows of {_e(region)}"
                else:
                    scope = f"sum of {len(members)} rows"
                data = f"{kronor(sum(_num(r['amount_sek']) for r in members))}<br><span class=muted>{scope}</span>"
                against = links
            else:
                data = ""
                against = f'{_badge("warning")} unverifiable: {_e(c.get("unverifiable_because"))}'
            checks = self._checks_mentioning("claim_id", c["claim_id"], 0)
            rows.append(f"""<tr id="{_slug(c['claim_id'])}">
<td><strong>“{_e(c['quote'])}”</strong> <a class="muted" href="{self.line_href(c['source_id'], c['line'])}">{_e(c['source_id'])}, line {_e(c['line'])}</a>
<br><span class="muted">{_e(c['note'])}</span></td>
<td class=right><strong>{qualifier}{kronor(c['value_sek'])}</strong><br><span class=muted>printed “{_e(c['value_text'])}{NBSP}{_e(c['unit_printed'])}”,
 rounded to {kronor(c['rounding_step_sek'])}</span></td>
<td>{against}{('<br>' + checks) if checks else ''}</td>
<td class=right>{data}</td></tr>""")
        body = f"""
<h1>{_e(resource.title)}</h1>
<p class="lead">{_e(resource.descriptor.get('description', ''))}</p>
<p>{len(rows)} claims in <code>{_e(resource.descriptor.get('path'))}</code>. The last column shows what the package's
tables hold for comparison; the checks decide whether a claim holds (see the <a href="index.html#checks">status</a>).</p>
<table class="data claims"><thead><tr><th>as printed, and what it says</th><th class=num>amount</th>
<th>checked against</th><th class=num>the tables hold</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
"""
        self.write("claims.html", title, body)

    def anomalies_page(self) -> None:
        title = "Anomalies"
        if "anomalies" not in self.package:
            self.write("anomalies.html", title, "<h1>Anomalies</h1><p class=\"muted\">This package has no "
                       "<code>anomalies</code> resource.</p>")
            return
        resource = self.package["anomalies"]
        items = []
        for a in resource.records():
            seen_in = [t for t in self.tables if t["source_id"] == a["source_id"]
                       and min(_table_lines(t)) <= a["line"] <= max(_table_lines(t))]
            in_tables = ", ".join(f'<a href="{self.table_href(t["table_id"])}#L{a["line"]}">{_e(t["table_id"])}</a>'
                                  for t in seen_in)
            checks = self._checks_mentioning("anomaly_id", a["anomaly_id"], 0)
            items.append(f"""
<section id="{_slug(a['anomaly_id'])}" class="anomaly">
<h2>{_e(a['title'])}</h2>
<dl class="provenance">
<dt>where</dt><dd><a href="{self.line_href(a['source_id'], a['line'])}">{_e(self.sources.get(a['source_id'], {}).get('title', a['source_id']))}, line {_e(a['line'])}</a></dd>
<dt>as printed</dt><dd>“{_e(a['quote'])}”</dd>
{f'<dt>in tables</dt><dd>{in_tables}</dd>' if in_tables else ''}
{f'<dt>checks</dt><dd>{checks}</dd>' if checks else ''}
</dl>
<p>{_e(a['explanation'])}</p>
<p class="muted"><code>{_e(a['anomaly_id'])}</code></p>
</section>""")
        body = (f"<h1>{_e(resource.title)}</h1><p class=lead>{_e(resource.descriptor.get('description', ''))}</p>"
                f"<p>{len(items)} anomalies in <code>{_e(resource.descriptor.get('path'))}</code>.</p>" + "".join(items))
        self.write("anomalies.html", title, body)

    # one allocation table ---------------------------------------------------------
    def table_page(self, table: dict) -> None:
        table_id = table["table_id"]
        grant = self.grants.get(table["grant_id"], {})
        source = self.sources.get(table["source_id"], {})
        unit = table["unit"]
        if table["kind"] == "breakdown":
            rows = [r for r in self.package.records("breakdown_items") if r["table_id"] == table_id]
            rows.sort(key=lambda r: r["item_number"])
            bars = [Bar(str(r["item_number"]), r["label"], r["amount_sek"]) for r in rows
                    if isinstance(r["amount_sek"], int)]
            what, chart_title = "items", f"{grant.get('title', table_id)}: amount per item"
            rows_html = self._breakdown_rows(rows)
            cited = {r["source_line"] for r in rows}
        else:
            rows = [r for r in self.package.records("allocations") if r["table_id"] == table_id]
            rows.sort(key=lambda r: (r["row_number"] is None, r["row_number"]))
            bars = [Bar(r["region_code"], self.regions.get(r["region_code"], {}).get("short_name", r["region_text"]),
                        r["amount_sek"]) for r in rows if isinstance(r["amount_sek"], int)]
            what, chart_title = "regions", f"{grant.get('title', table_id)}: amount per region"
            rows_html = self._allocation_rows(rows)
            cited = {r["source_line"] for r in rows} | {r["region_line"] for r in rows}
        total = sum(b.value for b in bars)
        unit_words = "MSEK (miljoner kronor)" if unit == "MSEK" else "kronor"
        # Items have long labels and few, short amounts: give the labels more room.
        chart = (bar_chart(bars, unit, chart_title, max_label_chars=44 if what == "items" else 28) if bars
                 else '<p class="muted">No amounts to draw.</p>')
        lines = _table_lines(table)
        cited |= {table[k] for k in ("header_line", "unit_line", "stated_total_line") if table.get(k) is not None}
        printed = _printed_text(self.root, source, min(lines), max(lines), cited) if source and lines else ""
        qualifier = f"{_e(table['stated_total_qualifier'])} " if table.get("stated_total_qualifier") else ""
        status = _badge(table["status"])
        source_name = Path(source.get("path", "")).name
        source_link = f'../sources/{_e(source_name)}'

        def line(n):
            return f'<a href="#L{n}">{n}</a>' if n is not None else "—"

        def printed_at(key: str, text_key: str, prefix: str = "") -> str:
            # a heading, unit or total the source does not print is said to be missing
            if table.get(key) is None:
                return '<span class="muted">not printed in the source</span>'
            return f"line {line(table.get(key))}: {prefix}“{_e(table[text_key])}”"

        if table.get("stated_total_line") is None:
            total_fact = '<strong class="num">—</strong> <span>(the source prints no total)</span>'
        else:
            total_fact = (f'<strong class="num">{qualifier}{kronor(table["stated_total_sek"])}</strong>\n'
                          f' <span>(printed “{_e(table["stated_total_text"])}”, line '
                          f'{line(table.get("stated_total_line"))})</span>')
        absent = [a for a in self.package.records("absences") if a["table_id"] == table_id] \
            if "absences" in self.package else []
        absent_html = "".join(f"<dt>no row for</dt><dd>{_e(a['region_code'])}: {_e(a['reason'])}</dd>" for a in absent)

        body = f"""
<h1>{_e(grant.get('title', table_id))}</h1>
<p class="lead">Table <code>{_e(table_id)}</code> {status} · {len(rows)} {what} · printed in
<a href="../{self.source_href(table['source_id'])}">{_e(source.get('title', table['source_id']))}</a></p>
<div class="facts">
<div><span>sum of the rows</span><strong class="num">{kronor(total)}</strong></div>
<div><span>stated total</span>{total_fact}</div>
<div><span>printed in</span>{unit_words}</div>
</div>
<figure class="chart">
{chart}
<figcaption>Amount per {'item' if what == 'items' else 'region'}, largest first; labels in {unit_words}, scale in MSEK.</figcaption>
</figure>
<h2 id="rows">The table</h2>
{rows_html}
{self._table_notes(table)}
<h2 id="provenance">Provenance</h2>
<dl class="provenance">
<dt>grant</dt><dd><code>{_e(table['grant_id'])}</code>: {_e(grant.get('agreement'))} ({_e(grant.get('year'))}; to {_e(grant.get('recipients'))}{'; basis: ' + _e(grant['basis']) if grant.get('basis') else ''})</dd>
<dt>source title</dt><dd>{_e(source.get('title'))}</dd>
<dt>publisher</dt><dd>{_e(source.get('publisher')) or '<span class="muted">not printed</span>'}</dd>
<dt>date published</dt><dd>{_e(source.get('date_published')) or '<span class="muted">not printed</span>'}{(' · ' + _e(source.get('notes'))) if source.get('notes') else ''}</dd>
<dt>document type</dt><dd>{_e(source.get('document_type'))}</dd>
<dt>archived file</dt><dd><a href="{source_link}">{_e(source.get('path'))}</a></dd>
<dt>SHA-256</dt><dd><code>{_e(source.get('sha256'))}</code></dd>
<dt>rows printed on</dt><dd>lines {line(table.get('first_line'))}–{line(table.get('last_line'))} ({_e(table['layout'])})</dd>
<dt>column header</dt><dd>{printed_at('header_line', 'column_header')}</dd>
<dt>unit</dt><dd>{printed_at('unit_line', 'unit_printed', 'printed ')}, read as {_e(unit)}</dd>
<dt>rounding step</dt><dd>{kronor(table['rounding_step_sek']) if table.get('rounding_step_sek') else 'differs per item'}</dd>
<dt>stated total</dt><dd>{printed_at('stated_total_line', 'stated_total_text', qualifier)}</dd>
<dt>amounts are</dt><dd>{_e(table.get('amount_kind'))}s to {_e(grant.get('recipients'))}</dd>
{absent_html}
</dl>
<h2 id="printed">The printed text</h2>
<p class="muted">Lines {min(lines) if lines else ''}–{max(lines) if lines else ''} of <a href="{source_link}">{_e(source.get('path'))}</a>
exactly as archived; highlighted lines are the ones this table's values, header, unit and total are read from.</p>
{printed}
"""
        self.write(f"tables/{_slug(table_id)}.html", grant.get("title", table_id), body, "table-page")

    def _table_notes(self, table: dict) -> str:
        """The claims checked against this table and the anomalies on its lines."""
        claims = [c for c in self.package.records("claims") if table["table_id"] in (c.get("table_ids") or "").split()]
        lo, hi = min(_table_lines(table)), max(_table_lines(table))
        anomalies = [a for a in self.package.records("anomalies")
                     if a["source_id"] == table["source_id"] and lo <= a["line"] <= hi]
        out = []
        if claims:
            items = "".join(
                f'<li><a href="../claims.html#{_slug(c["claim_id"])}">“{_e(c["quote"])}”</a> '
                f'<span class="muted">({_e(c["source_id"])}, line {_e(c["line"])})</span></li>' for c in claims)
            out.append(f'<h2 id="claims">Claims checked against this table</h2><ul>{items}</ul>')
        if anomalies:
            items = "".join(
                f'<li><a href="../anomalies.html#{_slug(a["anomaly_id"])}">{_e(a["title"])}</a> '
                f'<span class="muted">(<a href="#L{_e(a["line"])}">line {_e(a["line"])}</a>: “{_e(a["quote"])}”)</span></li>'
                for a in anomalies)
            out.append(f'<h2 id="anomalies">Anomalies on these lines</h2><ul>{items}</ul>')
        return "\n".join(out)

    def _allocation_rows(self, rows: list[dict]) -> str:
        body = []
        for r in rows:
            region = self.regions.get(r["region_code"], {})
            body.append(
                f'<tr id="region-{_e(r["region_code"])}"><td class=num>{_e(r["row_number"])}</td>'
                f'<td>{_e(region.get("official_name", r["region_code"]))} <span class="muted">{_e(r["region_code"])}</span></td>'
                f'<td>{_e(r["region_text"])}</td><td class=num>{_e(r["amount_text"])}</td>'
                f'<td class="num amount">{kronor(r["amount_sek"]) if r["amount_sek"] is not None else ""}</td>'
                f'<td class=num><a href="#L{_e(r["source_line"])}">{_e(r["source_line"])}</a></td></tr>')
        total = sum(_num(r["amount_sek"]) for r in rows)
        return ('<table class="data allocations"><thead><tr><th class=num>#</th><th>region</th>'
                '<th>printed as</th><th class=num>amount as printed</th><th class=num>amount</th>'
                '<th class=num>line</th></tr></thead>'
                f'<tbody>{"".join(body)}</tbody>'
                f'<tfoot><tr><td></td><td colspan=3>sum of {len(rows)} rows</td><td class=num>{kronor(total)}</td>'
                '<td></td></tr></tfoot></table>')

    def _breakdown_rows(self, rows: list[dict]) -> str:
        body = []
        for r in rows:
            body.append(
                f'<tr><td class=num>{_e(r["item_number"])}</td><td>{_e(r["label"])}</td>'
                f'<td class=num>{_e(r["amount_text"])} {_e(r["unit_printed"])}</td>'
                f'<td class="num amount">{kronor(r["amount_sek"]) if r["amount_sek"] is not None else ""}</td>'
                f'<td class=num>{kronor(r["rounding_step_sek"]) if r["rounding_step_sek"] else ""}</td>'
                f'<td class=num><a href="#L{_e(r["source_line"])}">{_e(r["source_line"])}</a></td></tr>')
        total = sum(_num(r["amount_sek"]) for r in rows)
        return ('<table class="data breakdown"><thead><tr><th class=num>#</th><th>item</th>'
                '<th class=num>amount as printed</th><th class=num>amount</th><th class=num>rounded to</th>'
                '<th class=num>line</th></tr></thead>'
                f'<tbody>{"".join(body)}</tbody>'
                f'<tfoot><tr><td></td><td colspan=2>sum of {len(rows)} items</td><td class=num>{kronor(total)}</td>'
                '<td></td><td></td></tr></tfoot></table>')

    # checks ------------------------------------------------------------------------
    def check_page(self, check: CheckRow) -> None:
        if check.rows:
            evidence = (f"<p>{len(check.rows)} row(s) of evidence:</p>"
                        + "".join(self._evidence_row(row, depth=1) for row in check.rows))
        else:
            evidence = '<p class="muted">The check returned no rows of evidence.</p>'
        sql = f'<h2>The query</h2><p class="muted">{_e(check.path)}</p><pre class="sql">{_e(check.sql)}</pre>' \
            if check.sql else ""
        seconds = f" · {check.seconds:.3f} s" if isinstance(check.seconds, (int, float)) else ""
        body = f"""
<p class="muted"><a href="../index.html#checks">← package status</a></p>
<h1>Check <code>{_e(check.name)}</code> {_badge(check.status)}</h1>
<p class="lead">{_e(check.description)}</p>
<p>severity: <strong>{_e(check.severity)}</strong>{seconds}</p>
{f'<p>{_e(check.message)}</p>' if check.message else ''}
<h2>Evidence</h2>
{evidence}
{sql}
"""
        self.write(check.page, f"Check {check.name}", body)

    # index -------------------------------------------------------------------------
    def index_page(self) -> None:
        d = self.package.descriptor
        body = [f"<h1>{_e(d.get('title', 'statsbidrag'))}</h1>",
                f"<p class=lead>Version {_e(d.get('version'))} · {len(self.package.resources)} resources · "
                f"{len(self.tables)} tables from {len(self.sources)} archived sources.</p>",
                '<h2 id="checks">Status</h2>', self._checks_section(),
                '<h2 id="gx">Great Expectations</h2>', self._gx_section(),
                '<h2 id="tables">Allocation tables</h2>', self._tables_section(),
                '<h2 id="more">More</h2>', self._more_section()]
        self.write("index.html", "Package status", "\n".join(body), "index-page")

    def _checks_section(self) -> str:
        if self.checks is None:
            return f'<div class="banner warning">Checks not run: {_e(self.checks_error)}</div>'
        failing = [c for c in self.checks if c.status == "fail"]
        warnings = [c for c in self.checks if c.status == "warning"]
        if failing:
            banner = f'<div class="banner fail">{len(failing)} of {len(self.checks)} checks fail</div>'
        elif warnings:
            banner = (f'<div class="banner warning">No check fails; {len(warnings)} of {len(self.checks)} '
                      'give a warning</div>')
        else:
            banner = f'<div class="banner pass">All {len(self.checks)} checks pass</div>'
        rows = []
        for c in self.checks:
            rows.append(f'<tr class="check {_e(c.status)}"><td><a href="{c.page}">{_e(c.name)}</a></td>'
                        f'<td>{_badge(c.status)}</td><td>{_e(c.severity)}</td><td>{_e(c.description)}</td>'
                        f'<td class=num><a href="{c.page}">{len(c.rows)} row(s)</a></td></tr>')
        return (banner + '<table class="data checks"><thead><tr><th>check</th><th>status</th><th>severity</th>'
                '<th>what it verifies</th><th class=num>evidence</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def _gx_section(self) -> str:
        if self.gx is None:
            return f'<p class="muted">Great Expectations not run: {_e(self.gx_error)}</p>'
        failed = [r for r in self.gx if not r.success]
        expectations = sum(r.evaluated for r in self.gx)
        banner = (f'<div class="banner fail">{len(failed)} of {len(self.gx)} expectation suites fail</div>' if failed
                  else f'<div class="banner pass">All {len(self.gx)} expectation suites pass '
                       f'({expectations} expectations)</div>')
        rows = []
        for r in self.gx:
            page = f'gx/{r.validation_page}' if r.validation_page else None
            suite = f'gx/{r.expectations_page}' if r.expectations_page else None
            detail = "" if r.success else "<br>" + "<br>".join(
                f'<span class="bad">{_e(f.expectation)}({_e(f.column or "")}): {_e(f.observed)}</span>'
                for f in r.failures[:5])
            name = f'<a href="{_e(suite)}">{_e(r.name)}</a>' if suite else _e(r.name)
            result_link = f'<a href="{_e(page)}">validation result</a>' if page else ""
            rows.append(f'<tr><td>{name}{detail}</td><td>{_badge("pass" if r.success else "fail")}</td>'
                        f'<td class=num>{r.successful} of {r.evaluated}</td><td class=num>{r.rows}</td>'
                        f'<td>{result_link}</td></tr>')
        return (banner + '<p>Suites generated from each resource\'s Table Schema (and, per region-level table, '
                'from the regions resource). <a href="gx/index.html">Open the Data Docs</a>.</p>'
                '<table class="data gx"><thead><tr><th>suite</th><th>status</th><th class=num>expectations met</th>'
                f'<th class=num>rows</th><th>Data Docs</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')

    def _tables_section(self) -> str:
        rows = []
        allocations = self.package.records("allocations")
        items = self.package.records("breakdown_items")
        for t in self.tables:
            grant = self.grants.get(t["grant_id"], {})
            source = self.sources.get(t["source_id"], {})
            members = [r for r in (items if t["kind"] == "breakdown" else allocations) if r["table_id"] == t["table_id"]]
            total = sum(_num(r["amount_sek"]) for r in members)
            rows.append(f'<tr><td><a href="{self.table_href(t["table_id"])}">{_e(grant.get("title", t["table_id"]))}</a>'
                        f'<br><code class="muted">{_e(t["table_id"])}</code></td><td>{_e(grant.get("year"))}</td>'
                        f'<td>{_badge(t["status"])}</td><td class=num>{len(members)}</td>'
                        f'<td class=num>{amount(total, t["unit"])}</td>'
                        f'<td><a href="{self.source_href(t["source_id"])}">{_e(source.get("title", t["source_id"]))}</a></td></tr>')
        return ('<table class="data tables"><thead><tr><th>table</th><th>year</th><th>status</th><th class=num>rows</th>'
                f'<th class=num>sum</th><th>source</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')

    def _more_section(self) -> str:
        def count(name):
            return f"{len(self.package[name].frame)} rows" if name in self.package else "not in this package"
        return ('<ul>'
                f'<li><a href="claims.html">Claims</a> ({count("claims")}): what the sources state, checked against the data</li>'
                f'<li><a href="anomalies.html">Anomalies</a> ({count("anomalies")}): oddities in the sources, documented</li>'
                f'<li><a href="sources.html">Sources</a> ({len(self.sources)}): the archived documents with their SHA-256</li>'
                '<li><a href="gx/index.html">Great Expectations Data Docs</a>: the generated expectation suites and their results</li>'
                '</ul>')


# -- entry point -------------------------------------------------------------------

def _prepare_out(out: Path) -> Path:
    if out.exists() and not (out / MARKER).is_file() and (not out.is_dir() or any(out.iterdir())):
        raise StatsbidragError(f"{out} exists and was not written by 'statsbidrag report'; "
                               "remove it or choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))


def build_site(root: Path, out: Path, *, gx: bool = True, checks: bool = True) -> SiteSummary:
    """Write the report for the package at `root` into `out` (replaced as a whole)."""
    out = out.resolve()
    package = read_package(root)
    work = _prepare_out(out)
    try:
        check_rows, checks_error = run_checks(root) if checks else (None, "skipped (--no-checks)")
        gx_results, gx_error = None, "skipped (--no-gx)"
        if gx:
            from .gx_suites import run_suites, suite_specs
            (work / "gx").mkdir()
            gx_results, gx_error = run_suites(package, suite_specs(package), work / "gx"), None
        site = Site(package, work, check_rows, checks_error, gx_results, gx_error)
        site.build()
        (work / MARKER).write_text("written by statsbidrag report; the whole folder is replaced on the next run\n",
                                   encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SiteSummary(out=out, pages=site.pages, checks=check_rows, checks_error=checks_error, gx=gx_results)
