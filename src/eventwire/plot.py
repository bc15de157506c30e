"""A dyad timeline drawn as a chart: ``eventwire dyad A B --plot out.png`` and ``Timeline.plot(path)``.

Each month is a bar of its events stacked by QuadClass (greens for cooperation, orange to red for
conflict, darker for material acts), and the month's mean Goldstein score is a line on a second
axis (-10 to +10). The chart is a :class:`matplotlib.figure.Figure` built without ``pyplot``, so
drawing keeps no global figure registry, needs no display and works in any thread; PNG files are
rendered by Agg, SVG files by matplotlib's SVG backend.

matplotlib is an optional extra (``pip install 'eventwire[plot]'``); without it the functions here
raise an :class:`~eventwire.errors.ExportError` that says so. A timeline without a dated month is
an ExportError too: an empty picture would look like a chart of nothing happening.
"""

from __future__ import annotations

import importlib
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import ExportError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from eventwire.store.queries import Timeline

__all__ = ["PLOT_FORMATS", "QUAD_COLOURS", "QUAD_LABELS", "plot_timeline", "timeline_figure"]

QUAD_LABELS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
# ColorBrewer Greens and OrRd steps: cooperation green, conflict orange to red, material acts darker,
# and the four stay apart for the common forms of colour blindness and in greyscale.
QUAD_COLOURS = ("#a1d99b", "#31a354", "#fdae6b", "#d7301f")
GOLDSTEIN_COLOUR = "#253494"
PLOT_FORMATS = {".png": "png", ".svg": "svg"}

# About this many month labels fit under a chart of the widest size without overlapping.
MAX_LABELS = 18
# Label every month, or every 2nd, 3rd, 6th... counted from January, so labels fall on quarters
# and years rather than on whichever month the data starts.
LABEL_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
DPI = 150


def _matplotlib() -> Any:
    try:
        return importlib.import_module("matplotlib")
    except ImportError as exc:
        raise ExportError(
            "plotting needs matplotlib, which is not installed: pip install 'eventwire[plot]'"
        ) from exc


def plot_format(path: str | Path) -> str:
    """The image format for ``path`` from its extension: "png" or "svg"; ExportError otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise ExportError(
            f"{path}: cannot tell the image format from {suffix or 'no extension'}: "
            f"give a file name ending in {' or '.join(PLOT_FORMATS)}"
        )
    return PLOT_FORMATS[suffix]


def timeline_figure(line: Timeline) -> Figure:
    """The chart of a dyad timeline as a matplotlib Figure (not saved; see :func:`plot_timeline`).

    The first axes hold four bar containers, one per QuadClass in order 1-4, each with one bar per
    month of ``line.months``; the second (twin) axes hold the mean Goldstein line. Raises
    ExportError when matplotlib is missing or the timeline has no month to draw.
    """
    _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    pair = f"{line.a.upper()} – {line.b.upper()}"
    if not line.months:
        span = f" from {line.since or 'the start'} to {line.until or 'the end'}"
        why = (
            f" ({line.undated} dated only to a year, which no month holds)"
            if line.undated
            else " between them in the store"
        )
        raise ExportError(
            f"{pair}: no events with a month to plot{span}{why}; "
            "check the codes and the dates with `eventwire events --dyad A B`"
        )
    months = line.months
    n = len(months)
    x = list(range(n))
    # A bar stays about as wide on a two-month chart as on a ten-year one, within a page's width.
    width = min(max(7.0, 2.5 + 0.3 * n), 16.0)
    fig = Figure(figsize=(width, 5.0), layout="constrained")
    ax = fig.add_subplot()
    bottom = [0] * n
    for q, (label, colour) in enumerate(zip(QUAD_LABELS, QUAD_COLOURS, strict=True)):
        heights = [m.quad[q] for m in months]
        ax.bar(x, heights, bottom=bottom, width=0.8, color=colour, label=f"{q + 1} {label}", zorder=2)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylim(0, max(*bottom, 1) * 1.08)  # headroom, so the busiest month does not touch the frame
    ax.set_ylabel("events per month")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#dddddd", zorder=0)
    ax.set_xlim(-0.6, n - 0.4)
    ticks = _month_ticks([m.month for m in months])
    ax.set_xticks(ticks, [months[i].month for i in ticks], rotation=45, ha="right")
    ax.set_xticks(x, minor=True)  # a small tick under every month, labelled or not

    gold = ax.twinx()
    # a month without events has no mean: NaN breaks the line there instead of drawing a false 0
    means = [m.goldstein if m.goldstein is not None else math.nan for m in months]
    gold.plot(x, means, color=GOLDSTEIN_COLOUR, marker="o", markersize=3, linewidth=1.5, zorder=3)
    gold.axhline(0, color=GOLDSTEIN_COLOUR, linewidth=0.6, linestyle=":")
    gold.set_ylim(-10.5, 10.5)
    gold.set_ylabel("mean Goldstein (−10 conflict … +10 cooperation)", color=GOLDSTEIN_COLOUR)
    gold.tick_params(axis="y", colors=GOLDSTEIN_COLOUR)

    ax.set_title(pair)
    note = f"{line.total:,} events, either direction, {months[0].month} to {months[-1].month}"
    if line.undated:
        note += f"; {line.undated:,} dated only to a year are not shown"
    ax.set_xlabel(note)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=GOLDSTEIN_COLOUR, marker="o", markersize=3, linewidth=1.5))
    labels.append("mean Goldstein")
    # one row when the chart is wide enough for it, else two: a legend wider than the figure is cut
    columns = 5 if width >= 10 else 3
    fig.legend(handles, labels, loc="outside lower center", ncol=columns, fontsize="small", frameon=False)
    return fig


def _month_ticks(months: list[str]) -> list[int]:
    """Indices of the months to label: all of them, or every k-th counted from January."""
    step = next((s for s in LABEL_STEPS if len(months) / s <= MAX_LABELS), LABEL_STEPS[-1])
    if step == 1:
        return list(range(len(months)))
    ticks = [i for i, m in enumerate(months) if (int(m[:4]) * 12 + int(m[5:7]) - 1) % step == 0]
    return ticks or [0]


def plot_timeline(line: Timeline, path: str | Path) -> Figure:
    """Draw ``line`` (see :func:`timeline_figure`) and save it to ``path``, a .png or .svg file.

    Returns the Figure, for a notebook to show or a test to inspect. Raises ExportError for an
    unknown extension, a missing matplotlib, an empty timeline or a file that cannot be written.
    """
    fmt = plot_format(path)
    fig = timeline_figure(line)
    try:
        fig.savefig(path, format=fmt, dpi=DPI)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the chart: {exc.strerror or exc}") from exc
    return fig
