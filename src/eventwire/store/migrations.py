"""Versioned schema migrations: the store records its version in ``meta`` and is brought up to date.

Version 1 is the schema of :mod:`eventwire.store.schema` created as a whole. Each later change is a
function appended to :data:`MIGRATIONS` that takes a connection at version N-1 to N; they run in
order inside one transaction each, so a store is never left between two versions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import StoreError
from eventwire.store import schema

Migration = Callable[[Connection], None]


def _create_v1(conn: Connection) -> None:
    schema.metadata.create_all(conn)


# MIGRATIONS[i] takes the store from version i to version i + 1.
MIGRATIONS: tuple[Migration, ...] = (_create_v1,)

assert len(MIGRATIONS) == schema.SCHEMA_VERSION, "one migration per schema version"

# Two processes opening a new store at once (two ingests started together) both find it at
# version 0 and both create its tables; the slower one fails on a table the other just made
# (SQLite runs DDL outside the transaction). It then looks again, finds the store migrated, or
# migrates what is left: the migrations check what exists first.
RACE_RETRIES = 5
RACE_PAUSE_SECONDS = 0.1


def current_version(conn: Connection) -> int:
    """The schema version recorded in the store, 0 for an empty database."""
    if not inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def migrate(engine: Engine) -> int:
    """Bring the store at ``engine`` to :data:`schema.SCHEMA_VERSION`; return the version it was at.

    A migration that fails is tried again a few times (another process may be migrating the same
    store at this moment, see :data:`RACE_RETRIES`); the last failure is raised. A store that
    cannot be reached fails at once, on the first read.
    """
    with engine.begin() as conn:
        start = current_version(conn)
    for attempt in range(RACE_RETRIES):
        try:
            _upgrade(engine)
            return start
        except SQLAlchemyError:
            if attempt == RACE_RETRIES - 1:
                raise
            time.sleep(RACE_PAUSE_SECONDS * (attempt + 1))
    return start


def _upgrade(engine: Engine) -> None:
    """Run the migrations from the version the store is at now."""
    with engine.begin() as conn:
        version = current_version(conn)
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"the store is at schema version {version}, newer than this eventwire "
            f"({schema.SCHEMA_VERSION}): upgrade eventwire"
        )
    for step in range(version, schema.SCHEMA_VERSION):
        with engine.begin() as conn:
            MIGRATIONS[step](conn)
            _set_version(conn, step + 1)


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    done = conn.execute(
        table.update().where(table.c.key == "schema_version").values(value=str(version))
    ).rowcount
    if not done:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))
