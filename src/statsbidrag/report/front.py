"""The front page, the list of tables and the regions page.

The front page answers a reader's usual questions in a click: the newest payments
(ceilings and frames labelled as such, never counted as money paid), the families
year by year (newest first), the regions, the per-inhabitant rankings, and the data
for a spreadsheet.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from statsbidrag.report.charts import amount, kronor, short_amount
from statsbidrag.report.formatting import grant_name, num, slug
from statsbidrag.report.i18n import Gettext, gettext_for
from statsbidrag.report.pages import Page, Site, combines
from statsbidrag.report.reader_files import FLAT_CSV, XLSX

PAYMENT = "payment"


def _payments(site: Site) -> list[dict]:
    """Money paid to the regions themselves, each grant once: no ceiling or frame, no
    preliminary total that includes other grants."""
    return [r for r in site.views.grant_allocations if r["recipients"] == "regions"
            and (r.get("amount_kind") or PAYMENT) == PAYMENT and not combines(site.grants.get(r["grant_id"], {}))]


def _headline(site: Site, _: Gettext) -> list[tuple[str, str]]:
    money = _payments(site)
    latest = max((r["year"] for r in money), default=None)
    years = site.views.years
    headline = [(_("grants"), str(len(site.grants))), (_("tables"), str(len(site.tables))),
                (_("sources"), str(len(site.sources)))]
    if years:
        headline.append((_("years"), f"{years[0]}–{years[-1]}"))
    if latest is not None:
        total = sum(num(r["amount_sek"]) for r in money if r["year"] == latest)
        headline.append((_("paid to the regions in %(year)s") % {"year": latest}, Markup(kronor(total))))
    return headline


def index_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        return {"title": _("State grants to Sweden's 21 regions"), "headline": _headline(site, _),
                "status": site.status(_), "overview": _overview(site, _, lang),
                "region_map": site.region_map(_, ""), "rankings": _rankings(site, lang),
                "reader_files": {"xlsx": f"downloads/{XLSX}", "csv": f"downloads/{FLAT_CSV}"},
                "tables_list": tables_list(site, lang, latest_first=True)[:8]}
    return Page("index.html", "index.html", context, "index-page")


def _overview_cell(rows: list[dict], _: Gettext) -> dict | None:
    """One family's year: the payments added up; a ceiling or frame is named, never added."""
    if not rows:
        return None
    paid = [r for r in rows if (r.get("amount_kind") or PAYMENT) == PAYMENT]
    other = [r for r in rows if r not in paid]
    limits = [{"kind": kind, "text": Markup(short_amount(sum(num(r["amount_sek"]) for r in other
                                                             if r["amount_kind"] == kind)))}
              for kind in sorted({r["amount_kind"] for r in other})]
    return {"text": Markup(short_amount(sum(num(r["amount_sek"]) for r in paid))) if paid else "",
            "preliminary": any(r["status"] == "preliminary" for r in rows), "limits": limits}


def _overview(site: Site, _: Gettext, lang: str) -> dict:
    years = list(reversed(site.views.years))          # the newest year first
    families: list[dict] = []
    for f in site.families:
        ids = {g["grant_id"] for g in f.grants}
        rows = [r for r in site.views.grant_allocations if r["grant_id"] in ids]
        cells = [_overview_cell([r for r in rows if r["year"] == year], _) for year in years]
        recipients = {g.get("recipients") for g in f.grants}
        newest = max((r["year"] for r in rows if (r.get("amount_kind") or PAYMENT) == PAYMENT), default=0)
        families.append({"href": f"families/{slug(f.id)}.html", "title": f.name(lang), "cells": cells,
                         "newest": newest, "recipients": recipients.pop() if len(recipients) == 1 else "regions"})
    families.sort(key=lambda f: (f["recipients"] != "regions", -f["newest"], f["title"]))
    note = site.views.error or (_(site.family_note_msg) if site.family_note_msg else None)
    return {"years": years, "families": families, "note": note}


def _rankings(site: Site, lang: str) -> list[dict]:
    """The tables with kronor per inhabitant, newest first: each ranks the regions by it."""
    with_population = {table_id for (_grant, _code, table_id) in site.per_inhabitant}
    out = []
    for t in site.tables:
        if t["table_id"] in with_population:
            grant = site.grants.get(t["grant_id"], {})
            out.append({"href": f"{site.table_href(t['table_id'])}#ranking", "year": grant.get("year"),
                        "title": grant_name(grant, lang, t["table_id"])})
    return sorted(out, key=lambda r: (-(r["year"] or 0), r["title"]))


def tables_list(site: Site, lang: str, latest_first: bool = False) -> list[dict]:
    out = []
    for t in site.tables:
        grant = site.grants.get(t["grant_id"], {})
        source = site.sources.get(t["source_id"], {})
        rows = site.table_rows(t)
        out.append({"href": site.table_href(t["table_id"]), "title": grant_name(grant, lang, t["table_id"]),
                    "id": t["table_id"], "year": grant.get("year"), "status": t["status"], "rows": len(rows),
                    "kind": t.get("amount_kind") or PAYMENT,
                    "total": Markup(amount(sum(num(r["amount_sek"]) for r in rows), t["unit"])),
                    "source_href": site.source_href(t["source_id"]),
                    "source_title": source.get("title", t["source_id"])})
    if latest_first:
        out.sort(key=lambda t: (-(t["year"] or 0), t["id"]))
    return out


def tables_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        return {"title": _("All tables"), "tables_list": tables_list(site, lang)}
    return Page("tables.html", "tables.html", context)


def regions_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        return {"title": _("Regions"), "region_map": site.region_map(_, ""),
                "regions": [site.regions[c] for c in sorted(site.regions)]}
    return Page("regions.html", "regions.html", context)
