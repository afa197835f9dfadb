"""One printed table's page: its chart, its rows, where it was read from, the text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from statsbidrag.report.charts import Bar, bar_chart, kronor

if TYPE_CHECKING:
    from statsbidrag.report.i18n import Gettext
    from statsbidrag.report.pages import Page, Site


def table_lines(table: dict) -> list[int]:
    """Every line a table's metadata names: its rows, header, unit and total."""
    return [table[k] for k in ("first_line", "last_line", "header_line", "unit_line", "stated_total_line")
            if table.get(k) is not None]


def printed_lines(root: Path, source: dict, lo: int | None, hi: int | None, cited: dict[int, str],
                  back: dict[int, list[dict]] | None = None) -> dict:
    """Lines lo..hi of an archived source (all of it when lo is None), each with what
    the package reads there ('' for a line it does not read) and the links back to the
    pages that show it (`back`: line -> [{href, label}])."""
    from statsbidrag.errors import SourceError
    from statsbidrag.extract.documents import read_lines
    try:  # the lines the build read: a PDF's text, a text file's lines
        lines = read_lines(source["path"], (root / source["path"]).read_bytes())
    except (OSError, KeyError, SourceError) as error:
        lines = [f"(cannot read {source.get('path')}: {error.__class__.__name__})"]
    whole = lo is None
    if lo is None:
        lo, hi = 1, len(lines)
    else:
        assert hi is not None  # given with lo
        lo, hi = max(lo, 1), min(hi, len(lines))
    return {"whole": whole, "first": lo, "last": hi,
            "rows": [(n, lines[n - 1], cited.get(n, ""), (back or {}).get(n, [])) for n in range(lo, hi + 1)]}


def _rows_and_bars(site: Site, table: dict, title: str, _: Gettext) -> tuple[str, list[dict], list[Bar], str, str, dict]:
    """A table's rows shown (items of a breakdown, or regions), the bars of its chart and the
    source lines its rows cite: -> (resource, rows, bars, what, chart title, cited lines)."""
    if table["kind"] == "breakdown":
        rows = sorted(site.table_rows(table), key=lambda r: r["item_number"])
        bars = [Bar(str(r["item_number"]), r["label"], r["amount_sek"]) for r in rows if isinstance(r["amount_sek"], int)]
        for r in rows:
            r.update(amount=Markup(kronor(r["amount_sek"])) if r["amount_sek"] is not None else "",
                     step=Markup(kronor(r["rounding_step_sek"])) if r["rounding_step_sek"] else "")
        cited = {r["source_line"]: "amount" for r in rows}
        return ("breakdown_items", rows, bars, "items", _("%(grant)s: amount per item") % {"grant": title}, cited)
    rows = sorted(site.table_rows(table), key=lambda r: (r["row_number"] is None, r["row_number"]))
    bars = [Bar(r["region_code"], site.regions.get(r["region_code"], {}).get("short_name", r["region_text"]),
                r["amount_sek"]) for r in rows if isinstance(r["amount_sek"], int)]
    for r in rows:
        r.update(amount=Markup(kronor(r["amount_sek"])) if r["amount_sek"] is not None else "",
                 region_name=site.regions.get(r["region_code"], {}).get("official_name", r["region_code"]))
    cited = {r["region_line"]: "region name" for r in rows if r.get("region_line")}
    cited.update({r["source_line"]: "amount" for r in rows})
    return ("allocations", rows, bars, "regions", _("%(grant)s: amount per region") % {"grant": title}, cited)


def _provenance(table: dict, grant: dict, source: dict, lang: str, assets: str, _: Gettext) -> list[tuple]:
    """The rows of the table page's provenance list: where each printed part of the table stands."""
    from statsbidrag.report.i18n import term
    unit = table["unit"]
    qualifier = f"{table['stated_total_qualifier']} " if table.get("stated_total_qualifier") else ""

    def line(n: int | None) -> str:
        return Markup(f'<a href="#L{n}">{n}</a>') if n is not None else "—"
    not_printed = Markup(f'<span class="muted">{_("not printed")}</span>')
    basis = f"; basis: {grant['basis']}" if grant.get("basis") else ""
    return [
        (_("grant"), Markup(f"<code>{Markup.escape(table['grant_id'])}</code>: ")
         + f"{grant.get('agreement')} ({grant.get('year')}; {_('to')} {term(lang, grant.get('recipients') or 'regions')}{basis})"),
        (_("source title"), source.get("title")),
        (_("publisher"), source.get("publisher") or not_printed),
        (_("date published"), source.get("date_published") or not_printed),
        (_("notes"), source.get("notes") or ""),
        (_("document type"), source.get("document_type")),
        (_("archived file"), Markup(f'<a href="{assets}sources/{Markup.escape(Path(source.get("path", "")).name)}">')
         + source.get("path", "") + Markup("</a>")),
        ("SHA-256", Markup(f'<code class="hash">{Markup.escape(source.get("sha256"))}</code>')),
        (_("rows printed on"), Markup(f"{_('lines')} ") + line(table.get("first_line")) + "–"
         + line(table.get("last_line")) + f" ({table['layout']})"),
        (_("column header"), not_printed if table.get("header_line") is None else
         Markup(f"{_('line')} ") + line(table.get("header_line")) + f": “{table['column_header']}”"),
        (_("unit"), (not_printed + f", {_('read as')} {unit}") if table.get("unit_line") is None else
         Markup(f"{_('line')} ") + line(table.get("unit_line"))
         + f": {_('printed')} “{table['unit_printed']}”, {_('read as')} {unit}"),
        (_("rounding step"), Markup(kronor(table["rounding_step_sek"])) if table.get("rounding_step_sek")
         else _("differs per item")),
        (_("stated total"), not_printed if table.get("stated_total_line") is None else
         Markup(f"{_('line')} ") + line(table.get("stated_total_line"))
         + f": “{qualifier}{table['stated_total_text']}”"),
    ]


def _ranks(values: list[float]) -> list[int]:
    """Competition ranks of values sorted largest first: 1, 2, 2, 4."""
    ranks: list[int] = []
    for i, v in enumerate(values):
        ranks.append(ranks[-1] if i and v == values[i - 1] else i + 1)
    return ranks


def ranking(site: Site, table: dict, _: Gettext) -> list[dict]:
    """The regions ranked by amount and, where the package has a population, by kronor per
    inhabitant: one ranked list each, with rank and share of the table's sum."""
    from statsbidrag.report.formatting import per_inhabitant, percent
    rows = [r for r in site.table_rows(table) if isinstance(r.get("amount_sek"), int)]
    total = sum(r["amount_sek"] for r in rows) or 1
    per_inh = {code: v for (_g, code, t), v in site.per_inhabitant.items() if t == table["table_id"]}
    entries = [{"code": r["region_code"], "name": site.regions.get(r["region_code"], {}).get("short_name", r["region_code"]),
                "amount_sek": r["amount_sek"], "amount": Markup(kronor(r["amount_sek"])),
                "share": Markup(percent(100 * r["amount_sek"] / total)),
                "per_inhabitant_value": per_inh.get(r["region_code"]),
                "per_inhabitant": Markup(per_inhabitant(per_inh.get(r["region_code"])))} for r in rows]
    views = [("amount", _("Ranked by amount"), lambda e: e["amount_sek"])]
    if per_inh:
        views.append(("per-inhabitant", _("Ranked by kronor per inhabitant"), lambda e: e["per_inhabitant_value"]))
    out = []
    for key, title, value in views:
        ranked = sorted((e for e in entries if value(e) is not None), key=lambda e: (-value(e), e["name"]))
        out.append({"id": key, "title": title, "rows": [{**e, "rank": rank} for e, rank in
                                                        zip(ranked, _ranks([value(e) for e in ranked]))],
                    "missing": [e["name"] for e in entries if value(e) is None]})
    return out


def table_page(site: Site, table: dict) -> Page:
    from statsbidrag.report.formatting import slug
    from statsbidrag.report.pages import Page, assets_for
    return Page(f"tables/{slug(table['table_id'])}.html", "table.html",
                lambda lang: table_context(site, table, lang, assets_for("tables/x", lang)), "table-page")


def table_context(site: Site, table: dict, lang: str, assets: str) -> dict[str, Any]:
    """`assets`: the way from this page to the site's root (sources/, downloads/)."""
    from statsbidrag.report.formatting import grant_name
    from statsbidrag.report.i18n import gettext_for
    from statsbidrag.report.reader_files import table_download
    _ = gettext_for(lang)[0]
    table_id = table["table_id"]
    grant = site.grants.get(table["grant_id"], {})
    source = site.sources.get(table["source_id"], {})
    title = grant_name(grant, lang, table_id)
    resource, rows, bars, what, chart_title, cited = _rows_and_bars(site, table, title, _)
    for key in ("header_line", "unit_line", "stated_total_line"):
        if table.get(key) is not None:
            cited.setdefault(table[key], key.replace("_line", "").replace("_", " "))
    total = sum(b.value for b in bars)
    unit_words = "MSEK (millions of kronor)" if table["unit"] == "MSEK" else "kronor"
    chart = (Markup(bar_chart(bars, table["unit"], chart_title, max_label_chars=44 if what == "items" else 28)) if bars
             else Markup(f'<p class="muted">{_("No amounts to draw.")}</p>'))
    lines = table_lines(table)
    printed = printed_lines(site.root, source, min(lines), max(lines), cited) if source and lines else \
        {"whole": False, "first": "", "last": "", "rows": []}
    qualifier = f"{table['stated_total_qualifier']} " if table.get("stated_total_qualifier") else ""
    caption = (_("Amount per item, largest first; labels in %(unit)s.") if what == "items"
               else _("Amount per region, largest first; labels in %(unit)s.")) % {"unit": _(unit_words)}
    claims = [c for c in site.package.records("claims") if table_id in (c.get("table_ids") or "").split()]
    lo, hi = min(lines), max(lines)
    anomalies = [a for a in site.package.records("anomalies")
                 if a["source_id"] == table["source_id"] and lo <= a["line"] <= hi]
    t = {"id": table_id, "title": title, "status": table["status"], "kind": table["kind"], "what": what,
         "rows": rows, "source_href": "../" + (site.source_href(table["source_id"]) or ""),
         "source_title": source.get("title", table["source_id"]), "total": Markup(kronor(total)),
         "stated_total": Markup(qualifier + kronor(table["stated_total_sek"])) if table.get("stated_total_sek") is not None else "",
         "stated_total_text": table.get("stated_total_text"), "stated_total_line": table.get("stated_total_line"),
         "unit_words": unit_words, "chart": chart, "caption": caption,
         "provenance": _provenance(table, grant, source, lang, assets, _),
         "printed": printed, "claims": claims, "anomalies": anomalies,
         "archived_href": f"{assets}sources/{Path(source.get('path', '')).name}", "source_path": source.get("path"),
         "download": table_download(site, table, assets),
         "ranking": ranking(site, table, _) if table["kind"] == "regions" else []}
    return {"title": title, "t": t}

