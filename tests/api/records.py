"""Hand-built article records for the API and web tests: a few countries over four months.

Each article's text is written here and every span points into it, so the article view can mark
actors, triggers and quotes. One article carries markup in its title and text to prove it is
shown as text.
"""

from __future__ import annotations

from typing import Any

from eventwire.dedup import assign_stories
from eventwire.store import Store
from eventwire.store.writer import write_article

SCRIPT = "<script>alert('owned')</script>"

# (article id, published, title, sentences: (source ISO3, target ISO3, source name, target name,
#  trigger, CAMEO, QuadClass, Goldstein, sentence))
ARTICLES: list[tuple[str, str, str, list[tuple[str, str, str, str, str, str, int, float, str]]]] = [
    (
        "us-india-1",
        "2023-11-10",
        "US and India hold talks in New Delhi",
        [
            (
                "USA",
                "IND",
                "Blinken",
                "Singh",
                "met",
                "040",
                1,
                1.0,
                "Blinken met Singh in New Delhi on Friday.",
            ),
            (
                "IND",
                "USA",
                "Singh",
                "Blinken",
                "praised",
                "051",
                1,
                3.4,
                "Singh praised Blinken for the visit.",
            ),
        ],
    ),
    (
        "us-india-2",
        "2023-12-05",
        "US and India sign a defence pact",
        [
            ("USA", "IND", "Austin", "Singh", "signed", "057", 1, 8.0, "Austin signed a pact with Singh."),
        ],
    ),
    (
        "us-india-3",
        "2024-02-02",
        "India rejects US trade demand",
        [
            (
                "IND",
                "USA",
                "Goyal",
                "Raimondo",
                "rejected",
                "120",
                3,
                -4.0,
                "Goyal rejected Raimondo's demand.",
            ),
        ],
    ),
    (
        "rus-ukr-1",
        "2024-01-15",
        "Russia strikes Ukraine",
        [
            (
                "RUS",
                "UKR",
                "Russian forces",
                "Kharkiv",
                "shelled",
                "190",
                4,
                -10.0,
                "Russian forces shelled Kharkiv.",
            ),
            (
                "UKR",
                "RUS",
                "Zelensky",
                "Moscow",
                "accused",
                "112",
                3,
                -2.0,
                "Zelensky accused Moscow of war crimes.",
            ),
        ],
    ),
    (
        "chn-usa-1",
        "2024-02-20",
        f"China and the US {SCRIPT} talk trade",
        [
            ("CHN", "USA", "Wang", "Blinken", "met", "040", 1, 1.0, f"Wang met Blinken {SCRIPT} in Beijing."),
            (
                "USA",
                "CHN",
                "Blinken",
                "Wang",
                "criticised",
                "111",
                3,
                -2.0,
                "Blinken criticised Wang over Taiwan.",
            ),
        ],
    ),
]

QUOTE = "We will deepen our partnership"


def record(
    aid: str,
    published: str,
    title: str,
    sentences: list[tuple[str, str, str, str, str, str, int, float, str]],
) -> dict[str, Any]:
    """An ``eventwire/1`` record whose spans point into its own text."""
    text = " ".join(s[-1] for s in sentences)
    if aid == "us-india-1":
        text += f' "{QUOTE}," Blinken said.'
    actors: dict[str, dict[str, Any]] = {}
    events = []
    offset = 0
    for n, (src, tgt, src_name, tgt_name, trigger, cameo, quad, goldstein, sentence) in enumerate(sentences):
        sides = []
        for name, country in ((src_name, src), (tgt_name, tgt)):
            start = text.index(name, offset)
            actor = actors.setdefault(
                name,
                {"id": f"A{len(actors) + 1}", "name": name, "kind": "person", "title": None,
                 "country": country, "sector": "GOV", "code": country + "GOV", "mentions": []},
            )  # fmt: skip
            if [start, start + len(name)] not in actor["mentions"]:
                actor["mentions"].append([start, start + len(name)])
            sides.append(
                {"actor": actor["id"], "code": country + "GOV", "country": country, "text": name,
                 "span": [start, start + len(name)]}
            )  # fmt: skip
        at = text.index(trigger, offset)
        events.append(
            {
                "id": f"E{n + 1}",
                "sentence": n,
                "span": [at, at + len(trigger)],
                "trigger": trigger,
                "source": sides[0],
                "target": sides[1],
                "cameo": cameo,
                "root": cameo[:2],
                "quad_class": quad,
                "goldstein": goldstein,
                "plover": None,
                "date": published,
                "date_text": None,
                "location": None,
                "negated": False,
                "modality": "asserted",
                "historical": False,
                "confidence": 0.9,
                "evidence": {
                    "sentence_text": sentence,
                    "rule": f"verb:{trigger}",
                    "explanation": f"'{trigger}' codes CAMEO {cameo} from {src_name} to {tgt_name}",
                },
            }
        )
        offset += len(sentence) + 1
    quotes = []
    if aid == "us-india-1":
        start = text.index(QUOTE)
        speaker = text.rindex("Blinken")
        quotes.append(
            {"text": QUOTE, "span": [start, start + len(QUOTE)], "kind": "direct", "cue": "said",
             "speaker": {"actor": actors["Blinken"]["id"], "name": "Blinken", "span": [speaker, speaker + 7]}}
        )  # fmt: skip
    return {
        "schema": "eventwire/1",
        "id": aid,
        "url": f"https://example.org/{aid}",
        "title": title,
        "published": published,
        "source": "Example Wire",
        "credits": [],
        "authors": [],
        "language": "en",
        "sections": [],
        "text": text,
        "actors": list(actors.values()),
        "events": events,
        "quotes": quotes,
        "dates": [],
        "places": [],
        "themes": [],
        "tone": None,
    }


def all_records() -> list[dict[str, Any]]:
    return [record(*spec) for spec in ARTICLES]


def fill(store: Store) -> list[dict[str, Any]]:
    """Write every record (and group their events into stories); return the records."""
    records = all_records()
    with store.begin() as conn:
        for rec in records:
            write_article(conn, rec, input_name=f"{rec['id']}.txt")
        assign_stories(conn, [r["id"] for r in records])
    return records
