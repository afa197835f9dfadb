"""The sources page, one page per archived document (every line, the cited ones marked,
each with a way back to the pages that show it), and the downloads page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from statsbidrag.report.formatting import file_size, slug
from statsbidrag.report.i18n import Gettext, gettext_for
from statsbidrag.report.pages import Link, Page, Site, assets_for


def _source(site: Site, s: dict, up: str) -> dict:
    from statsbidrag.report.formatting import sha256
    return {**s, "href": site.source_href(s["source_id"]), "archived_href": f"{up}sources/{Path(s['path']).name}",
            "size": Markup(file_size(s["bytes"])) if isinstance(s.get("bytes"), int) else "",
            "intact": sha256(site.root / s["path"]) == s["sha256"],
            "tables": [Link(id=t["table_id"], href=site.table_href(t["table_id"]))
                       for t in site.tables if t["source_id"] == s["source_id"]]}


def sources_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        up = assets_for("sources.html", lang)
        return {"title": _("Sources"), "sources": [_source(site, s, up) for s in site.sources.values()]}
    return Page("sources.html", "sources.html", context)


def cited_lines(site: Site, source_id: str) -> dict[int, list[str]]:
    """Line -> what the package reads there, for one source."""
    cited: dict[int, list[str]] = {}

    def add(line: int | None, why: str) -> None:
        if line is not None:
            cited.setdefault(line, []).append(why)
    for t in site.tables:
        if t["source_id"] != source_id:
            continue
        for key in ("header_line", "unit_line", "stated_total_line"):
            add(t.get(key), f"{t['table_id']}: {key.replace('_line', '').replace('_', ' ')}")
        for r in site.table_rows(t):
            add(r.get("source_line"), f"{t['table_id']}: amount")
            add(r.get("region_line"), f"{t['table_id']}: region name")
    for c in site.package.records("claims"):
        if c["source_id"] == source_id:
            add(c["line"], f"claim {c['claim_id']}")
    for a in site.package.records("anomalies"):
        if a["source_id"] == source_id:
            add(a["line"], f"anomaly {a['anomaly_id']}")
    return cited


def back_links(site: Site, source_id: str, _: Gettext) -> dict[int, list[dict]]:
    """Line -> the pages a reader reaches an amount's line from: its region's page and
    its row in the table's page."""
    back: dict[int, list[dict]] = {}
    for t in site.tables:
        if t["source_id"] != source_id or t["kind"] != "regions":
            continue
        for r in site.table_rows(t):
            region = site.regions.get(r.get("region_code"), {})
            links = back.setdefault(r["source_line"], [])
            if region:
                links.append({"href": f"../regions/{r['region_code']}.html#grants", "label": region["short_name"]})
            links.append({"href": f"../{site.table_href(t['table_id'])}#region-{r['region_code']}",
                          "label": _("table %(id)s") % {"id": t["table_id"]}})
    return back


def source_page(site: Site, s: dict) -> Page:
    from statsbidrag.report.table_page import printed_lines

    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        up = assets_for("sources/x", lang)
        cited = {n: "; ".join(why) for n, why in cited_lines(site, s["source_id"]).items()}
        return {"title": s["title"], "s": _source(site, s, up),
                "printed": printed_lines(site.root, s, None, None, cited, back_links(site, s["source_id"], _))}
    return Page(f"sources/{slug(s['source_id'])}.html", "source.html", context, "source-page")


def downloads_page(site: Site) -> Page:
    def context(lang: str) -> dict[str, Any]:
        _ = gettext_for(lang)[0]
        up = assets_for("downloads.html", lang)
        groups = [{**g, "files": [{**f, "href": up + f["href"], "size": Markup(file_size(f["bytes"]))}
                                  for f in g["files"]]} for g in site.download_groups]
        return {"title": _("Downloads"), "groups": groups}
    return Page("downloads.html", "downloads.html", context)
