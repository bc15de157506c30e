"""Writing article records into the store: one record becomes rows in every table, atomically.

The caller owns the transaction (``with store.begin() as conn:``) so a batch of articles commits
together; a killed process leaves either the whole batch or none of it. Rows are projections of
the record dict (the output contract), which is also kept whole in ``articles.record``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from eventwire.errors import EventwireError
from eventwire.records import Article
from eventwire.store import schema

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """sha256 of the body text with Unicode and whitespace normalised, so a re-saved copy matches."""
    norm = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def now() -> str:
    """The current UTC time as ISO text, as stored in ``added_at`` and ``last_seen``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_known(conn: Connection, *, url: str | None, chash: str) -> str | None:
    """The id of a stored article with this URL, else with this content hash; None when new."""
    a = schema.articles
    if url:
        found = conn.execute(select(a.c.id).where(a.c.url == url).limit(1)).scalar()
        if found is not None:
            return str(found)
    found = conn.execute(select(a.c.id).where(a.c.content_hash == chash).limit(1)).scalar()
    return str(found) if found is not None else None


def write_article(
    conn: Connection,
    article: Article | Mapping[str, Any],
    *,
    input_name: str | None = None,
    duplicate_of: str | None = None,
    similarity: float | None = None,
) -> str:
    """Insert one article record and its actors, events, quotes and places; return its id.

    A near-duplicate (``duplicate_of`` set) is stored with its metadata and record but its events,
    actors, quotes and places are not projected again: they belong to the original.
    """
    rec = article.to_dict() if isinstance(article, Article) else dict(article)
    aid = str(rec["id"])
    text = rec.get("text") or ""
    conn.execute(
        schema.articles.insert().values(
            id=aid,
            url=rec.get("url"),
            content_hash=content_hash(text),
            title=rec.get("title"),
            published=rec.get("published"),
            source=rec.get("source"),
            language=rec.get("language"),
            n_events=0 if duplicate_of else len(rec.get("events") or []),
            duplicate_of=duplicate_of,
            similarity=similarity,
            input_name=input_name,
            added_at=now(),
            record=json.dumps(rec, ensure_ascii=False),
        )
    )
    if duplicate_of:
        return aid
    actor_rows = [actor_row(aid, a) for a in rec.get("actors") or []]
    if actor_rows:
        conn.execute(schema.actors.insert(), actor_rows)
    countries = {a["id"]: a.get("country") for a in rec.get("actors") or []}
    event_rows = [event_row(aid, e, published=rec.get("published")) for e in rec.get("events") or []]
    if event_rows:
        conn.execute(schema.events.insert(), event_rows)
    quote_rows = [quote_row(aid, n, q, countries) for n, q in enumerate(rec.get("quotes") or [])]
    if quote_rows:
        conn.execute(schema.quotes.insert(), quote_rows)
    place_rows = [place_row(aid, n, p) for n, p in enumerate(rec.get("places") or [])]
    if place_rows:
        conn.execute(schema.places.insert(), place_rows)
    return aid


def record_failure(conn: Connection, input_name: str, error: EventwireError | str) -> None:
    """Remember that ``input_name`` failed and why; a later failure of the same input updates the row."""
    code = getattr(error, "code", None)
    reason = error.message if isinstance(error, EventwireError) else str(error)
    f = schema.failures
    attempts = conn.execute(select(f.c.attempts).where(f.c.input_name == input_name)).scalar()
    if attempts is None:
        conn.execute(f.insert().values(input_name=input_name, code=code, reason=reason, last_seen=now()))
    else:
        conn.execute(
            f.update()
            .where(f.c.input_name == input_name)
            .values(code=code, reason=reason, attempts=attempts + 1, last_seen=now())
        )


def clear_failure(conn: Connection, input_name: str) -> None:
    """Forget an earlier failure of an input that has now been stored."""
    conn.execute(schema.failures.delete().where(schema.failures.c.input_name == input_name))


def actor_row(article_id: str, actor: Mapping[str, Any]) -> dict[str, Any]:
    """The ``actors`` row of one actor of an article record."""
    return {
        "article_id": article_id,
        "actor_id": actor["id"],
        "name": actor.get("name") or "",
        "kind": actor.get("kind"),
        "title": actor.get("title"),
        "country": actor.get("country"),
        "sector": actor.get("sector"),
        "code": actor.get("code"),
        "n_mentions": len(actor.get("mentions") or []),
    }


def _side(prefix: str, side: Mapping[str, Any] | None) -> dict[str, Any]:
    side = side or {}
    return {
        f"{prefix}_actor": side.get("actor"),
        f"{prefix}_name": side.get("text"),
        f"{prefix}_code": side.get("code"),
        f"{prefix}_country": side.get("country"),
    }


def day_and_month(date: str | None) -> tuple[int, int]:
    """``("2023-11-10")`` -> ``(20231110, 202311)``; a month gives day 0, a year or nothing (0, 0)."""
    if not date:
        return 0, 0
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
        day = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        return 0, 0
    if not month:
        return 0, 0
    return (year * 10000 + month * 100 + day if day else 0), year * 100 + month


def event_row(article_id: str, event: Mapping[str, Any], *, published: str | None = None) -> dict[str, Any]:
    """The ``events`` row of one event of an article record (undated events take the publication date)."""
    date = event.get("date") or published
    day, month = day_and_month(date)
    loc = event.get("location") or {}
    plover = event.get("plover") or {}
    evidence = event.get("evidence") or {}
    span = event.get("span") or [0, 0]
    return {
        "id": f"{article_id}:{event['id']}",
        "article_id": article_id,
        "story_id": None,
        "sentence": event.get("sentence", 0),
        "start": span[0],
        "end": span[1],
        "trigger": event.get("trigger"),
        "cameo": event["cameo"],
        "root": event.get("root") or event["cameo"][:2],
        "quad_class": event.get("quad_class", 0),
        "goldstein": event.get("goldstein", 0.0),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        **_side("source", event.get("source")),
        **_side("target", event.get("target")),
        "date": date,
        "day": day,
        "month": month,
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geonameid": loc.get("geonameid"),
        "negated": bool(event.get("negated")),
        "modality": event.get("modality"),
        "historical": bool(event.get("historical")),
        "confidence": event.get("confidence"),
        "tone": event.get("tone"),
        "sentence_text": evidence.get("sentence_text"),
        "rule": evidence.get("rule"),
    }


def quote_row(
    article_id: str, n: int, quote: Mapping[str, Any], countries: Mapping[str, str | None]
) -> dict[str, Any]:
    """The ``quotes`` row of one quote; the speaker's country comes from the speaker's actor."""
    speaker = quote.get("speaker") or {}
    actor = speaker.get("actor")
    span = quote.get("span") or [0, 0]
    return {
        "article_id": article_id,
        "n": n,
        "text": quote.get("text") or "",
        "kind": quote.get("kind"),
        "cue": quote.get("cue"),
        "speaker_actor": actor,
        "speaker_name": speaker.get("name"),
        "speaker_country": countries.get(actor) if actor else None,
        "start": span[0],
        "end": span[1],
    }


def place_row(article_id: str, n: int, place: Mapping[str, Any]) -> dict[str, Any]:
    """The ``places`` row of one place mentioned in an article."""
    span = place.get("span") or [0, 0]
    return {
        "article_id": article_id,
        "n": n,
        "text": place.get("text"),
        "name": place.get("name"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geonameid": place.get("geonameid"),
        "kind": place.get("kind"),
        "start": span[0],
        "end": span[1],
    }
