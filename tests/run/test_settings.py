"""Settings and the progress total: inputs counted ahead, without parsing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.run.settings import IngestSettings, count_articles


def test_articles_are_counted_from_files_and_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("One.", encoding="utf-8")
    (corpus / "sub" / "b.html").write_text("<p>Two.</p>", encoding="utf-8")
    (corpus / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}', encoding="utf-8")
    (corpus / ".hidden.txt").write_text("skipped", encoding="utf-8")
    (corpus / "notes.md").write_text("not an input", encoding="utf-8")
    assert count_articles([str(corpus)]) == 5
    assert count_articles([str(corpus), str(tmp_path / "missing.txt")]) == 6


def test_what_cannot_be_counted_cheaply_has_no_total(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text('[{"text": "x"}]', encoding="utf-8")
    (tmp_path / "reut2-000.sgm").write_text("<REUTERS></REUTERS>", encoding="utf-8")
    assert count_articles(["-"]) is None
    assert count_articles(["https://example.org/feed.xml"]) is None
    assert count_articles([str(tmp_path / "items.json")]) is None
    assert count_articles([str(tmp_path / "reut2-000.sgm")]) is None


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        IngestSettings(batch_size=0)
    with pytest.raises(ValueError):
        IngestSettings(workers=0)
    with pytest.raises(TypeError):
        IngestSettings(64)  # type: ignore[misc]  # keyword-only
