"""Stories: the events of several articles that report one real-world happening, grouped.

Two outlets' reports of one meeting each yield an event "USA consults IND"; both get the same
``events.story_id``, and the story row counts how widely the happening was reported. An event
joins a story when all of these hold:

- **root**: the same CAMEO root code (04 consult, 19 fight, ...);
- **dyad**: the same source and target, each side keyed by its country, or by its actor code when
  the country is unknown (``REB``, ``---GOV``). One side may be missing ("three soldiers were
  killed") but not both: an event with neither side gets no story. Direction matters ("A threatens
  B" and "B threatens A" are two stories), except for the joint acts of :data:`SYMMETRIC_CODES`
  (consult, visit/host, negotiate, sign an agreement, cooperate), where the report "India hosts
  Blinken" joins the story "Blinken visits India";
- **date**: the event's date (day-precise), else its article's publication date, lies within
  ``window_days`` (3) of the story's first..last date, and the story would not span more than
  ``max_span_days`` (7) with it, so that a war reported every day becomes many stories, not one;
- **place**: the same ``location_country``, or either unknown (a story takes the first known one).

Events not a story's business stay story-less: negated ones ("did not meet"), historical ones
(background "in 2019 they signed ..."), hypothetical ones ("could impose sanctions"), and intended
ones still coded as the act itself (an act announced but not done). An intended event the coder
re-coded as an intent or a threat (roots 03, 13: "will visit" is 036) does get a story: the
announcement is the happening. Of several matching stories the one with the same known place
wins, then the nearest in time, then the most reported.

:func:`assign_stories` runs in the caller's transaction with a handful of statements per batch:
read the batch's events, read the stories they could join (by dyad and date, through
``ix_stories_dyad``), insert the new stories, set ``events.story_id``, recount the touched stories.
It only looks at events without a story, so running it again on the same articles changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, and_, bindparam, or_, select, tuple_
from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import StoreError
from eventwire.store import schema

WINDOW_DAYS = 3
# A summit reported from its eve to the day after fits; daily fighting splits into weekly stories.
MAX_SPAN_DAYS = 7
# Joint acts: "A met B" and "B met A" are one meeting, "A visited B" is "B hosted A". Threats,
# accusations, attacks stay directional: "A attacked B" and "B attacked A" are two events.
SYMMETRIC_CODES = frozenset(
    {"04", "040", "041", "042", "043", "044", "046", "057", "06", "060", "061", "062", "063", "064"}
)
# An announced act keeps modality "intended"; only those re-coded as intent (03) or threat (13)
# describe something that happened (the announcement).
ANNOUNCEMENT_ROOTS = ("03", "13")
# Article and story id lists are cut into pieces of this size (bound parameters per statement).
CHUNK = 400
UNKNOWN_OUTLET = "\x00unknown"
_PENDING = "(eventwire: new story) "

# A side of a dyad: ("c", ISO3 country), ("k", actor code) when the country is unknown, or None.
Side = tuple[str, str] | None


@dataclass(frozen=True)
class _Event:
    id: str
    root: str
    cameo: str
    source: Side
    target: Side
    source_code: str | None
    target_code: str | None
    day: date
    place: str | None

    @property
    def symmetric(self) -> bool:
        return self.cameo in SYMMETRIC_CODES


@dataclass
class _Story:
    root: str
    source: Side
    target: Side
    first: date
    last: date
    place: str | None
    mentions: int
    order: int  # the stored id, or (for new stories) a number after every stored id
    id: int | None = None
    new_row: dict[str, Any] = field(default_factory=dict)

    def distance(self, day: date) -> int:
        """Days from ``day`` to the story's first..last range (0 inside it)."""
        if day < self.first:
            return (self.first - day).days
        return max(0, (day - self.last).days)


def assign_stories(
    conn: Connection,
    article_ids: Sequence[str],
    *,
    window_days: int = WINDOW_DAYS,
    max_span_days: int = MAX_SPAN_DAYS,
) -> int:
    """Give each story-worthy event of these articles a story; return how many events got one.

    Events that already have a story are left alone (a rerun changes nothing). New stories are
    created where no stored one matches; every touched story's counts, dates, code, tone, place
    and headline are recomputed from its events. Runs inside the caller's transaction.
    """
    if not article_ids:
        return 0
    try:
        events = _load_events(conn, list(dict.fromkeys(article_ids)))
        if not events:
            return 0
        stories = _candidate_stories(conn, events, window_days, max_span_days)
        assigned = _match(events, stories, window_days, max_span_days)
        _insert_new(conn, [s for _, s in assigned])
        conn.execute(
            schema.events.update()
            .where(schema.events.c.id == bindparam("eid"))
            .values(story_id=bindparam("sid")),
            [{"eid": e.id, "sid": s.id} for e, s in assigned],
        )
        _recount(conn, sorted({s.id for _, s in assigned if s.id is not None}))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StoreError(f"cannot assign stories: {reason[0] if reason else type(exc).__name__}") from exc
    return len(assigned)


# -- reading -------------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _day(value: str | None) -> date | None:
    """A day-precise ISO date, else None ("2023-11" and "2023" are not days)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def event_day(event_date: str | None, published: str | None) -> date | None:
    """The day an event is placed on: its own date when day-precise, else its article's."""
    return _day(event_date) or _day(published)


def _side(country: str | None, code: str | None) -> Side:
    if country:
        return ("c", country)
    if code:
        return ("k", code)
    return None


def _load_events(conn: Connection, article_ids: Sequence[str]) -> list[_Event]:
    """The story-worthy events of these articles that have no story yet, in time order."""
    e, a = schema.events, schema.articles
    worthy = and_(
        e.c.story_id.is_(None),
        e.c.negated.is_(False),
        e.c.historical.is_(False),
        or_(
            e.c.modality.is_(None),
            e.c.modality.in_(("asserted", "reported")),
            and_(e.c.modality == "intended", e.c.root.in_(ANNOUNCEMENT_ROOTS)),
        ),
    )
    cols = [e.c.id, e.c.article_id, e.c.root, e.c.cameo, e.c.source_country, e.c.source_code]
    cols += [e.c.target_country, e.c.target_code, e.c.date, e.c.location_country, a.c.published]
    out: list[tuple[date, str, int, _Event]] = []
    for chunk in _chunks(article_ids):
        query = select(*cols, e.c.start).join(a, a.c.id == e.c.article_id)
        for r in conn.execute(query.where(e.c.article_id.in_(chunk), worthy)).mappings():
            source = _side(r["source_country"], r["source_code"])
            target = _side(r["target_country"], r["target_code"])
            day = event_day(r["date"], r["published"])
            if (source is None and target is None) or day is None:
                continue
            ev = _Event(
                id=r["id"],
                root=r["root"],
                cameo=r["cameo"],
                source=source,
                target=target,
                source_code=r["source_code"],
                target_code=r["target_code"],
                day=day,
                place=r["location_country"] or None,
            )
            out.append((day, r["article_id"], r["start"], ev))
    out.sort(key=lambda t: (t[0], t[1], t[2], t[3].id))
    return [t[3] for t in out]


def _candidate_stories(
    conn: Connection, events: Sequence[_Event], window: int, max_span: int
) -> list[_Story]:
    """Stored stories these events could join: a dyad of theirs, a root of theirs, dates in reach.

    Events are read in runs of nearby dates (a batch from one feed is one run; a backfill mixing
    years is several), each run with at most two statements. Both are fixed (compiled once,
    lists bound as expanding parameters) and bounded by root and a first-date range
    (``ix_stories_root``, or ``ix_stories_dyad`` where the planner prefers it): the stories of the
    run's (source, target) country pairs; and, when some event has a side without a country, the
    stories with such a side (a superset: :func:`_match` keeps exact dyads only).
    """
    st = schema.stories
    in_reach = and_(
        st.c.root.in_(bindparam("roots", expanding=True)),
        st.c.first_date >= bindparam("first_from"),
        st.c.first_date <= bindparam("first_to"),
        st.c.last_date >= bindparam("last_from"),
    )
    dyad = tuple_(st.c.source_country, st.c.target_country)
    by_pairs = select(st).where(dyad.in_(bindparam("pairs", expanding=True)), in_reach)
    without_country = select(st).where(
        or_(st.c.source_country.is_(None), st.c.target_country.is_(None)), in_reach
    )
    found: dict[int, _Story] = {}
    # Runs further apart than this cannot reach a common story (its span is at most max_span).
    for run in _runs(events, gap=2 * window + max_span):
        sides = [(ev.source, ev.target) for ev in run]
        sides += [(ev.target, ev.source) for ev in run if ev.symmetric]
        lo = run[0].day - timedelta(days=window)
        hi = run[-1].day + timedelta(days=window)
        # A story spans at most max_span days, so its first date is bounded on both sides.
        params: dict[str, Any] = {
            "roots": sorted({ev.root for ev in run}),
            "first_from": (lo - timedelta(days=max_span)).isoformat(),
            "first_to": hi.isoformat(),
            "last_from": lo.isoformat(),
        }
        pairs = sorted({(a[1], b[1]) for a, b in sides if a and b and a[0] == b[0] == "c"})
        queries: list[tuple[Any, dict[str, Any]]] = []
        if pairs:
            queries.append((by_pairs, {**params, "pairs": pairs}))
        if any(not (_by_country(a) and _by_country(b)) for a, b in sides):
            queries.append((without_country, params))
        for query, values in queries:
            for r in conn.execute(query, values).mappings():
                first, last = _day(r["first_date"]), _day(r["last_date"])
                if first is None or last is None or r["id"] in found:
                    continue
                found[r["id"]] = _Story(
                    root=r["root"],
                    source=_side(r["source_country"], r["source_code"]),
                    target=_side(r["target_country"], r["target_code"]),
                    first=first,
                    last=last,
                    place=r["location_country"] or None,
                    mentions=r["num_mentions"] or 0,
                    order=r["id"],
                    id=r["id"],
                )
    return list(found.values())


def _by_country(side: Side) -> bool:
    return side is not None and side[0] == "c"


def _runs(events: Sequence[_Event], *, gap: int) -> Iterator[list[_Event]]:
    """The events (in date order) cut wherever two consecutive days are more than ``gap`` apart."""
    run: list[_Event] = []
    for ev in events:
        if run and (ev.day - run[-1].day).days > gap:
            yield run
            run = []
        run.append(ev)
    if run:
        yield run


# -- matching ------------------------------------------------------------------------------------


def _match(
    events: Sequence[_Event], stored: Sequence[_Story], window: int, max_span: int
) -> list[tuple[_Event, _Story]]:
    """Each event with the story it joins, stored or new (new ones have no id yet)."""
    by_key: dict[tuple[str, Side, Side], list[_Story]] = {}
    for st in stored:
        by_key.setdefault((st.root, st.source, st.target), []).append(st)
    next_order = max((st.order for st in stored), default=0) + 1
    out: list[tuple[_Event, _Story]] = []
    for ev in events:
        keys = [(ev.root, ev.source, ev.target)]
        if ev.symmetric and ev.source != ev.target:
            keys.append((ev.root, ev.target, ev.source))
        best: tuple[tuple[int, int, int, int], _Story] | None = None
        for key in keys:
            for st in by_key.get(key, ()):
                if st.place and ev.place and st.place != ev.place:
                    continue
                dist = st.distance(ev.day)
                span = (max(st.last, ev.day) - min(st.first, ev.day)).days
                if dist > window or span > max_span:
                    continue
                rank = (0 if st.place and st.place == ev.place else 1, dist, -st.mentions, st.order)
                if best is None or rank < best[0]:
                    best = (rank, st)
        if best is None:
            story = _Story(
                root=ev.root,
                source=ev.source,
                target=ev.target,
                first=ev.day,
                last=ev.day,
                place=ev.place,
                mentions=0,
                order=next_order,
                new_row=_new_row(ev),
            )
            next_order += 1
            by_key.setdefault((ev.root, ev.source, ev.target), []).append(story)
        else:
            story = best[1]
            story.first, story.last = min(story.first, ev.day), max(story.last, ev.day)
            story.place = story.place or ev.place
        story.mentions += 1
        out.append((ev, story))
    return out


def _new_row(ev: _Event) -> dict[str, Any]:
    """The first state of a story opened by ``ev``; the counts are filled in by the recount."""
    src_country = ev.source[1] if ev.source and ev.source[0] == "c" else None
    tgt_country = ev.target[1] if ev.target and ev.target[0] == "c" else None
    return {
        "root": ev.root,
        "cameo": ev.cameo,
        # The dyad is keyed by country when known; the codes are those of the opening event.
        "source_country": src_country,
        "target_country": tgt_country,
        "source_code": ev.source_code if ev.source else None,
        "target_code": ev.target_code if ev.target else None,
        "first_date": ev.day.isoformat(),
        "last_date": ev.day.isoformat(),
        "location_country": ev.place,
        "num_mentions": 0,
        "num_articles": 0,
        "num_sources": 0,
    }


# -- writing -------------------------------------------------------------------------------------


def _insert_new(conn: Connection, stories: Sequence[_Story]) -> None:
    """Insert the stories that have no id yet, in one statement, and give them their ids."""
    new = list({id(s): s for s in stories if s.id is None}.values())
    if not new:
        return
    # Each row carries a placeholder headline naming it, so the returned ids map back to rows in
    # any order: asking the driver for parameter order makes SQLite insert one row per statement.
    # The recount writes the real headline in the same transaction.
    rows = [{**s.new_row, "headline": f"{_PENDING}{n}"} for n, s in enumerate(new)]
    st = schema.stories
    returned = conn.execute(st.insert().returning(st.c.id, st.c.headline), rows).all()
    for sid, token in returned:
        new[int(token.removeprefix(_PENDING))].id = int(sid)


def outlet(source: str | None, url: str | None) -> str:
    """The outlet an article counts as: its source name, else its URL's host, else unknown.

    Articles whose outlet cannot be told count together as one source, so that a story is never
    made to look more widely reported than the store can show.
    """
    if source and source.strip():
        return source.strip().casefold()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return UNKNOWN_OUTLET


def _mode(values: Sequence[Any]) -> Any:
    """The most frequent non-empty value; ties go to the one seen first."""
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if counts.get(v) == top)


def _recount(conn: Connection, story_ids: Sequence[int]) -> None:
    """Recompute every derived column of these stories from their events, one UPDATE batch."""
    if not story_ids:
        return
    e, a = schema.events, schema.articles
    cols = [e.c.story_id, e.c.article_id, e.c.cameo, e.c.quad_class, e.c.goldstein, e.c.date]
    cols += [e.c.location_name, e.c.location_country, e.c.start]
    cols += [a.c.published, a.c.title, a.c.source, a.c.url]
    rows_by_story: dict[int, list[Any]] = {}
    for chunk in _chunks(story_ids):
        query = select(*cols).join(a, a.c.id == e.c.article_id).where(e.c.story_id.in_(chunk))
        for r in conn.execute(query).mappings():
            rows_by_story.setdefault(int(r["story_id"]), []).append(r)
    updates: list[dict[str, Any]] = []
    for sid in story_ids:
        rows = rows_by_story.get(sid)
        if not rows:
            continue
        # The order of reporting: earliest article first (undated ones last), then by id.
        rows.sort(key=lambda r: (r["published"] or "9999", r["article_id"], r["start"]))
        days = [d for d in (event_day(r["date"], r["published"]) for r in rows) if d is not None]
        place = _mode([r["location_country"] for r in rows])
        names = [r["location_name"] for r in rows if place is None or r["location_country"] == place]
        updates.append(
            {
                "sid": sid,
                "cameo": _mode([r["cameo"] for r in rows]),
                "quad_class": _mode([r["quad_class"] for r in rows]),
                "goldstein": round(sum(float(r["goldstein"]) for r in rows) / len(rows), 3),
                "num_mentions": len(rows),
                "num_articles": len({r["article_id"] for r in rows}),
                "num_sources": len({outlet(r["source"], r["url"]) for r in rows}),
                "first_date": min(days).isoformat() if days else None,
                "last_date": max(days).isoformat() if days else None,
                "location_country": place,
                "location": _mode(names),
                "headline": next((r["title"] for r in rows if r["title"]), None),
            }
        )
    if updates:
        s = schema.stories
        # Bound names must differ from the column names in an executemany UPDATE.
        values: dict[str, Any] = {k: bindparam(f"v_{k}") for k in updates[0] if k != "sid"}
        params = [{(k if k == "sid" else f"v_{k}"): v for k, v in u.items()} for u in updates]
        conn.execute(s.update().where(s.c.id == bindparam("sid")).values(values), params)
