"""Files for readers with a spreadsheet: what the package holds, ready for Excel.

    downloads/statsbidrag-flat.csv    one row per grant and region (grant_allocations),
                                      every column a reader needs, names included
    downloads/statsbidrag.xlsx        the same rows, the family series and the region totals,
                                      a sheet each, and a sheet explaining every column
    downloads/tables/<table_id>.csv   one printed table's rows, and only that table's

The CSVs are for Swedish Excel, which reads a double-clicked file with the system's
list separator: UTF-8 with a byte-order mark (else å, ä, ö break), semicolons between
fields, decimal commas. The machine-readable package (resources/*.csv) stays as it is.
Both files depend only on the package: the same package gives the same bytes
(XlsxWriter dates the zip entries 1980-01-01; the workbook's date is the package's).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from statsbidrag.report.downloads import DownloadFile, DownloadGroup, download_file

if TYPE_CHECKING:
    from statsbidrag.report.pages import Site

FLAT_CSV = "statsbidrag-flat.csv"
XLSX = "statsbidrag.xlsx"
TABLES = "tables"
BOM = "\ufeff"


class TableDownload(TypedDict):
    """The link to one table's own CSV, on its table page."""
    href: str
    label: str
    size: str   # Markup: the size with a no-break space

# (column, what it holds): the flat file's columns, in order, explained on the xlsx's last sheet
FLAT_COLUMNS = [
    ("region_name", "The region (or, for money to municipalities, the county) as the package names it."),
    ("county_code", "The county code (länskod), two digits: 01 Stockholm ... 25 Norrbotten."),
    ("year", "The year the money is for."),
    ("grant", "The grant, in Swedish (grants.title_sv)."),
    ("grant_id", "The grant's identifier in the package."),
    ("family", "The grant family, in Swedish: the same purpose followed over the years."),
    ("family_id", "The family's identifier in the package."),
    ("recipients", "regions: the region itself; municipalities by county: the county's municipalities."),
    ("amount_kind", "payment: money paid; ceiling: the most it can get; frame: the most it may apply for. "
                    "Only payments are money received: never add a ceiling or frame to them."),
    ("status", "final or preliminary, as the source says."),
    ("amount_sek", "The amount in whole kronor."),
    ("unit", "The unit the source prints: SEK (kronor), or MSEK (whole millions, so the amount is rounded)."),
    ("sek_per_inhabitant", "Kronor per inhabitant, where the package has a population for the amount; else empty."),
    ("table_id", "The printed table the amount is read from."),
    ("source_id", "The archived source document."),
    ("source_title", "The source document's title."),
    ("source_line", "The line of the source document that prints the amount."),
    ("amount_text", "The amount exactly as printed."),
]


def _flat_rows(site: Site, rows: list[dict]) -> list[list]:
    """allocations_flat-like rows -> the flat file's rows (Swedish names, per inhabitant)."""
    families = {f.id: f for f in site.families}
    per_inh = site.per_inhabitant
    out = []
    for r in rows:
        grant = site.grants.get(r["grant_id"], {})
        family = families.get(r["family_id"])
        table_id = r.get("table_id") or r.get("chosen_table_id")
        p = per_inh.get((r["grant_id"], r["region_code"], table_id))
        out.append([r["region_name"], r["region_code"], r["year"], grant.get("title_sv") or grant.get("title"),
                    r["grant_id"], family.name("sv") if family else r["family_id"], r["family_id"], r["recipients"],
                    r["amount_kind"], r["status"], r["amount_sek"], r["unit"],
                    round(p, 2) if p is not None else None, table_id, r["source_id"], r["source_title"],
                    r["source_line"], r["amount_text"]])
    return out


def flat_rows(site: Site) -> list[list]:
    """One row per grant and region: grant_allocations, with the chosen table's line."""
    printed = {(r["table_id"], r["region_code"]): r for r in site.views.flat}
    rows = []
    for g in site.views.grant_allocations:
        line = printed.get((g["chosen_table_id"], g["region_code"]))
        if line is not None:
            rows.append(line)
    rows.sort(key=lambda r: (r["year"], r["grant_id"], r["region_code"]))
    return _flat_rows(site, rows)


def _excel_csv(header: list[str], rows: list[list]) -> bytes:
    def cell(v: object) -> object:
        if isinstance(v, float):
            return f"{v:.2f}".replace(".", ",")
        return "" if v is None else v
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell(v) for v in row] for row in rows])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _table_csv(site: Site, table: dict) -> bytes:
    if table["kind"] == "regions":
        rows = sorted((r for r in site.views.flat if r["table_id"] == table["table_id"]),
                      key=lambda r: r["source_line"] or 0)
        return _excel_csv([c for c, _ in FLAT_COLUMNS], _flat_rows(site, rows))
    columns = list(site.package["breakdown_items"].frame.columns)
    return _excel_csv(columns, [[r.get(c) for c in columns] for r in site.table_rows(table)])


def _sheet(workbook: Any, name: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, header, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [v for v in row])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), max(len(header) - 1, 0))
    sheet.set_column(0, len(header) - 1, 16)


def _view_sheet(site: Site, view: list[dict], columns: list[str]) -> tuple[list[str], list[list]]:
    return columns, [[r.get(c) for c in columns] for r in view]


SERIES_COLUMNS = ["family_id", "family_title", "region_code", "region_name", "year", "recipients", "amount_kind",
                  "amount_sek", "grant_ids", "is_preliminary", "is_rounded", "is_incomplete", "absent_because"]
TOTALS_COLUMNS = ["region_code", "region_name", "year", "total_sek", "grant_ids", "includes_preliminary",
                  "includes_incomplete_table", "left_out_grant_ids"]


def _created(site: Site) -> datetime:
    try:
        stamp = json.loads((site.root / "datapackage.json").read_text(encoding="utf-8")).get("created", "")
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)
    except (OSError, ValueError, AttributeError):
        return datetime(2000, 1, 1)


def _xlsx(site: Site, flat: list[list]) -> bytes:
    import xlsxwriter
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
    workbook.set_properties({"title": "statsbidrag", "created": _created(site)})
    _sheet(workbook, "data", [c for c, _ in FLAT_COLUMNS], flat)
    _sheet(workbook, "grant_series", *_view_sheet(site, site.views.series, SERIES_COLUMNS))
    _sheet(workbook, "region_year_totals", *_view_sheet(site, site.views.region_year_totals, TOTALS_COLUMNS))
    about = [["data", c, what] for c, what in FLAT_COLUMNS]
    about += [["grant_series", "", "One amount per region, grant family and year (the view grant_series; README)."],
              ["region_year_totals", "", "Payments to each region per year, each krona once (region_year_totals)."]]
    _sheet(workbook, "columns", ["sheet", "column", "what it holds"], about)
    workbook.close()
    return buffer.getvalue()


def _entry(folder: Path, name: str, data: bytes, about: str) -> DownloadFile:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return download_file(Path(name).name, f"{folder.name}/{name}", data, about)


def write_reader_files(site: Site, folder: Path) -> DownloadGroup:
    """Write the reader's files into `folder` (the site's downloads/) -> the downloads
    page's first group."""
    flat = flat_rows(site)
    files = [_entry(folder, XLSX, _xlsx(site, flat), "Excel: the data, the series per family and the totals per "
                    "region, a sheet each, and a sheet explaining every column."),
             _entry(folder, FLAT_CSV, _excel_csv([c for c, _ in FLAT_COLUMNS], flat),
                    "One flat file, a row per grant and region: UTF-8 with a byte-order mark, semicolons, "
                    "decimal commas (opens in Swedish Excel).")]
    for table in site.tables:
        _entry(folder, f"{TABLES}/{table['table_id']}.csv", _table_csv(site, table), "")
    return DownloadGroup(id="for-readers", title="For a spreadsheet", files=files, missing=None)


def table_download(site: Site, table: dict, assets: str) -> TableDownload | None:
    """The link to one table's own CSV (written by write_reader_files)."""
    from markupsafe import Markup

    from statsbidrag.report.formatting import file_size
    path = site.out / "downloads" / TABLES / f"{table['table_id']}.csv"
    if not path.is_file():
        return None
    return TableDownload(href=f"{assets}downloads/{TABLES}/{table['table_id']}.csv", label=f"{table['table_id']}.csv",
                         size=Markup(file_size(path.stat().st_size)))
