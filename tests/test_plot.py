"""The dyad timeline chart: bars and line from a hand-built store, files by extension, clear errors."""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import main
from eventwire.errors import ExportError
from eventwire.plot import QUAD_COLOURS, _month_ticks, plot_timeline, timeline_figure
from eventwire.store import Store
from eventwire.store.queries import MonthCounts, Timeline
from eventwire.store.writer import write_article

pytest.importorskip("matplotlib")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _event(eid: str, src: str, tgt: str, cameo: str, quad: int, goldstein: float) -> dict[str, Any]:
    def side(country: str) -> dict[str, Any]:
        return {"actor": None, "code": country, "country": country, "text": country, "span": [0, 3]}

    sentence = f"{src} acts toward {tgt}."
    return {
        "id": eid, "sentence": 0, "span": [0, 3], "trigger": "acts", "source": side(src),
        "target": side(tgt), "cameo": cameo, "root": cameo[:2], "quad_class": quad,
        "goldstein": goldstein, "plover": None, "date": None, "location": None, "negated": False,
        "modality": "asserted", "historical": False, "confidence": 0.9,
        "evidence": {"sentence_text": sentence, "rule": "test", "explanation": "because"},
    }  # fmt: skip


def _article(aid: str, published: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": "eventwire/1", "id": aid, "url": f"https://example.org/{aid}", "title": aid,
        "published": published, "source": "Wire", "language": "en", "text": f"text of {aid}",
        "events": events, "actors": [], "quotes": [], "places": [],
    }  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    """KOR-JPN events in January (3) and March 2024 (2), none in February; one CHN-JPN event."""
    path = str(tmp_path / "events.db")
    with Store(path) as store, store.begin() as conn:
        write_article(conn, _article("k1", "2024-01-05", [
            _event("E1", "KOR", "JPN", "040", 1, 1.0),
            _event("E2", "JPN", "KOR", "057", 2, 8.0),
            _event("E3", "KOR", "JPN", "112", 3, -2.0),
        ]))  # fmt: skip
        write_article(conn, _article("k2", "2024-03-09", [
            _event("E1", "KOR", "JPN", "190", 4, -10.0),
            _event("E2", "JPN", "KOR", "042", 1, 1.9),
            _event("E3", "CHN", "JPN", "036", 1, 4.0),
        ]))  # fmt: skip
    return path


def _timeline(db: str) -> Timeline:
    with eventwire.open(db) as corpus:
        return corpus.dyad("KOR", "JPN")


def test_the_figure_has_four_stacked_quad_bars_per_month_and_the_goldstein_line(db: str) -> None:
    fig = timeline_figure(_timeline(db))
    bars, gold = fig.axes
    assert len(bars.containers) == 4  # QuadClass 1-4, in order
    assert [len(c) for c in bars.containers] == [3, 3, 3, 3]  # Jan, Feb (empty), Mar 2024
    heights = [[rect.get_height() for rect in c] for c in bars.containers]
    assert heights == [[1, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]]
    # stacked: each QuadClass starts where the ones below it end
    assert [rect.get_y() for rect in bars.containers[3]] == [3, 0, 1]
    colours = [c.patches[0].get_facecolor() for c in bars.containers]
    assert len(set(colours)) == 4 and QUAD_COLOURS[0] != QUAD_COLOURS[3]
    assert bars.get_title() == "KOR – JPN"
    assert [t.get_text() for t in bars.get_xticklabels()] == ["2024-01", "2024-02", "2024-03"]
    (line,) = gold.get_lines()[:1]
    y = list(line.get_ydata())
    assert y[0] == pytest.approx((1.0 + 8.0 - 2.0) / 3, abs=1e-3)  # the query rounds means
    assert math.isnan(y[1])  # no events, no mean: a gap, not a zero
    assert y[2] == pytest.approx((-10.0 + 1.9) / 2, abs=1e-3)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "1 verbal cooperation", "2 material cooperation", "3 verbal conflict", "4 material conflict",
        "mean Goldstein",
    ]  # fmt: skip


def test_plot_writes_a_png_of_sane_size(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kor-jpn.png"
    fig = _timeline(db).plot(out)
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert 600 <= width <= 3000 and 400 <= height <= 1500
    assert 5_000 < len(data) < 2_000_000
    assert len(fig.axes[0].containers) == 4


def test_svg_by_extension(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kor-jpn.SVG"
    plot_timeline(_timeline(db), out)
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text


def test_an_empty_timeline_is_an_error_not_an_empty_picture(db: str, tmp_path: Path) -> None:
    out = tmp_path / "none.png"
    with eventwire.open(db) as corpus:
        line = corpus.dyad("KOR", "JPN", since="2025-01")
    with pytest.raises(ExportError, match=r"KOR – JPN: no events with a month to plot from 2025-01"):
        line.plot(out)
    assert not out.exists()
    undated = Timeline(a="usa", b="chn", since=None, until=None, months=[], undated=2)
    with pytest.raises(ExportError, match="2 dated only to a year"):
        timeline_figure(undated)


def test_bad_extension_and_unwritable_path(db: str, tmp_path: Path) -> None:
    line = _timeline(db)
    with pytest.raises(ExportError, match=r"chart\.pdf: .*\.png or \.svg"):
        line.plot(tmp_path / "chart.pdf")
    with pytest.raises(ExportError, match="cannot write the chart"):
        line.plot(tmp_path / "no" / "such" / "folder.png")


def test_without_matplotlib_the_error_says_what_to_install(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # an import of it now raises ImportError
    with pytest.raises(ExportError, match=r"pip install 'eventwire\[plot\]'"):
        _timeline(db).plot(tmp_path / "x.png")


def test_long_timelines_label_quarters_or_years() -> None:
    def months(first_year: int, n: int) -> list[str]:
        return [f"{first_year + (i // 12):04d}-{i % 12 + 1:02d}" for i in range(n)]

    assert _month_ticks(months(2024, 5)) == [0, 1, 2, 3, 4]
    labelled = [months(2020, 40)[i] for i in _month_ticks(months(2020, 40))]
    assert labelled[:3] == ["2020-01", "2020-04", "2020-07"] and len(labelled) <= 18
    ten_years = months(2015, 120)
    assert {ten_years[i][5:] for i in _month_ticks(ten_years)} == {"01"}
    fig = timeline_figure(
        Timeline(
            a="USA", b="CHN", since=None, until=None,
            months=[MonthCounts(m, (1, 0, 0, 1), 2, 0.5) for m in ten_years],
        )
    )  # fmt: skip
    assert [len(c) for c in fig.axes[0].containers] == [120] * 4
    assert len(fig.axes[0].get_xticklabels()) <= 18


def test_cli_dyad_plot(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kor-jpn.png"
    result = CliRunner().invoke(main, ["dyad", "KOR", "JPN", "--db", db, "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert "2024-03" in result.stdout  # the table is printed as without --plot
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert f"wrote the chart to {out}" in result.stderr


def test_cli_dyad_plot_errors(db: str, tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["dyad", "KOR", "JPN", "--db", "missing.db", "--plot", "x.gif"])
    assert bad.exit_code == 2 and "x.gif" in bad.stderr  # checked before the store is opened
    out = tmp_path / "none.png"
    empty = CliRunner().invoke(main, ["dyad", "USA", "BRA", "--db", db, "--plot", str(out)])
    assert empty.exit_code == 1
    assert "USA – BRA: no events with a month to plot" in empty.stderr
    assert not out.exists()
