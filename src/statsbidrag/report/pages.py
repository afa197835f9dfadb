"""The report's pages: what each one shows, as the context its template renders.

A Page is a relative path, a template and a function lang -> context; site.Writer
renders it in every language. Text the code writes (chart titles, notes) goes
through the same catalogue as the templates (i18n.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from statsbidrag.report.charts import Tile, YearMark, amount, kronor, short_amount, tile_map, year_chart
from statsbidrag.report.data import Package
from statsbidrag.report.formatting import file_size, grant_name, nobreak, sha256, slug
from statsbidrag.report.i18n import LANGUAGES, gettext_for
from statsbidrag.report.model import read_views, tile_positions

RESOURCE_DOWNLOADS = "downloads"


@dataclass
class Page:
    rel: str                                   # e.g. regions/01.html
    template: str
    context: Callable[[str], dict]
    page_class: str = ""


def assets_for(rel: str, lang: str) -> str:
    """The way from page `rel` in language `lang` to the site's root folder."""
    return "../" * rel.count("/") + ("" if lang == LANGUAGES[0] else "../")


def _num(value) -> int:
    """An amount for a sum: a cell that is empty or not a whole number (a corrupted
    package, which the checks report) counts as 0 here."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def per_inhabitant(value) -> str:
    if value is None:
        return ""
    return f"{float(value):.2f}".replace(".", ",") + "\u00a0kr"


def percent(value) -> str:
    return "" if value is None else f"{float(value):.1f}".replace(".", ",") + "\u00a0%"


@dataclass
class Family:
    id: str
    title: str
    grants: list[dict]
    description: str = ""


def combines(grant: dict) -> bool:
    """A grant whose amounts include other grants' money (grants.combines_grants): never
    added to other grants."""
    return str(grant.get("combines_grants")).lower() in ("true", "1")


class Site:
    def __init__(self, package: Package, out: Path, checks, checks_error, gx_results, gx_error):
        self.package, self.root, self.out = package, package.root, out
        self.checks, self.checks_error = checks, checks_error
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

    # -- structure ------------------------------------------------------------------
    def _families(self) -> tuple[list[Family], str | None]:
        """Grants grouped by the grants resource's `family` column; without one, each
        grant is its own family (and the pages say so)."""
        grants = sorted(self.grants.values(), key=lambda g: (str(g.get("year")), g["grant_id"]))
        columns = self.package["grants"].frame.columns if "grants" in self.package else []
        column = next((c for c in ("family_id", "family") if c in columns), None)
        groups: dict[str, list[dict]] = {}
        for g in grants:
            groups.setdefault(str(g[column]) if column and g.get(column) else g["grant_id"], []).append(g)
        described = {f.get("family_id"): f for f in self.package.records("families")}
        families = [Family(fid, described.get(fid, {}).get("title") or members[-1].get("title") or fid, members,
                           described.get(fid, {}).get("description") or "")
                    for fid, members in sorted(groups.items())]
        has_column = column is not None
        note = None if has_column else "The grants resource has no family column yet: each grant is its own family here."
        return families, note

    def family_href(self, grant_id) -> str:
        family = self.family_of.get(grant_id)
        return f"families/{slug(family.id)}.html" if family else "families.html"

    def table_href(self, table_id) -> str | None:
        return f"tables/{slug(table_id)}.html" if table_id in self.table_ids else None

    def source_href(self, source_id) -> str | None:
        return f"sources/{slug(source_id)}.html" if source_id in self.sources else None

    def line_href(self, source_id, line) -> str | None:
        href = self.source_href(source_id)
        return f"{href}#L{line}" if href and line is not None else href

    def table_rows(self, table: dict) -> list[dict]:
        rows = self.items if table["kind"] == "breakdown" else self.allocations
        return [r for r in rows if r["table_id"] == table["table_id"]]

    def page_groups(self):
        self.copy_files()
        yield "the index, regions and grant families", (
            [self.index_page(), self.regions_page(), self.families_page(), self.tables_page()]
            + [self.region_page(code) for code in sorted(self.regions)]
            + [self.family_page(f) for f in self.families])
        yield f"{len(self.tables)} table pages", [self.table_page(t) for t in self.tables]
        yield "checks, claims and anomalies", (
            [self.checks_page(), self.claims_page(), self.anomalies_page()]
            + [self.check_page(c) for c in self.checks or []])
        yield f"{len(self.sources)} source pages and downloads", (
            [self.sources_page(), self.downloads_page()] + [self.source_page(s) for s in self.sources.values()])

    # -- files -----------------------------------------------------------------------
    def copy_files(self) -> None:
        for source in self.sources.values():
            src = self.root / source["path"]
            if src.is_file():
                target = self.out / "sources" / Path(source["path"]).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
        from statsbidrag.report.downloads import copy_downloads
        self.download_groups = copy_downloads(self.package, self.out / RESOURCE_DOWNLOADS)

    # -- status --------------------------------------------------------------------------
    def status(self, _) -> dict:
        if self.checks is None:
            return {"kind": "warning", "text": f"{_('Checks not run')}: {self.checks_error}"}
        n = len(self.checks)
        failing = [c for c in self.checks if c.status == "fail"]
        warnings = [c for c in self.checks if c.status == "warning"]
        if failing:
            return {"kind": "fail", "text": _("%(failed)s of %(n)s checks fail") % {"failed": len(failing), "n": n}}
        if warnings:
            return {"kind": "warning",
                    "text": _("No check fails; %(warnings)s of %(n)s give a warning") % {"warnings": len(warnings), "n": n}}
        return {"kind": "pass", "text": _("All %(n)s checks pass") % {"n": n}}

    # -- index -----------------------------------------------------------------------------
    def index_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            views = self.views
            years = views.years
            money = [r for r in views.grant_allocations if r["recipients"] == "regions"
                     and not combines(self.grants.get(r["grant_id"], {}))]
            latest = max((r["year"] for r in money), default=None)
            headline = [(_("grants"), str(len(self.grants))), (_("tables"), str(len(self.tables))),
                        (_("sources"), str(len(self.sources)))]
            if years:
                headline.append((_("years"), f"{years[0]}–{years[-1]}"))
            if latest is not None:
                total = sum(_num(r["amount_sek"]) for r in money if r["year"] == latest)
                headline.append((f"{_('to the regions in')} {latest}", Markup(kronor(total))))
            return {"title": _("State grants to Sweden's 21 regions"), "headline": headline,
                    "status": self.status(_), "overview": self._overview(_),
                    "region_map": self._region_map(_, ""), "tables_list": self._tables_list(_, lang, latest_first=True)[:8]}
        return Page("index.html", "index.html", context, "index-page")

    def _overview(self, _) -> dict:
        years = self.views.years
        families = []
        for f in self.families:
            ids = {g["grant_id"] for g in f.grants}
            rows = [r for r in self.views.grant_allocations if r["grant_id"] in ids]
            cells = []
            for year in years:
                in_year = [r for r in rows if r["year"] == year]
                cells.append({"text": Markup(short_amount(sum(_num(r["amount_sek"]) for r in in_year))),
                              "preliminary": any(r["status"] == "preliminary" for r in in_year)} if in_year else None)
            recipients = {g.get("recipients") for g in f.grants}
            families.append({"href": f"families/{slug(f.id)}.html", "title": f.title, "cells": cells,
                             "recipients": recipients.pop() if len(recipients) == 1 else "regions"})
        note = self.views.error or (_(self.family_note_msg) if self.family_note_msg else None)
        return {"years": years, "families": families, "note": note}

    def _tiles(self) -> dict[str, tuple[int, int]]:
        return tile_positions(self.root, list(self.regions))

    def _region_map(self, _, up: str, values: dict | None = None, texts: dict | None = None,
                    title: str | None = None, fmt=None) -> Markup:
        tiles = [Tile(code, self.regions[code]["short_name"], col, row, href=f"{up}regions/{code}.html",
                      value=(values or {}).get(code), text=(texts or {}).get(code, ""),
                      tooltip=f"{self.regions[code]['official_name']}" + (f": {texts[code]}" if texts and code in texts else ""))
                 for code, (col, row) in sorted(self._tiles().items())]
        return Markup(tile_map(tiles, title or _("The regions"), fmt=fmt))

    def _tables_list(self, _, lang: str, latest_first=False) -> list[dict]:
        out = []
        for t in self.tables:
            grant = self.grants.get(t["grant_id"], {})
            source = self.sources.get(t["source_id"], {})
            rows = self.table_rows(t)
            out.append({"href": self.table_href(t["table_id"]), "title": grant_name(grant, lang, t["table_id"]),
                        "id": t["table_id"], "year": grant.get("year"), "status": t["status"], "rows": len(rows),
                        "total": Markup(amount(sum(_num(r["amount_sek"]) for r in rows), t["unit"])),
                        "source_href": self.source_href(t["source_id"]),
                        "source_title": source.get("title", t["source_id"])})
        if latest_first:
            out.sort(key=lambda t: (-(t["year"] or 0), t["id"]))
        return out

    def tables_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            return {"title": _("All tables"), "tables_list": self._tables_list(_, lang)}
        return Page("tables.html", "tables.html", context)

    # -- regions -----------------------------------------------------------------------------
    def regions_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            return {"title": _("Regions"), "region_map": self._region_map(_, ""),
                    "regions": [self.regions[c] for c in sorted(self.regions)]}
        return Page("regions.html", "regions.html", context)

    def _line_of(self, table_id, region_code) -> int | None:
        for r in self.allocations:
            if r["table_id"] == table_id and r["region_code"] == region_code:
                return r["source_line"]
        return None

    def _region_rows(self, code: str, municipal: bool, lang: str) -> list[dict]:
        shares = {(s["grant_id"], s["region_code"]): s for s in self.views.shares}
        counts: dict[str, int] = {}
        for s in self.views.shares:
            counts[s["grant_id"]] = counts.get(s["grant_id"], 0) + 1
        per_inh = self._per_inhabitant()
        rows = []
        for r in self.views.grant_allocations:
            if r["region_code"] != code or (r["recipients"] != "regions") != municipal:
                continue
            share = shares.get((r["grant_id"], code), {})
            table = self.grants.get(r["grant_id"], {})
            line = self._line_of(r["chosen_table_id"], code)
            p = per_inh.get((r["grant_id"], code, r["chosen_table_id"]))
            rows.append({"year": r["year"], "title": grant_name(table, lang, r["grant_id"]), "grant_id": r["grant_id"],
                         "family_href": "../" + self.family_href(r["grant_id"]), "status": r["status"],
                         "amount_kind": r.get("amount_kind") or "payment",
                         "amount": Markup(kronor(r["amount_sek"])), "amount_sek": r["amount_sek"],
                         "per_inhabitant": Markup(per_inhabitant(p)) if p is not None else "",
                         "rank": share.get("rank_in_grant"), "of": counts.get(r["grant_id"]),
                         "share": Markup(percent(share.get("share_percent"))),
                         "table_id": r["chosen_table_id"], "table_href": "../" + (self.table_href(r["chosen_table_id"]) or ""),
                         "line": line, "line_href": "../" + (self.line_href(r["chosen_source_id"], line) or "")})
        rows.sort(key=lambda r: (-r["year"], r["grant_id"]))
        return rows

    def region_page(self, code: str) -> Page:
        region = self.regions[code]

        def context(lang):
            _ = gettext_for(lang)[0]
            totals = [t for t in self.views.region_year_totals if t["region_code"] == code]
            marks = [YearMark(t["year"], int(t["total_sek"]), f"{t['year']}: {kronor(int(t['total_sek']))}"
                              + (f" ({_('includes preliminary figures')})" if t["includes_preliminary"] else ""),
                              bool(t["includes_preliminary"]))
                     for t in totals if t["total_sek"]]
            chart = (Markup(year_chart(marks, self.views.years, _("%(region)s: kronor per year") %
                                       {"region": region["short_name"]})) if marks else None)
            breakdowns = [{"href": "../" + self.table_href(t["table_id"]), "year": self.grants.get(t["grant_id"], {}).get("year"),
                           "title": grant_name(self.grants.get(t["grant_id"], {}), lang, t["table_id"])}
                          for t in self.tables if t["kind"] == "breakdown"
                          and any(i.get("region_code") == code for i in self.table_rows(t))]
            return {"title": region["official_name"], "region": region, "year_chart": chart,
                    "note": self.views.error, "rows": self._region_rows(code, False, lang),
                    "municipal": self._region_rows(code, True, lang), "breakdowns": breakdowns,
                    "has_population": self.views.per_inhabitant is not None}
        return Page(f"regions/{code}.html", "region.html", context, "region-page")

    # -- grant families ------------------------------------------------------------------
    def families_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            families = []
            for f in self.families:
                years = sorted({g.get("year") for g in f.grants if g.get("year") is not None})
                families.append({"href": f"families/{slug(f.id)}.html", "title": f.title,
                                 "years": ", ".join(str(y) for y in years)})
            return {"title": _("All grant families"), "families": families,
                    "note": _(self.family_note_msg) if self.family_note_msg else None}
        return Page("families.html", "families.html", context)

    def family_page(self, family: Family) -> Page:
        ids = {g["grant_id"] for g in family.grants}

        def context(lang):
            _ = gettext_for(lang)[0]
            rows = [r for r in self.views.grant_allocations if r["grant_id"] in ids]
            by_year: dict[int, list[dict]] = {}
            for r in rows:
                by_year.setdefault(r["year"], []).append(r)
            marks = [YearMark(y, sum(_num(r["amount_sek"]) for r in rs),
                              f"{y}: {kronor(sum(_num(r['amount_sek']) for r in rs))}",
                              any(r["status"] == "preliminary" for r in rs)) for y, rs in sorted(by_year.items())]
            chart = (Markup(year_chart(marks, self.views.years, _("%(family)s: kronor per year to the regions")
                                       % {"family": family.title})) if marks else None)
            grants = []
            for g in family.grants:
                g_rows = [r for r in rows if r["grant_id"] == g["grant_id"]]
                tables = [t for t in self.tables if t["grant_id"] == g["grant_id"]]
                name = grant_name(g, lang, g["grant_id"])
                grants.append({"year": g.get("year"), "title": name,
                               "agreement": g.get("agreement") if g.get("agreement") != name else "",
                               "recipients": g.get("recipients") or "regions",
                               "total": Markup(kronor(sum(_num(r["amount_sek"]) for r in g_rows))) if g_rows else "—",
                               "tables": [{"id": t["table_id"], "href": "../" + self.table_href(t["table_id"])}
                                          for t in tables]})
            maps = [self._family_map(_, ids, year) for year in sorted(by_year, reverse=True)]
            note = self.views.error
            return {"title": family.title, "family": family, "series_chart": chart, "grants": grants,
                    "maps": maps, "note": note}
        return Page(f"families/{slug(family.id)}.html", "family.html", context, "family-page")

    def _per_inhabitant(self) -> dict[tuple, float]:
        """(grant_id, region_code, table_id) -> kronor per inhabitant (allocations_per_inhabitant)."""
        return {(p["grant_id"], p["region_code"], p["table_id"]): float(p["sek_per_inhabitant"])
                for p in self.views.per_inhabitant or [] if p.get("sek_per_inhabitant") is not None}

    def _family_map(self, _, ids: set[str], year: int) -> dict:
        rows = [r for r in self.views.grant_allocations if r["grant_id"] in ids and r["year"] == year]
        per_inh = self._per_inhabitant()
        keys = [(r["grant_id"], r["region_code"], r["chosen_table_id"]) for r in rows]
        if rows and all(k in per_inh for k in keys):
            values: dict[str, float] = {}
            for (grant_id, code, table_id) in keys:
                values[code] = values.get(code, 0.0) + per_inh[(grant_id, code, table_id)]
            caption, note, fmt = _("Kronor per inhabitant in %(year)s") % {"year": year}, None, per_inhabitant
            texts = {c: per_inhabitant(v) for c, v in values.items()}
        else:
            values = {}
            for r in rows:
                values[r["region_code"]] = values.get(r["region_code"], 0) + _num(r["amount_sek"])
            caption = _("Kronor in %(year)s") % {"year": year}
            note = (_("The package holds no population, so the map is coloured by kronor, not by kronor per inhabitant.")
                    if self.views.per_inhabitant is None else
                    _("The package has no population for this year's tables, so the map is coloured by kronor, not by kronor per inhabitant."))
            fmt = short_amount
            texts = {c: short_amount(v) for c, v in values.items()}
        svg = self._region_map(_, "../", values=values, texts=texts, title=caption, fmt=fmt)
        return {"year": year, "caption": caption, "note": note, "svg": svg}

    # -- one printed table ------------------------------------------------------------------
    def table_page(self, table: dict) -> Page:
        from statsbidrag.report.table_page import table_context
        return Page(f"tables/{slug(table['table_id'])}.html", "table.html",
                    lambda lang: table_context(self, table, lang, assets_for("tables/x", lang)),
                    "table-page")

    # -- checks ----------------------------------------------------------------------------
    def checks_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            banner = None
            if self.gx is not None:
                failed = [r for r in self.gx if not r.success]
                banner = ({"kind": "fail", "text": _("%(failed)s of %(n)s expectation suites fail")
                           % {"failed": len(failed), "n": len(self.gx)}} if failed else
                          {"kind": "pass", "text": _("All %(n)s expectation suites pass (%(e)s expectations)")
                           % {"n": len(self.gx), "e": sum(r.evaluated for r in self.gx)}})
            return {"title": _("Checks"), "status": self.status(_), "checks": self.checks or [],
                    "gx": self.gx, "gx_error": self.gx_error, "gx_banner": banner}
        return Page("checks.html", "checks.html", context)

    def check_page(self, check) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            return {"title": f"{_('Check')} {check.name}", "check": check,
                    "evidence": [self._evidence_row(row) for row in check.rows]}
        return Page(check.page, "check.html", context)

    def _evidence_row(self, row: dict) -> dict:
        """One row a check returned: its `problem` sentence, then every other column,
        with links to the table, source line, claim or anomaly it names."""
        up = "../"
        by_path = {src["path"]: sid for sid, src in self.sources.items()}
        source_id = row.get("source_id") or by_path.get(row.get("path"))
        line = row.get("line") or row.get("line_number") or row.get("source_line")

        def prefixed(href):
            return up + href if href else None
        links = {
            "table_id": lambda v: prefixed(self.table_href(v)),
            "source_id": lambda v: prefixed(self.source_href(v)),
            "path": lambda v: prefixed(self.source_href(by_path.get(v))),
            "claim_id": lambda v: f"{up}claims.html#{slug(v)}",
            "anomaly_id": lambda v: f"{up}anomalies.html#{slug(v)}",
            "region_code": lambda v: f"{up}regions/{v}.html" if v in self.regions else None,
        }
        if source_id in self.sources and isinstance(line, int):
            for key in ("line", "line_number", "source_line"):
                links[key] = lambda v: prefixed(self.line_href(source_id, v))
        items = [(key, value, links[key](value) if key in links else None)
                 for key, value in row.items() if key != "problem" and value is not None]
        return {"problem": row.get("problem"), "fields": items}

    def _checks_mentioning(self, key: str, value: str) -> list[dict]:
        return [{"name": c.name, "status": c.status, "href": c.page} for c in self.checks or []
                if any(str(row.get(key)) == value for row in c.rows)]

    # -- claims and anomalies ---------------------------------------------------------------
    def claims_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            if "claims" not in self.package:
                return {"title": _("Claims"), "claims": None}
            tables = {t["table_id"]: t for t in self.tables}
            claims = []
            for c in self.package["claims"].records():
                ids = (c.get("table_ids") or "").split()
                checks = self._checks_mentioning("claim_id", c["claim_id"])
                if not ids:
                    verdict, verdict_class = "unverifiable", "warning"
                elif self.checks is None:
                    verdict, verdict_class = "not checked", "info"
                elif any(ch["status"] == "fail" for ch in checks):
                    verdict, verdict_class = "does not hold", "fail"
                else:
                    verdict, verdict_class = "holds", "pass"
                data = scope = None
                if ids:
                    members = [r for i in ids if i in tables for r in self.table_rows(tables[i])
                               if not c.get("region_code") or r.get("region_code") == c["region_code"]]
                    data = Markup(kronor(sum(_num(r["amount_sek"]) for r in members)))
                    if c.get("region_code"):
                        name = self.regions.get(c["region_code"], {}).get("short_name", c["region_code"])
                        scope = (_("row of %(region)s") % {"region": name} if len(members) == 1
                                 else _("%(n)s rows of %(region)s") % {"n": len(members), "region": name})
                    else:
                        scope = _("sum of %(n)s rows") % {"n": len(members)}
                qualifier = f"{c['qualifier']} " if c.get("qualifier") else ""
                claims.append({**c, "verdict": verdict, "verdict_class": verdict_class, "checks": checks,
                               "line_href": self.line_href(c["source_id"], c["line"]),
                               "value": Markup(qualifier + kronor(c["value_sek"])),
                               "printed": nobreak(f"{c['value_text']}\u00a0{c['unit_printed']}"),
                               "step": Markup(kronor(c["rounding_step_sek"])),
                               "tables": [{"id": i, "href": self.table_href(i)} for i in ids],
                               "data": data, "scope": scope})
            return {"title": _("Claims"), "claims": claims}
        return Page("claims.html", "claims.html", context)

    def anomalies_page(self) -> Page:
        from statsbidrag.report.table_page import table_lines

        def context(lang):
            _ = gettext_for(lang)[0]
            if "anomalies" not in self.package:
                return {"title": _("Anomalies"), "anomalies": None}
            anomalies = []
            for a in self.package["anomalies"].records():
                seen_in = [t for t in self.tables if t["source_id"] == a["source_id"]
                           and min(table_lines(t)) <= a["line"] <= max(table_lines(t))]
                anomalies.append({**a, "line_href": self.line_href(a["source_id"], a["line"]),
                                  "source_title": self.sources.get(a["source_id"], {}).get("title", a["source_id"]),
                                  "tables": [{"id": t["table_id"], "href": f"{self.table_href(t['table_id'])}#L{a['line']}"}
                                             for t in seen_in],
                                  "checks": self._checks_mentioning("anomaly_id", a["anomaly_id"])})
            return {"title": _("Anomalies"), "anomalies": anomalies}
        return Page("anomalies.html", "anomalies.html", context)

    # -- sources --------------------------------------------------------------------------
    def _source(self, s: dict, up: str) -> dict:
        return {**s, "href": self.source_href(s["source_id"]), "archived_href": f"{up}sources/{Path(s['path']).name}",
                "size": Markup(file_size(s["bytes"])) if isinstance(s.get("bytes"), int) else "",
                "intact": sha256(self.root / s["path"]) == s["sha256"],
                "tables": [{"id": t["table_id"], "href": self.table_href(t["table_id"])}
                           for t in self.tables if t["source_id"] == s["source_id"]]}

    def sources_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            up = assets_for("sources.html", lang)
            return {"title": _("Sources"), "sources": [self._source(s, up) for s in self.sources.values()]}
        return Page("sources.html", "sources.html", context)

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
                add(r.get("region_line"), f"{t['table_id']}: region name")
        for c in self.package.records("claims"):
            if c["source_id"] == source_id:
                add(c["line"], f"claim {c['claim_id']}")
        for a in self.package.records("anomalies"):
            if a["source_id"] == source_id:
                add(a["line"], f"anomaly {a['anomaly_id']}")
        return cited

    def source_page(self, s: dict) -> Page:
        from statsbidrag.report.table_page import printed_lines

        def context(lang):
            up = assets_for("sources/x", lang)
            cited = {n: "; ".join(why) for n, why in self.cited_lines(s["source_id"]).items()}
            return {"title": s["title"], "s": self._source(s, up),
                    "printed": printed_lines(self.root, s, None, None, cited)}
        return Page(f"sources/{slug(s['source_id'])}.html", "source.html", context)

    def downloads_page(self) -> Page:
        def context(lang):
            _ = gettext_for(lang)[0]
            up = assets_for("downloads.html", lang)
            groups = [{**g, "files": [{**f, "href": up + f["href"], "size": Markup(file_size(f["bytes"]))}
                                      for f in g["files"]]} for g in self.download_groups]
            return {"title": _("Downloads"), "groups": groups}
        return Page("downloads.html", "downloads.html", context)
