"""Reading what the exports write: events and articles streamed from the store in chunks.

Every export reads through :func:`event_rows` (one mapping per event, joined with its article,
its story and its two actors) or :func:`article_rows` (one mapping per article, with its record
parsed). Results are streamed with ``yield_per``: SQLAlchemy fetches ``chunk_size`` rows at a time
(a server-side cursor on PostgreSQL, SQLite's own cursor), so an export of millions of events holds
one chunk in memory, never the table.

Exports take the filters of ``eventwire events``, an :class:`~eventwire.store.filters.EventFilter`
(its ``limit`` and ``cursor`` are ignored: an export has no pages). For the GKG, which has one
line per article, ``since``/``until`` compare the publication date and the other filters keep the
articles that have at least one matching event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Connection, Select, and_, exists, or_, select
from sqlalchemy.sql.elements import ColumnElement

from eventwire.store import schema
from eventwire.store.filters import EventFilter, date_range, event_conditions

__all__ = ["DEFAULT_CHUNK", "EventFilter", "article_conditions", "article_rows", "event_rows"]

# Rows fetched per round trip: large enough that the round trips cost little, small enough that
# a chunk of events with their sentences stays within a few megabytes.
DEFAULT_CHUNK = 1000

# The EventFilter fields that select events (not dates, not paging): for the GKG, an article is
# kept when one of its events matches them.
_EVENT_FIELDS = ("source", "target", "dyad", "root", "code", "quad", "text", "actor", "story", "article")


def article_conditions(filt: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions on ``articles`` for ``filt``: publication date, and a matching event."""
    a, e = schema.articles, schema.events
    out: list[ColumnElement[bool]] = []
    dates = date_range(filt.since, filt.until)
    if dates.since_text:
        out.append(a.c.published >= dates.since_text)
    if dates.until_text:
        out.append(a.c.published <= dates.until_text)
    if any(getattr(filt, name) is not None for name in _EVENT_FIELDS):
        undated = replace(filt, since=None, until=None, cursor=None)
        out.append(exists().where(e.c.article_id == a.c.id, *event_conditions(undated)))
    return out


def events_query(filt: EventFilter) -> Select[Any]:
    """Events with their article's metadata, story counts, both actors and the location's kind."""
    e, a, s, p = schema.events, schema.articles, schema.stories, schema.places
    a1 = schema.actors.alias("a1")
    a2 = schema.actors.alias("a2")
    # The record's place kind (city/country/region/admin) is not projected onto events; the place
    # of the same article with the same GeoNames id (or name, when it has none) carries it.
    kind = (
        select(p.c.kind)
        .where(
            p.c.article_id == e.c.article_id,
            or_(p.c.geonameid == e.c.geonameid, and_(e.c.geonameid.is_(None), p.c.name == e.c.location_name)),
        )
        .limit(1)
        .scalar_subquery()
        .label("location_kind")
    )
    stmt = (
        select(
            e,
            a.c.url.label("article_url"),
            a.c.title.label("article_title"),
            a.c.source.label("article_source"),
            a.c.published.label("article_published"),
            a.c.language.label("article_language"),
            a.c.added_at.label("article_added_at"),
            a.c.input_name.label("article_input"),
            s.c.num_mentions.label("story_mentions"),
            s.c.num_articles.label("story_articles"),
            s.c.num_sources.label("story_sources"),
            a1.c.name.label("source_actor_name"),
            a1.c.kind.label("source_actor_kind"),
            a1.c.title.label("source_actor_title"),
            a1.c.sector.label("source_actor_sector"),
            a2.c.name.label("target_actor_name"),
            a2.c.kind.label("target_actor_kind"),
            a2.c.title.label("target_actor_title"),
            a2.c.sector.label("target_actor_sector"),
            kind,
        )
        .select_from(
            e.join(a, a.c.id == e.c.article_id)
            .outerjoin(s, s.c.id == e.c.story_id)
            .outerjoin(a1, and_(a1.c.article_id == e.c.article_id, a1.c.actor_id == e.c.source_actor))
            .outerjoin(a2, and_(a2.c.article_id == e.c.article_id, a2.c.actor_id == e.c.target_actor))
        )
        .where(*event_conditions(filt))
        .order_by(e.c.id)  # the primary key: a stable order that needs no sort of the table
    )
    return stmt


def event_rows(
    conn: Connection, filt: EventFilter | None = None, *, chunk_size: int = DEFAULT_CHUNK
) -> Iterator[Mapping[str, Any]]:
    """Stream every event matching ``filt`` (default: all but negated events), ``chunk_size`` rows per fetch.

    Each mapping has the ``events`` columns plus ``article_*`` (url, title, source, published,
    language, added_at, input), ``story_*`` (mentions, articles, sources; None without a story),
    ``source_actor_*``/``target_actor_*`` (name, kind, title, sector) and ``location_kind``.
    """
    stmt = events_query(filt or EventFilter())
    result = conn.execution_options(yield_per=chunk_size).execute(stmt)
    keys = list(result.keys())
    try:
        # Plain dicts: the writers look up ~50 values per row, and a dict's get is several times
        # faster than a RowMapping's.
        for values in result:
            yield dict(zip(keys, values, strict=True))
    finally:
        result.close()


def article_rows(
    conn: Connection, filt: EventFilter | None = None, *, chunk_size: int = DEFAULT_CHUNK
) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
    """Stream ``(article row, parsed record)`` of every original article (not near-duplicates).

    Near-duplicates are left out: their events belong to the article they copy, and one
    document per story is what the GKG describes.
    """
    a = schema.articles
    stmt = (
        select(
            a.c.id, a.c.url, a.c.title, a.c.source, a.c.published, a.c.added_at, a.c.input_name, a.c.record
        )
        .where(a.c.duplicate_of.is_(None), *article_conditions(filt or EventFilter()))
        .order_by(a.c.id)
    )
    result = conn.execution_options(yield_per=chunk_size).execute(stmt)
    try:
        for row in cast("Iterator[Mapping[str, Any]]", iter(result.mappings())):
            yield row, json.loads(row["record"])
    finally:
        result.close()
