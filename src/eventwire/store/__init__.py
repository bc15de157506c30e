"""The store: coded articles in SQLite (default) or PostgreSQL, through one SQLAlchemy Core schema.

Reading it from Python: ``open_store(db)`` gives a :class:`Corpus` (events, actors, stories, a
dyad's timeline, counts); the query functions behind it are in :mod:`eventwire.store.queries`.
"""

from eventwire.store import schema
from eventwire.store.corpus import Corpus, EventTable, Table, open_store
from eventwire.store.engine import DEFAULT_DB, Store, database_url, existing_store
from eventwire.store.filters import EventFilter
from eventwire.store.queries import MonthCounts, Page, Timeline

__all__ = [
    "DEFAULT_DB",
    "Corpus",
    "EventFilter",
    "EventTable",
    "MonthCounts",
    "Page",
    "Store",
    "Table",
    "Timeline",
    "database_url",
    "existing_store",
    "open_store",
    "schema",
]
