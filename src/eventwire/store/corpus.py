"""The Python entry point to a store: ``eventwire.open("eventwire.db")`` and tables of its rows.

    >>> import eventwire                                                   # doctest: +SKIP
    >>> with eventwire.open("eventwire.db") as corpus:
    ...     df = corpus.events(dyad=("USA", "CHN"), since="2024-01").to_pandas()
    ...     line = corpus.dyad("USA", "CHN")

A :class:`Table` is lazy: nothing is read until it is iterated, counted or converted, and it reads
page by page (keyset pagination), so iterating a million events holds one page at a time.
``to_pandas``/``to_polars``/``to_arrow`` need the optional ``frames`` extra
(``pip install 'eventwire[frames]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventwire.errors import ExportError, QueryError
from eventwire.store import queries, schema
from eventwire.store.engine import DEFAULT_DB, Store, existing_store
from eventwire.store.filters import MAX_LIMIT, EventFilter, check_filter
from eventwire.store.queries import Page, StoryOrder, Timeline

PageFetcher = Callable[[str | None, int], Page]


def open_store(db: str | Path = DEFAULT_DB) -> Corpus:
    """Open an existing store (a path or a database URL) for reading; close it, or use ``with``."""
    return Corpus(existing_store(db))


class Table:
    """Rows of a listing: iterate for dicts, ``len()`` to count, or convert to a data frame."""

    def __init__(
        self,
        columns: list[str],
        fetch: PageFetcher,
        *,
        count: Callable[[], int] | None = None,
        limit: int | None = None,
    ) -> None:
        self.columns = columns
        self._fetch = fetch
        self._count = count
        self._limit = limit

    def __iter__(self) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        left = self._limit
        while left is None or left > 0:
            size = MAX_LIMIT if left is None else min(left, MAX_LIMIT)
            page = self._fetch(cursor, size)
            yield from page.items
            if left is not None:
                left -= len(page.items)
            cursor = page.next
            if cursor is None:
                return

    def __len__(self) -> int:
        if self._count is None:
            return sum(1 for _ in self)
        total = self._count()
        return total if self._limit is None else min(total, self._limit)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {', '.join(self.columns[:4])}, ...>"

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every row as a dict (column -> value)."""
        return list(self)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one column per field (empty results keep the columns)."""
        pandas = _optional("pandas", "to_pandas")
        return pandas.DataFrame.from_records(self.to_dicts(), columns=self.columns)

    def to_polars(self) -> Any:
        """A ``polars.DataFrame``; column types are inferred from every row, not the first few."""
        polars = _optional("polars", "to_polars")
        rows = self.to_dicts()
        if not rows:
            return polars.DataFrame({c: [] for c in self.columns})
        return polars.from_dicts(rows, infer_schema_length=None).select(self.columns)

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``."""
        pyarrow = _optional("pyarrow", "to_arrow")
        rows = self.to_dicts()
        if not rows:
            return pyarrow.table({c: pyarrow.array([], type=pyarrow.null()) for c in self.columns})
        return pyarrow.Table.from_pylist(rows).select(self.columns)


class EventTable(Table):
    """The events that match a filter, newest first (see :func:`eventwire.store.queries.select_events`)."""


def _optional(module: str, method: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ExportError(
            f"{method}() needs {module}, which is not installed: pip install 'eventwire[frames]'"
        ) from exc


EVENT_COLUMNS = [c.name for c in schema.events.columns] + [
    "article_url",
    "article_title",
    "article_source",
    "article_published",
    "story_articles",
    "story_events",
    "story_sources",
]
ACTOR_COLUMNS = ["name", "code", "country", "kind", "articles", "mentions", "as_source", "as_target"]
STORY_COLUMNS = [c.name for c in schema.stories.columns]


class Corpus:
    """A store opened for reading: events, actors, stories, timelines, articles and counts.

    Filters are those of :class:`~eventwire.store.filters.EventFilter` (``source``, ``target``,
    ``dyad``, ``root``, ``code``, ``quad``, ``since``, ``until``, ``text``, ``actor``, ``story``,
    ``article``, ``include_negated``, ``include_historical``); a bad value raises QueryError when
    the method is called.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def events(self, *, limit: int | None = None, **filters: Any) -> EventTable:
        """The events that match ``filters``, newest first; all of them unless ``limit``."""
        filt = _filter(filters, limit)

        def fetch(cursor: str | None, size: int) -> Page:
            with self.store.connect() as conn:
                return queries.select_events(conn, replace(filt, cursor=cursor, limit=size))

        def count() -> int:
            with self.store.connect() as conn:
                return queries.count_events(conn, filt)

        return EventTable(EVENT_COLUMNS, fetch, count=count, limit=limit)

    def stories(self, *, order: StoryOrder = "recent", limit: int | None = None, **filters: Any) -> Table:
        """Stories (one happening reported by several articles): "recent" first or by "size"."""
        filt = _filter(filters, limit)
        with self.store.connect() as conn:  # check the filter now, not at the first iteration
            queries.select_stories(conn, replace(filt, limit=1), order=order)

        def fetch(cursor: str | None, size: int) -> Page:
            with self.store.connect() as conn:
                return queries.select_stories(conn, replace(filt, cursor=cursor, limit=size), order=order)

        return Table(STORY_COLUMNS, fetch, limit=limit)

    def actors(self, *, country: str | None = None, name: str | None = None, limit: int = 100) -> Table:
        """Actors grouped by name, code and country, with article, mention and event counts."""
        with self.store.connect() as conn:
            rows = queries.select_actors(conn, country=country, name=name, limit=limit)
        return Table(ACTOR_COLUMNS, lambda _cursor, _size: Page(rows))

    def dyad(
        self, a: str, b: str, *, since: str | None = None, until: str | None = None, top: int = 5
    ) -> Timeline:
        """Events between ``a`` and ``b`` month by month, with top stories and quotes."""
        with self.store.connect() as conn:
            return queries.dyad_timeline(conn, a, b, since=since, until=until, top=top)

    def stats(self) -> dict[str, Any]:
        """Counts of articles, duplicates, events, stories, actors, quotes, failures; first and last date."""
        with self.store.connect() as conn:
            return queries.stats(conn)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored record of an article, or None."""
        with self.store.connect() as conn:
            return queries.get_article(conn, article_id)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its article, story and evidence, or None."""
        with self.store.connect() as conn:
            return queries.get_event(conn, event_id)

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({self.store.display!r})"


def _filter(filters: dict[str, Any], limit: int | None) -> EventFilter:
    """An EventFilter from keyword arguments, checked now so a typo fails at the call."""
    known = set(EventFilter.__dataclass_fields__) - {"limit", "cursor"}
    unknown = sorted(set(filters) - known)
    if unknown:
        raise QueryError(f"{unknown[0]}: not a filter; the filters are {', '.join(sorted(known))}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise QueryError(f"limit: {limit!r} is not a number of rows: give a whole number of at least 1")
    if isinstance(filters.get("dyad"), list):
        filters = {**filters, "dyad": tuple(filters["dyad"])}
    filt = EventFilter(**filters)
    check_filter(filt)
    return filt
