"""The records eventwire produces: the output contract of DESIGN.md, as typed dataclasses.

Every record has ``to_dict()`` giving exactly the JSON field names of the contract, and the
article record adds ``to_json()``. Offsets are character offsets into ``Article.text``.
Bump :data:`SCHEMA` when a field changes meaning or disappears.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "eventwire/1"

Offsets = tuple[int, int]
ActorKind = Literal["person", "organization", "country", "group"]
Modality = Literal["asserted", "intended", "reported", "hypothetical"]


@dataclass
class Actor:
    """One participant of the article, with every place it is mentioned."""

    id: str
    name: str
    kind: ActorKind
    title: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    mentions: list[Offsets] = field(default_factory=list)
    # Which knowledge produced country/sector: "title", "kb:people", "kb:countries", "modifier" ...
    basis: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        return d


@dataclass
class Side:
    """The source or target of an event: an actor of the article, or a bare country/group."""

    actor: str | None
    code: str | None
    country: str | None
    text: str
    span: Offsets

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass
class Plover:
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    sentence_text: str
    rule: str
    explanation: str


@dataclass
class Event:
    """One coded event: who did what to whom, when and where, with the evidence."""

    id: str
    sentence: int
    span: Offsets
    trigger: str
    source: Side | None
    target: Side | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Plover | None
    date: str
    date_text: str | None
    location: dict[str, Any] | None
    negated: bool
    modality: Modality
    historical: bool
    confidence: float
    evidence: Evidence
    tone: float | None = None  # VADER compound of the event's sentence, -1..1
    themes: list[str] = field(default_factory=list)  # theme ids of the event's sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentence": self.sentence,
            "span": list(self.span),
            "trigger": self.trigger,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": asdict(self.plover) if self.plover else None,
            "date": self.date,
            "date_text": self.date_text,
            "location": self.location,
            "negated": self.negated,
            "modality": self.modality,
            "historical": self.historical,
            "confidence": self.confidence,
            "evidence": asdict(self.evidence),
            "tone": self.tone,
            "themes": list(self.themes),
        }


@dataclass
class TimeExpression:
    """A time expression of the text, normalised against the publication date."""

    text: str
    span: Offsets
    value: str
    granularity: Literal["day", "month", "year"]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass
class Quote:
    text: str
    span: Offsets
    kind: Literal["direct", "partial", "continuation"]
    cue: str | None
    speaker: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass
class Place:
    text: str
    span: Offsets
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: Literal["city", "country", "region", "admin"]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass
class Article:
    """The record of one coded article (schema ``eventwire/1``)."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    language: str = "en"
    sections: list[dict[str, Any]] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[TimeExpression] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    themes: list[Any] = field(default_factory=list)
    tone: dict[str, Any] | None = None
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "credits": list(self.credits),
            "authors": list(self.authors),
            "language": self.language,
            "sections": list(self.sections),
            "text": self.text,
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "dates": [d.to_dict() for d in self.dates],
            "places": [p.to_dict() for p in self.places],
            "themes": list(self.themes),
            "tone": self.tone,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _repr_html_(self) -> str:
        """How Jupyter shows the article: text with actors, triggers and quotes marked, and
        the table of events (:func:`eventwire.render.article_html`)."""
        from eventwire.render import article_html

        return article_html(self)
