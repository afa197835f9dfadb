"""Population figures read from the sources: the `population` resource.

metadata/population.toml declares where each population column sits (no figure is
typed there); this module reads the figures, their region and their reference date
from the source lines, and refuses anything it cannot account for: an unknown region
or code, a date that does not parse, a line that does not match its layout.

Two layouts:
  csv_dates   comma-separated, `code,name,<date>,<date>,...` (SCB's table, file 24):
              one row per county and date, the code and name must agree.
  row_regex   one row per line, picked out by a regex with groups `region` and
              `population` (and optionally `code`), the date printed once on `date_line`
              and picked out by `date_regex` (group `date`): the population columns
              printed inside allocation tables (06, 22).
  scb_csv     SCB's CSV download of table BE0101N1 and its successors: '"region","2019",...'
              and rows '"01 Stockholms län",2377081,...' (population on 31 December of each year).
  scb_jsonstat2  the same table downloaded as JSON-stat 2.0: the figures, names and years
              each at the line of the file that prints them.
A row named "Riket" is the total row, region code 00.
"""

from __future__ import annotations

import csv
import datetime
import math
import re
from typing import TYPE_CHECKING, Any

from statsbidrag.errors import SourceError
from statsbidrag.extract.documents import Document
from statsbidrag.extract.regions import RegionIndex
from statsbidrag.extract.text import AMOUNT, printed
from statsbidrag.metadata.names import clean
from statsbidrag.metadata.patterns import compile_pattern

if TYPE_CHECKING:  # pydantic is imported only where metadata is read
    from statsbidrag.metadata.models import PopulationColumn

WHERE = "metadata/population.toml"
TOTAL_CODE, TOTAL_NAME = "00", "Riket"

# Swedish month names as printed in dates ("1 nov 2019", "sep 2025", "31 december 2018").
# Written by hand: no library here parses Swedish abbreviated months without a locale.
MONTHS = {name: number for number, names in enumerate(
    [("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",),
     ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"),
     ("oktober", "okt"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([a-zåäö]+)\.? (\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-zåäö]+)\.? (\d{4})$")


def parse_reference_date(text: str) -> tuple[str, str]:
    """'2018-12-31' | '1 nov 2019' | 'sep 2025' -> ('2018-12-31', 'day') | ('2025-09-01', 'month').

    A date is a Table Schema `date` in every engine, so a month printed without its day is
    the month's first day, and the precision ('month') says that only the month is printed.

    Raises ValueError saying what a date looks like; callers add file and line.
    """
    cleaned = clean(text).lower()
    try:
        if match := _ISO.match(cleaned):
            year, month, day = map(int, match.groups())
            return datetime.date(year, month, day).isoformat(), "day"
        if (match := _DAY_MONTH_YEAR.match(cleaned)) and match.group(2) in MONTHS:
            day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
            return datetime.date(year, month, day).isoformat(), "day"
        if (match := _MONTH_YEAR.match(cleaned)) and match.group(1) in MONTHS:
            return datetime.date(int(match.group(2)), MONTHS[match.group(1)], 1).isoformat(), "month"
    except ValueError:
        pass  # e.g. 2018-02-30: not a date on the calendar
    raise ValueError("a date such as '2018-12-31', '1 nov 2019' or 'sep 2025' (Swedish month names)")


def _population(doc: Document, line: int, text: str) -> int:
    if not AMOUNT.match(text.strip()) or "," in text:
        raise SourceError(doc.path, line, "a population: a whole number such as '2 374 550' or '2374550'",
                          f"'{text}'", f"Correct the row's layout in {WHERE}.", code="SB105")
    return int(re.sub(r"[ \u00a0]", "", text))


def _date(doc: Document, line: int, text: str) -> tuple[str, str]:
    try:
        return parse_reference_date(text)
    except ValueError as reason:
        raise SourceError(doc.path, line, f"a reference date: {reason}", f"'{text}'",
                          f"Correct `date_line` or `date_regex` in {WHERE}.", code="SB105") from None


def _row(doc: Document, spec: PopulationColumn, line: int, code: str, region_text: str, value_text: str,
         date: tuple[str, str], date_text: str, date_line: int) -> dict:
    return {"source_id": doc.source_id, "reference_date": date[0], "date_precision": date[1],
            "reference_date_text": date_text, "date_line": date_line, "region_code": code,
            "region_text": region_text, "population": _population(doc, line, value_text),
            "population_text": value_text, "source_line": line, "covers": spec.covers}


def _code_for(doc: Document, line: int, name: str, regions: RegionIndex) -> str:
    """Riket -> 00; a county name ('Stockholms län', from metadata/regions.toml) or any
    spelling of the region -> its code; anything else is a build error."""
    if clean(name) == TOTAL_NAME:
        return TOTAL_CODE
    counties = {clean(r.county_name): r.code for r in regions.regions}
    return counties.get(clean(name)) or regions.code(doc, line, name)


def _read_csv_dates(doc: Document, spec: PopulationColumn, regions: RegionIndex) -> list[dict]:
    header_line = spec.header_line
    assert header_line is not None  # required for this layout (metadata.rules.check_population)
    header = next(csv.reader([printed(doc.line(header_line))]))
    dates = [(column, text, _date(doc, header_line, text)) for column, text in enumerate(header) if column >= 2]
    if not dates:
        raise SourceError(doc.path, header_line, "a header 'code,name,<date>,<date>,...'",
                          f"'{clean(printed(doc.line(header_line)))}'", f"Correct `header_line` in {WHERE}.",
                          code="SB104")
    rows: list[dict] = []
    for line in range(spec.rows[0], spec.rows[1] + 1):
        cells = next(csv.reader([printed(doc.line(line))]), [])
        if len(cells) != len(header):
            raise SourceError(doc.path, line, f"{len(header)} comma-separated cells like the header "
                              f"(line {header_line})", f"{len(cells)}: '{clean(printed(doc.line(line)))}'",
                              code="SB104")
        code, name = cells[0].strip(), cells[1]
        named = _code_for(doc, line, name, regions)
        if code != named:
            raise SourceError(doc.path, line, f"a county code that is the code of '{clean(name)}' ({named})",
                              f"code '{code}'", "A code must be one of metadata/regions.toml, or 00 for Riket.",
                              code="SB106")
        rows.extend(_row(doc, spec, line, code, name, cells[column], date, text, header_line)
                    for column, text, date in dates)
    return rows


def _match(doc: Document, line: int, regex: str, what: str) -> Any:  # an RE2 match (re2 ships no types)
    text = printed(doc.line(line))
    match = compile_pattern(regex).search(text)
    if not match:
        raise SourceError(doc.path, line, f"{what} matching /{regex}/ ({WHERE})", f"'{clean(text)[:160]}'",
                          f"Correct the declaration in {WHERE}.", code="SB108")
    return match


def _read_row_regex(doc: Document, spec: PopulationColumn, regions: RegionIndex) -> list[dict]:
    date_line = spec.date_line
    # required for this layout (metadata.rules.check_population)
    assert date_line is not None and spec.date_regex is not None and spec.row_regex is not None
    date_text = _match(doc, date_line, spec.date_regex, "a reference date").group("date")
    date = _date(doc, date_line, date_text)
    rows: list[dict] = []
    for line in range(spec.rows[0], spec.rows[1] + 1):
        if not clean(printed(doc.line(line))):
            continue
        groups = _match(doc, line, spec.row_regex, "a population row").groupdict()
        code = _code_for(doc, line, groups["region"], regions)
        printed_code = (groups.get("code") or "").strip()
        if printed_code and printed_code.zfill(2) != code:
            raise SourceError(doc.path, line, f"the code of '{clean(groups['region'])}' ({code})",
                              f"code '{printed_code}'", "Check the row: code and name disagree.", code="SB106")
        rows.append(_row(doc, spec, line, code, groups["region"], groups["population"], date, date_text, date_line))
    return rows


# SCB's table BE0101N1 (Folkmängden per region ... År) and its successors count the
# population on 31 December of each year (the table's definition, printed in its footnote
# "Uppgifterna avser förhållandena den 31 december"): a download prints only the year.
YEAR_CELL = re.compile(r"(?<![0-9])(\d{4})(?![0-9])")
_SCB_REGION = re.compile(r"^\s*(?P<code>\d{2})\s+(?P<name>\S.*?)\s*$")


def _year_end(doc: Document, line: int, text: str) -> tuple[str, str]:
    match = YEAR_CELL.search(text)
    if match is None:
        raise SourceError(doc.path, line, "a year (SCB's table counts the population on 31 December of it)",
                          f"'{text}'", f"Correct the source's layout in {WHERE}.", code="SB105")
    return _date(doc, line, f"{match.group(1)}-12-31")


def _scb_row(doc: Document, spec: PopulationColumn, line: int, cell: str, regions: RegionIndex) -> tuple[str, str]:
    """'01 Stockholms län' -> ('01', 'Stockholms län'); the code and the name must agree."""
    match = _SCB_REGION.match(cell)
    if match is None:
        raise SourceError(doc.path, line, "a region cell 'code name', e.g. '01 Stockholms län' (SCB's download)",
                          f"'{cell}'", f"Correct the source's `rows` in {WHERE}.", code="SB104")
    code, name = match.group("code"), match.group("name")
    named = _code_for(doc, line, name, regions)
    if code != named:
        raise SourceError(doc.path, line, f"a county code that is the code of '{name}' ({named})", f"code '{code}'",
                          "A code must be one of metadata/regions.toml, or 00 for Riket.", code="SB106")
    return code, name


def _read_scb_csv(doc: Document, spec: PopulationColumn, regions: RegionIndex) -> list[dict]:
    """SCB's CSV download (PxWeb 'comma-separated with heading'): '"region","2019","2020"' and
    one row per region, '"01 Stockholms län",2377081,2391990'."""
    header_line = spec.header_line
    assert header_line is not None  # required for this layout (metadata.rules.check_population)
    header = next(csv.reader([printed(doc.line(header_line))]))
    years = [(column, text, _year_end(doc, header_line, text)) for column, text in enumerate(header) if column >= 1]
    rows: list[dict] = []
    for line in range(spec.rows[0], spec.rows[1] + 1):
        if not clean(printed(doc.line(line))):
            continue
        cells = next(csv.reader([printed(doc.line(line))]), [])
        if len(cells) != len(header):
            raise SourceError(doc.path, line, f"{len(header)} comma-separated cells like the header "
                              f"(line {header_line})", f"{len(cells)}: '{clean(printed(doc.line(line)))}'",
                              code="SB104")
        code, name = _scb_row(doc, spec, line, cells[0], regions)
        rows.extend(_row(doc, spec, line, code, name, cells[column], date, text, header_line)
                    for column, text, date in years)
    return rows


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _jsonstat_dimensions(doc: Document, data: dict) -> tuple[list[str], list[int], str, str]:
    """-> (the dimensions' ids, their sizes, the region's id, the year's id); every other of size 1."""
    try:
        ids, sizes = list(data["id"]), list(data["size"])
        data["dimension"], data["value"]
    except (KeyError, TypeError):
        raise SourceError(doc.path, None, "a JSON-stat 2.0 dataset (id, size, dimension, value)",
                          "another JSON text", f"Correct the source's layout in {WHERE}.", code="SB104") from None
    region_id = next((i for i in ids if i.lower() == "region"), None)
    time_id = next((i for i in ids if i.lower() in ("tid", "time", "år")), None)
    if region_id is None or time_id is None or any(sizes[k] != 1 for k, i in enumerate(ids)
                                                   if i not in (region_id, time_id)):
        raise SourceError(doc.path, None, "the dimensions Region and Tid, every other of size 1 (one ContentsCode)",
                          f"dimensions {ids} of sizes {sizes}", code="SB104")
    return ids, sizes, region_id, time_id


def _jsonstat_values(text: str, count: int) -> list[tuple[str, int]]:
    """Each figure of `value` as printed, with its line."""
    import json
    start = re.search(r'"value"\s*:\s*\[', text)
    assert start is not None  # json.loads read a `value`
    decoder, offset = json.JSONDecoder(), start.end()
    values: list[tuple[str, int]] = []
    while len(values) < count:
        while text[offset] in " \t\n,":
            offset += 1
        _value, end = decoder.raw_decode(text, offset)
        values.append((text[offset:end], _line_at(text, offset)))
        offset = end
    return values


def _jsonstat_labels(text: str, category: dict) -> list[tuple[int, str, str, int]]:
    """(position, code, label, the line printing '"code": "label"') of each category."""
    import json
    out = []
    for code, position in category["index"].items():
        label = category.get("label", {}).get(code, code)
        found = list(re.finditer(re.escape(json.dumps(code, ensure_ascii=False)) + r"\s*:\s*" +
                                 re.escape(json.dumps(label, ensure_ascii=False)), text))
        out.append((position, code, label, _line_at(text, found[-1].start()) if found else 1))
    return out


def _read_scb_jsonstat2(doc: Document, spec: PopulationColumn, regions: RegionIndex) -> list[dict]:
    """SCB's JSON-stat 2.0 download: dimensions Region (codes and names), one ContentsCode
    (Folkmängd) and Tid (years); `value` in row-major order. A figure and its region's name
    must stand on one line (the population resource records one line for both): SCB's API
    writes the whole dataset on one line, and a reformatted file is refused."""
    import json
    text = "\n".join(doc.lines)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    ids, sizes, region_id, time_id = _jsonstat_dimensions(doc, data if isinstance(data, dict) else {})
    values = _jsonstat_values(text, len(data["value"]))
    stride = {dim: math.prod(sizes[k + 1:]) for k, dim in enumerate(ids)}
    years = [(position, label, line, _year_end(doc, line, label))
             for position, _code, label, line in _jsonstat_labels(text, data["dimension"][time_id]["category"])]
    rows: list[dict] = []
    for position, code, name, line in _jsonstat_labels(text, data["dimension"][region_id]["category"]):
        named = _code_for(doc, line, name, regions)
        if code != named:
            raise SourceError(doc.path, line, f"the code of '{name}' ({named})", f"code '{code}'", code="SB106")
        for year_position, year_text, year_line, date in years:
            value_text, value_line = values[position * stride[region_id] + year_position * stride[time_id]]
            if value_line != line:  # the population resource has one line for a figure and its name
                raise SourceError(doc.path, value_line, f"the figure of '{name}' on the line of its name (line "
                                  f"{line}), as SCB's API writes JSON-stat: the whole dataset on one line",
                                  f"'{value_text}' on line {value_line}", "Archive the file as downloaded, "
                                  "not reformatted.", code="SB104")
            rows.append(_row(doc, spec, value_line, code, name, value_text, date, year_text, year_line))
    return rows


LAYOUTS = {"csv_dates": _read_csv_dates, "row_regex": _read_row_regex, "scb_csv": _read_scb_csv,
           "scb_jsonstat2": _read_scb_jsonstat2}


def extract_population(columns: list[PopulationColumn], documents: dict[str, Document],
                       regions: RegionIndex) -> list[dict]:
    """Rows of the `population` resource, sorted by source, date and region code.

    The declarations are validated already (statsbidrag.metadata: layout, keys, source)."""
    rows = []
    for spec in columns:
        rows.extend(LAYOUTS[spec.layout](documents[spec.source], spec, regions))
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (row["source_id"], row["reference_date"], row["region_code"])
        if key in seen:
            raise SourceError(documents[row["source_id"]].path, row["source_line"],
                              "each region once per reference date",
                              f"region {row['region_code']} on {row['reference_date']} again "
                              f"(first on line {seen[key]})", code="SB107")
        seen[key] = row["source_line"]
    return sorted(rows, key=lambda r: (r["source_id"], r["reference_date"], r["region_code"]))
