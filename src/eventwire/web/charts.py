"""The dyad timeline chart, drawn on the server: months in, SVG geometry out.

Each month is a bar stacked from its events' QuadClasses (verbal cooperation at the bottom,
material conflict on top) with the mean Goldstein score as a line on its own -10..+10 axis. The
geometry is computed here and the template writes the SVG, so every label goes through Jinja's
escaping and the page needs no script and no chart library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# GDELT's QuadClass names, in stacking order; the template colours the classes q1..q4.
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
GOLDSTEIN_MIN, GOLDSTEIN_MAX = -10.0, 10.0
# Means over many events rarely pass +-5 (talks score 1-4, fighting -10): colours saturate there
# so that a mostly cooperative dyad looks green, not grey.
COLOUR_SATURATION = 5.0

# Room for the axes' labels around the plot, in SVG units.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44.0, 44.0, 28.0, 40.0
# Beyond this many months the bars become slivers: the chart keeps the most recent ones.
MAX_MONTHS = 120


@dataclass(frozen=True)
class Month:
    """One month of a dyad: ``YYYY-MM``, event counts by QuadClass (1..4), mean Goldstein."""

    month: str
    counts: tuple[int, int, int, int]
    goldstein: float | None

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Bar:
    """One stacked segment: a rectangle, its QuadClass and the tooltip text."""

    x: float
    y: float
    width: float
    height: float
    quad: int
    title: str


@dataclass(frozen=True)
class Tick:
    """An axis label at a position."""

    x: float
    y: float
    label: str


@dataclass
class TimelineChart:
    """What the template draws: the plot box, the bars, the Goldstein line and the axis ticks."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar] = field(default_factory=list)
    line: str = ""  # SVG polyline points, "x,y x,y ..."
    dots: list[Tick] = field(default_factory=list)  # one per month with a Goldstein value
    count_ticks: list[Tick] = field(default_factory=list)
    goldstein_ticks: list[Tick] = field(default_factory=list)
    month_ticks: list[Tick] = field(default_factory=list)
    zero_y: float = 0.0  # where Goldstein 0 sits
    months: int = 0
    events: int = 0

    @property
    def empty(self) -> bool:
        return self.events == 0


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fill_gaps(months: Sequence[Month]) -> list[Month]:
    """The months in order with the quiet months between them added as zeros (a continuous axis)."""
    by_key = {m.month: m for m in months}
    if not by_key:
        return []
    keys = sorted(by_key)
    return [by_key.get(k) or Month(k, (0, 0, 0, 0), None) for k in month_range(keys[0], keys[-1])]


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 x 10^n) that cuts ``0..top`` into about ``ticks`` parts."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if raw <= mult * power:
            return int(mult * power)
    return int(10 * power)


def timeline_chart(months: Sequence[Month], *, width: float = 760.0, height: float = 300.0) -> TimelineChart:
    """Lay out a month-by-month chart of ``months`` (gaps filled, at most :data:`MAX_MONTHS`)."""
    series = fill_gaps(months)[-MAX_MONTHS:]
    chart = TimelineChart(
        width=width,
        height=height,
        plot_left=MARGIN_LEFT,
        plot_right=width - MARGIN_RIGHT,
        plot_top=MARGIN_TOP,
        plot_bottom=height - MARGIN_BOTTOM,
        months=len(series),
        events=sum(m.total for m in series),
    )
    plot_h = chart.plot_bottom - chart.plot_top
    chart.zero_y = _goldstein_y(chart, 0.0)
    for g in (-10, -5, 0, 5, 10):
        chart.goldstein_ticks.append(
            Tick(chart.plot_right + 6, _goldstein_y(chart, g), f"{g:+d}" if g else "0")
        )
    if not series:
        return chart
    top = max(1, max(m.total for m in series))
    step = nice_step(top)
    top = math.ceil(top / step) * step
    for value in range(0, top + 1, step):
        chart.count_ticks.append(
            Tick(chart.plot_left - 6, chart.plot_bottom - value / top * plot_h, str(value))
        )
    slot = (chart.plot_right - chart.plot_left) / len(series)
    bar_w = max(1.0, slot * 0.72)  # gaps between bars keep neighbouring months apart
    label_every = max(1, math.ceil(len(series) / 12))  # at most a dozen month labels
    points = []
    for i, month in enumerate(series):
        x = chart.plot_left + i * slot + (slot - bar_w) / 2
        centre = x + bar_w / 2
        y = chart.plot_bottom
        for quad, count in enumerate(month.counts, 1):
            if not count:
                continue
            h = count / top * plot_h
            y -= h
            title = f"{month.month}: {count} {QUAD_NAMES[quad]} event{'s' if count != 1 else ''}"
            chart.bars.append(Bar(_r(x), _r(y), _r(bar_w), _r(h), quad, title))
        if month.goldstein is not None:
            gy = _goldstein_y(chart, month.goldstein)
            points.append(f"{_r(centre)},{_r(gy)}")
            chart.dots.append(
                Tick(_r(centre), _r(gy), f"{month.month}: mean Goldstein {month.goldstein:+.1f}")
            )
        if i % label_every == 0:
            chart.month_ticks.append(Tick(_r(centre), chart.plot_bottom + 16, month.month))
    chart.line = " ".join(points)
    return chart


def _goldstein_y(chart: TimelineChart, value: float) -> float:
    value = min(GOLDSTEIN_MAX, max(GOLDSTEIN_MIN, value))
    share = (value - GOLDSTEIN_MIN) / (GOLDSTEIN_MAX - GOLDSTEIN_MIN)
    return _r(chart.plot_bottom - share * (chart.plot_bottom - chart.plot_top))


def _r(value: float) -> float:
    """Two decimals are finer than a pixel and keep the SVG small."""
    return round(value, 2)


def goldstein_colour(value: float | None) -> str:
    """Red (conflict) through grey (0) to green (cooperation) as ``#rrggbb``, full at +-5."""
    if value is None:
        return "#9aa0a6"
    t = max(-1.0, min(1.0, value / COLOUR_SATURATION))
    grey, red, green = (154, 160, 166), (200, 40, 40), (30, 150, 70)
    end = green if t >= 0 else red
    share = abs(t)
    rgb = tuple(round(g + (e - g) * share) for g, e in zip(grey, end, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)
