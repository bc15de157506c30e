"""Opening stores: URLs, WAL, migrations, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from eventwire.errors import StoreError
from eventwire.store import Store, database_url, schema
from eventwire.store.migrations import current_version


def test_paths_become_absolute_sqlite_urls(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_new_store_is_migrated_to_the_current_version(store: Store) -> None:
    with store.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION
        assert set(schema.metadata.tables) <= set(inspect(conn).get_table_names())


def test_sqlite_store_uses_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    with store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_constructing_a_store_does_no_io(tmp_path: Path) -> None:
    Store(tmp_path / "never.db")
    assert not (tmp_path / "never.db").exists()


def test_reopening_keeps_the_version_row_single(tmp_path: Path) -> None:
    for _ in range(2):
        with Store(tmp_path / "r.db") as store, store.connect() as conn:
            rows = conn.execute(select(schema.meta).where(schema.meta.c.key == "schema_version")).all()
            assert len(rows) == 1


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        _ = Store(tmp_path / "nope" / "x.db").engine


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    with store.begin() as conn:
        conn.execute(schema.meta.update().values(value=str(schema.SCHEMA_VERSION + 1)))
    store.close()
    with pytest.raises(StoreError, match="newer than this eventwire"):
        _ = Store(tmp_path / "n.db").engine


def test_messages_never_show_the_password() -> None:
    store = Store("postgresql://user:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in store.display and "s3cret" not in repr(store)
    with pytest.raises(StoreError) as caught:
        _ = store.engine
    assert "s3cret" not in str(caught.value)
