"""The samples the README's quick start runs on read as intended."""

from __future__ import annotations

from pathlib import Path

from eventwire.ingest import RawArticle, iter_inputs

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_every_sample_reads_with_title_date_section_and_credits() -> None:
    items = list(iter_inputs([str(SAMPLES)]))
    assert all(isinstance(i, RawArticle) for i in items), [str(i) for i in items]
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert len(articles) == 8  # 4 text, 1 HTML, 3 JSON lines
    reports = [a for a in articles if ".jsonl:" not in a.origin]
    assert len(reports) == 5
    for a in reports:
        assert a.title and a.published and a.credits, a.origin
        assert a.sections, a.origin
        for s in a.sections:
            assert s.heading not in a.text
        assert 120 <= len(a.text.split()) <= 250, a.origin
        assert '"' in a.text or "“" in a.text, a.origin  # direct quotes
    glued = next(a for a in reports if a.origin.endswith("nordic_baltic_cables.txt"))
    assert glued.published == "2024-03-03" and glued.text.startswith("Foreign ministers")
    wire = [a for a in articles if ".jsonl:" in a.origin]
    assert [a.id for a in wire] == ["wire-0001", "wire-0002", "wire-0003"]
    assert wire[2].published is None  # no date in the line: --date supplies it
