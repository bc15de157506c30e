"""The output contract as a JSON Schema (draft 2020-12), and records read back from JSON.

    >>> from eventwire.schema import article_schema, validate_record
    >>> article_schema()["$id"]
    'urn:eventwire:schema:eventwire/1:article'
    >>> validate_record(article.to_dict())          # doctest: +SKIP  (raises InvalidRecord if not)

``article.schema.json`` beside this module is written by hand from :mod:`eventwire.records` and
DESIGN.md, so a change of the records that the contract does not allow fails the tests that
validate what the pipeline produces. ``eventwire schema`` prints it for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from eventwire.errors import InvalidRecord
from eventwire.records import (
    SCHEMA,
    Actor,
    Article,
    Event,
    Evidence,
    Place,
    Plover,
    Quote,
    Side,
    TimeExpression,
)

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_FILE = "article.schema.json"
# How many problems an InvalidRecord message lists; record_problems() gives them all.
MAX_LISTED = 5

__all__ = ["SCHEMA_FILE", "article_from_dict", "article_schema", "record_problems", "validate_record"]


def schema_text() -> str:
    """The schema file as shipped (what ``eventwire schema`` prints)."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def article_schema() -> dict[str, Any]:
    """The JSON Schema of the article record; a fresh dict on every call, safe to change."""
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


@lru_cache(maxsize=1)
def _validator() -> Validator:
    """One compiled validator per process: compiling costs far more than validating a record."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(article_schema())


def record_problems(record: Mapping[str, Any]) -> list[str]:
    """Every way ``record`` breaks the schema, as ``"$.events[0].cameo: '42' does not match ..."``
    lines in document order; empty when it follows the schema."""
    from jsonschema.exceptions import best_match

    problems = []
    for error in sorted(_validator().iter_errors(record), key=lambda e: [str(p) for p in e.path]):
        # a "oneOf" failure says only that no branch fit; its best sub-error says which rule broke
        precise = best_match([error]) if error.context else error
        where = precise.json_path if precise is not None else error.json_path
        message = precise.message if precise is not None else error.message
        problems.append(f"{where}: {_shorten(message)}")
    return problems


def validate_record(record: Mapping[str, Any]) -> None:
    """Raise :class:`~eventwire.errors.InvalidRecord` naming the fields that break the schema;
    return None when ``record`` (an ``Article.to_dict()`` or a parsed JSON line) follows it."""
    problems = record_problems(record)
    if not problems:
        return
    name = record.get("id") if isinstance(record, Mapping) else None
    listed = "; ".join(problems[:MAX_LISTED])
    more = f"; and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    raise InvalidRecord(
        f"record {name!r} does not follow the {SCHEMA} schema: {listed}{more} "
        "(`eventwire schema` prints the schema)"
    )


def _shorten(message: str, limit: int = 160) -> str:
    """jsonschema quotes the whole offending value: a long article text would fill the screen."""
    return message if len(message) <= limit else message[: limit - 3] + "..."


# ---- records read back ------------------------------------------------------------------------
def article_from_dict(data: Mapping[str, Any], *, validate: bool = True) -> Article:
    """The :class:`~eventwire.records.Article` of a record dict (``Article.to_dict()`` or a line of
    ``eventwire code``), so that ``article_from_dict(a.to_dict()) == a``.

    With ``validate`` (the default) the dict is checked against the schema first and
    :class:`~eventwire.errors.InvalidRecord` says what is wrong; pass ``validate=False`` only for
    dicts eventwire itself just wrote.
    """
    if validate:
        validate_record(data)
    return Article(
        id=data["id"],
        text=data["text"],
        url=data.get("url"),
        title=data.get("title"),
        published=data.get("published"),
        source=data.get("source"),
        credits=list(data.get("credits", [])),
        authors=list(data.get("authors", [])),
        language=data.get("language", "en"),
        sections=[_plain(s) for s in data.get("sections", [])],
        actors=[_actor(a) for a in data.get("actors", [])],
        events=[_event(e) for e in data.get("events", [])],
        quotes=[_quote(q) for q in data.get("quotes", [])],
        dates=[
            TimeExpression(
                text=d["text"], span=_span(d["span"]), value=d["value"], granularity=d["granularity"]
            )
            for d in data.get("dates", [])
        ],
        places=[_place(p) for p in data.get("places", [])],
        themes=[_plain(t) for t in data.get("themes", [])],
        tone=_plain(data["tone"]) if data.get("tone") is not None else None,
        schema=data.get("schema", SCHEMA),
    )


def _span(value: Any) -> tuple[int, int]:
    return (int(value[0]), int(value[1]))


def _plain(value: Any) -> Any:
    """A copy of a free-form part (a place, a speaker, a theme) as JSON gives it: msgpack can
    hand back tuples where the record has lists, and the copy must compare equal to the record."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _actor(a: Mapping[str, Any]) -> Actor:
    return Actor(
        id=a["id"],
        name=a["name"],
        kind=a["kind"],
        title=a.get("title"),
        country=a.get("country"),
        sector=a.get("sector"),
        code=a.get("code"),
        mentions=[_span(m) for m in a.get("mentions", [])],
        basis=list(a.get("basis", [])),
    )


def _side(s: Mapping[str, Any] | None) -> Side | None:
    if s is None:
        return None
    return Side(
        actor=s.get("actor"),
        code=s.get("code"),
        country=s.get("country"),
        text=s["text"],
        span=_span(s["span"]),
    )


def _event(e: Mapping[str, Any]) -> Event:
    plover = e.get("plover")
    evidence = e["evidence"]
    location = e.get("location")
    return Event(
        id=e["id"],
        sentence=e["sentence"],
        span=_span(e["span"]),
        trigger=e["trigger"],
        source=_side(e.get("source")),
        target=_side(e.get("target")),
        cameo=e["cameo"],
        root=e["root"],
        quad_class=e["quad_class"],
        goldstein=e["goldstein"],
        plover=Plover(plover["type"], plover.get("mode"), list(plover.get("context", [])))
        if plover
        else None,
        date=e["date"],
        date_text=e.get("date_text"),
        # events carry their place as a dict (Place.to_dict()), as the pipeline builds them
        location=_plain(location) if location is not None else None,
        negated=e["negated"],
        modality=e["modality"],
        historical=e["historical"],
        confidence=e["confidence"],
        evidence=Evidence(evidence["sentence_text"], evidence["rule"], evidence["explanation"]),
        tone=e.get("tone"),
        themes=list(e.get("themes", [])),
    )


def _quote(q: Mapping[str, Any]) -> Quote:
    speaker = q.get("speaker")
    return Quote(
        text=q["text"],
        span=_span(q["span"]),
        kind=q["kind"],
        cue=q.get("cue"),
        speaker=_plain(speaker) if speaker is not None else None,
    )


def _place(p: Mapping[str, Any]) -> Place:
    return Place(
        text=p["text"],
        span=_span(p["span"]),
        name=p["name"],
        country=p.get("country"),
        lat=p.get("lat"),
        lon=p.get("lon"),
        geonameid=p.get("geonameid"),
        kind=p["kind"],
    )
