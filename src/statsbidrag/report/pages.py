"""The report's pages: what each one shows, as the context its template renders.

A Page is a relative path, a template and a function lang -> context; site.Writer
renders it in every language. Site holds what every page reads (the package's
resources and views, the links between pages); each kind of page is built in its own
module (front, region_page, family_page, table_page, check_pages, source_pages), by
functions that take the Site; site.page_groups lists them. Text the code writes
(chart titles, notes) goes through the same catalogue as the templates (i18n.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from markupsafe import Markup

from statsbidrag.report.charts import Tile, tile_map
from statsbidrag.report.data import Package
from statsbidrag.report.formatting import name_in, slug
from statsbidrag.report.i18n import LANGUAGES, Gettext
from statsbidrag.report.model import read_views, tile_positions

if TYPE_CHECKING:
    from statsbidrag.check.findings import Finding
    from statsbidrag.report.downloads import DownloadGroup
    from statsbidrag.report.gx_suites import SuiteResult

RESOURCE_DOWNLOADS = "downloads"


class Banner(TypedDict):
    """A verdict line at the top of a page: kind is pass, warning or fail."""
    kind: str
    text: str


class CheckLink(TypedDict):
    """A check that names a record, linked to its page."""
    name: str
    status: str
    href: str


class Link(TypedDict):
    """A link to a record's page: its id and where it is (None: no page)."""
    id: str
    href: str | None


@dataclass
class CheckRow:
    """One check's result as the checks pages show it (site.run_checks makes them)."""
    name: str
    description: str
    severity: str
    status: str
    finding: Finding | None  # what the check found (statsbidrag.check.findings); None when it passed
    seconds: float | None
    sql: str | None
    path: str | None

    @property
    def rows(self) -> list[dict]:
        """The evidence: the offending rows the check returned."""
        return self.finding.evidence if self.finding else []

    @property
    def message(self) -> str:
        return self.finding.message if self.finding else ""

    @property
    def page(self) -> str:
        return f"checks/{slug(self.name)}.html"


@dataclass
class Page:
    rel: str                                   # e.g. regions/01.html
    template: str
    context: Callable[[str], dict[str, Any]]
    page_class: str = ""


def assets_for(rel: str, lang: str) -> str:
    """The way from page `rel` in language `lang` to the site's root folder."""
    return "../" * rel.count("/") + ("" if lang == LANGUAGES[0] else "../")


@dataclass
class Family:
    id: str
    title: str
    grants: list[dict]
    description: str = ""
    title_sv: str = ""

    def name(self, lang: str) -> str:
        return name_in({"title": self.title, "title_sv": self.title_sv}, lang, self.id)


def combines(grant: dict) -> bool:
    """A grant whose amounts include other grants' money (grants.combines_grants): never
    added to other grants."""
    return str(grant.get("combines_grants")).lower() in ("true", "1")


class Site:
    """What every page reads: the package's resources and views, and the links between pages."""

    def __init__(self, package: Package, out: Path, checks: list[CheckRow] | None, checks_error: str | None,
                 gx_results: list[SuiteResult] | None, gx_error: str | None,
                 check_counts: dict | None = None) -> None:
        self.package, self.root, self.out = package, package.root, out
        self.checks, self.checks_error, self.check_counts = checks, checks_error, check_counts
        self.gx, self.gx_error = gx_results, gx_error
        self.regions = {r["region_code"]: r for r in package.records("regions")}
        self.sources = {s["source_id"]: s for s in package.records("sources")}
        self.grants = {g["grant_id"]: g for g in package.records("grants")}
        self.tables = package.records("tables")
        self.table_ids = {t["table_id"] for t in self.tables}
        self.allocations = package.records("allocations")
        self.items = package.records("breakdown_items")
        self.views = read_views(self.root)
        self.families, self.family_note_msg = self._families()
        self.family_of = {g: f for f in self.families for g in (x["grant_id"] for x in f.grants)}
        self.download_groups: list[DownloadGroup] = []

    # -- structure ------------------------------------------------------------------
    def _families(self) -> tuple[list[Family], str | None]:
        """Grants grouped by the grants resource's `family_id` column; without one, each
        grant is its own family (and the pages say so)."""
        grants = sorted(self.grants.values(), key=lambda g: (str(g.get("year")), g["grant_id"]))
        columns = self.package["grants"].frame.columns if "grants" in self.package else []
        column = next((c for c in ("family_id", "family") if c in columns), None)
        groups: dict[str, list[dict]] = {}
        for g in grants:
            groups.setdefault(str(g[column]) if column and g.get(column) else g["grant_id"], []).append(g)
        described = {f.get("family_id"): f for f in self.package.records("families")}
        families = []
        for fid, members in sorted(groups.items()):
            about = described.get(fid, {})
            families.append(Family(fid, about.get("title") or members[-1].get("title") or fid, members,
                                   about.get("description") or "",
                                   about.get("title_sv") or members[-1].get("title_sv") or ""))
        note = None if column else "The grants resource has no family column yet: each grant is its own family here."
        return families, note

    def family_href(self, grant_id: str) -> str:
        family = self.family_of.get(grant_id)
        return f"families/{slug(family.id)}.html" if family else "families.html"

    def table_href(self, table_id: str) -> str | None:
        return f"tables/{slug(table_id)}.html" if table_id in self.table_ids else None

    def source_href(self, source_id: str | None) -> str | None:
        return f"sources/{slug(source_id)}.html" if source_id in self.sources else None

    def line_href(self, source_id: str | None, line: int | None) -> str | None:
        href = self.source_href(source_id)
        return f"{href}#L{line}" if href and line is not None else href

    def table_rows(self, table: dict) -> list[dict]:
        rows = self.items if table["kind"] == "breakdown" else self.allocations
        return [r for r in rows if r["table_id"] == table["table_id"]]

    def line_of(self, table_id: str, region_code: str) -> int | None:
        for r in self.allocations:
            if r["table_id"] == table_id and r["region_code"] == region_code:
                return r["source_line"]
        return None

    # -- files -----------------------------------------------------------------------
    def copy_files(self) -> None:
        """The archived sources into sources/ (site.page_groups adds the downloads)."""
        for source in self.sources.values():
            src = self.root / source["path"]
            if src.is_file():
                target = self.out / "sources" / Path(source["path"]).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)

    # -- what several pages show -------------------------------------------------------
    def status(self, _: Gettext) -> Banner:
        """The checks' verdict, counted as `statsbidrag check` counts (check.runner.Report.counts):
        checks, not the documented anomalies, which are named apart."""
        if self.checks is None or self.check_counts is None:
            return Banner(kind="warning", text=f"{_('Checks not run')}: {self.checks_error}")
        c = self.check_counts
        anomalies = (" · " + _("%(n)s documented anomalies in the sources") % {"n": c["anomalies"]}
                     if c.get("anomalies") else "")
        if c["failed"]:
            return Banner(kind="fail", text=_("%(failed)s of %(n)s checks fail") % {"failed": c["failed"],
                                                                                 "n": c["checks"]} + anomalies)
        if c["warnings"]:
            return Banner(kind="warning", text=_("No check fails; %(warnings)s of %(n)s give a warning")
                          % {"warnings": c["warnings"], "n": c["checks"]} + anomalies)
        return Banner(kind="pass", text=_("All %(n)s checks pass") % {"n": c["checks"]} + anomalies)

    @cached_property
    def per_inhabitant(self) -> dict[tuple, float]:
        """(grant_id, region_code, table_id) -> kronor per inhabitant (allocations_per_inhabitant)."""
        return {(p["grant_id"], p["region_code"], p["table_id"]): float(p["sek_per_inhabitant"])
                for p in self.views.per_inhabitant or [] if p.get("sek_per_inhabitant") is not None}

    def region_map(self, _: Gettext, up: str, values: dict[str, int] | None = None,
                   texts: dict[str, str] | None = None, title: str | None = None,
                   fmt: Callable[[float], str] | None = None) -> Markup:
        """The tile map: one linked tile per region, coloured by `values` when given."""
        tiles = [Tile(code, self.regions[code]["short_name"], col, row, href=f"{up}regions/{code}.html",
                      value=(values or {}).get(code), text=(texts or {}).get(code, ""),
                      tooltip=f"{self.regions[code]['official_name']}" + (f": {texts[code]}" if texts and code in texts else ""))
                 for code, (col, row) in sorted(tile_positions(self.root, list(self.regions)).items())]
        return Markup(tile_map(tiles, title or _("The regions"), fmt=fmt))

    def checks_mentioning(self, key: str, value: str) -> list[CheckLink]:
        return [CheckLink(name=c.name, status=c.status, href=c.page) for c in self.checks or []
                if any(str(row.get(key)) == value for row in c.rows)]
