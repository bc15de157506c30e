"""Stories: reports of one happening by several outlets share a story with the right counts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from eventwire.dedup import assign_stories
from eventwire.dedup.stories import event_day, outlet
from eventwire.store import Store, schema
from eventwire.store.writer import write_article

GOLDSTEIN = {"040": 1.0, "042": 1.9, "043": 2.8, "036": 4.0, "130": -4.4, "190": -10.0}


def _side(country: str | None, code: str | None = None) -> dict[str, Any] | None:
    if country is None and code is None:
        return None
    return {
        "actor": None,
        "code": code or (country + "GOV" if country else None),
        "country": country,
        "text": country or code,
        "span": [0, 3],
    }


def _event(
    eid: str,
    cameo: str = "040",
    source: str | None = "USA",
    target: str | None = "IND",
    *,
    date: str | None = None,
    place: str | None = "IND",
    **flags: Any,
) -> dict[str, Any]:
    return {
        "id": eid,
        "sentence": 0,
        "span": [10 * int(eid[1:]), 10 * int(eid[1:]) + 4],
        "trigger": "met",
        "source": _side(source) if source != "REB" else _side(None, "REB"),
        "target": _side(target),
        "cameo": cameo,
        "root": cameo[:2],
        "quad_class": {"0": 1, "1": 3}[cameo[0]] if cameo[:2] != "19" else 4,
        "goldstein": GOLDSTEIN[cameo],
        "plover": None,
        "date": date,
        "location": {"name": "New Delhi", "country": place} if place else None,
        "negated": flags.get("negated", False),
        "modality": flags.get("modality", "asserted"),
        "historical": flags.get("historical", False),
        "confidence": 0.8,
        "evidence": {"sentence_text": "...", "rule": "test", "explanation": "test"},
    }


def _article(
    store: Store,
    aid: str,
    events: list[dict[str, Any]],
    *,
    published: str = "2023-11-10",
    source: str | None = "Reuters",
    url: str | None = None,
    title: str | None = None,
) -> str:
    rec = {
        "schema": "eventwire/1",
        "id": aid,
        "url": url,
        "title": title or f"Title of {aid}",
        "published": published,
        "source": source,
        "language": "en",
        "text": f"Body of {aid}.",
        "actors": [],
        "events": events,
        "quotes": [],
        "places": [],
    }
    with store.begin() as conn:
        write_article(conn, rec)
    return aid


def _assign(store: Store, ids: list[str]) -> int:
    with store.begin() as conn:
        return assign_stories(conn, ids)


def _story_of(store: Store) -> dict[str, int | None]:
    with store.connect() as conn:
        rows = conn.execute(select(schema.events.c.id, schema.events.c.story_id)).all()
    return {eid: sid for eid, sid in rows}


def _stories(store: Store) -> list[dict[str, Any]]:
    with store.connect() as conn:
        return [
            dict(r) for r in conn.execute(select(schema.stories).order_by(schema.stories.c.id)).mappings()
        ]


def test_two_outlets_reports_of_one_meeting_make_one_story(store: Store) -> None:
    # Reuters mentions the meeting twice (met; the visit), the BBC the next day once.
    _article(store, "r1", [_event("E1", "040"), _event("E2", "042")], title="Blinken meets Singh")
    _article(
        store,
        "b1",
        [_event("E1", "040", date="2023-11-10")],
        published="2023-11-11",
        source=None,
        url="https://www.bbc.co.uk/news/1",
    )
    assert _assign(store, ["r1", "b1"]) == 3
    links = _story_of(store)
    assert len(set(links.values())) == 1 and None not in links.values()
    (story,) = _stories(store)
    assert (story["num_mentions"], story["num_articles"], story["num_sources"]) == (3, 2, 2)
    assert (story["root"], story["cameo"], story["quad_class"]) == ("04", "040", 1)
    assert (story["source_country"], story["target_country"]) == ("USA", "IND")
    assert (story["first_date"], story["last_date"]) == ("2023-11-10", "2023-11-10")
    assert (story["location"], story["location_country"]) == ("New Delhi", "IND")
    assert story["goldstein"] == pytest.approx((1.0 + 1.9 + 1.0) / 3, abs=1e-3)
    assert story["headline"] == "Blinken meets Singh"


def test_a_later_batch_joins_a_stored_story_and_a_second_report_of_an_outlet_is_not_a_source(
    store: Store,
) -> None:
    _article(store, "r1", [_event("E1")], published="2023-11-10")
    assert _assign(store, ["r1"]) == 1
    _article(store, "r2", [_event("E1", "043", "IND", "USA")], published="2023-11-12", source="reuters ")
    _article(store, "b1", [_event("E1")], published="2023-11-13", source="bbc.co.uk")
    _article(store, "b2", [_event("E1")], published="2023-11-13", url="https://www.bbc.co.uk/x", source=None)
    assert _assign(store, ["r2", "b1", "b2"]) == 3
    (story,) = _stories(store)
    # "India hosts" (043, reversed) is the same visit; Reuters twice and the BBC twice are 2 outlets.
    assert (story["num_mentions"], story["num_articles"], story["num_sources"]) == (4, 4, 2)
    assert (story["first_date"], story["last_date"]) == ("2023-11-10", "2023-11-13")
    assert story["headline"] == "Title of r1"


def test_what_separates_stories(store: Store) -> None:
    _article(store, "a", [
        _event("E1", "040"),                            # the story
        _event("E2", "040", date="2023-11-20"),         # ten days later: beyond the window
        _event("E3", "190"),                            # another root
        _event("E4", "130", "USA", "IND"),              # a threat ...
        _event("E5", "130", "IND", "USA"),              # ... and the reverse threat: directional
        _event("E6", "040", "IND", "USA"),              # consultation reversed: the same meeting
        _event("E7", "040", place="PAK"),               # elsewhere
        _event("E8", "040", place=None),                # place unknown: joins
    ])  # fmt: skip
    assert _assign(store, ["a"]) == 8
    s = {k.split(":")[1]: v for k, v in _story_of(store).items()}
    assert s["E1"] == s["E6"] == s["E8"]
    others = [s[e] for e in ("E1", "E2", "E3", "E4", "E5", "E7")]
    assert len(set(others)) == 6


def test_events_not_the_business_of_a_story_stay_storyless(store: Store) -> None:
    _article(store, "a", [
        _event("E1", negated=True),
        _event("E2", historical=True),
        _event("E3", modality="hypothetical"),
        _event("E4", "040", modality="intended"),        # an act announced but not re-coded
        _event("E5", "036", modality="intended"),        # the announcement (intent to meet)
        _event("E6", source=None, target=None),          # nobody on either side
        _event("E7", "040", source="USA", target=None),  # one side is enough
        _event("E8", modality="reported"),
    ])  # fmt: skip
    assert _assign(store, ["a"]) == 3
    s = {k.split(":")[1]: v for k, v in _story_of(store).items()}
    assert [e for e, sid in sorted(s.items()) if sid is not None] == ["E5", "E7", "E8"]


def test_sides_without_a_country_match_by_code(store: Store) -> None:
    _article(store, "a", [_event("E1", "190", "REB", "NGA")])
    _article(store, "b", [_event("E1", "190", "REB", "NGA"), _event("E2", "190", "NGA", "NGA")])
    assert _assign(store, ["a", "b"]) == 3
    s = _story_of(store)
    assert s["a:E1"] == s["b:E1"] != s["b:E2"]
    rebels = next(st for st in _stories(store) if st["source_country"] is None)
    assert (rebels["source_code"], rebels["target_country"], rebels["num_articles"]) == ("REB", "NGA", 2)


def test_daily_reports_of_a_long_conflict_split_into_bounded_stories(store: Store) -> None:
    days = [f"2023-11-{d:02d}" for d in range(1, 21)]
    for i, day in enumerate(days):
        _article(store, f"d{i}", [_event("E1", "190", "RUS", "UKR", place="UKR")], published=day)
    assert _assign(store, [f"d{i}" for i in range(len(days))]) == 20
    stories = _stories(store)
    assert len(stories) == 3
    assert all(st["num_mentions"] == 8 or st is stories[-1] for st in stories)
    assert (stories[0]["first_date"], stories[0]["last_date"]) == ("2023-11-01", "2023-11-08")


def test_a_rerun_changes_nothing(store: Store) -> None:
    _article(store, "r1", [_event("E1"), _event("E2", "042")])
    _article(store, "b1", [_event("E1")], source="BBC")
    assert _assign(store, ["r1", "b1"]) == 3
    before = (_stories(store), _story_of(store))
    assert _assign(store, ["r1", "b1", "r1"]) == 0
    assert (_stories(store), _story_of(store)) == before
    assert _assign(store, []) == 0


@pytest.mark.parametrize(
    ("source", "url", "expected"),
    [
        (" Reuters ", "https://www.reuters.com/x", "reuters"),
        (None, "https://www.bbc.co.uk/news/1", "bbc.co.uk"),
        ("", None, "\x00unknown"),
    ],
)
def test_outlet(source: str | None, url: str | None, expected: str) -> None:
    assert outlet(source, url) == expected


def test_event_day_prefers_a_day_precise_event_date() -> None:
    assert str(event_day("2023-11-08", "2023-11-10")) == "2023-11-08"
    assert str(event_day("2023-11", "2023-11-10")) == "2023-11-10"
    assert event_day("2023", "2023-11") is None


def test_a_batch_takes_a_handful_of_statements(store: Store) -> None:
    from sqlalchemy import event

    for i in range(12):
        _article(
            store,
            f"a{i}",
            [
                _event("E1"),
                _event("E2", "190", "RUS", "UKR", place="UKR"),
                _event("E3", "130", "IRN", f"X{i:02d}"),
            ],
        )
    statements: list[str] = []

    def count(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        statements.append(sql.split()[0])

    with store.begin() as conn:
        event.listen(conn, "before_cursor_execute", count)
        assert assign_stories(conn, [f"a{i}" for i in range(12)]) == 36
    # read events, read stories, insert stories, set story ids, read for the recount, update stories
    assert len(statements) <= 6, statements
    assert len(_stories(store)) == 14


def test_a_batch_mixing_distant_dates_joins_the_stories_of_each_period(store: Store) -> None:
    _article(store, "old", [_event("E1")], published="2020-01-10")
    _article(store, "new", [_event("E1")], published="2023-11-10")
    assert _assign(store, ["old", "new"]) == 2
    _article(store, "backfill", [_event("E1", date="2020-01-11"), _event("E2", date="2023-11-09")])
    assert _assign(store, ["backfill"]) == 2
    s = _story_of(store)
    assert s["backfill:E1"] == s["old:E1"] != s["backfill:E2"] == s["new:E1"]
    assert len(_stories(store)) == 2
