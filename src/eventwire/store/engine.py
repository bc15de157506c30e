"""Opening a store: a database URL or a file path in, a migrated SQLAlchemy engine out.

``eventwire.db`` and ``path/to/file.db`` are SQLite files; ``sqlite:///...`` and
``postgresql://user@host/db`` are SQLAlchemy URLs (``postgresql://`` uses psycopg 3). SQLite is
opened in WAL mode so readers (the API, queries) never block the writer, with ``synchronous=NORMAL``
(durable at each commit in WAL mode, which is what a killed ingest needs) and foreign keys on.

:class:`Store` does no I/O until it is used: the engine is created, and the schema migrated, on
first access.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from eventwire.errors import StoreError
from eventwire.store.migrations import migrate

DEFAULT_DB = "eventwire.db"

# A busy writer holds SQLite's lock for one batch commit; readers and a second writer wait this
# long (ms) before giving up, well beyond a batch of 32 articles.
SQLITE_BUSY_TIMEOUT_MS = 60_000


def database_url(db: str | Path) -> str:
    """The SQLAlchemy URL for ``db``: a URL is kept, a file path becomes ``sqlite:///<absolute path>``."""
    text = str(db)
    if "://" in text:
        if text.startswith("postgres://"):
            text = "postgresql://" + text[len("postgres://") :]
        if text.startswith("postgresql://"):
            text = "postgresql+psycopg://" + text[len("postgresql://") :]
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    """True when ``url`` names an SQLite database."""
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # The timeout first: switching to WAL takes a lock that another process opening the same new
    # store may hold for a moment.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """A database of coded articles. ``Store("eventwire.db")`` or ``Store("postgresql://...")``.

    Nothing is opened until :attr:`engine` (or :meth:`begin`/:meth:`connect`) is first used;
    the schema is then created or migrated to the current version.
    """

    def __init__(self, db: str | Path = DEFAULT_DB, *, migrate_schema: bool = True) -> None:
        self.url = database_url(db)
        # Messages name the store without its password ("postgresql://user:***@host/db").
        self.display = _without_password(str(db))
        self._migrate = migrate_schema

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @cached_property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created (and the schema migrated) on first use."""
        try:
            if self.is_sqlite:
                path = self.url[len("sqlite:///") :]
                if path and not Path(path).parent.is_dir():
                    raise StoreError(f"{self.display}: folder {Path(path).parent} does not exist")
                engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(self.url, pool_pre_ping=True)
            if self._migrate:
                migrate(engine)
        except StoreError:
            raise
        except (SQLAlchemyError, ImportError, OSError) as exc:
            raise StoreError(f"{self.display}: cannot open the store: {driver_reason(exc)}") from exc
        return engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside a transaction, committed on success and rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        """Release the engine's connections (the store can be used again afterwards)."""
        if "engine" in self.__dict__:
            self.__dict__.pop("engine").dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display!r})"


def existing_store(db: str | Path = DEFAULT_DB) -> Store:
    """A :class:`Store` for reading: an SQLite file that does not exist is an error, not a new store."""
    store = Store(db)
    if store.is_sqlite and not Path(store.url[len("sqlite:///") :]).is_file():
        raise StoreError(f"no store at {db}: run `eventwire ingest` first")
    return store


def _without_password(db: str) -> str:
    if "://" not in db:
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return db.split("://", 1)[0] + "://..."


def driver_reason(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background link."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
