"""One page per grant family: the 21 regions year by year (grant_series), in kronor and,
where the package has a population, in kronor per inhabitant; a chart of every region's
series; the grants the family is made of; a map of its newest year.

Each view makes one choice: the kronor table is kronor, the per-inhabitant table is
kronor per inhabitant, the map is kronor. A year without a population is said to lack
one, never filled with kronor.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from statsbidrag.report.charts import Panel, group_digits, kronor, short_amount, small_multiples
from statsbidrag.report.formatting import grant_name, num, per_inhabitant, slug
from statsbidrag.report.i18n import Gettext, gettext_for
from statsbidrag.report.pages import Family, Page, Site

# The marks a cell may carry, and what each says (shown under the table).
MARKS = (("is_preliminary", "p", "preliminary"), ("is_rounded", "r", "rounded (printed in whole millions or coarser)"),
         ("is_incomplete", "i", "incomplete: a table added lacks some regions"))


def families_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        families = []
        for f in site.families:
            years = sorted({g["year"] for g in f.grants if g.get("year") is not None})
            families.append({"href": f"families/{slug(f.id)}.html", "title": f.name(lang),
                             "years": ", ".join(str(y) for y in years)})
        return {"title": _("All grant families"), "families": families,
                "note": _(site.family_note_msg) if site.family_note_msg else None}
    return Page("families.html", "families.html", context)


def _series(site: Site, family: Family) -> tuple[list[dict], str]:
    """The family's grant_series rows of one kind of amount: payments when it has any."""
    rows = [r for r in site.views.series if r["family_id"] == family.id]
    kinds = {r["amount_kind"] for r in rows}
    kind = "payment" if "payment" in kinds or not kinds else sorted(kinds)[0]
    return [r for r in rows if r["amount_kind"] == kind], kind


def _cell_per_inhabitant(site: Site, row: dict) -> float | None:
    """The family-year's kronor per inhabitant: each added grant's, added; None when a
    grant added has no population."""
    per_grant = {(g, c): v for (g, c, _t), v in site.per_inhabitant.items()}
    values = [per_grant.get((g, row["region_code"])) for g in (row["grant_ids"] or "").split()]
    return sum(values) if values and all(v is not None for v in values) else None   # type: ignore[arg-type]


def _region_year_table(site: Site, rows: list[dict], years: list[int], _: Gettext) -> dict:
    """21 rows (a region each), a column per year: kronor and kronor per inhabitant."""
    by_key = {(r["region_code"], r["year"]): r for r in rows}
    table, absent = [], []
    for code in sorted(site.regions):
        cells: list[dict | None] = []
        per_inh: list[dict | None] = []
        for year in years:
            r = by_key.get((code, year))
            if r is None:
                cells.append(None)
                per_inh.append(None)
                continue
            marks = [m for key, m, _what in MARKS if r.get(key)]
            if r["amount_sek"] is None and r.get("absent_because"):
                absent.append({"region": site.regions[code]["short_name"], "year": year, "why": r["absent_because"]})
            cells.append({"text": Markup(group_digits(r["amount_sek"])) if r["amount_sek"] is not None else "—",
                          "marks": marks, "amount_sek": r["amount_sek"]})
            p = _cell_per_inhabitant(site, r) if r["amount_sek"] is not None else None
            per_inh.append({"text": Markup(per_inhabitant(p)), "marks": marks} if p is not None else None)
        table.append({"code": code, "name": site.regions[code]["short_name"], "cells": cells, "per_inhabitant": per_inh})
    with_population = [y for i, y in enumerate(years) if any(row["per_inhabitant"][i] for row in table)]
    return {"rows": table, "absent": absent, "population_years": with_population,
            "no_population_years": [y for y in years if y not in with_population]}


def _chart(site: Site, rows: list[dict], years: list[int], title: str, _: Gettext) -> Markup | None:
    panels = []
    for code in sorted(site.regions):
        mine = [r for r in rows if r["region_code"] == code]
        panels.append(Panel(code, site.regions[code]["short_name"],
                            {r["year"]: num(r["amount_sek"]) for r in mine if r["amount_sek"] is not None},
                            frozenset(r["year"] for r in mine if r["is_preliminary"])))
    if not any(p.values for p in panels):
        return None
    return Markup(small_multiples(panels, years, title, _(
        "One small chart per region, on one scale, a column per year (%(years)s); the table above gives every amount.")
        % {"years": ", ".join(str(y) for y in years)}))


def _grants(site: Site, family: Family, lang: str) -> list[dict]:
    out = []
    for g in family.grants:
        g_rows = [r for r in site.views.grant_allocations if r["grant_id"] == g["grant_id"]]
        out.append({"year": g.get("year"), "title": grant_name(g, lang, g["grant_id"]),
                    "recipients": g.get("recipients") or "regions",
                    "total": Markup(kronor(sum(num(r["amount_sek"]) for r in g_rows))) if g_rows else "—",
                    "tables": [{"id": t["table_id"], "href": f"../{site.table_href(t['table_id'])}"}
                               for t in site.tables if t["grant_id"] == g["grant_id"]]})
    return out


def _map(site: Site, rows: list[dict], _: Gettext) -> dict | None:
    """The newest year in kronor (the same measure on every family page)."""
    years = [r["year"] for r in rows if r["amount_sek"] is not None]
    if not years:
        return None
    year = max(years)
    values = {r["region_code"]: num(r["amount_sek"]) for r in rows if r["year"] == year and r["amount_sek"] is not None}
    caption = _("Kronor in %(year)s") % {"year": year}
    return {"year": year, "caption": caption, "svg": site.region_map(
        _, "../", values=values, texts={c: short_amount(v) for c, v in values.items()}, title=caption, fmt=short_amount)}


def family_page(site: Site, family: Family) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        rows, kind = _series(site, family)
        years = sorted({r["year"] for r in rows})
        name = family.name(lang)
        all_years = site.views.years
        return {"title": name, "family": family, "name": name, "kind": kind, "years": years,
                "missing_years": [y for y in all_years if years and years[0] < y < years[-1] and y not in years],
                "table": _region_year_table(site, rows, years, _),
                "marks": [(m, _(what)) for _key, m, what in MARKS],
                "series_chart": _chart(site, rows, years, _("%(family)s: kronor per region and year")
                                       % {"family": name}, _),
                "grants": _grants(site, family, lang), "map": _map(site, rows, _),
                "has_population": site.views.per_inhabitant is not None, "note": site.views.error}
    return Page(f"families/{slug(family.id)}.html", "family.html", context, "family-page")
