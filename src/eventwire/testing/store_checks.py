"""Checks that a store is whole, and counts to compare two stores, for fault tests.

An ingest writes each batch in one transaction (:mod:`eventwire.run.writing`), so whatever stops
it — a kill, a full disk, a database restart — must leave a store that holds whole batches
only. :func:`store_problems` lists what would show otherwise:

- the database's own check (SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``);
- an article whose ``n_events`` differs from its rows in ``events``;
- rows that outlive their article: events, actors, quotes, places, minhash bands;
- a near-duplicate whose original is not stored; an event whose story is not stored;
- a story whose ``num_mentions`` differs from the events that point to it.

:func:`store_counts` gives the figures a resumed run must reach to equal a clean one: articles,
originals, duplicates, events, failures, stories and the rows of the other tables.

Both work on SQLite and PostgreSQL, through SQLAlchemy Core, and read only.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.exc import SQLAlchemyError

from eventwire.store import Store, schema

# Tables whose rows belong to one article, and the column that names it.
_CHILDREN: tuple[tuple[str, Table], ...] = (
    ("event", schema.events),
    ("actor", schema.actors),
    ("quote", schema.quotes),
    ("place", schema.places),
    ("minhash band", schema.minhash_bands),
)
# How many offending ids a problem quotes: enough to start looking, short enough to read.
_SHOWN = 5


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def store_counts(store: Store | str | Path) -> dict[str, int]:
    """Rows of every table that an ingest writes, and articles split into originals and copies."""
    store = store if isinstance(store, Store) else Store(store, migrate_schema=False)
    a = schema.articles
    with store.connect() as conn:
        counts = {
            "articles": _count(conn, a),
            "duplicates": int(
                conn.execute(select(func.count()).where(a.c.duplicate_of.is_not(None))).scalar_one()
            ),
            "events": _count(conn, schema.events),
            "failures": _count(conn, schema.failures),
            "stories": _count(conn, schema.stories),
            "actors": _count(conn, schema.actors),
            "quotes": _count(conn, schema.quotes),
            "places": _count(conn, schema.places),
            "minhash_bands": _count(conn, schema.minhash_bands),
            "distinct_content": int(
                conn.execute(select(func.count(func.distinct(a.c.content_hash)))).scalar_one()
            ),
        }
    counts["originals"] = counts["articles"] - counts["duplicates"]
    return counts


def store_problems(store: Store | str | Path) -> list[str]:
    """What is wrong with the store, one sentence per problem; empty when it is consistent."""
    store = store if isinstance(store, Store) else Store(store, migrate_schema=False)
    problems: list[str] = []
    try:
        with store.connect() as conn:
            if store.is_sqlite:
                problems += _sqlite_checks(conn)
            problems += _event_counts(conn)
            problems += _orphans(conn)
            problems += _stories(conn)
    except SQLAlchemyError as exc:
        problems.append(f"the store cannot be read: {str(getattr(exc, 'orig', exc)).strip()[:200]}")
    return problems


def _sqlite_checks(conn: Connection) -> list[str]:
    # Fixed statements without parameters: SQLite's own checks have no Core expression.
    problems = []
    verdict = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if verdict != ["ok"]:
        problems.append(f"PRAGMA integrity_check: {'; '.join(verdict[:_SHOWN])}")
    broken = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
    if broken:
        problems.append(f"PRAGMA foreign_key_check: {len(broken)} rows point nowhere, e.g. {broken[0]}")
    return problems


def _event_counts(conn: Connection) -> list[str]:
    a, e = schema.articles, schema.events
    per_article = (
        select(e.c.article_id, func.count().label("n")).group_by(e.c.article_id).subquery("per_article")
    )
    rows = conn.execute(
        select(a.c.id, a.c.n_events, func.coalesce(per_article.c.n, 0))
        .select_from(a.outerjoin(per_article, per_article.c.article_id == a.c.id))
        .where(a.c.n_events != func.coalesce(per_article.c.n, 0))
        .limit(_SHOWN)
    ).all()
    return [f"article {aid} has n_events {n} but {found} event rows" for aid, n, found in rows]


def _orphans(conn: Connection) -> list[str]:
    a = schema.articles
    problems = []
    for what, table in _CHILDREN:
        column = table.c.article_id
        found = conn.execute(
            select(func.count()).select_from(table).where(column.not_in(select(a.c.id)))
        ).scalar_one()
        if found:
            problems.append(f"{found} {what} rows have no article")
    copies = conn.execute(
        select(func.count())
        .select_from(a)
        .where(a.c.duplicate_of.is_not(None), a.c.duplicate_of.not_in(select(a.c.id)))
    ).scalar_one()
    if copies:
        problems.append(f"{copies} near-duplicates point to an article that is not stored")
    return problems


def _stories(conn: Connection) -> list[str]:
    e, s = schema.events, schema.stories
    problems = []
    lost = conn.execute(
        select(func.count())
        .select_from(e)
        .where(e.c.story_id.is_not(None), e.c.story_id.not_in(select(s.c.id)))
    ).scalar_one()
    if lost:
        problems.append(f"{lost} events point to a story that is not stored")
    per_story = (
        select(e.c.story_id, func.count().label("n"))
        .where(e.c.story_id.is_not(None))
        .group_by(e.c.story_id)
        .subquery("per_story")
    )
    rows = conn.execute(
        select(s.c.id, s.c.num_mentions, func.coalesce(per_story.c.n, 0))
        .select_from(s.outerjoin(per_story, per_story.c.story_id == s.c.id))
        .where(s.c.num_mentions != func.coalesce(per_story.c.n, 0))
        .limit(_SHOWN)
    ).all()
    problems += [f"story {sid} counts {n} mentions but {found} events point to it" for sid, n, found in rows]
    return problems
