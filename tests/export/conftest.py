"""Hand-built article records and a small gazetteer, shared by the export tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from eventwire.export.geo import GeoFacts
from eventwire.kb.gazetteer import Gazetteer
from eventwire.kb.gazetteer_build import Row, normalize_name
from eventwire.store import Store, schema
from eventwire.store.writer import write_article

TEXT = (
    "US Secretary of State Antony Blinken met Indian Defence Minister Rajnath Singh in New Delhi. "
    '"We agree on the\tway ahead," Blinken said. Police in Austin arrested protesters on Friday.'
)
BLINKEN = TEXT.index("Antony Blinken")
SINGH = TEXT.index("Rajnath Singh")
DELHI = TEXT.index("New Delhi")
QUOTE = TEXT.index('"We agree')
SAID = TEXT.index("Blinken said")
AUSTIN = TEXT.index("Austin")
POLICE = TEXT.index("Police")


def side(actor: str | None, code: str | None, country: str | None, text: str, start: int) -> dict[str, Any]:
    return {
        "actor": actor,
        "code": code,
        "country": country,
        "text": text,
        "span": [start, start + len(text)],
    }


def event(
    eid: str,
    cameo: str,
    *,
    source: dict[str, Any] | None,
    target: dict[str, Any] | None,
    sentence: int = 0,
    plover: dict[str, Any] | None = None,
    date: str | None = None,
    location: dict[str, Any] | None = None,
    tone: float | None = 0.25,
    **extra: Any,
) -> dict[str, Any]:
    root = cameo[:2]
    quad = 1 if root <= "05" else 2 if root <= "09" else 3 if root <= "14" else 4
    return {
        "id": eid,
        "sentence": sentence,
        "span": [0, 3],
        "trigger": extra.pop("trigger", "met"),
        "source": source,
        "target": target,
        "cameo": cameo,
        "root": root,
        "quad_class": quad,
        "goldstein": extra.pop("goldstein", 1.0),
        "plover": plover,
        "date": date,
        "date_text": None,
        "location": location,
        "negated": extra.pop("negated", False),
        "modality": extra.pop("modality", "asserted"),
        "historical": extra.pop("historical", False),
        "confidence": 0.9,
        "evidence": {
            "sentence_text": extra.pop("sentence_text", TEXT[:92]),
            "rule": "meet",
            "explanation": "x",
        },
        "tone": tone,
        "themes": [],
    }


def record(aid: str = "a1", *, url: str | None = "https://www.example.org/a1", **over: Any) -> dict[str, Any]:
    """An article about a meeting in New Delhi (040), a statement (010) and an arrest in Austin (173)."""
    us = side("A1", "USAGOV", "USA", "Blinken", BLINKEN)
    india = side("A2", "INDGOV", "IND", "Singh", SINGH)
    delhi = {"name": "New Delhi", "country": "IND", "lat": 28.6139, "lon": 77.209, "geonameid": 1261481}
    austin = {"name": "Austin", "country": "USA", "lat": 30.26715, "lon": -97.74306, "geonameid": 4671654}
    rec: dict[str, Any] = {
        "schema": "eventwire/1",
        "id": aid,
        "url": url,
        "title": "Blinken in Delhi — talks",
        "published": "2023-11-10",
        "source": "Example News",
        "credits": [],
        "authors": ["Jane Roe"],
        "language": "en",
        "sections": [],
        "text": TEXT,
        "actors": [
            {
                "id": "A1",
                "name": "Antony Blinken",
                "kind": "person",
                "title": "Secretary of State",
                "country": "USA",
                "sector": "GOV",
                "code": "USAGOV",
                "mentions": [[BLINKEN, BLINKEN + 14], [SAID, SAID + 7]],
            },
            {
                "id": "A2",
                "name": "Rajnath Singh",
                "kind": "person",
                "title": "Defence Minister",
                "country": "IND",
                "sector": "GOV",
                "code": "INDGOV",
                "mentions": [[SINGH, SINGH + 13]],
            },
            {
                "id": "A3",
                "name": "Austin police",
                "kind": "organization",
                "title": None,
                "country": "USA",
                "sector": "COP",
                "code": "USACOP",
                "mentions": [[POLICE, POLICE + 6]],
            },
        ],
        "events": [
            event(
                "E1",
                "040",
                source=us,
                target=india,
                plover={"type": "CONSULT", "mode": None, "context": []},
                location=delhi,
            ),
            event("E2", "010", source=us, target=None, sentence=1, trigger="said", tone=-0.5),
            event(
                "E3",
                "173",
                source=side("A3", "USACOP", "USA", "Police", POLICE),
                target=side(None, "USACVL", "USA", "protesters", TEXT.index("protesters")),
                sentence=2,
                plover={"type": "COERCE", "mode": "arrest", "context": []},
                date="2023-11-03",
                location=austin,
                goldstein=-5.0,
                trigger="arrested",
                tone=None,
            ),
        ],
        "quotes": [
            {
                "text": "We agree on the\tway ahead,",
                "span": [QUOTE + 1, QUOTE + 27],
                "kind": "direct",
                "cue": "said",
                "speaker": {"actor": "A1", "name": "Blinken", "span": [SAID, SAID + 7]},
            },
        ],
        "dates": [
            {
                "text": "Friday",
                "span": [TEXT.index("Friday"), TEXT.index("Friday") + 6],
                "value": "2023-11-03",
                "granularity": "day",
            }
        ],
        "places": [
            {"text": "New Delhi", "span": [DELHI, DELHI + 9], "kind": "city", **delhi},
            {"text": "Austin", "span": [AUSTIN, AUSTIN + 6], "kind": "city", **austin},
            {
                "text": "Indian",
                "span": [SINGH - 24, SINGH - 18],
                "name": "India",
                "country": "IND",
                "lat": 22.0,
                "lon": 79.0,
                "geonameid": 1269750,
                "kind": "country",
            },
        ],
        "themes": [
            {"id": "diplomacy", "label": "Diplomacy", "gkg": "DIPLOMACY", "score": 2.0, "evidence": ["met"]},
            {"id": "protest", "label": "Protest", "gkg": "PROTEST", "score": 1.0, "evidence": ["protesters"]},
            {"id": "ours", "label": "Ours only", "gkg": None, "score": 1.0, "evidence": ["talks"]},
        ],
        "tone": {
            "score": -1.5,
            "positive": 2.5,
            "negative": 4.0,
            "polarity": 6.5,
            "compound": 0.1,
            "words": 30,
            "sentences": 3,
        },
    }
    rec.update(over)
    return rec


def store_with(store: Store, *records: dict[str, Any]) -> Store:
    """``store`` with these records written in one transaction."""
    with store.begin() as conn:
        for rec in records:
            write_article(conn, rec, input_name=f"{rec['id']}.txt")
    return store


def put_in_story(store: Store, event_ids: list[str], *, mentions: int, articles: int, sources: int) -> None:
    """Make a story holding these events, as dedup would."""
    with store.begin() as conn:
        story = conn.execute(
            schema.stories.insert().values(
                root="04", cameo="040", num_mentions=mentions, num_articles=articles, num_sources=sources
            )
        ).inserted_primary_key[0]
        conn.execute(update(schema.events).where(schema.events.c.id.in_(event_ids)).values(story_id=story))


# (geonameid, name, ISO3, lat, lon, kind, population, capital, admin1, feature)
_PLACES: list[Row] = [
    (6252001, "United States", "USA", 39.76, -98.5, "country", 327_000_000, False, None, "PCLI"),
    (1269750, "India", "IND", 22.0, 79.0, "country", 1_350_000_000, False, None, "PCLI"),
    (1261481, "New Delhi", "IND", 28.6139, 77.209, "city", 317_797, True, "07", "PPLC"),
    (4671654, "Austin", "USA", 30.26715, -97.74306, "city", 974_447, False, "TX", "PPLA"),
]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """A four-place gazetteer: enough for the country centres and admin1 codes of the records."""
    index: dict[str, tuple[int, ...]] = {}
    for i, row in enumerate(_PLACES):
        index[normalize_name(row[1])] = (*index.get(normalize_name(row[1]), ()), i)
    return Gazetteer(_PLACES, index)


@pytest.fixture
def facts(gazetteer: Gazetteer) -> GeoFacts:
    return GeoFacts(gazetteer=gazetteer)
