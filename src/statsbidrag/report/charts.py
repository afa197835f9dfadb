"""Static bar charts as inline SVG, and amounts written the Swedish way.

No JavaScript and nothing fetched: the SVG is part of the page's HTML, so the site
works from a folder with no network.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

NBSP = "\u00a0"  # between digit groups and before the unit, so an amount never wraps


def group_digits(n: int) -> str:
    """215942447 -> '215 942 447' (no-break spaces, as Swedish prints thousands).
    A value that is not a whole number (a corrupted cell) is shown as it is."""
    if not isinstance(n, int) or isinstance(n, bool):
        return str(n)
    sign = "-" if n < 0 else ""
    return sign + f"{abs(int(n)):,}".replace(",", NBSP)


def kronor(n: int) -> str:
    """215942447 -> '215 942 447 kr'."""
    return f"{group_digits(n)}{NBSP}kr"


def msek(n: int) -> str:
    """2111000000 -> '2 111 MSEK'; 7400000 -> '7,4 MSEK' (decimal comma)."""
    if not isinstance(n, int) or isinstance(n, bool):
        return f"{n}{NBSP}MSEK"
    millions, rest = divmod(abs(int(n)), 1_000_000)
    sign = "-" if n < 0 else ""
    if rest == 0:
        return f"{sign}{group_digits(millions)}{NBSP}MSEK"
    decimals = f"{rest / 1_000_000:.6f}"[2:].rstrip("0")
    return f"{sign}{group_digits(millions)},{decimals}{NBSP}MSEK"


def amount(n: int, unit: str) -> str:
    """The amount in the unit the table is printed in: MSEK tables in MSEK, others in kronor."""
    return msek(n) if unit == "MSEK" else kronor(n)


@dataclass
class Bar:
    key: str      # e.g. the region code; written to data-key
    label: str    # what the reader sees next to the bar
    value: int    # kronor


# Geometry, in SVG user units (1 unit = 1 CSS px when the chart is shown at full width).
_WIDTH = 960
_ROW = 21          # one bar and its gap: 21 regions fit a 1366x768 laptop screen with the title
_BAR = 15
_AXIS = 24         # room for the scale above the bars
_FONT = 14
_CHAR = 0.6 * _FONT  # a generous average glyph width, to size the label column


def _nice_step(maximum: float, ticks: int = 5) -> float:
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _scale(top: float, ticks: int = 5) -> tuple[float, float, list[float]]:
    """-> (step, the scale's maximum, the ticks 0, step, ... maximum) for values up to `top`."""
    step = _nice_step(top, ticks) if top > 0 else 1
    scale_max = step * math.ceil(top / step) if top > 0 else 1
    return step, scale_max, [i * step for i in range(int(round(scale_max / step)) + 1)]


def _tick_label(value: float) -> str:
    return short_amount(value)


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def bar_chart(bars: list[Bar], unit: str, title: str, max_label_chars: int = 28) -> str:
    """The chart twice: laid out for a wide screen and for a phone. The page's
    stylesheet shows one of them, so a phone gets text it can read instead of the
    wide chart shrunk to a third (SVG text scales with the drawing)."""
    return (_wide_bar_chart(bars, unit, title, max_label_chars)
            + "\n" + _narrow_bar_chart(bars, unit, title))


def _wide_bar_chart(bars: list[Bar], unit: str, title: str, max_label_chars: int = 28) -> str:
    """A horizontal bar chart, largest first, each bar labelled with its name and amount
    in `unit`, the table's unit ("SEK" or "MSEK")."""
    bars = sorted(bars, key=lambda b: (-b.value, b.label))
    labels = [_truncate(b.label, max_label_chars) for b in bars]
    values = [amount(b.value, unit) for b in bars]
    plot_left = int(max((len(t) for t in labels), default=0) * _CHAR) + 12       # the labels' column
    plot_width = _WIDTH - plot_left - (int(max((len(t) for t in values), default=0) * _CHAR) + 12)
    _step, scale_max, ticks = _scale(max(b.value for b in bars) if bars else 0)
    height = _AXIS + _ROW * len(bars) + 4

    def x(value: float) -> float:
        return plot_left + plot_width * value / scale_max

    out = [f'<svg class="chart wide" role="img" viewBox="0 0 {_WIDTH} {height}" '
           f'width="{_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
           f'aria-label="{escape(title)}" font-size="{_FONT}">',
           f"<title>{escape(title)}</title>",
           '<g class="axis">']
    for tick in ticks:
        tx = round(x(tick), 1)
        anchor = "start" if tick == 0 else "middle"
        out.append(f'<line x1="{tx}" y1="{_AXIS - 6}" x2="{tx}" y2="{height}" class="grid"/>'
                   f'<text x="{tx}" y="{_AXIS - 10}" text-anchor="{anchor}">{escape(_tick_label(tick))}</text>')
    out.append("</g>")
    for i, (bar, label, value) in enumerate(zip(bars, labels, values)):
        y = _AXIS + i * _ROW
        w = max(round(x(bar.value) - plot_left, 1), 1 if bar.value > 0 else 0)
        mid = y + _BAR / 2 + _FONT * 0.35
        out.append(
            f'<g class="bar" data-key="{escape(bar.key)}" data-amount-sek="{bar.value}">'
            f"<title>{escape(bar.label)}: {escape(kronor(bar.value))}</title>"
            f'<text class="label" x="{plot_left - 8}" y="{mid:.1f}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{plot_left}" y="{y}" width="{w}" height="{_BAR}"/>'
            f'<text class="value" x="{plot_left + w + 6:.1f}" y="{mid:.1f}">{escape(value)}</text>'
            "</g>")
    out.append("</svg>")
    return "\n".join(out)


# -- for a phone ---------------------------------------------------------------------
_NARROW = 360        # about a phone's width in CSS px, so text is drawn near its own size
_NARROW_ROW = 34     # a line of text (name and amount) over a thin bar


def _narrow_bar_chart(bars: list[Bar], unit: str, title: str) -> str:
    """Each bar under a line with its name (left) and amount (right), full width."""
    bars = sorted(bars, key=lambda b: (-b.value, b.label))
    top = max((b.value for b in bars), default=0) or 1
    height = _NARROW_ROW * len(bars) + 4
    out = [f'<svg class="chart narrow" role="img" viewBox="0 0 {_NARROW} {height}" width="{_NARROW}" '
           f'height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}" font-size="{_FONT}">',
           f"<title>{escape(title)}</title>"]
    for i, bar in enumerate(bars):
        y = i * _NARROW_ROW
        w = max(round(_NARROW * bar.value / top, 1), 1 if bar.value > 0 else 0)
        out.append(
            f'<g class="bar" data-key="{escape(bar.key)}" data-amount-sek="{bar.value}">'
            f'<text class="label" x="0" y="{y + 15}">{escape(_truncate(bar.label, 26))}</text>'
            f'<text class="value" x="{_NARROW}" y="{y + 15}" text-anchor="end">{escape(amount(bar.value, unit))}</text>'
            f'<rect x="0" y="{y + 20}" width="{w}" height="9"/></g>')
    out.append("</svg>")
    return "\n".join(out)


# -- over time -------------------------------------------------------------------------

@dataclass
class YearMark:
    year: int
    value: int              # kronor
    label: str              # the tooltip, e.g. "2021: 251 000 000 kr"
    preliminary: bool = False


def short_amount(value: float) -> str:
    """An axis label: 0, 500 000 kr, 250 MSEK, 1,5 mdkr (Swedish decimal comma)."""
    if value == 0:
        return "0"
    if value >= 1_000_000_000:
        text = f"{value / 1_000_000_000:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text}{NBSP}mdkr"
    if value >= 1_000_000:
        millions = value / 1_000_000
        whole = abs(millions - round(millions)) < 0.05      # 445 000 004 kr is "445 MSEK"
        text = group_digits(round(millions)) if whole else f"{millions:.1f}".replace(".", ",")
        return f"{text}{NBSP}MSEK"
    return kronor(int(value))


def year_chart(marks: list[YearMark], years: list[int], title: str, description: str = "") -> str:
    """Columns over the years `years` (every year of the package, so a gap shows as a
    gap); one mark (g.mark) per year in `marks`. 400 units wide: readable on a phone.
    The text alternative is the title, then each year's amount, then `description`."""
    width, left, top_pad, bottom, plot_h = 400, 70, 10, 24, 180
    height = top_pad + plot_h + bottom
    _step, scale_max, ticks = _scale(max((m.value for m in marks), default=0), 4)
    slot = (width - left) / max(len(years), 1)
    bar_w = min(40, slot * 0.7)

    def y(value: float) -> float:
        return top_pad + plot_h - plot_h * value / scale_max

    out = [f'<svg class="chart years" role="img" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}" font-size="12">',
           f"<title>{escape(title)}</title>",
           f"<desc>{escape('; '.join(m.label for m in sorted(marks, key=lambda m: m.year)))}"
           f"{'. ' + escape(description) if description else ''}</desc>", '<g class="axis">']
    for tick in ticks:
        ty = round(y(tick), 1)
        out.append(f'<line x1="{left}" y1="{ty}" x2="{width}" y2="{ty}" class="grid"/>'
                   f'<text x="{left - 6}" y="{ty + 4}" text-anchor="end">{escape(short_amount(tick))}</text>')
    for i, year in enumerate(years):
        cx = left + slot * (i + 0.5)
        out.append(f'<text x="{cx:.1f}" y="{height - 6}" text-anchor="middle">{year}</text>')
    out.append("</g>")
    index = {year: i for i, year in enumerate(years)}
    for m in sorted(marks, key=lambda m: m.year):
        if m.year not in index or m.value <= 0:
            continue
        cx = left + slot * (index[m.year] + 0.5)
        top_y = round(y(m.value), 1)
        cls = "mark preliminary" if m.preliminary else "mark"
        out.append(f'<g class="{cls}" data-year="{m.year}" data-amount-sek="{m.value}">'
                   f"<title>{escape(m.label)}</title>"
                   f'<rect x="{cx - bar_w / 2:.1f}" y="{top_y}" width="{bar_w:.1f}" '
                   f'height="{round(top_pad + plot_h - top_y, 1)}"/></g>')
    out.append("</svg>")
    return "\n".join(out)


@dataclass
class Panel:
    key: str                        # e.g. the region code; written to data-key
    label: str                      # drawn above the panel
    values: dict[int, int]          # year -> kronor (a year left out has no amount)
    preliminary: frozenset[int] = frozenset()


def small_multiples(panels: list[Panel], years: list[int], title: str, description: str = "") -> str:
    """One small column chart per panel (region), on one shared scale, three a row: the
    series of every region at a glance. Each column is a g.mark with data-year."""
    cols, pw, ph, gap, head = 3, 150, 64, 10, 18
    top = max((v for p in panels for v in p.values.values()), default=0) or 1
    slot = pw / max(len(years), 1)
    rows = math.ceil(len(panels) / cols)
    width, height = cols * (pw + gap), rows * (ph + head + gap)
    out = [f'<svg class="chart multiples" role="img" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}" font-size="12">',
           f"<title>{escape(title)}</title>", f"<desc>{escape(description)}</desc>"]
    for i, panel in enumerate(panels):
        x0, y0 = (i % cols) * (pw + gap), (i // cols) * (ph + head + gap)
        out.append(f'<g class="panel" data-key="{escape(panel.key)}">'
                   f'<text x="{x0}" y="{y0 + 13}">{escape(panel.label)}</text>'
                   f'<line class="grid" x1="{x0}" y1="{y0 + head + ph}" x2="{x0 + pw}" y2="{y0 + head + ph}"/>')
        for j, year in enumerate(years):
            value = panel.values.get(year)
            if not value or value <= 0:
                continue
            h = max(round(ph * value / top, 1), 1)
            cls = "mark preliminary" if year in panel.preliminary else "mark"
            out.append(f'<rect class="{cls}" data-year="{year}" data-amount-sek="{value}" '
                       f'x="{x0 + slot * j + slot * 0.15:.1f}" y="{y0 + head + ph - h:.1f}" '
                       f'width="{slot * 0.7:.1f}" height="{h}"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# -- the tile map ----------------------------------------------------------------------

@dataclass
class Tile:
    code: str               # region_code
    name: str               # short name, drawn on the tile
    column: int
    row: int
    href: str | None = None
    value: float | None = None    # what colours the tile (None: grey, "no amount")
    text: str = ""               # the value as written under the name
    tooltip: str = ""


# Five blues, light to dark (ColorBrewer "Blues", colour-blind safe and prints in grey).
# The two darkest carry white text (5.1:1 and 7.9:1), the others dark text (6.5:1 or more).
_BLUES = ["#deebf7", "#9ecae1", "#6baed6", "#2171b5", "#08519c"]
_NO_VALUE = "#eeeeee"


def _classes(values: list[float], n: int = 5) -> list[float]:
    """Upper bounds of n equal-width classes from the smallest to the largest value."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [hi]
    return [lo + (hi - lo) * (i + 1) / n for i in range(n)]


_TILE, _TILE_GAP, _TILE_PAD = 96, 4, 2
_TILE_H = _TILE * 2 // 3


def _colour(value: float | None, bounds: list[float]) -> tuple[str, bool]:
    """A tile's fill and whether it is dark (white text on it)."""
    if value is None:
        return _NO_VALUE, False
    for i, bound in enumerate(bounds):
        if value <= bound + 1e-9:
            shade = i if len(bounds) > 1 else len(_BLUES) - 1
            return _BLUES[shade], shade >= 3
    return _BLUES[-1], True


def _tile(t: Tile, bounds: list[float]) -> str:
    x = _TILE_PAD + t.column * (_TILE + _TILE_GAP)
    y = _TILE_PAD + t.row * (_TILE_H + _TILE_GAP)
    fill, dark = _colour(t.value, bounds)
    ink = "on-dark" if dark else "on-light"
    words = t.name.split(" ") if len(t.name) > 13 and " " in t.name else [t.name]
    text = "".join(f'<text class="{ink}" x="{x + _TILE / 2}" y="{y + 17 + 13 * i}" text-anchor="middle">'
                   f"{escape(w)}</text>" for i, w in enumerate(words))
    value = (f'<text class="value {ink}" x="{x + _TILE / 2}" y="{y + _TILE_H - 9}" text-anchor="middle">'
             f'{escape(t.text)}</text>') if t.text else ""
    tile = (f'<g class="tile" data-region="{escape(t.code)}"'
            + (f' data-value="{t.value}"' if t.value is not None else "") + ">"
            + f"<title>{escape(t.tooltip or t.name)}</title>"
            + f'<rect x="{x}" y="{y}" width="{_TILE}" height="{_TILE_H}" rx="3" fill="{fill}"/>{text}{value}</g>')
    label = escape(t.tooltip or t.name)
    return f'<a href="{escape(t.href)}" aria-label="{label}">{tile}</a>' if t.href else tile


def tile_map(tiles: list[Tile], title: str, fmt: Callable[[float], str] | None = None) -> str:
    """Regions as squares on a grid (positions from metadata), coloured in five classes
    by `value`; each tile links to `href`. `fmt` writes a class bound for the legend."""
    columns = max(t.column for t in tiles) + 1
    rows = max(t.row for t in tiles) + 1
    values = [t.value for t in tiles if t.value is not None]
    bounds = _classes(values) if values else []
    legend_h = 18 * len(bounds) + 10 if bounds else 0
    width = columns * (_TILE + _TILE_GAP) + _TILE_PAD * 2
    height = rows * (_TILE_H + _TILE_GAP) + _TILE_PAD * 2 + legend_h
    # role="group", not "img": the tiles are links, and an image cannot hold links
    out = [f'<svg class="chart tiles" role="group" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}" font-size="11">',
           f"<title>{escape(title)}</title>"]
    out += [_tile(t, bounds) for t in sorted(tiles, key=lambda t: (t.row, t.column))]
    for i, bound in enumerate(bounds):
        y = height - legend_h + 8 + 18 * i
        fill = _BLUES[i if len(bounds) > 1 else -1]
        label = f"≤{NBSP}{fmt(bound) if fmt else bound}"
        out.append(f'<g class="legend"><rect x="{_TILE_PAD}" y="{y}" width="14" height="14" fill="{fill}"/>'
                   f'<text x="{_TILE_PAD + 20}" y="{y + 11}">{escape(label)}</text></g>')
    out.append("</svg>")
    return "\n".join(out)
