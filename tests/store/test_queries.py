"""Reading the store: filters, pagination, timelines and counts on hand-built records, both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from eventwire.errors import QueryError
from eventwire.store import Store, schema
from eventwire.store.filters import EventFilter, check_filter, decode_cursor, encode_cursor, event_branches
from eventwire.store.queries import (
    _month_counts,
    _newest_parts,
    count_events,
    dyad_timeline,
    get_article,
    get_event,
    select_actors,
    select_events,
    select_stories,
    stats,
)
from eventwire.store.writer import write_article

Side = tuple[str | None, str | None, str | None, str]  # actor id, CAMEO code, country, text


def event(
    eid: str,
    source: Side,
    target: Side | None,
    cameo: str,
    quad: int,
    goldstein: float,
    sentence: str,
    *,
    date: str | None = None,
    negated: bool = False,
    historical: bool = False,
) -> dict[str, Any]:
    """One event of the output contract, with only what the store reads."""

    def side(s: Side | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {"actor": s[0], "code": s[1], "country": s[2], "text": s[3], "span": [0, len(s[3])]}

    return {
        "id": eid,
        "sentence": 0,
        "span": [0, 3],
        "trigger": sentence.split()[1],
        "source": side(source),
        "target": side(target),
        "cameo": cameo,
        "root": cameo[:2],
        "quad_class": quad,
        "goldstein": goldstein,
        "plover": None,
        "date": date,
        "location": None,
        "negated": negated,
        "modality": "asserted",
        "historical": historical,
        "confidence": 0.8,
        "evidence": {"sentence_text": sentence, "rule": "test", "explanation": f"{eid} because"},
    }


def article(
    aid: str, published: str, source: str, events: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """An article record; ``extra`` adds actors and quotes."""
    return {
        "schema": "eventwire/1",
        "id": aid,
        "url": f"https://example.org/{aid}",
        "title": f"Title {aid}",
        "published": published,
        "source": source,
        "language": "en",
        "text": " ".join(e["evidence"]["sentence_text"] for e in events) or aid,
        "actors": extra.get("actors", []),
        "events": events,
        "quotes": extra.get("quotes", []),
        "places": [],
    }


BLINKEN: Side = ("A1", "USAGOV", "USA", "Blinken")
SINGH: Side = ("A2", "INDGOV", "IND", "Singh")
INDIA: Side = (None, "IND", "IND", "India")
USA: Side = (None, "USA", "USA", "Washington")
CHINA: Side = (None, "CHN", "CHN", "Beijing")
UN: Side = (None, "IGOUNO", None, "the UN")
RUSSIA: Side = (None, "RUS", "RUS", "Russia")
UKRAINE: Side = (None, "UKR", "UKR", "Ukraine")


def records() -> list[dict[str, Any]]:
    """Four articles (one a duplicate) whose events cover every filter the tests try."""
    a1 = article(
        "a1",
        "2023-11-10",
        "Reuters",
        [
            event("E1", BLINKEN, SINGH, "040", 1, 1.0, "Blinken met Singh in New Delhi."),
            event("E2", INDIA, USA, "036", 1, 4.0, "India wants to cooperate with Washington."),
        ],
        actors=[
            {"id": "A1", "name": "Antony Blinken", "kind": "person", "country": "USA", "code": "USAGOV",
             "mentions": [[0, 7]]},
            {"id": "A2", "name": "Rajnath Singh", "kind": "person", "country": "IND", "code": "INDGOV",
             "mentions": [[12, 17], [40, 45]]},
        ],
        quotes=[{"text": "We agree", "span": [0, 8], "kind": "direct", "cue": "said",
                 "speaker": {"actor": "A1", "name": "Blinken", "span": [0, 7]}}],
    )  # fmt: skip
    a2 = article(
        "a2",
        "2023-12-02",
        "BBC",
        [
            event("E1", CHINA, USA, "112", 3, -2.0, "Beijing accused Washington of meddling."),
            event("E2", USA, CHINA, "190", 4, -10.0, "Washington did not attack Beijing.", negated=True),
            event("E3", UN, CHINA, "020", 1, 3.0, "The UN appealed to Beijing over 50% of_the funds."),
        ],
    )
    a3 = article(
        "a3",
        "2024-01-15",
        "AP",
        [
            event("E1", USA, INDIA, "0231", 1, 3.4, "Washington sought aid from India in December.",
                  date="2023-12", historical=True),
            event("E2", RUSSIA, UKRAINE, "190", 4, -10.0, "Russia attacked Ukraine that year.", date="2024"),
        ],
    )  # fmt: skip
    return [a1, a2, a3]


@pytest.fixture
def filled(store: Store) -> Store:
    """The records stored, a near-duplicate of a1, one story of the USA-IND events, one failure."""
    with store.begin() as conn:
        for rec in records():
            write_article(conn, rec, input_name=f"{rec['id']}.txt")
        copy = article("a4", "2023-11-11", "Copy", [])
        write_article(conn, copy, duplicate_of="a1", similarity=0.95)
        story = conn.execute(
            schema.stories.insert().values(
                root="04", cameo="040", source_country="USA", target_country="IND", source_code="USAGOV",
                target_code="INDGOV", first_date="2023-11-10", last_date="2023-12", quad_class=1,
                num_mentions=2, num_articles=2, num_sources=2, headline="Title a1",
            )
        ).inserted_primary_key[0]  # fmt: skip
        conn.execute(
            schema.events.update().where(schema.events.c.id.in_(["a1:E1", "a3:E1"])).values(story_id=story)
        )
        conn.execute(
            schema.stories.insert().values(
                root="11", cameo="112", source_country="CHN", target_country="USA",
                first_date="2023-12-02", last_date="2023-12-02", quad_class=3,
                num_mentions=1, num_articles=1, num_sources=1, headline="Title a2",
            )
        )  # fmt: skip
        conn.execute(
            schema.failures.insert().values(input_name="bad.txt", code="E012", reason="empty", last_seen="x")
        )
    return store


def ids(store: Store, **filters: Any) -> list[str]:
    with store.connect() as conn:
        return [row["id"] for row in select_events(conn, EventFilter(**filters)).items]


def test_events_are_newest_first_without_negated_ones(filled: Store) -> None:
    # a month-only date (a3:E1) follows the days of its month; a year-only one (a3:E2) comes last;
    # a2:E2 is negated: left out by default
    assert ids(filled) == ["a2:E3", "a2:E1", "a3:E1", "a1:E2", "a1:E1", "a3:E2"]
    assert "a2:E2" in ids(filled, include_negated=True)
    assert "a3:E1" not in ids(filled, include_historical=False)


def test_rows_carry_article_and_story_fields(filled: Store) -> None:
    with filled.connect() as conn:
        row = select_events(conn, EventFilter(source="USA", target="IND", limit=1)).items[0]
    assert (row["id"], row["date"], row["day"], row["month"]) == ("a3:E1", "2023-12", 0, 202312)
    assert (row["article_title"], row["article_source"], row["article_published"]) == (
        "Title a3",
        "AP",
        "2024-01-15",
    )
    assert (row["story_articles"], row["story_events"], row["historical"]) == (2, 2, True)


FILTER_CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"source": "USA"}, {"a1:E1", "a3:E1"}),
    ({"source": "usa", "include_negated": True}, {"a1:E1", "a3:E1", "a2:E2"}),
    ({"source": "USAGOV"}, {"a1:E1"}),
    ({"target": "USA"}, {"a1:E2", "a2:E1"}),
    ({"dyad": ("USA", "IND")}, {"a1:E1", "a1:E2", "a3:E1"}),
    ({"dyad": ("IND", "USA")}, {"a1:E1", "a1:E2", "a3:E1"}),
    ({"dyad": ("USAGOV", "IND")}, {"a1:E1"}),
    ({"source": "IGO"}, {"a2:E3"}),
    ({"dyad": ("IGOUNO", "CHN")}, {"a2:E3"}),
    ({"root": "04"}, {"a1:E1"}),
    ({"code": "023"}, {"a3:E1"}),
    ({"code": "0231"}, {"a3:E1"}),
    ({"code": "02"}, {"a2:E3", "a3:E1"}),
    ({"quad": 4}, {"a3:E2"}),
    ({"quad": 1, "source": "USA"}, {"a1:E1", "a3:E1"}),
    ({"since": "2023-12-01"}, {"a2:E1", "a2:E3", "a3:E1"}),  # the month-only 2023-12 is in range
    ({"since": "2023-12-05"}, {"a3:E1"}),
    ({"until": "2023-11-30"}, {"a1:E1", "a1:E2"}),  # the year-only event is left out
    ({"since": "2023-11", "until": "2023-11"}, {"a1:E1", "a1:E2"}),
    ({"since": "2024"}, set()),
    ({"text": "beijing WASHINGTON"}, {"a2:E1"}),
    ({"text": "50%"}, {"a2:E3"}),
    ({"text": "%"}, {"a2:E3"}),
    ({"text": "5_"}, set()),  # "_" is a character here, not a wildcard that would match "50"
    ({"text": "of_the"}, {"a2:E3"}),
    ({"actor": "antony"}, {"a1:E1"}),  # the full name of the source actor
    ({"actor": "singh"}, {"a1:E1"}),
    ({"actor": "india"}, {"a1:E2", "a3:E1"}),  # the side's text
    ({"article": "a2"}, {"a2:E1", "a2:E3"}),
    ({"article": "a4"}, set()),  # a duplicate has no events of its own
    ({"dyad": ("RUS", "UKR"), "root": "19"}, {"a3:E2"}),
]


def test_filters(filled: Store) -> None:
    # one store for every case: a fresh PostgreSQL database per case would make this slow
    wrong = []
    for filters, expected in FILTER_CASES:
        found = ids(filled, **filters)
        with filled.connect() as conn:
            counted = count_events(conn, EventFilter(**filters))
        if sorted(found) != sorted(expected) or counted != len(expected):
            wrong.append((filters, sorted(found), counted))
    assert wrong == []


def test_story_filter(filled: Store) -> None:
    with filled.connect() as conn:
        story = conn.execute(select(schema.stories.c.id).where(schema.stories.c.root == "04")).scalar_one()
    assert set(ids(filled, story=story)) == {"a1:E1", "a3:E1"}


BAD_FILTERS: list[tuple[dict[str, Any], str]] = [
    ({"root": "4x"}, "root"),
    ({"root": "21"}, "root"),
    ({"code": "04a"}, "code"),
    ({"code": "99"}, "code"),
    ({"quad": 7}, "quad"),
    ({"quad": True}, "quad"),
    ({"since": "yesterday"}, "since"),
    ({"since": "2023-02-30"}, "since"),
    ({"until": "2023-13"}, "until"),
    ({"since": "2024-01-01", "until": "2023-01-01"}, "since"),
    ({"source": "US"}, "source"),
    ({"target": "ZZZ"}, "target"),
    ({"dyad": ("USA",)}, "dyad"),
    ({"dyad": ("USA", "U$A")}, "dyad"),
    ({"limit": 0}, "limit"),
    ({"limit": 10_001}, "limit"),
    ({"text": "   "}, "text"),
    ({"text": " ".join(["w"] * 21)}, "text"),
    ({"story": "one"}, "story"),
    ({"cursor": "not-a-cursor"}, "cursor"),
]


@pytest.mark.parametrize(("filters", "named"), BAD_FILTERS)
def test_bad_filters_name_the_filter(filters: dict[str, Any], named: str) -> None:
    # checked before any SQL is built, so no store is needed
    with pytest.raises(QueryError) as info:
        check_filter(EventFilter(**filters))
    assert info.value.message.startswith(f"{named}:")


INJECTIONS = [
    "'; DROP TABLE events; --",
    "USA' OR '1'='1",
    '" OR ""="',
    "1; DELETE FROM articles",
    "%' OR 1=1 --",
    "a1' UNION SELECT record FROM articles --",
]


def test_sql_injection_finds_nothing_and_harms_nothing(filled: Store) -> None:
    for value in INJECTIONS:
        _try_to_inject(filled, value)


def _try_to_inject(filled: Store, value: str) -> None:
    for name in ("source", "target", "root", "code", "since", "until", "story", "cursor"):
        with pytest.raises(QueryError), filled.connect() as conn:
            select_events(conn, EventFilter(**{name: value}))
    with pytest.raises(QueryError), filled.connect() as conn:
        select_events(conn, EventFilter(dyad=(value, "USA")))
    for name in ("text", "actor", "article"):
        assert ids(filled, **{name: value}) == []
    with filled.connect() as conn:
        assert get_event(conn, value) is None
        assert get_article(conn, value) is None
        assert select_actors(conn, name=value) == []
        with pytest.raises(QueryError):
            select_actors(conn, country=value)
        with pytest.raises(QueryError):
            dyad_timeline(conn, value, "USA")
        counts = [
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (schema.articles, schema.events, schema.actors)
        ]
    assert counts == [4, 7, 2]


def test_pages_cover_every_row_exactly_once(filled: Store) -> None:
    everything = ids(filled, include_negated=True, limit=1000)
    seen: list[str] = []
    cursor = None
    with filled.connect() as conn:
        for _ in range(20):
            page = select_events(conn, EventFilter(include_negated=True, limit=2, cursor=cursor))
            assert len(page.items) <= 2
            seen += [row["id"] for row in page.items]
            cursor = page.next
            if cursor is None:
                break
    assert seen == everything and len(set(seen)) == len(seen) == 7


def test_a_cursor_of_another_listing_is_refused() -> None:
    assert decode_cursor("events", encode_cursor("events", [1, 2, "x"]), (int, int, str)) == [1, 2, "x"]
    with pytest.raises(QueryError, match="cursor"):
        decode_cursor("events", encode_cursor("stories-size", [1, 2]), (int, int, str))
    with pytest.raises(QueryError, match="cursor"):
        decode_cursor("events", encode_cursor("events", ["1", 2, "x"]), (int, int, str))


def test_get_event_has_evidence_and_article(filled: Store) -> None:
    with filled.connect() as conn:
        found = get_event(conn, "a2:E3")
        assert get_event(conn, "a2:E9") is None
    assert found is not None
    assert found["evidence"]["explanation"] == "E3 because"
    assert found["record"]["cameo"] == "020"
    assert (found["article_url"], found["source_code"], found["source_country"]) == (
        "https://example.org/a2",
        "IGOUNO",
        None,
    )


def test_get_article_returns_the_stored_record(filled: Store) -> None:
    with filled.connect() as conn:
        rec = get_article(conn, "a1")
    assert rec == records()[0]


def test_actors_are_grouped_with_counts(filled: Store) -> None:
    with filled.connect() as conn:
        everyone = select_actors(conn)
        indian = select_actors(conn, country="IND")
        named = select_actors(conn, name="BLINK")
    assert [a["name"] for a in everyone] == ["Antony Blinken", "Rajnath Singh"]
    blinken = everyone[0]
    assert (blinken["articles"], blinken["mentions"], blinken["as_source"], blinken["as_target"]) == (
        1,
        1,
        1,
        0,
    )
    assert [(a["name"], a["mentions"], a["as_target"]) for a in indian] == [("Rajnath Singh", 2, 1)]
    assert [a["code"] for a in named] == ["USAGOV"]


def test_stories_filter_order_and_pages(filled: Store) -> None:
    with filled.connect() as conn:
        recent = select_stories(conn, EventFilter())
        by_size = select_stories(conn, EventFilter(limit=1), order="size")
        second = select_stories(conn, EventFilter(limit=1, cursor=by_size.next), order="size")
        dyad = select_stories(conn, EventFilter(dyad=("IND", "USA")))
        late = select_stories(conn, EventFilter(since="2023-12-10"))  # the USA-IND story ends 2023-12
        with pytest.raises(QueryError, match=r"\] text:"):
            select_stories(conn, EventFilter(text="x"))
        with pytest.raises(QueryError, match=r"\] cursor:"):
            select_stories(conn, EventFilter(cursor=by_size.next), order="recent")
    assert [s["root"] for s in recent.items] == ["11", "04"]
    assert [s["root"] for s in by_size.items + second.items] == ["04", "11"] and second.next is None
    assert [s["root"] for s in dyad.items] == ["04"]
    assert [s["root"] for s in late.items] == ["04"]


def test_dyad_timeline_counts_every_event_once(filled: Store) -> None:
    with filled.connect() as conn:
        line = dyad_timeline(conn, "USA", "IND")
        total = count_events(conn, EventFilter(dyad=("USA", "IND")))
        china = dyad_timeline(conn, "CHN", "USA", include_negated=True)
        empty = dyad_timeline(conn, "USA", "IND", since="2025-01-01")
    assert line.total == total == 3
    assert [(m.month, m.quad, m.total) for m in line.months] == [
        ("2023-11", (2, 0, 0, 0), 2),
        ("2023-12", (1, 0, 0, 0), 1),
    ]
    assert line.months[0].goldstein == 2.5
    assert [s["headline"] for s in line.stories] == ["Title a1"]
    assert [(q["text"], q["speaker_country"]) for q in line.quotes] == [("We agree", "USA")]
    assert [(m.month, m.quad, m.goldstein) for m in china.months] == [("2023-12", (0, 0, 1, 1), -6.0)]
    assert empty.months == [] and empty.total == 0


def test_timeline_fills_empty_months_and_keeps_undated(filled: Store) -> None:
    with filled.begin() as conn:
        late = article(
            "a5", "2024-03-02", "AP", [event("E1", RUSSIA, UKRAINE, "190", 4, -10.0, "Russia hit Kyiv.")]
        )
        write_article(conn, late)
    with filled.connect() as conn:
        line = dyad_timeline(conn, "UKR", "RUS")
    assert [m.month for m in line.months] == ["2024-03"] and line.undated == 1 and line.total == 2
    with filled.begin() as conn:
        early = article(
            "a6", "2023-12-30", "AP", [event("E1", UKRAINE, RUSSIA, "111", 3, -2.0, "Kyiv blamed Moscow.")]
        )
        write_article(conn, early)
    with filled.connect() as conn:
        line = dyad_timeline(conn, "UKR", "RUS")
    assert [(m.month, m.total) for m in line.months] == [
        ("2023-12", 1), ("2024-01", 0), ("2024-02", 0), ("2024-03", 1)
    ]  # fmt: skip
    assert line.months[1].goldstein is None
    assert line.to_dict()["total"] == 3


def test_stats(filled: Store) -> None:
    with filled.connect() as conn:
        found = stats(conn)
    assert found == {
        "articles": 4,
        "duplicates": 1,
        "events": 7,
        "stories": 2,
        "actors": 2,
        "quotes": 1,
        "places": 0,
        "failures": 1,
        "first_date": "2023-11-10",
        "last_date": "2023-12-02",
    }


def test_stats_of_an_empty_store(store: Store) -> None:
    with store.connect() as conn:
        found = stats(conn)
    assert (found["events"], found["first_date"], found["last_date"]) == (0, None, None)


PLANS: list[tuple[str, dict[str, Any], str]] = [
    # (what, filter, the index its SQLite plan must use)
    ("page", {"dyad": ("USA", "CHN")}, "ix_events_dyad"),
    ("page", {"dyad": ("USA", "CHN"), "since": "2024-01-15", "quad": 4}, "ix_events_dyad"),
    ("page", {}, "ix_events_recent"),
    ("page", {"source": "USA"}, "ix_events_source"),
    ("page", {"target": "USA"}, "ix_events_target"),
    ("page", {"root": "19"}, "ix_events_root_month"),
    ("timeline", {"dyad": ("USA", "CHN"), "since": "2024-01-15"}, "COVERING INDEX ix_events_dyad"),
]


@pytest.mark.parametrize(("what", "filters", "index"), PLANS)
def test_sqlite_plans_use_the_indexes(tmp_path: Path, what: str, filters: dict[str, Any], index: str) -> None:
    # EXPLAIN QUERY PLAN on a store without statistics, as `eventwire ingest` leaves it: each
    # listing must be an ordered index search (no sort of every match), a timeline index-only.
    filt = EventFilter(**filters)
    if what == "timeline":
        queries = [_month_counts(conds) for conds in event_branches(filt)]
    else:
        queries = _newest_parts(filt, [], 101)
    with Store(tmp_path / "plans.db") as store, store.connect() as conn:
        for query in queries:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert index in plan, plan
            assert "MULTI-INDEX OR" not in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
            assert what == "page" or "TEMP B-TREE" not in plan, plan
