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
A row named "Riket" is the total row, region code 00.
"""

from __future__ import annotations

import csv
import datetime
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


LAYOUTS = {"csv_dates": _read_csv_dates, "row_regex": _read_row_regex}


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
