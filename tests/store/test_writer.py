"""Writing records into the store: every table gets its projection, in the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from eventwire.errors import EmptyInput
from eventwire.store import Store, schema
from eventwire.store.writer import (
    content_hash,
    day_and_month,
    is_known,
    record_failure,
    write_article,
)


def _record(aid: str = "a1", url: str | None = "https://example.org/a1") -> dict[str, Any]:
    text = "US Secretary of State Antony Blinken met Indian Defence Minister Rajnath Singh in New Delhi."
    side_us = {"actor": "A1", "code": "USAGOV", "country": "USA", "text": "Blinken", "span": [0, 40]}
    side_in = {"actor": "A2", "code": "INDGOV", "country": "IND", "text": "Singh", "span": [45, 80]}
    return {
        "schema": "eventwire/1",
        "id": aid,
        "url": url,
        "title": "Talks",
        "published": "2023-11-10",
        "source": "Example News",
        "language": "en",
        "text": text,
        "actors": [
            {"id": "A1", "name": "Antony Blinken", "kind": "person", "country": "USA", "mentions": [[0, 40]]},
            {"id": "A2", "name": "Rajnath Singh", "kind": "person", "country": "IND", "mentions": [[45, 80]]},
        ],
        "events": [
            {
                "id": "E1",
                "sentence": 0,
                "span": [41, 44],
                "trigger": "met",
                "source": side_us,
                "target": side_in,
                "cameo": "040",
                "root": "04",
                "quad_class": 1,
                "goldstein": 1.0,
                "plover": {"type": "CONSULT", "mode": None, "context": []},
                "date": None,
                "location": {"name": "New Delhi", "country": "IND", "lat": 28.6, "lon": 77.2, "geonameid": 1},
                "negated": False,
                "modality": "asserted",
                "historical": False,
                "confidence": 0.9,
                "evidence": {"sentence_text": text, "rule": "meet", "explanation": "x"},
            }
        ],
        "quotes": [
            {
                "text": "We agree",
                "span": [0, 8],
                "kind": "direct",
                "cue": "said",
                "speaker": {"actor": "A1", "name": "Blinken", "span": [0, 7]},
            }
        ],
        "places": [
            {
                "text": "New Delhi",
                "span": [84, 93],
                "name": "New Delhi",
                "country": "IND",
                "lat": 28.6,
                "lon": 77.2,
                "geonameid": 1,
                "kind": "city",
            }
        ],
    }


def _count(store: Store, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_record_fills_every_table(store: Store) -> None:
    with store.begin() as conn:
        write_article(conn, _record(), input_name="a1.txt")
    assert [_count(store, t) for t in (schema.articles, schema.actors, schema.events)] == [1, 2, 1]
    assert [_count(store, t) for t in (schema.quotes, schema.places)] == [1, 1]
    with store.connect() as conn:
        ev = conn.execute(select(schema.events)).mappings().one()
        q = conn.execute(select(schema.quotes)).mappings().one()
        rec = json.loads(conn.execute(select(schema.articles.c.record)).scalar_one())
    # An undated event takes the publication date; the quote's speaker country comes from its actor.
    assert (ev["id"], ev["date"], ev["day"], ev["month"]) == ("a1:E1", "2023-11-10", 20231110, 202311)
    assert (ev["source_country"], ev["target_country"], ev["location_name"]) == ("USA", "IND", "New Delhi")
    assert q["speaker_country"] == "USA"
    assert rec["title"] == "Talks"


def test_a_duplicate_keeps_its_record_but_not_its_events(store: Store) -> None:
    with store.begin() as conn:
        write_article(conn, _record())
        write_article(conn, _record("a2", url=None), duplicate_of="a1", similarity=0.93)
    assert _count(store, schema.articles) == 2
    assert _count(store, schema.events) == 1


def test_known_articles_are_found_by_url_then_by_content(store: Store) -> None:
    rec = _record()
    with store.begin() as conn:
        write_article(conn, rec)
    with store.connect() as conn:
        assert is_known(conn, url=rec["url"], chash="x") == "a1"
        assert is_known(conn, url=None, chash=content_hash("  " + rec["text"].upper())) == "a1"
        assert is_known(conn, url="https://other", chash="y") is None


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    bad = _record()
    bad["events"][0]["cameo"] = None  # violates NOT NULL after the article row went in
    with pytest.raises(Exception), store.begin() as conn:  # noqa: B017 - the driver's own error
        write_article(conn, bad)
    assert _count(store, schema.articles) == 0


def test_failures_are_kept_once_per_input(store: Store) -> None:
    with store.begin() as conn:
        record_failure(conn, "empty.txt", EmptyInput("empty.txt", "the file is empty"))
        record_failure(conn, "empty.txt", EmptyInput("empty.txt", "the file is empty"))
    with store.connect() as conn:
        row = conn.execute(select(schema.failures)).mappings().one()
    assert (row["attempts"], row["code"]) == (2, "E012")


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2023-11-10", (20231110, 202311)), ("2023-11", (0, 202311)), ("2023", (0, 0)), (None, (0, 0))],
)
def test_day_and_month(date: str | None, expected: tuple[int, int]) -> None:
    assert day_and_month(date) == expected
