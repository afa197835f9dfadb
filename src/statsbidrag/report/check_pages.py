"""The checks page, one page per check with its evidence, the claims and the anomalies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from statsbidrag.report.charts import kronor
from statsbidrag.report.formatting import nobreak, num, slug
from statsbidrag.report.i18n import gettext_for
from statsbidrag.report.pages import Banner, CheckRow, Link, Page, Site


# -- checks ----------------------------------------------------------------------------
def checks_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        banner: Banner | None = None
        if site.gx is not None:
            failed = [r for r in site.gx if not r.success]
            banner = (Banner(kind="fail", text=_("%(failed)s of %(n)s expectation suites fail")
                             % {"failed": len(failed), "n": len(site.gx)}) if failed else
                      Banner(kind="pass", text=_("All %(n)s expectation suites pass (%(e)s expectations)")
                             % {"n": len(site.gx), "e": sum(r.evaluated for r in site.gx)}))
        return {"title": _("Checks"), "status": site.status(_), "checks": site.checks or [],
                "gx": site.gx, "gx_error": site.gx_error, "gx_banner": banner}
    return Page("checks.html", "checks.html", context)


def check_page(site: Site, check: CheckRow) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        return {"title": f"{_('Check')} {check.name}", "check": check,
                "evidence": [_evidence_row(site, row) for row in check.rows]}
    return Page(check.page, "check.html", context)


def _evidence_row(site: Site, row: dict) -> dict:
    """One row a check returned: its `problem` sentence, then every other column,
    with links to the table, source line, claim or anomaly it names."""
    up = "../"
    by_path = {src["path"]: sid for sid, src in site.sources.items()}
    source_id = row.get("source_id") or by_path.get(row.get("path"))
    line = row.get("line") or row.get("line_number") or row.get("source_line")

    def prefixed(href: str | None) -> str | None:
        return up + href if href else None
    links: dict[str, Callable[[Any], str | None]] = {
        "table_id": lambda v: prefixed(site.table_href(v)),
        "source_id": lambda v: prefixed(site.source_href(v)),
        "path": lambda v: prefixed(site.source_href(by_path.get(v))),
        "claim_id": lambda v: f"{up}claims.html#{slug(v)}",
        "anomaly_id": lambda v: f"{up}anomalies.html#{slug(v)}",
        "region_code": lambda v: f"{up}regions/{v}.html" if v in site.regions else None,
    }
    if source_id in site.sources and isinstance(line, int):
        for key in ("line", "line_number", "source_line"):
            links[key] = lambda v: prefixed(site.line_href(source_id, v))
    items = [(key, value, links[key](value) if key in links else None)
             for key, value in row.items() if key != "problem" and value is not None]
    return {"problem": row.get("problem"), "fields": items}


# -- claims and anomalies ---------------------------------------------------------------

def claims_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        if "claims" not in site.package:
            return {"title": _("Claims"), "claims": None}
        tables = {t["table_id"]: t for t in site.tables}
        claims = []
        for c in site.package["claims"].records():
            ids = (c.get("table_ids") or "").split()
            checks = site.checks_mentioning("claim_id", c["claim_id"])
            if not ids:
                verdict, verdict_class = "unverifiable", "warning"
            elif site.checks is None:
                verdict, verdict_class = "not checked", "info"
            elif any(ch["status"] == "fail" for ch in checks):
                verdict, verdict_class = "does not hold", "fail"
            else:
                verdict, verdict_class = "holds", "pass"
            data = scope = None
            if ids:
                members = [r for i in ids if i in tables for r in site.table_rows(tables[i])
                           if not c.get("region_code") or r.get("region_code") == c["region_code"]]
                data = Markup(kronor(sum(num(r["amount_sek"]) for r in members)))
                if c.get("region_code"):
                    name = site.regions.get(c["region_code"], {}).get("short_name", c["region_code"])
                    scope = (_("row of %(region)s") % {"region": name} if len(members) == 1
                             else _("%(n)s rows of %(region)s") % {"n": len(members), "region": name})
                else:
                    scope = _("sum of %(n)s rows") % {"n": len(members)}
            qualifier = f"{c['qualifier']} " if c.get("qualifier") else ""
            claims.append({**c, "verdict": verdict, "verdict_class": verdict_class, "checks": checks,
                           "line_href": site.line_href(c["source_id"], c["line"]),
                           "value": Markup(qualifier + kronor(c["value_sek"])),
                           "printed": nobreak(f"{c['value_text']}\u00a0{c['unit_printed']}"),
                           "step": Markup(kronor(c["rounding_step_sek"])),
                           "tables": [Link(id=i, href=site.table_href(i)) for i in ids],
                           "data": data, "scope": scope})
        return {"title": _("Claims"), "claims": claims}
    return Page("claims.html", "claims.html", context)


def anomalies_page(site: Site) -> Page:
    from statsbidrag.report.table_page import table_lines

    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        if "anomalies" not in site.package:
            return {"title": _("Anomalies"), "anomalies": None}
        anomalies = []
        for a in site.package["anomalies"].records():
            seen_in = [t for t in site.tables if t["source_id"] == a["source_id"]
                       and min(table_lines(t)) <= a["line"] <= max(table_lines(t))]
            anomalies.append({**a, "line_href": site.line_href(a["source_id"], a["line"]),
                              "source_title": site.sources.get(a["source_id"], {}).get("title", a["source_id"]),
                              "tables": [Link(id=t["table_id"], href=f"{site.table_href(t['table_id'])}#L{a['line']}")
                                         for t in seen_in],
                              "checks": site.checks_mentioning("anomaly_id", a["anomaly_id"])})
        return {"title": _("Anomalies"), "anomalies": anomalies}
    return Page("anomalies.html", "anomalies.html", context)
