"""A corpus of documents in shapes the package has not met, made from its own published amounts.

Each Shape is a document (PDF written by reportlab with `invariant=1`, so its bytes are the
same run after run; HTML; Markdown; text) and what `statsbidrag add --write`, `build` and
`check` must publish from it: for each grant column, the amount in kronor of each region.
The amounts come from resources/allocations.csv of the checked-in package (the 2021
women's health tables and their supplement), never from the code under test; a shape in
tkr or in millions with a decimal comma prints them rounded, and expects the rounded
amount. The negative control prints a table of counts: nothing may be published from it.

tests/slow/test_add_corpus.py runs the corpus; tests/integration/test_add.py uses some shapes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT
from helpers import read_resource

NBSP = "\u00a0"

# SCB county order; the names as printed in each era
CODES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21",
         "22", "23", "24", "25"]
CURRENT = ["Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland", "Region Jönköpings län",
           "Region Kronoberg", "Region Kalmar län", "Region Gotland", "Region Blekinge", "Region Skåne",
           "Region Halland", "Västra Götalandsregionen", "Region Värmland", "Region Örebro län",
           "Region Västmanland", "Region Dalarna", "Region Gävleborg", "Region Västernorrland",
           "Region Jämtland Härjedalen", "Region Västerbotten", "Region Norrbotten"]
LANDSTING = ["Stockholms läns landsting", "Landstinget i Uppsala län", "Landstinget Sörmland",
             "Landstinget i Östergötland", "Landstinget i Jönköpings län", "Landstinget Kronoberg",
             "Landstinget i Kalmar län", "Gotlands kommun", "Landstinget Blekinge", "Region Skåne",
             "Landstinget Halland", "Västra Götalandsregionen", "Landstinget i Värmland", "Örebro läns landsting",
             "Landstinget Västmanland", "Landstinget Dalarna", "Landstinget Gävleborg", "Landstinget Västernorrland",
             "Jämtlands läns landsting", "Västerbottens läns landsting", "Norrbottens läns landsting"]
COUNTY = ["Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län", "Jönköpings län",
          "Kronobergs län", "Kalmar län", "Gotlands län", "Blekinge län", "Skåne län", "Hallands län",
          "Västra Götalands län", "Värmlands län", "Örebro län", "Västmanlands län", "Dalarnas län",
          "Gävleborgs län", "Västernorrlands län", "Jämtlands län", "Västerbottens län", "Norrbottens län"]
SHORT = ["Stockholm", "Uppsala", "Sörmland", "Östergötland", "Jönköping", "Kronoberg", "Kalmar", "Gotland",
         "Blekinge", "Skåne", "Halland", "Västra Götaland", "Värmland", "Örebro", "Västmanland", "Dalarna",
         "Gävleborg", "Västernorrland", "Jämtland Härjedalen", "Västerbotten", "Norrbotten"]


def published(table_id: str) -> dict[str, int]:
    """region code -> amount in kronor, as the checked-in package publishes table_id."""
    rows = [r for r in read_resource("allocations", ROOT) if r["table_id"] == table_id]
    assert len(rows) == 21, f"test setup: table {table_id} has {len(rows)} rows"
    return {r["region_code"]: int(r["amount_sek"]) for r in rows}


A = published("skr-2021-kvinnors-halsa")          # 1 in kronor, e.g. 215 942 447 for Stockholm
B = published("skr-2021-kvinnors-halsa-tillagg")  # the supplement, 445 000 004 in all


def grouped(n: int) -> str:
    """1234567 -> '1 234 567' (Swedish thousands spaces)."""
    return f"{n:,}".replace(",", " ")


def rounded(amounts: dict[str, int], step: int) -> dict[str, int]:
    """The amounts rounded to a whole `step` (half up): what a table in tkr or MSEK prints."""
    return {code: (n + step // 2) // step * step for code, n in amounts.items()}


def in_unit(n: int, step: int, decimals: int = 0) -> str:
    """n kronor printed in units of `step` kronor with `decimals` decimals and a decimal comma."""
    if decimals == 0:
        return grouped(n // step)
    whole, rest = divmod(n * 10 ** decimals // step, 10 ** decimals)
    return f"{grouped(whole)},{rest:0{decimals}d}"


@dataclass
class Shape:
    name: str
    file_name: str
    make: Callable[[], bytes]
    # heading of each grant column (as the draft's table ids end) -> region code -> kronor;
    # an empty dict: nothing may be published (the negative control)
    expected: list[dict[str, int]]
    covers: str
    published_date: str = "2021-05-01"


# --------------------------------------------------------------------- writers

def pdf(lines_per_page: list[list[tuple[float, str, str]]]) -> bytes:
    """A PDF of pages, each a list of (y, 'l'|'r'|'x=<pt>' cells...) drawn with reportlab.

    Each item is (y, text, where): where 'L<x>' draws text left-aligned at x, 'R<x>'
    right-aligned at x."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for page in lines_per_page:
        canvas.setFont("Helvetica", 10)
        for y, text, where in page:
            x = float(where[1:])
            if where[0] == "L":
                canvas.drawString(x, y, text)
            else:
                canvas.drawRightString(x, y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def pdf_table(title: list[str], heading: list[str], rows: list[list[str]], total: list[str] | None,
              rows_per_page: int = 40, name_last: bool = False) -> bytes:
    """A table drawn as a PDF: the name left-aligned, each amount right-aligned in its column;
    after `rows_per_page` rows a new page repeats the heading (and prints a footer)."""
    xs = [300 + 110 * i for i in range(len(heading) - 1)]

    def draw(y: float, cells: list[str]) -> list[tuple[float, str, str]]:
        name, values = (cells[-1], cells[:-1]) if name_last else (cells[0], cells[1:])
        out = [(y, name, "L380" if name_last else "L50")]
        positions = [120 + 110 * i for i in range(len(values))] if name_last else xs
        out += [(y, v, f"R{x}") for v, x in zip(values, positions)]
        return out

    pages: list[list[tuple[float, str, str]]] = []
    page: list[tuple[float, str, str]] = []
    y = 800.0
    for line in title:
        page.append((y, line, "L50"))
        y -= 18
    y -= 6
    page += draw(y, heading)
    y -= 16
    for count, row in enumerate(rows, start=1):
        page += draw(y, row)
        y -= 14
        if count % rows_per_page == 0 and count < len(rows):
            page.append((40, f"Sida {len(pages) + 1}", "L50"))
            pages.append(page)
            page, y = [], 800.0
            page += draw(y, heading)
            y -= 16
    if total:
        page += draw(y - 4, total)
    pages.append(page)
    return pdf(pages)


def _pdf_two_columns() -> bytes:
    """The 21 regions set in two blocks side by side (a page in two columns), the total below."""
    page = [(800.0, "Fördelning av medel 2021", "L50"), (782.0, "Belopp i kronor", "L50")]
    for x_name, x_amount in ((50, "R260"), (310, "R540")):
        page += [(760.0, "Region", f"L{x_name}"), (760.0, "Belopp", x_amount)]
    for i, c in enumerate(CODES):
        y = 744.0 - 14 * (i % 11)
        x_name, x_amount = (50, "R260") if i < 11 else (310, "R540")
        page += [(y, CURRENT[i], f"L{x_name}"), (y, grouped(A[c]), x_amount)]
    page += [(580.0, "Summa", "L50"), (580.0, grouped(sum(A.values())), "R260")]
    return pdf([page])


def _pdf_decision_attachment() -> bytes:
    """A government decision's attachment: each page headed 'Bilaga 1' with its number '1 (2)'
    and the decision's date and number, a footer, the table running over two pages."""
    pages = []
    regions = list(zip(CURRENT, CODES))
    for number, chunk in enumerate([regions[:12], regions[12:]], start=1):
        page = [(810.0, "Bilaga 1", "L50"), (810.0, f"{number} (2)", "R540"),
                (795.0, "Regeringsbeslut 2024-03-14, S2024/00123", "L50")]
        y = 760.0
        if number == 1:
            page.append((y, "Fördelning av statsbidrag till regionerna för 2024", "L50"))
            y -= 24
        page += [(y, "Region", "L50"), (y, "Belopp (kronor)", "R540")]
        y -= 16
        for name, code in chunk:
            page += [(y, name, "L50"), (y, grouped(A[code]), "R540")]
            y -= 14
        if number == 2:
            page += [(y - 4, "Summa", "L50"), (y - 4, grouped(sum(A.values())), "R540")]
        pages.append(page + [(40.0, "Socialdepartementet", "L50")])
    return pdf(pages)


def text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------- the shapes

def _pdf_landsting_parts_and_summa() -> bytes:
    rows = [[LANDSTING[i], grouped(A[c]), grouped(B[c]), grouped(A[c] + B[c])] for i, c in enumerate(CODES)]
    total = ["Summa", grouped(sum(A.values())), grouped(sum(B.values())), grouped(sum(A.values()) + sum(B.values()))]
    return pdf_table(["Bilaga till beslut 2017-12-14", "Fördelning av medel till landstingen 2017 (kronor)"],
                     ["Landsting", "Del A", "Del B", "Summa"], rows, total, rows_per_page=12)


def _pdf_tkr_alphabetical() -> bytes:
    values = rounded(A, 1000)
    order = sorted(range(21), key=lambda i: SHORT[i])
    rows = [[SHORT[i], in_unit(values[CODES[i]], 1000)] for i in order]
    return pdf_table(["Fördelning av statsbidrag 2019", "Belopp i tkr"], ["Region", "Belopp"], rows,
                     ["Totalt", in_unit(sum(values.values()), 1000)])


def _pdf_msek_decimal() -> bytes:
    values = rounded(A, 100_000)
    rows = [[CURRENT[i], in_unit(values[c], 1_000_000, 1)] for i, c in enumerate(CODES)]
    return pdf_table(["Preliminär fördelning 2020", "Miljoner kronor"], ["Region", "Medel"], rows, None)


def _pdf_amount_before_name_ceiling() -> bytes:
    rows = [[grouped(A[c]), SHORT[i] + ("¹" if c == "12" else "")] for i, c in enumerate(CODES)]
    return pdf_table(["Regionerna kan få högst följande belopp 2022 (kronor)"], ["Högst", "Region"], rows, None,
                     name_last=True)


def _md_two_grant_columns() -> bytes:
    lines = ["# Fördelning av medel 2021", "", "Beloppen anges i kronor.", "",
             "| Region | Kvinnors hälsa | Tillägg |", "| --- | ---: | ---: |"]
    lines += [f"| {CURRENT[i]} | {grouped(A[c])} | {grouped(B[c])} |" for i, c in enumerate(CODES)]
    lines += [f"| **Summa** | {grouped(sum(A.values()))} | {grouped(sum(B.values()))} |", ""]
    return text(lines)


def _html_row_per_line_upper() -> bytes:
    lines = ["<html><head><meta charset=\"utf-8\"><title>Utbetalning 2021</title></head><body>",
             "<h1>Utbetalning av statsbidrag 2021</h1>", "<table>",
             "<tr><th>Region</th><th>Belopp (kr)</th></tr>"]
    lines += [f"<tr><td>{COUNTY[i].upper()}</td><td>{grouped(A[c])}</td></tr>" for i, c in enumerate(CODES)]
    lines += [f"<tr><td>Summa</td><td>{grouped(sum(A.values()))}</td></tr>", "</table>", "</body></html>"]
    return text(lines)


def _html_cell_per_line() -> bytes:
    lines = ["<html><body>", "<h2>Fördelning 2021, kronor</h2>", "<table>"]
    for i, c in enumerate(CODES):
        lines += ["<tr>", f"  <td>{CURRENT[i]}</td>", f"  <td>{grouped(B[c])}</td>", "</tr>"]
    lines += ["</table>", "</body></html>"]
    return text(lines)


def _txt_colon_bullets() -> bytes:
    lines = ["Beslut om utbetalning 2021", "", "Medlen fördelas enligt följande:", ""]
    lines += [f"* {CURRENT[i]}: {grouped(A[c])} kronor" for i, c in enumerate(CODES)]
    return text(lines)


PARTIAL = [c for c in CODES if c not in ("09", "10", "13", "23")]


def _txt_partial_footnotes() -> bytes:
    lines = ["Fördelning till de regioner som ansökt 2021 (kr)", "", "Region            Belopp"]
    for i, c in enumerate(CODES):
        if c in PARTIAL:
            name = SHORT[i] + ("*" if c in ("12", "14") else "")
            lines.append(f"{name:<22}{grouped(A[c]):>14}")
    lines += ["", "* Regionen ansökte efter den första fristen."]
    return text(lines)


def _txt_tabs_tkr_frame() -> bytes:
    values = rounded(B, 1000)
    lines = ["Ram för 2022 som regionerna kan ansöka om", "Tusen kronor", "", "Län\tRam"]
    lines += [f"{COUNTY[i]}\t{in_unit(values[c], 1000)}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_tusental_kronor() -> bytes:
    values = rounded(A, 1000)
    lines = ["Fördelning av medel 2021", "Belopp i tusental kronor", ""]
    lines += [f"{CURRENT[i]}  {in_unit(values[c], 1000)}" for i, c in enumerate(CODES)]
    lines += [f"Summa  {in_unit(sum(values.values()), 1000)}"]
    return text(lines)


def table_text(head: list[str], row: Callable[[int, str], str], tail: Sequence[str] = ()) -> bytes:
    """A text document: the lines `head`, a row per region in SCB order (row(i, code), i counting
    from 0), then the lines `tail`."""
    return text([*head, *(row(i, c) for i, c in enumerate(CODES)), *tail])


def _txt_ore_zeros() -> bytes:
    return table_text(["Utbetalning av statsbidrag 2021", "Utbetalt belopp i kronor", "", "Mottagare\tBelopp (kr)"],
                      lambda i, c: f"{CURRENT[i]}\t{grouped(A[c])},00", [f"Summa\t{grouped(sum(A.values()))},00"])


def _txt_total_first() -> bytes:
    return table_text(["Fördelning 2021", "Belopp i kronor", "", f"Totalt  {grouped(sum(A.values()))}"],
                      lambda i, c: f"{CURRENT[i]}  {grouped(A[c])}")


def _txt_repayments() -> bytes:
    return table_text(["Avräkning 2021, kronor", "", "Region\tBeviljat\tÅterbetalning"],
                      lambda i, c: f"{CURRENT[i]}\t{grouped(A[c])}\t{'−' if i % 2 else '-'}{grouped(1000 * (i + 1))}")


def _txt_side_by_side() -> bytes:
    lines = ["Fördelning 2021 (kronor)", "", "Region\tBelopp\tRegion\tBelopp"]
    for i in range(11):
        right = f"\t{CURRENT[i + 11]}\t{grouped(A[CODES[i + 11]])}" if i + 11 < 21 else ""
        lines.append(f"{CURRENT[i]}\t{grouped(A[CODES[i]])}{right}")
    return text(lines + [f"Summa\t{grouped(sum(A.values()))}"])


def _txt_year_columns() -> bytes:
    lines = ["Fördelning av medel 2021-2022, kronor", "", "Region\t2021\t2022"]
    lines += [f"{CURRENT[i]}\t{grouped(A[c])}\t{grouped(B[c])}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_sentences_far() -> bytes:
    lines = ["Pressmeddelande: så fördelas medlen 2021", ""]
    lines += [f"{CURRENT[i]} får {grouped(A[c])} kronor." for i, c in enumerate(CODES)]
    return text(lines)


def _txt_sentences_ceiling() -> bytes:
    lines = ["Pressmeddelande: medel som regionerna kan rekvirera 2021", ""]
    lines += [f"• {CURRENT[i]} kan få högst {grouped(B[c])} kr." for i, c in enumerate(CODES)]
    return text(lines)


def _csv_comma_plain() -> bytes:
    lines = ["Region,Belopp (kr)"] + [f"{CURRENT[i]},{A[c]}" for i, c in enumerate(CODES)]
    return text(lines + [f"Totalt,{sum(A.values())}"])


def _csv_semicolon_quoted() -> bytes:
    lines = ['"Region";"Belopp 2021, tkr"'] + [f'"{COUNTY[i]}";"{in_unit(rounded(B, 1000)[c], 1000)}"'
                                            for i, c in enumerate(CODES)]
    return text(lines)


def _csv_excel_utf8() -> bytes:
    """As Swedish Excel saves 'CSV UTF-8': a byte-order mark, semicolons, CRLF line endings, the
    thousands apart by no-break spaces."""
    lines = ["Fördelning 2021;", "Region;Belopp (kr)"]
    lines += [f"{CURRENT[i]};{grouped(A[c]).replace(' ', NBSP)}" for i, c in enumerate(CODES)]
    lines += [f"Summa;{grouped(sum(A.values())).replace(' ', NBSP)}"]
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _txt_narrow_spaces() -> bytes:
    """Digit groups apart by a narrow no-break space (U+202F), the total by thin spaces (U+2009)."""
    return table_text(["Fördelning 2021 (kronor)", "", "Region\tBelopp"],
                      lambda i, c: f"{CURRENT[i]}\t{grouped(A[c]).replace(' ', chr(0x202F))}",
                      [f"Summa\t{grouped(sum(A.values())).replace(' ', chr(0x2009))}"])


def _md_linked_names() -> bytes:
    """A Markdown table whose region names are links (a page copied as Markdown)."""
    return table_text(["# Fördelning 2021", "", "Belopp i kronor.", "", "| Region | Belopp |", "| --- | ---: |"],
                      lambda i, c: f"| [{CURRENT[i]}](https://example.se/region/{c}) | {grouped(A[c])} |",
                      [f"| **Summa** | **{grouped(sum(A.values()))}** |"])


def _txt_share_and_amount() -> bytes:
    """A share in percent ('23,05 %', not money) before each amount, a total row printing both."""
    total = sum(A.values())
    return table_text(["Fördelning 2021", "", "Region  Andel  Belopp"],
                      lambda i, c: f"{CURRENT[i]}  {A[c] * 100 / total:.2f} %  {grouped(A[c])} kr".replace(".", ","),
                      [f"Totalt  100,00 %  {grouped(total)} kr"])


def _txt_unit_below() -> bytes:
    """A table in tkr whose unit only a note below it says."""
    values = rounded(A, 1000)
    return table_text(["Fördelning av medel 2021", "", "Region\tBelopp"],
                      lambda i, c: f"{CURRENT[i]}\t{in_unit(values[c], 1000)}",
                      [f"Summa\t{in_unit(sum(values.values()), 1000)}", "", "Beloppen anges i tusentals kronor."])


def _txt_notes_below(note: str) -> Callable[[], bytes]:
    """A table in kronor whose kind or status only a note two lines below its total says."""
    return lambda: table_text(["Fördelning av medel 2021, kronor", "", "Region\tBelopp"],
                              lambda i, c: f"{CURRENT[i]}\t{grouped(A[c])}",
                              [f"Summa\t{grouped(sum(A.values()))}", "", note])


def _txt_letter_footnotes() -> bytes:
    """Footnote letters after two amounts ('75 000 000 a)', '(b)') and a name ('Region Skåne c)'),
    the notes below the table."""
    marks, names = {"09": " a)", "13": " (b)"}, {"12": " c)"}
    return table_text(["Fördelning 2021, kronor", "", "Region\tBelopp"],
                      lambda i, c: f"{CURRENT[i]}{names.get(c, '')}\t{grouped(A[c])}{marks.get(c, '')}",
                      ["", "a) Inklusive tillägg för öarna.", "b) Inklusive tillägg för gränsregionen.",
                       "c) Inklusive universitetssjukvården."])


def _txt_abbreviations_in_brackets() -> bytes:
    names = [f"{name} ({short})" if short else name
             for name, short in zip(CURRENT, ["SLL", "", "", "", "RJL"] + [""] * 6 + ["VGR"] + [""] * 9)]
    lines = ["Fördelning till regionerna 2021 (kronor)", ""]
    lines += [f"{names[i]}\t{grouped(A[c])}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_varav_column() -> bytes:
    lines = ["Fördelning till regionerna 2021 (kronor)", "", "Region\tTotalt\tvarav tillägg"]
    lines += [f"{CURRENT[i]}\t{grouped(A[c] + B[c])}\t{grouped(B[c])}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_county_and_region_columns() -> bytes:
    lines = ["Fördelning 2021 (kronor)", "", "Län\tRegion\tBelopp"]
    lines += [f"{COUNTY[i]}\t{CURRENT[i]}\t{grouped(A[c])}" for i, c in enumerate(CODES)]
    return text(lines + [f"Summa\t\t{grouped(sum(A.values()))}"])


def per_inhabitant() -> bytes:
    """Kronor per inhabitant under a caption that says kronor, in a column headed 'Belopp': the
    amounts (about 90 kronor per inhabitant of the 2021 table) are no region's allocation."""
    lines = ["Statsbidrag per invånare 2021 (kronor)", "", "Region\tBelopp"]
    lines += [f"{CURRENT[i]}\t{A[c] * 90 // A['01']}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_municipalities_by_county() -> bytes:
    lines = ["Medel till kommunerna per län 2021 (kronor)", "", "Län\tBelopp"]
    lines += [f"{COUNTY[i]}\t{grouped(A[c])}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_glued_units() -> bytes:
    lines = ["Fördelning 2021", ""]
    lines += [f"{CURRENT[i]}: {grouped(A[c])}kr" if i % 2 else f"{CURRENT[i]}  {grouped(A[c])}:-"
              for i, c in enumerate(CODES)]
    return text(lines + [f"Summa  {grouped(sum(A.values()))}:-"])


def _md_population_and_amount() -> bytes:
    lines = ["# Fördelning efter befolkning 2021", "", "| Region | Invånare | Belopp, kr |", "|---|---:|---:|"]
    lines += [f"| {SHORT[i]} | {grouped(100_000 + 1_000 * i)} | {grouped(A[c])} |" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_amount_first_single_space() -> bytes:
    lines = ["Utbetalning 2021, kronor", ""]
    lines += [f"{grouped(B[c])} {CURRENT[i]}" for i, c in enumerate(CODES)]
    return text(lines)


def _txt_amount_unit_dash_name() -> bytes:
    lines = ["Medel till regionerna 2021", ""]
    lines += [f"{grouped(A[c])} kr – {CURRENT[i]}" for i, c in enumerate(CODES)]
    lines += [f"{grouped(sum(A.values()))} kr – Summa"]
    return text(lines)


def html_one_line() -> bytes:
    """A page saved without its line breaks: the whole table on one line (no row can be cited by its line)."""
    rows = "".join(f"<tr><td>{CURRENT[i]}</td><td>{grouped(A[c])}</td></tr>" for i, c in enumerate(CODES))
    return (f"<!DOCTYPE html><html lang=\"sv\"><body><h1>Fördelning 2021</h1><table><tr><th>Region</th>"
            f"<th>Belopp (kr)</th></tr>{rows}</table></body></html>").encode()


def _html_entities_thead() -> bytes:
    lines = ["<!DOCTYPE html>", "<html lang=\"sv\">", "<body>", "<p>Regeringen har i dag beslutat att betala ut "
             "600 miljoner kronor till regionerna.</p>", "<table>", "<thead>",
             "<tr><th>Region</th><th class=\"num\">Belopp&nbsp;(kr)</th></tr>", "</thead>", "<tbody>"]
    names = [n.replace("å", "&aring;").replace("ä", "&auml;").replace("ö", "&ouml;") for n in CURRENT]
    lines += [f"<tr><td>{names[i]}</td><td class=\"num\">{grouped(B[c]).replace(' ', '&nbsp;')}</td></tr>"
              for i, c in enumerate(CODES)]
    lines += ["</tbody>", "</table>", "</body>", "</html>"]
    return text(lines)


def _txt_semicolons() -> bytes:
    lines = ["Fördelning av medel 2021 (kronor)", "Region;Kvinnors hälsa;Tillägg"]
    lines += [f"{SHORT[i]};{grouped(A[c])};{grouped(B[c])}" for i, c in enumerate(CODES)]
    lines += [f"Totalt;{grouped(sum(A.values()))};{grouped(sum(B.values()))}"]
    return text(lines)


def _md_codes_then_counts() -> bytes:
    """A money table with a county-code column and an unlisted spelling, then a table of counts."""
    names = [n.replace("Region Jämtland Härjedalen", "Region Jämtland-Härjedalen") for n in CURRENT]
    lines = ["# Utbetalning 2021", "", "Belopp i SEK.", "", "| Kod | Region | Belopp |", "|---|---|---:|"]
    lines += [f"| {c} | {names[i]} | {grouped(A[c])} |" for i, c in enumerate(CODES)]
    lines += ["", "## Antal mottagare per region", "", "| Kod | Region | Mottagare |", "|---|---|---:|"]
    lines += [f"| {c} | {names[i]} | {grouped(40 + 3 * i)} |" for i, c in enumerate(CODES)]
    return text(lines)


def _pdf_platypus_table() -> bytes:
    """A table as reportlab's platypus lays it out (cells padded 6 points, the heading repeated on
    each page), parts and a Summa, split across two pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table
    buffer = io.BytesIO()
    data = [["Region", "Del A (kr)", "Del B (kr)", "Summa (kr)"]]
    data += [[CURRENT[i], grouped(A[c]), grouped(B[c]), grouped(A[c] + B[c])] for i, c in enumerate(CODES)]
    styles = getSampleStyleSheet()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Paragraph("Fördelning av medel 2021", styles["Title"]), Spacer(1, 400), Table(data, repeatRows=1)])
    return buffer.getvalue()


def _pdf_superscript_marker() -> bytes:
    """Skåne's name with a raised footnote digit (platypus <super>), a heading with its unit."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    buffer, styles = io.BytesIO(), getSampleStyleSheet()
    data = [["Region", "Belopp, kr"]]
    data += [[Paragraph(CURRENT[i] + ("<super>1</super>" if c == "12" else ""), styles["BodyText"]),
              grouped(A[c])] for i, c in enumerate(CODES)]
    SimpleDocTemplate(buffer, invariant=1).build([Paragraph("Utbetalning 2021", styles["Title"]), Table(data)])
    return buffer.getvalue()


def _pdf_counts() -> bytes:
    rows = [[SHORT[i], str(100 + 7 * i), str(20 + i)] for i in range(21)]
    return pdf_table(["Antal vårdplatser och läkare per region 2021"], ["Region", "Vårdplatser", "Läkare"],
                     rows, None)


def _txt_names_only() -> bytes:
    return text(["Regioner som har undertecknat överenskommelsen 2021:", ""] + CURRENT)


SHAPES = [
    Shape("pdf-landsting-parts-summa", "bilaga-landsting-2017.pdf", _pdf_landsting_parts_and_summa,
          [A, B, {c: A[c] + B[c] for c in CODES}], "PDF, page breaks with a repeated heading, landsting-era names, "
          "parts and a Summa, a total row"),
    Shape("pdf-tkr-alphabetical", "fordelning-tkr-2019.pdf", _pdf_tkr_alphabetical, [rounded(A, 1000)],
          "PDF, tkr, alphabetical order, a total row"),
    Shape("pdf-msek-decimal-comma", "preliminar-2020.pdf", _pdf_msek_decimal, [rounded(A, 100_000)],
          "PDF, millions with a decimal comma, preliminary"),
    Shape("pdf-amount-before-name", "hogst-2022.pdf", _pdf_amount_before_name_ceiling, [A],
          "PDF, the amount before the name, a footnote marker, a ceiling"),
    Shape("md-two-grant-columns", "fordelning-2021.md", _md_two_grant_columns, [A, B],
          "Markdown, two grant columns, a bold total row"),
    Shape("html-row-per-line-upper-case", "utbetalning-2021.html", _html_row_per_line_upper, [A],
          "HTML, a row per line, county names in upper case"),
    Shape("html-cell-per-line", "fordelning-celler-2021.html", _html_cell_per_line, [B],
          "HTML, a cell per line"),
    Shape("txt-bullets-colon", "beslut-2021.txt", _txt_colon_bullets, [A],
          "text, bullets 'Region: amount kronor'"),
    Shape("txt-partial-footnotes", "ansokta-2021.txt", _txt_partial_footnotes, [{c: A[c] for c in PARTIAL}],
          "text aligned by spaces, a partial table, footnote markers"),
    Shape("txt-tabs-tkr-frame", "ram-2022.txt", _txt_tabs_tkr_frame, [rounded(B, 1000)],
          "text, tab-separated, county names, tkr, a frame"),
    Shape("txt-tusental-kronor", "fordelning-tusental-2021.txt", _txt_tusental_kronor, [rounded(A, 1000)],
          "text, the unit a scale word and a currency word: 'Belopp i tusental kronor' (not 'kronor' alone)"),
    Shape("txt-year-columns", "fordelning-per-ar.txt", _txt_year_columns, [A, B],
          "text, tab-separated, a column per year headed by the year (each its own grant year)"),
    Shape("txt-sentences-far", "pressmeddelande-far-2021.txt", _txt_sentences_far, [A],
          "text, a sentence per region: 'Region Stockholm får 215 942 447 kronor.'"),
    Shape("txt-sentences-ceiling", "pressmeddelande-hogst-2021.txt", _txt_sentences_ceiling, [B],
          "text, bullets of sentences with the ceiling in each row: '• Region Uppsala kan få högst 7 211 000 kr.'"),
    Shape("csv-comma-plain", "export-komma-2021.csv", _csv_comma_plain, [A],
          "CSV (a spreadsheet's export), comma-separated, amounts as plain digits, a total row"),
    Shape("csv-semicolon-quoted", "export-semikolon-2021.csv", _csv_semicolon_quoted, [rounded(B, 1000)],
          "CSV as Swedish Excel writes it: semicolons, every field quoted, county names, tkr"),
    Shape("csv-excel-utf8", "excel-fordelning-2021.csv", _csv_excel_utf8, [A],
          "CSV as Swedish Excel saves 'CSV UTF-8': a byte-order mark, semicolons, CRLF, no-break spaces"),
    Shape("txt-narrow-spaces", "smala-mellanslag-2021.txt", _txt_narrow_spaces, [A],
          "text, digit groups apart by narrow no-break spaces (U+202F), the total by thin spaces (U+2009)"),
    Shape("md-linked-names", "lankade-namn-2021.md", _md_linked_names, [A],
          "Markdown, each region's name a link: '[Region Stockholm](https://...)', a bold Summa"),
    Shape("txt-share-and-amount", "andel-och-belopp-2021.txt", _txt_share_and_amount, [A],
          "text, a share in percent ('23,05 %') before each amount in kr, a total row with both"),
    Shape("txt-unit-below", "enhet-under-2021.txt", _txt_unit_below, [rounded(A, 1000)],
          "text, in tkr, the unit said only in a note below the table: 'Beloppen anges i tusentals kronor.'"),
    Shape("txt-preliminary-below", "preliminar-under-2021.txt",
          _txt_notes_below("Fördelningen är preliminär och kan komma att ändras."), [A],
          "text, 'preliminär' only in a note below the table (meaning_matches_wording reads it there)"),
    Shape("txt-ceiling-below", "hogsta-under-2021.txt",
          _txt_notes_below("Beloppen är det högsta belopp som varje region kan få."), [A],
          "text, the ceiling ('högsta') only in a note below the table"),
    Shape("txt-letter-footnotes", "fotnotsbokstaver-2021.txt", _txt_letter_footnotes, [A],
          "text, footnote letters after two amounts ('75 000 000 a)', '(b)') and a name ('Region Skåne c)')"),
    Shape("pdf-decision-attachment", "bilaga-1-2024.pdf", _pdf_decision_attachment, [A],
          "PDF, a decision's attachment: pages headed 'Bilaga 1' and '1 (2)' with the decision's number, "
          "a footer, the table over two pages"),
    Shape("txt-abbreviations-in-brackets", "forkortningar-2021.txt", _txt_abbreviations_in_brackets, [A],
          "text, tab-separated, names with their abbreviation in brackets: 'Västra Götalandsregionen (VGR)'"),
    Shape("txt-varav-column", "totalt-varav-2021.txt", _txt_varav_column, [{c: A[c] + B[c] for c in CODES}],
          "text, a total and a column 'varav' (of which) part of it: only the total is money of its own"),
    Shape("txt-county-and-region-columns", "lan-och-region-2021.txt", _txt_county_and_region_columns, [A],
          "text, tab-separated, two cells of text per row naming the same region: its county and its name"),
    Shape("txt-municipalities-by-county", "kommunerna-per-lan-2021.txt", _txt_municipalities_by_county, [A],
          "text, money to the municipalities of each county (the caption says 'kommunerna'), county names"),
    Shape("txt-ore-zeros", "utbetalt-2021.txt", _txt_ore_zeros, [A],
          "text, a payment list printing öre as zeros: '215 942 447,00', the Summa too"),
    Shape("txt-total-first", "totalt-forst-2021.txt", _txt_total_first, [A],
          "text, the total row printed above the regions' rows"),
    Shape("txt-repayments", "avrakning-2021.txt", _txt_repayments, [A],
          "text, a column of repayments printed negative ('−1 000', U+2212, and '-2 000') beside the grant"),
    Shape("txt-side-by-side", "sida-vid-sida-2021.txt", _txt_side_by_side, [A],
          "text, the regions in two blocks side by side on each line (tab-separated), the last line one block"),
    Shape("pdf-two-columns", "tva-spalter-2021.pdf", _pdf_two_columns, [A],
          "PDF, the regions set in two columns side by side on the page, headings over each, a Summa below"),
    Shape("txt-glued-units", "utan-mellanslag-2021.txt", _txt_glued_units, [A],
          "text, the unit right after the amount: '35 037 330kr', and kronor as ':-': '215 942 447:-'"),
    Shape("md-population-and-amount", "befolkning-2021.md", _md_population_and_amount, [A],
          "Markdown, a population column beside the amount (not money)"),
    Shape("txt-amount-first-single-space", "utbetalning-b-2021.txt", _txt_amount_first_single_space, [B],
          "text, the amount before the name, one space apart"),
    Shape("txt-amount-unit-dash-name", "medel-regionerna-2021.txt", _txt_amount_unit_dash_name, [A],
          "text, the amount with its unit before the name, a dash between: '215 942 447 kr – Region Stockholm'"),
    Shape("html-one-line-negative", "sparad-utan-radbrytningar-2021.html", html_one_line, [],
          "negative control: an HTML page saved without its line breaks, the whole table on one line"),
    Shape("html-entities-thead", "beslut-600-miljoner.html", _html_entities_thead, [B],
          "HTML, character references (&nbsp; in amounts, &aring; in names), thead/tbody, millions in the prose "
          "above a table in kronor"),
    Shape("txt-semicolons", "export-2021.txt", _txt_semicolons, [A, B],
          "text exported from a spreadsheet: cells apart by semicolons, two grant columns, a total row"),
    Shape("md-codes-then-counts", "utbetalning-koder-2021.md", _md_codes_then_counts, [A],
          "Markdown: a county-code column (not money), 'Region Jämtland-Härjedalen' (a spelling no list holds), "
          "SEK, then a table of counts under it (no money)"),
    Shape("pdf-platypus-table", "platypus-2021.pdf", _pdf_platypus_table, [A, B, {c: A[c] + B[c] for c in CODES}],
          "PDF laid out by reportlab's platypus (narrow cell padding), a heading repeated after a page break, "
          "parts and a Summa headed with their unit"),
    Shape("pdf-superscript-marker", "upphojd-2021.pdf", _pdf_superscript_marker, [A],
          "PDF: a footnote digit set as a superscript after a region's name"),
    Shape("txt-per-inhabitant-negative", "per-invanare-2021.txt", per_inhabitant, [],
          "negative control: kronor per inhabitant in a column headed 'Belopp' under a caption in kronor"),
    Shape("pdf-counts-negative", "vardplatser-2021.pdf", _pdf_counts, [],
          "negative control: a PDF table of counts"),
    Shape("txt-names-negative", "undertecknat-2021.txt", _txt_names_only, [],
          "negative control: a list of names"),
]


def write_shape(shape: Shape, folder: Path) -> Path:
    path = folder / shape.file_name
    path.write_bytes(shape.make())
    return path
