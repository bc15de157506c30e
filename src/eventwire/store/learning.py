"""The store remembers actors: people seen once with a title and a country are known later by name.

"US Secretary of State Antony Blinken" in one article teaches the store that Antony Blinken is a
USA government official; a later article saying only "Blinken said" then codes him as USAGOV.
Each learned person keeps the evidence of where it was learned (article and sentence), and users
review what was learned (``eventwire learned``): confirm it, correct the title or country, or
reject it so it is never used.

What is learned, and why so little:

- only persons whose record names a title and a country (the article said who they are), whose
  name has at least two words (a surname alone is too ambiguous to learn) and whom the packaged
  or user KB does not already know (``basis`` without ``kb:people``);
- a learned person is used for :data:`VALID_AFTER_DAYS` after the last article that named them in
  full, and from :data:`VALID_BEFORE_DAYS` before the first, because offices change hands: the
  same surname with another title years later is a different story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select

from eventwire.errors import QueryError
from eventwire.kb.model import Person, derive_surname
from eventwire.store import schema

# A person stays "the same period" for a year after their last full mention: long enough for a
# minister's term to be covered by a few mentions, short enough that a name reused by a successor
# is not coded with an old office.
VALID_AFTER_DAYS = 365
# Articles are not always ingested in date order: allow a month before the first full mention.
VALID_BEFORE_DAYS = 31
STATUSES = ("learned", "confirmed", "rejected")
LEARNED_ROLE = "learned"
_SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class LearnedActor:
    """One learned person, as the review command shows it."""

    id: int
    name: str
    title: str | None
    country: str | None
    sector: str | None
    code: str | None
    first_seen: str | None
    last_seen: str | None
    article_id: str | None
    evidence: str | None
    status: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def learnable(actor: Mapping[str, Any]) -> bool:
    """Whether an actor of a record teaches the store a person (see the module docstring)."""
    name = (actor.get("name") or "").strip()
    return (
        actor.get("kind") == "person"
        and bool(actor.get("title"))
        and bool(actor.get("country"))
        and len(name.split()) >= 2
        and "kb:people" not in (actor.get("basis") or [])
    )


def learn_from_record(conn: Connection, record: Mapping[str, Any]) -> int:
    """Learn the persons of one stored article record; return how many were new.

    A person already learned (same name and country) gets its ``last_seen`` moved forward; a
    rejected one stays rejected.
    """
    day = record.get("published")
    text = record.get("text") or ""
    t = schema.learned_actors
    new = 0
    for actor in record.get("actors") or []:
        if not learnable(actor):
            continue
        name = actor["name"].strip()
        row = conn.execute(
            select(t.c.id, t.c.first_seen, t.c.last_seen).where(
                t.c.name == name, t.c.country == actor["country"]
            )
        ).first()
        if row is not None:
            first = min(filter(None, [row.first_seen, day]), default=None)
            last = max(filter(None, [row.last_seen, day]), default=None)
            conn.execute(t.update().where(t.c.id == row.id).values(first_seen=first, last_seen=last))
            continue
        mentions = actor.get("mentions") or []
        conn.execute(
            t.insert().values(
                name=name,
                surname=derive_surname(name, actor["country"]),
                title=actor.get("title"),
                country=actor["country"],
                sector=actor.get("sector"),
                code=actor.get("code"),
                first_seen=day,
                last_seen=day,
                article_id=record.get("id"),
                evidence=_sentence_at(text, mentions[0][0]) if mentions else None,
                status="learned",
            )
        )
        new += 1
    return new


def learned_actors(
    conn: Connection, *, status: str | None = None, name: str | None = None
) -> list[LearnedActor]:
    """What the store has learned, most recently seen first; filter by ``status`` or a name substring."""
    t = schema.learned_actors
    query = select(t).order_by(t.c.last_seen.desc(), t.c.id)
    if status is not None:
        _check_status(status)
        query = query.where(t.c.status == status)
    if name:
        query = query.where(t.c.name.ilike(f"%{_escape_like(name)}%", escape="\\"))
    return [
        LearnedActor(**{k: row[k] for k in LearnedActor.__dataclass_fields__})
        for row in conn.execute(query).mappings()
    ]


def review(
    conn: Connection,
    actor_id: int,
    *,
    status: str | None = None,
    title: str | None = None,
    country: str | None = None,
    sector: str | None = None,
) -> LearnedActor:
    """Confirm, reject or correct one learned person; returns it as it now is."""
    t = schema.learned_actors
    values: dict[str, Any] = {}
    if status is not None:
        _check_status(status)
        values["status"] = status
    if title is not None:
        values["title"] = title
    if country is not None:
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise QueryError(f"country {country!r} is not an ISO3 code such as USA")
        values["country"] = country
    if sector is not None:
        values["sector"] = sector
    if values and status is None and "status" not in values:
        values["status"] = "confirmed"  # a human correction is a confirmation
    done = conn.execute(t.update().where(t.c.id == actor_id).values(**values)).rowcount if values else 1
    row = conn.execute(select(t).where(t.c.id == actor_id)).mappings().first()
    if not done or row is None:
        raise QueryError(f"no learned actor with id {actor_id}")
    return LearnedActor(**{k: row[k] for k in LearnedActor.__dataclass_fields__})


def learned_people(conn: Connection) -> tuple[Person, ...]:
    """The learned persons (not rejected) as KB person records, for ``Options.extra_people``."""
    return tuple(as_person(a) for a in learned_actors(conn) if a.status != "rejected" and a.country)


def as_person(actor: LearnedActor) -> Person:
    """A learned person as a KB term of office valid around the period it was seen in."""
    start = _shift(actor.first_seen, -VALID_BEFORE_DAYS) or "1900-01-01"
    end = _shift(actor.last_seen, VALID_AFTER_DAYS)
    return Person(
        name=actor.name,
        aliases=(),
        country=actor.country or "",
        role=LEARNED_ROLE,
        title=actor.title or "",
        sector=actor.sector or "GOV",
        start=start,
        end=end,
        shared=True,  # learned terms may overlap anyone's
    )


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return None
    parts = [int(p) for p in day.split("-")] + [1, 1]
    try:
        return (date(parts[0], parts[1], parts[2]) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` around ``offset`` (evidence of where a person was learned)."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, offset)]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, offset)
    end = end_match.start() + 1 if end_match else len(text)
    return text[start:end].strip()[:500]


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise QueryError(f"status {status!r} is not one of {', '.join(STATUSES)}")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def learn_all(conn: Connection, records: Iterable[Mapping[str, Any]]) -> int:
    """Learn from several records (a batch); return how many persons were new."""
    return sum(learn_from_record(conn, r) for r in records)
