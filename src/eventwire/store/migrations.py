"""Versioned schema migrations: the store records its version in ``meta`` and is brought up to date.

Version 1 is the schema of :mod:`eventwire.store.schema` created as a whole. Each later change is a
function appended to :data:`MIGRATIONS` that takes a connection at version N-1 to N; they run in
order inside one transaction each, so a store is never left between two versions.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select

from eventwire.errors import StoreError
from eventwire.store import schema

Migration = Callable[[Connection], None]


def _create_v1(conn: Connection) -> None:
    schema.metadata.create_all(conn)


# MIGRATIONS[i] takes the store from version i to version i + 1.
MIGRATIONS: tuple[Migration, ...] = (_create_v1,)

assert len(MIGRATIONS) == schema.SCHEMA_VERSION, "one migration per schema version"


def current_version(conn: Connection) -> int:
    """The schema version recorded in the store, 0 for an empty database."""
    if not inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def migrate(engine: Engine) -> int:
    """Bring the store at ``engine`` to :data:`schema.SCHEMA_VERSION`; return the version it was at."""
    with engine.begin() as conn:
        start = current_version(conn)
    if start > schema.SCHEMA_VERSION:
        raise StoreError(
            f"the store is at schema version {start}, newer than this eventwire "
            f"({schema.SCHEMA_VERSION}): upgrade eventwire"
        )
    for version in range(start, schema.SCHEMA_VERSION):
        with engine.begin() as conn:
            MIGRATIONS[version](conn)
            _set_version(conn, version + 1)
    return start


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    done = conn.execute(
        table.update().where(table.c.key == "schema_version").values(value=str(version))
    ).rowcount
    if not done:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))
