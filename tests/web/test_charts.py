"""The dyad timeline chart's geometry: continuous months, stacked classes, the Goldstein line."""

from __future__ import annotations

import itertools

from eventwire.web.charts import Month, fill_gaps, goldstein_colour, month_range, nice_step, timeline_chart


def test_month_range_crosses_years() -> None:
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_quiet_months_are_filled_in() -> None:
    filled = fill_gaps([Month("2024-03", (1, 0, 0, 0), 1.0), Month("2024-01", (0, 0, 0, 2), -9.0)])
    assert [m.month for m in filled] == ["2024-01", "2024-02", "2024-03"]
    assert filled[1].total == 0 and filled[1].goldstein is None


def test_bars_stack_by_class_and_the_line_skips_empty_months() -> None:
    chart = timeline_chart(
        [Month("2024-01", (2, 0, 1, 1), 0.5), Month("2024-03", (0, 0, 0, 4), -10.0)], width=400, height=200
    )
    assert chart.months == 3 and chart.events == 8
    january = [b for b in chart.bars if b.title.startswith("2024-01")]
    assert [b.quad for b in january] == [1, 3, 4]
    # stacked: each segment sits on the one below it
    for lower, upper in itertools.pairwise(january):
        assert abs(upper.y + upper.height - lower.y) < 0.02
    # the tallest month (4 events) reaches the top of the count axis
    march = [b for b in chart.bars if b.title.startswith("2024-03")]
    assert abs(march[0].y - chart.plot_top) < 0.02
    assert len(chart.line.split()) == 2 and len(chart.dots) == 2  # February has no score
    # Goldstein -10 sits on the bottom of the plot, 0 halfway
    assert chart.dots[1].y == chart.plot_bottom
    assert abs(chart.zero_y - (chart.plot_top + chart.plot_bottom) / 2) < 0.02


def test_an_empty_chart_says_so() -> None:
    assert timeline_chart([]).empty


def test_count_ticks_are_round() -> None:
    assert [nice_step(n) for n in (3, 9, 40, 230, 1800)] == [1, 5, 10, 100, 500]


def test_colours_run_from_red_through_grey_to_green() -> None:
    red, grey, green = goldstein_colour(-10), goldstein_colour(0), goldstein_colour(7)
    assert (red, grey, green) == ("#c82828", "#9aa0a6", "#1e9646")
    assert goldstein_colour(None) == grey
