"""Reading the store: events, actors, stories, articles, a dyad's timeline and store-wide counts.

Every function takes an open SQLAlchemy connection (``with store.connect() as conn:``) and builds
its SQL with SQLAlchemy Core from checked values (:mod:`eventwire.store.filters`), so the same
queries run on SQLite and PostgreSQL and user values only reach the database as bound parameters.

Listings are pages: :class:`Page` holds the rows and an opaque ``next`` cursor (keyset pagination,
so page 1,000 costs what page 1 costs and rows added meanwhile do not shift the pages). Events are
listed newest first: by month, then day (a month-only date after the dated days of its month), then
id, all descending.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Select, and_, case, func, or_, select, union_all

from eventwire.errors import QueryError
from eventwire.store import schema
from eventwire.store.filters import (
    EVENT_CURSOR,
    EventFilter,
    actor_match,
    cameo_codes,
    check_id,
    check_limit,
    check_quad,
    check_root,
    contains,
    date_range,
    decode_cursor,
    dyad_condition,
    encode_cursor,
    event_branches,
    words,
)

StoryOrder = Literal["recent", "size"]

# A dyad's quotes come from the articles of at most this many of its most recent events: enough
# to find a few quotes in any real dyad, and a bound on the work when its speakers say little.
QUOTE_WALK = 20_000


@dataclass(frozen=True)
class Page:
    """One page of a listing; pass ``next`` back as the filter's ``cursor`` for the following page."""

    items: list[dict[str, Any]]
    next: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"items": [...], "next": cursor|null}``, the shape the HTTP API answers."""
        return {"items": self.items, "next": self.next}


@dataclass(frozen=True)
class MonthCounts:
    """One month of a dyad timeline: events per QuadClass 1-4, their total and mean Goldstein score."""

    month: str  # YYYY-MM
    quad: tuple[int, int, int, int]
    total: int
    goldstein: float | None  # mean; None in a month without events

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "quad": list(self.quad),
            "total": self.total,
            "goldstein": self.goldstein,
        }


@dataclass(frozen=True)
class Timeline:
    """Events between two countries (either direction) month by month, with top stories and quotes.

    ``months`` runs from the first month with an event to the last, months without events included;
    ``undated`` counts the events dated only to a year, which no month holds (always 0 with a date
    filter, which leaves them out), so ``total == sum of months + undated``.
    """

    a: str
    b: str
    since: str | None
    until: str | None
    months: list[MonthCounts]
    undated: int = 0
    stories: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.months) + self.undated

    def plot(self, path: str | Path) -> Any:
        """Draw the timeline to ``path`` (.png or .svg) and return the matplotlib Figure.

        Needs ``pip install 'eventwire[plot]'``; see :func:`eventwire.plot.plot_timeline`.
        """
        from eventwire.plot import plot_timeline  # matplotlib is optional: load it only to draw

        return plot_timeline(self, path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "since": self.since,
            "until": self.until,
            "total": self.total,
            "undated": self.undated,
            "months": [m.to_dict() for m in self.months],
            "stories": self.stories,
            "quotes": self.quotes,
        }


# ---- events ------------------------------------------------------------------------------------------------


def _events_select() -> Select[Any]:
    """Event rows with their article's url/title/source/published and their story's size."""
    e, a, s = schema.events, schema.articles, schema.stories
    return select(
        e,
        a.c.url.label("article_url"),
        a.c.title.label("article_title"),
        a.c.source.label("article_source"),
        a.c.published.label("article_published"),
        s.c.num_articles.label("story_articles"),
        s.c.num_mentions.label("story_events"),
        s.c.num_sources.label("story_sources"),
    ).select_from(e.join(a, a.c.id == e.c.article_id).outerjoin(s, s.c.id == e.c.story_id))


_EVENT_ORDER = (schema.events.c.month.desc(), schema.events.c.day.desc(), schema.events.c.id.desc())


def _after(key: list[Any]) -> list[Any]:
    """Rows after (month, day, id) in the newest-first order."""
    e = schema.events.c
    month, day, last_id = key
    # month <= m is implied by the OR but gives the index a range to start from
    return [
        e.month <= month,
        or_(e.month < month, and_(e.month == month, or_(e.day < day, and_(e.day == day, e.id < last_id)))),
    ]


def _newest(filt: EventFilter, after: list[Any], n: int, *columns: Any) -> Any:
    """The first ``n`` matches of ``filt`` after a key, newest first: ``columns`` of them.

    A dyad's two directions are searched apart, each an ordered index search that stops after
    ``n`` rows, and merged; an OR would collect every match of both and sort them all.
    """
    parts = _newest_parts(filt, after, n, *columns)
    if len(parts) == 1:
        return parts[0]
    subs = [part.subquery() for part in parts]
    merged = union_all(*(select(*sub.c) for sub in subs)).subquery()
    return select(merged).order_by(merged.c.month.desc(), merged.c.day.desc(), merged.c.id.desc()).limit(n)


def _newest_parts(filt: EventFilter, after: list[Any], n: int, *columns: Any) -> list[Select[Any]]:
    """One ordered, limited query per disjoint part of ``filt`` (one per direction of a dyad)."""
    cols = columns or (schema.events.c.id,)
    return [
        select(*cols).where(*conds, *after).order_by(*_EVENT_ORDER).limit(n) for conds in event_branches(filt)
    ]


def select_events(conn: Connection, filt: EventFilter) -> Page:
    """One page of the events that match ``filt``, newest first; raises QueryError for a bad filter."""
    e = schema.events.c
    limit = check_limit(filt.limit)
    after = _after(decode_cursor(EVENT_CURSOR[0], filt.cursor, EVENT_CURSOR[1])) if filt.cursor else []
    # the page's ids from the events table alone, then their rows with the article and story joined
    page_ids = _newest(filt, after, limit + 1, e.id, e.month, e.day).subquery()
    query = _events_select().where(e.id.in_(select(page_ids.c.id))).order_by(*_EVENT_ORDER)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    if len(rows) <= limit:
        return Page(rows)
    last = rows[limit - 1]
    return Page(rows[:limit], encode_cursor(EVENT_CURSOR[0], [last["month"], last["day"], last["id"]]))


def count_events(conn: Connection, filt: EventFilter) -> int:
    """How many events match ``filt`` (its cursor and limit aside)."""
    total = 0
    for conds in event_branches(filt):
        total += int(conn.execute(select(func.count()).select_from(schema.events).where(*conds)).scalar_one())
    return total


def get_event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """One event row with its article and story fields, its evidence and its whole record; None if unknown."""
    row = conn.execute(_events_select().where(schema.events.c.id == str(event_id))).mappings().first()
    if row is None:
        return None
    found = dict(row)
    record = conn.execute(
        select(schema.articles.c.record).where(schema.articles.c.id == found["article_id"])
    ).scalar_one()
    own_id = found["id"][len(found["article_id"]) + 1 :]
    event = next((ev for ev in json.loads(record).get("events") or [] if str(ev.get("id")) == own_id), None)
    found["record"] = event
    found["evidence"] = (event or {}).get("evidence") or {
        "sentence_text": found["sentence_text"],
        "rule": found["rule"],
        "explanation": None,
    }
    return found


# ---- actors, articles --------------------------------------------------------------------------------------


def select_actors(
    conn: Connection, *, country: str | None = None, name: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Actors grouped by (name, code, country) across articles, most widely reported first.

    Each row counts the articles naming the actor, its mentions, and the events it is the source
    and the target of. ``country`` is an ISO3 code or CAMEO actor code prefix; ``name`` a substring.
    """
    a = schema.actors.c
    limit = check_limit(limit)
    conds: list[Any] = []
    if country:
        conds.append(actor_match("country", country).on(a.country, a.code))
    if name is not None:
        conds.append(contains(a.name, " ".join(words("name", name))))
    articles = func.count(func.distinct(a.article_id))
    query = (
        select(
            a.name,
            a.code,
            a.country,
            func.min(a.kind).label("kind"),
            articles.label("articles"),
            func.coalesce(func.sum(a.n_mentions), 0).label("mentions"),
        )
        .where(*conds)
        .group_by(a.name, a.code, a.country)
        .order_by(articles.desc(), a.name, a.code, a.country)
        .limit(limit)
    )
    groups = [
        {**r, "mentions": int(r["mentions"]), "as_source": 0, "as_target": 0}
        for r in conn.execute(query).mappings()
    ]
    _count_actor_events(conn, groups, conds)
    return groups


def _count_actor_events(conn: Connection, groups: list[dict[str, Any]], conds: list[Any]) -> None:
    """Add the events each group is source and target of; only the page's groups are counted."""
    if not groups:
        return
    a, e = schema.actors.c, schema.events.c

    def events_as(side: Any) -> Any:
        return select(func.count()).where(e.article_id == a.article_id, side == a.actor_id).scalar_subquery()

    by_key = {(g["name"], g["code"], g["country"]): g for g in groups}
    rows = conn.execute(
        select(a.name, a.code, a.country, events_as(e.source_actor), events_as(e.target_actor)).where(
            a.name.in_(sorted({g["name"] for g in groups})), *conds
        )
    )
    for name, code, country, as_source, as_target in rows:
        group = by_key.get((name, code, country))
        if group is not None:  # a namesake of another code or country outside the page
            group["as_source"] += int(as_source)
            group["as_target"] += int(as_target)


def get_article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """The stored record of an article (the output contract), or None when there is no such article."""
    record = conn.execute(
        select(schema.articles.c.record).where(schema.articles.c.id == str(article_id))
    ).scalar()
    return json.loads(record) if record is not None else None


# ---- stories -----------------------------------------------------------------------------------------------


def _story_conditions(filt: EventFilter) -> list[Any]:
    s = schema.stories.c
    for name in ("text", "actor", "article"):
        if getattr(filt, name) is not None:
            raise QueryError(f"{name}: stories cannot be filtered by {name}; filter events instead")
    conds: list[Any] = []
    if filt.source:
        conds.append(actor_match("source", filt.source).on(s.source_country, s.source_code))
    if filt.target:
        conds.append(actor_match("target", filt.target).on(s.target_country, s.target_code))
    if filt.dyad is not None:
        if isinstance(filt.dyad, str) or len(filt.dyad) != 2:
            raise QueryError(f"dyad: give two countries or actor codes, not {filt.dyad!r}")
        x, y = (actor_match("dyad", v) for v in filt.dyad)
        conds.append(
            dyad_condition(x, y, (s.source_country, s.target_country), (s.source_code, s.target_code))
        )
    if filt.root:
        conds.append(s.root == check_root("root", filt.root))
    if filt.code:
        codes = cameo_codes("code", filt.code)
        conds.append(s.root == codes[0] if len(codes[0]) == 2 else s.cameo.in_(codes))
    if filt.quad is not None:
        conds.append(s.quad_class == check_quad("quad", filt.quad))
    conds += date_range(filt.since, filt.until).on_stories()
    if filt.story is not None:
        conds.append(s.id == check_id("story", filt.story))
    return conds


def select_stories(conn: Connection, filt: EventFilter, *, order: StoryOrder = "recent") -> Page:
    """One page of stories (events of several articles about one happening).

    ``filt`` uses the event filters that stories have (source, target, dyad, root, code, quad,
    since/until overlapping the story's dates, story id, limit, cursor); text, actor and article are
    QueryErrors. ``order``: "recent" (first date, newest first) or "size" (most articles first).
    """
    s = schema.stories.c
    limit = check_limit(filt.limit)
    if order not in ("recent", "size"):
        raise QueryError(f"order: {order!r} is not an order of stories: give recent or size")
    conds = _story_conditions(filt)
    key: Any = func.coalesce(s.first_date, "") if order == "recent" else s.num_articles
    if filt.cursor:
        last_key, last_id = decode_cursor(
            f"stories-{order}", filt.cursor, (str if order == "recent" else int, int)
        )
        conds.append(or_(key < last_key, and_(key == last_key, s.id < last_id)))
    query = select(schema.stories).where(*conds).order_by(key.desc(), s.id.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    if len(rows) <= limit:
        return Page(rows)
    last = rows[limit - 1]
    last_key = (last["first_date"] or "") if order == "recent" else last["num_articles"]
    return Page(rows[:limit], encode_cursor(f"stories-{order}", [last_key, last["id"]]))


# ---- a dyad over time --------------------------------------------------------------------------------------


def dyad_timeline(
    conn: Connection,
    a: str,
    b: str,
    *,
    since: str | None = None,
    until: str | None = None,
    top: int = 5,
    include_negated: bool = False,
    include_historical: bool = True,
) -> Timeline:
    """Events between ``a`` and ``b`` (either direction) month by month, plus top stories and quotes.

    Counts are per QuadClass with the mean Goldstein score; the stories are those of the dyad with
    the most articles; the quotes are the most recent whose speaker belongs to ``a`` or ``b``, from
    articles that report events between them.
    """
    top = check_limit(top, maximum=100)
    filt = EventFilter(
        dyad=(a, b),
        since=since,
        until=until,
        include_negated=include_negated,
        include_historical=include_historical,
    )
    cells: dict[int, list[float]] = {}
    undated = 0
    for conds in event_branches(filt):
        undated += _add_cells(cells, conn.execute(_month_counts(conds)))
    months = _fill_months(cells)
    stories = select_stories(
        conn, EventFilter(dyad=(a, b), since=since, until=until, limit=top), order="size"
    )
    return Timeline(
        a=a,
        b=b,
        since=since,
        until=until,
        months=months,
        undated=undated,
        stories=stories.items,
        quotes=_dyad_quotes(conn, filt, top),
    )


def _month_counts(conds: list[Any]) -> Select[Any]:
    """(month, quad 1-4 counts, Goldstein sum) of one direction of a dyad.

    GROUP BY month alone follows the covering dyad index, which holds a dyad's rows in month order:
    no sort and no table reads. Quads are counted with CASE, since grouping by them would sort.
    """
    e = schema.events.c
    quads = [func.sum(case((e.quad_class == q, 1), else_=0)) for q in (1, 2, 3, 4)]
    return select(e.month, *quads, func.sum(e.goldstein)).where(*conds).group_by(e.month)


def _add_cells(cells: dict[int, list[float]], rows: Any) -> int:
    """Add (month, quad 1-4 counts, Goldstein sum) rows into ``cells``; return the count of month 0."""
    undated = 0
    for month, q1, q2, q3, q4, g in rows:
        counts = [int(q1 or 0), int(q2 or 0), int(q3 or 0), int(q4 or 0)]
        if not month:
            undated += sum(counts)
            continue
        cell = cells.setdefault(int(month), [0, 0, 0, 0, 0.0])
        for i, n in enumerate(counts):
            cell[i] += n
        cell[4] += float(g or 0.0)
    return undated


def _fill_months(cells: dict[int, list[float]]) -> list[MonthCounts]:
    """Month rows from the first to the last month with events, empty months as zeros."""
    if not cells:
        return []
    out: list[MonthCounts] = []
    month, last = min(cells), max(cells)
    while month <= last:
        cell = cells.get(month, [0, 0, 0, 0, 0.0])
        quad = (int(cell[0]), int(cell[1]), int(cell[2]), int(cell[3]))
        total = sum(quad)
        out.append(
            MonthCounts(
                month=f"{month // 100:04d}-{month % 100:02d}",
                quad=quad,
                total=total,
                goldstein=round(cell[4] / total, 3) if total else None,
            )
        )
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return out


def _dyad_quotes(conn: Connection, filt: EventFilter, top: int) -> list[dict[str, Any]]:
    """Quotes by a speaker of either side, from the articles of the dyad's most recent events.

    Walks the dyad's events newest first (the index order, so each step is cheap) and looks for
    quotes in their articles until ``top`` are found or :data:`QUOTE_WALK` events were seen;
    articles rank by their most recent dyad event, quotes by their order in the article.
    """
    e = schema.events.c
    assert filt.dyad is not None
    sides = [actor_match("dyad", v) for v in filt.dyad]
    rank: dict[str, int] = {}
    found: list[dict[str, Any]] = []
    after: list[Any] = []
    walked, step = 0, 200
    while walked < QUOTE_WALK and len(found) < top:
        rows = conn.execute(_newest(filt, after, step, e.id, e.month, e.day, e.article_id)).all()
        walked += len(rows)
        new = [r.article_id for r in rows if r.article_id not in rank]
        for article_id in new:
            rank.setdefault(article_id, len(rank))
        if new:
            found += _quotes_of(conn, list(dict.fromkeys(new)), sides)
        if len(rows) < step:
            break
        after = _after([rows[-1].month, rows[-1].day, rows[-1].id])
        step = min(step * 4, 5000)  # few quotes near the top: look further in bigger steps
    found.sort(key=lambda q: (rank[q["article_id"]], q["n"]))
    return found[:top]


def _quotes_of(conn: Connection, article_ids: list[str], sides: list[Any]) -> list[dict[str, Any]]:
    """The quotes of these articles whose speaker matches a side, in article order."""
    q, art, act = schema.quotes, schema.articles, schema.actors
    query = (
        select(
            q.c.article_id,
            q.c.n,
            q.c.text,
            q.c.kind,
            q.c.speaker_name,
            q.c.speaker_country,
            act.c.code.label("speaker_code"),
            art.c.title.label("article_title"),
            art.c.url.label("article_url"),
            art.c.published.label("article_published"),
            art.c.source.label("article_source"),
        )
        .select_from(
            q.join(art, art.c.id == q.c.article_id).outerjoin(
                act, and_(act.c.article_id == q.c.article_id, act.c.actor_id == q.c.speaker_actor)
            )
        )
        .where(q.c.article_id.in_(article_ids))
    )
    # The speaker test runs here, not in SQL: in SQL it tempts the planner into the speaker-country
    # index (every quote of the USA) instead of the few articles' own quotes.
    return [
        dict(r)
        for r in conn.execute(query).mappings()
        if any(side.matches(r["speaker_country"], r["speaker_code"]) for side in sides)
    ]


# ---- the whole store ---------------------------------------------------------------------------------------


def stats(conn: Connection) -> dict[str, Any]:
    """Store-wide counts and the span of event dates.

    ``articles`` counts every stored article, ``duplicates`` those stored as near-duplicates of
    another; ``actors`` counts distinct actor names; ``first_date``/``last_date`` are the earliest
    and latest event days (a month when no event has a day).
    """

    def count(table: Any, *conds: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table).where(*conds)).scalar_one())

    def edge(column: Any, agg: Any) -> Any:
        # one aggregate per query: SQLite answers a lone min() or max() from the index's end
        return conn.execute(select(agg(column)).where(column > 0)).scalar()

    e = schema.events.c
    first_day, last_day = edge(e.day, func.min), edge(e.day, func.max)
    first_month, last_month = edge(e.month, func.min), edge(e.month, func.max)
    return {
        "articles": count(schema.articles),
        "duplicates": count(schema.articles, schema.articles.c.duplicate_of.is_not(None)),
        "events": count(schema.events),
        "stories": count(schema.stories),
        "actors": int(conn.execute(select(func.count(func.distinct(schema.actors.c.name)))).scalar_one()),
        "quotes": count(schema.quotes),
        "places": count(schema.places),
        "failures": count(schema.failures),
        "first_date": _iso(first_day, first_month, low=True),
        "last_date": _iso(last_day, last_month, low=False),
    }


def _iso(day: int | None, month: int | None, *, low: bool) -> str | None:
    if day and (not month or (day // 100 <= month if low else day // 100 >= month)):
        return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"
    if month:
        return f"{month // 100:04d}-{month % 100:02d}"
    return None
