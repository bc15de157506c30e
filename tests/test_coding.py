"""``eventwire.code`` and ``eventwire.code_many``: one call codes an article; a stream of many goes
on past bad items, one result per item, in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import eventwire
from eventwire.coding import default_pipeline, publication_day
from eventwire.pipeline import Pipeline
from schema_check import assert_valid_record

TALKS = "Kenyan President Paul Mwangi met with Tanzanian officials in Nairobi on Monday."
ARREST = "Chilean police arrested dozens of protesters in Santiago on Friday."


def test_publication_day_accepts_strings_and_dates() -> None:
    assert publication_day("2024-03-04") == "2024-03-04"
    assert publication_day(dt.date(2024, 3, 4)) == "2024-03-04"
    assert publication_day(dt.datetime(2024, 3, 4, 12, 30)) == "2024-03-04"
    assert publication_day(None) is None
    for bad in ("04/03/2024", "2024-02-30", "2024-3-4", "yesterday"):
        with pytest.raises(eventwire.InputError, match="YYYY-MM-DD"):
            publication_day(bad)


def test_wrong_arguments_fail_at_the_call() -> None:
    with pytest.raises(TypeError):
        eventwire.code(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(eventwire.EmptyInput):
        eventwire.code("   \n")
    with pytest.raises(TypeError, match=r"eventwire\.code"):
        eventwire.code_many("one article as a string")
    with pytest.raises(ValueError, match="workers"):
        eventwire.code_many([TALKS], workers=0)
    with pytest.raises(eventwire.InputError, match="date"):
        eventwire.code_many([TALKS], date="10/11/2023")


def test_default_pipeline_is_made_once() -> None:
    assert default_pipeline() is default_pipeline() is default_pipeline(1) is default_pipeline(workers=1)
    assert default_pipeline(2) is not default_pipeline()
    assert default_pipeline(2).options.n_process == 2


@pytest.mark.model
def test_code_returns_an_article_dated_by_date(pipeline: Pipeline) -> None:
    assert pipeline is default_pipeline()  # the session's model is the one code() uses
    article = eventwire.code(TALKS, date=dt.date(2024, 3, 4), title="Talks", url="https://example.org/a")
    assert isinstance(article, eventwire.Article)
    assert (article.title, article.url, article.published) == ("Talks", "https://example.org/a", "2024-03-04")
    assert article.text == TALKS  # coded as given: offsets point into the caller's text
    meet = [e for e in article.events if e.root == "04"]
    assert meet and meet[0].date == "2024-03-04"
    assert meet[0].source is not None and meet[0].source.code == "KENGOV"
    assert_valid_record(article.to_dict())


@pytest.mark.model
def test_code_refuses_other_languages() -> None:
    german = (
        "Der Bundeskanzler hat heute in Berlin mit dem französischen Präsidenten über die Lage gesprochen."
    )
    with pytest.raises(eventwire.UnsupportedLanguage):
        eventwire.code(german)


def _items() -> Iterator[object]:
    """A generator (the stream is read lazily) mixing good and bad items."""
    yield TALKS
    yield ""
    yield {"text": ARREST, "id": "cl-1", "date": "2024-01-05", "title": "Arrests"}
    yield {"title": "no text"}
    yield {"text": ARREST, "date": "5 Jan"}
    yield 42
    yield {"text": "NAIROBI, March 4 (Reuters) - " + TALKS, "date": dt.date(2024, 3, 5)}


@pytest.mark.model
def test_code_many_yields_one_result_per_item_in_order() -> None:
    results = list(eventwire.code_many(_items(), date="2024-03-04"))  # type: ignore[arg-type]
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article", "Failure", "Article", "Failure", "Failure", "Failure", "Article"]
    failures = {r.origin: r.error for r in results if isinstance(r, eventwire.Failure)}
    assert isinstance(failures["items[1]"], eventwire.EmptyInput)
    assert '"text"' in failures["items[3]"].message
    assert '"date"' in failures["items[4]"].message
    assert "int" in failures["items[5]"].message
    first, second, third = (r for r in results if isinstance(r, eventwire.Article))
    assert first.published == "2024-03-04"  # the date argument for items without one
    assert (second.id, second.title, second.published) == ("cl-1", "Arrests", "2024-01-05")
    assert third.text == TALKS  # a dict is read as a JSONL line: the dateline leaves the body
    assert third.published == "2024-03-05"
    for article in (first, second, third):
        assert_valid_record(article.to_dict())


@pytest.mark.model
def test_code_many_with_workers_gives_the_same_records() -> None:
    items = [TALKS, {"text": ARREST, "id": "cl-1", "date": "2024-01-05"}, "", ARREST]
    one = list(eventwire.code_many(items, date="2024-03-04"))  # type: ignore[arg-type]
    two = list(eventwire.code_many(items, workers=2, date="2024-03-04"))  # type: ignore[arg-type]
    assert [type(r) for r in two] == [type(r) for r in one]
    assert [r.to_dict() for r in two if isinstance(r, eventwire.Article)] == [
        r.to_dict() for r in one if isinstance(r, eventwire.Article)
    ]
    assert [r.origin for r in two if isinstance(r, eventwire.Failure)] == ["items[2]"]
