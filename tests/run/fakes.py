"""Helpers of the run tests: a coder that needs no model, and hand-written articles (our own)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from eventwire.ingest.document import RawArticle
from eventwire.run.coders import Failed, Outcome
from eventwire.run.writing import duplicate_record

K = TypeVar("K")

_MET = re.compile(r"\bmet\b")


class FakeCoder:
    """Codes without a model: one CONSULT event per "met" in the text; "FAIL" fails the article;
    "TWINS" gives two events the same id (the store refuses the article); "LEARN" gives a person
    the store learns."""

    def __init__(self) -> None:
        self.coded: list[str] = []  # origins of the articles it was given
        self.batches = 0

    @property
    def pipelines_loaded(self) -> int:
        return 1 if self.coded else 0

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def map(self, work: Iterable[tuple[K, Sequence[RawArticle]]]) -> Iterator[tuple[K, list[Outcome]]]:
        for key, raws in work:
            if raws:
                self.batches += 1
            yield key, [self.code(raw) for raw in raws]

    def code(self, raw: RawArticle) -> Outcome:
        self.coded.append(raw.origin)
        if "FAIL" in raw.text:
            return Failed("UnsupportedLanguage", raw.origin, "a test failure")
        record = duplicate_record(raw)
        record["events"] = [_event(f"E{i + 1}", m.start()) for i, m in enumerate(_MET.finditer(raw.text))]
        if "TWINS" in raw.text and record["events"]:
            record["events"].append(dict(record["events"][0]))
        if "LEARN" in raw.text:
            record["actors"] = [
                {"id": "A1", "name": "Anna Berg", "kind": "person", "title": "Prime Minister",
                 "country": "NOR", "sector": "GOV", "code": "NORGOV", "mentions": [[0, 9]], "basis": []}
            ]  # fmt: skip
        return record


def _event(eid: str, start: int) -> dict[str, Any]:
    return {
        "id": eid,
        "sentence": 0,
        "span": [start, start + 3],
        "trigger": "met",
        "source": {"actor": None, "code": "NOR", "country": "NOR", "text": "Norland", "span": [0, 7]},
        "target": {"actor": None, "code": "VES", "country": "VES", "text": "Vesteria", "span": [8, 16]},
        "cameo": "040",
        "root": "04",
        "quad_class": 1,
        "goldstein": 1.0,
        "plover": {"type": "CONSULT", "mode": None, "context": []},
        "date": "2024-03-04",
        "location": None,
        "negated": False,
        "modality": "asserted",
        "historical": False,
        "confidence": 0.9,
        "evidence": {"sentence_text": "", "rule": "test", "explanation": "test"},
    }


# Our own wire story, long enough (over 40 words) for near-duplicate detection.
WIRE = (
    "The foreign ministers of Norland and Vesteria met in the port city of Aldmark on Tuesday to "
    "discuss a long-delayed agreement on fishing rights in the northern strait. Officials from both "
    "delegations said the talks lasted more than six hours and ended without a joint statement. "
    "Norland's minister told reporters that the two sides had narrowed their differences on quotas "
    "but that the question of inspection rights remained open. Fishing communities on both coasts "
    "have waited nearly a decade for a settlement, and local leaders warned that another season "
    "without clear rules could ruin hundreds of small family businesses."
)


def syndicated(text: str) -> str:
    """A wire copy as another outlet runs it: a byline and a closing sentence of its own."""
    return (
        "By Staff Reporter, Coastal Herald. " + text + " The Herald has covered the dispute since it began."
    )


LEADERS = ["Anna Berg", "Tomas Lind", "Omar Haddad", "Li Wei", "Sara Costa", "Jon Moss", "Ewa Nowak"]
CITIES = ["Aldmark", "Brisa", "Corvo", "Delm", "Esker", "Farra", "Gollin"]


def short_article(i: int) -> str:
    """A short report (under 40 words, so never a near-duplicate), different for every ``i``."""
    a, b = LEADERS[i % 7], CITIES[(i * 3) % 7]
    return (
        f"Prime Minister {a} met the foreign minister of Vesteria in {b} on Monday, officials said. "
        f"Police arrested {i + 2} protesters near the parliament in {CITIES[i % 7]} on Tuesday."
    )
