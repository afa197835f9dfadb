"""One page per region: its money per year, and every amount it received linked to the
line that prints it."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from statsbidrag.report.charts import YearMark, kronor, year_chart
from statsbidrag.report.formatting import grant_name, per_inhabitant, percent
from statsbidrag.report.i18n import Gettext, gettext_for
from statsbidrag.report.pages import Page, Site


def region_rows(site: Site, code: str, municipal: bool, lang: str) -> list[dict]:
    shares = {(s["grant_id"], s["region_code"]): s for s in site.views.shares}
    counts: dict[str, int] = {}
    for s in site.views.shares:
        counts[s["grant_id"]] = counts.get(s["grant_id"], 0) + 1
    rows = []
    for r in site.views.grant_allocations:
        if r["region_code"] != code or (r["recipients"] != "regions") != municipal:
            continue
        share = shares.get((r["grant_id"], code), {})
        line = site.line_of(r["chosen_table_id"], code)
        p = site.per_inhabitant.get((r["grant_id"], code, r["chosen_table_id"]))
        rows.append({"year": r["year"], "title": grant_name(site.grants.get(r["grant_id"], {}), lang, r["grant_id"]),
                     "grant_id": r["grant_id"], "family_href": "../" + site.family_href(r["grant_id"]),
                     "status": r["status"], "amount_kind": r.get("amount_kind") or "payment",
                     "amount": Markup(kronor(r["amount_sek"])), "amount_sek": r["amount_sek"],
                     "per_inhabitant": Markup(per_inhabitant(p)) if p is not None else "",
                     "rank": share.get("rank_in_grant"), "of": counts.get(r["grant_id"]),
                     "share": Markup(percent(share.get("share_percent"))),
                     "table_id": r["chosen_table_id"],
                     "table_href": "../" + (site.table_href(r["chosen_table_id"]) or ""),
                     "line": line, "line_href": "../" + (site.line_href(r["chosen_source_id"], line) or "")})
    rows.sort(key=lambda r: (-r["year"], r["grant_id"]))
    return rows


def _year_chart(site: Site, code: str, name: str, _: Gettext) -> Markup | None:
    totals = [t for t in site.views.region_year_totals if t["region_code"] == code]
    marks = [YearMark(t["year"], int(t["total_sek"]), f"{t['year']}: {kronor(int(t['total_sek']))}"
                      + (f" ({_('includes preliminary figures')})" if t["includes_preliminary"] else ""),
                      bool(t["includes_preliminary"]))
             for t in totals if t["total_sek"]]
    if not marks:
        return None
    return Markup(year_chart(marks, site.views.years, _("%(region)s: kronor per year") % {"region": name},
                             _("%(n)s years with money; the table below lists every amount.") % {"n": len(marks)}))


def region_page(site: Site, code: str) -> Page:
    region = site.regions[code]

    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        breakdowns = [{"href": "../" + (site.table_href(t["table_id"]) or ""),
                       "year": site.grants.get(t["grant_id"], {}).get("year"),
                       "title": grant_name(site.grants.get(t["grant_id"], {}), lang, t["table_id"])}
                      for t in site.tables if t["kind"] == "breakdown"
                      and any(i.get("region_code") == code for i in site.table_rows(t))]
        return {"title": region["official_name"], "region": region,
                "year_chart": _year_chart(site, code, region["short_name"], _),
                "note": site.views.error, "rows": region_rows(site, code, False, lang),
                "municipal": region_rows(site, code, True, lang), "breakdowns": breakdowns,
                "has_population": site.views.per_inhabitant is not None}
    return Page(f"regions/{code}.html", "region.html", context, "region-page")
