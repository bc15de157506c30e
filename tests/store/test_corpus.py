"""The Python entry point: open_store, lazy tables, data frames, and clear errors, both backends."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_queries import records  # the hand-built articles of the query tests, beside this file

from eventwire.errors import ExportError, QueryError, StoreError
from eventwire.store import Corpus, EventFilter, Store, open_store
from eventwire.store import corpus as corpus_module
from eventwire.store.queries import select_events
from eventwire.store.writer import write_article


@pytest.fixture
def corpus(store_url: str) -> Iterator[Corpus]:
    with Store(store_url) as store, store.begin() as conn:
        for rec in records():
            write_article(conn, rec)
    with open_store(store_url) as opened:
        yield opened


def test_events_iterate_count_and_match_the_query(corpus: Corpus) -> None:
    table = corpus.events(source="USA")
    rows = table.to_dicts()
    with corpus.store.connect() as conn:
        page = select_events(conn, EventFilter(source="USA"))
    assert rows == page.items
    assert len(table) == len(rows) == 2
    assert [r["id"] for r in table] == ["a3:E1", "a1:E1"]
    assert len(corpus.events(limit=3)) == 3 and len(corpus.events(limit=3).to_dicts()) == 3


def test_iteration_reads_page_by_page(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus_module, "MAX_LIMIT", 2)  # pages of two rows
    ids = [r["id"] for r in corpus.events(include_negated=True)]
    assert len(ids) == len(set(ids)) == 7
    assert len([r["id"] for r in corpus.events(include_negated=True, limit=5)]) == 5


def test_data_frames(corpus: Corpus) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    table = corpus.events(dyad=["USA", "IND"])  # a list works as well as a tuple
    frame = table.to_pandas()
    assert list(frame.columns) == table.columns and len(frame) == 3
    assert sorted(frame["id"]) == ["a1:E1", "a1:E2", "a3:E1"]
    polars = table.to_polars()
    assert polars.columns == table.columns and polars.height == 3
    arrow = table.to_arrow()
    assert arrow.column_names == table.columns and arrow.num_rows == 3
    empty = corpus.events(source="FRA")
    assert len(empty.to_pandas()) == 0 and list(empty.to_pandas().columns) == table.columns
    assert empty.to_polars().columns == table.columns
    assert empty.to_arrow().num_rows == 0


def test_a_missing_frame_library_is_a_clear_error(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)  # importing it now fails
    with pytest.raises(ExportError, match=r"polars.*eventwire\[frames\]"):
        corpus.events().to_polars()


def test_bad_filters_fail_at_the_call(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match=r"\] quad:"):
        corpus.events(quad=9)
    with pytest.raises(QueryError, match=r"\] sorce: not a filter"):
        corpus.events(sorce="USA")
    with pytest.raises(QueryError, match=r"\] limit:"):
        corpus.events(limit=0)
    with pytest.raises(QueryError, match=r"\] text:"):
        corpus.stories(text="talks")


def test_the_other_readers(corpus: Corpus) -> None:
    line = corpus.dyad("IND", "USA")
    assert line.total == 3 and [m.month for m in line.months] == ["2023-11", "2023-12"]
    assert corpus.stats()["events"] == 7
    article = corpus.article("a2")
    assert article is not None and article["title"] == "Title a2"
    assert corpus.article("nope") is None
    event = corpus.event("a1:E1")
    assert event is not None and event["evidence"]["rule"] == "test"
    assert [a["name"] for a in corpus.actors(country="USA")] == ["Antony Blinken"]
    assert len(corpus.stories()) == 0
    assert "Corpus(" in repr(corpus)


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(StoreError, match=r"no store at .*eventwire ingest"):
        open_store(path)
    assert not path.exists()
