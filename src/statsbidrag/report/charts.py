"""Static bar charts as inline SVG, and amounts written the Swedish way.

No JavaScript and nothing fetched: the SVG is part of the page's HTML, so the site
works from a folder with no network.
"""

from __future__ import annotations

import math
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


def _tick_label(value: float) -> str:
    if value == 0:
        return "0"
    if value >= 1_000_000:
        millions = value / 1_000_000
        text = group_digits(int(millions)) if millions == int(millions) else f"{millions:.1f}".replace(".", ",")
        return f"{text}{NBSP}MSEK"
    return kronor(int(value))


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def bar_chart(bars: list[Bar], unit: str, title: str, max_label_chars: int = 28) -> str:
    """A horizontal bar chart, largest first, each bar labelled with its name and amount.

    `unit` is the table's unit ("SEK" or "MSEK"): value labels are written in it.
    """
    bars = sorted(bars, key=lambda b: (-b.value, b.label))
    labels = [_truncate(b.label, max_label_chars) for b in bars]
    values = [amount(b.value, unit) for b in bars]
    label_width = int(max((len(t) for t in labels), default=0) * _CHAR) + 12
    value_width = int(max((len(t) for t in values), default=0) * _CHAR) + 12
    plot_left = label_width
    plot_width = _WIDTH - label_width - value_width
    top = max(b.value for b in bars) if bars else 0
    step = _nice_step(top) if top > 0 else 1
    scale_max = step * math.ceil(top / step) if top > 0 else 1
    height = _AXIS + _ROW * len(bars) + 4

    def x(value: float) -> float:
        return plot_left + plot_width * value / scale_max

    out = [f'<svg class="chart" role="img" viewBox="0 0 {_WIDTH} {height}" '
           f'width="{_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
           f'aria-label="{escape(title)}" font-size="{_FONT}">',
           f"<title>{escape(title)}</title>",
           '<g class="axis">']
    tick = 0.0
    while tick <= scale_max + step / 2:
        tx = round(x(tick), 1)
        anchor = "start" if tick == 0 else "middle"
        out.append(f'<line x1="{tx}" y1="{_AXIS - 6}" x2="{tx}" y2="{height}" class="grid"/>'
                   f'<text x="{tx}" y="{_AXIS - 10}" text-anchor="{anchor}">{escape(_tick_label(tick))}</text>')
        tick += step
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
