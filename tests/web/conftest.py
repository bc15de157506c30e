"""Fixtures for the web UI tests: a filled SQLite store (the pages read the same queries as the
API, whose tests cover both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.conftest import BASE_URL, make_client
from api.records import fill
from eventwire.store import Store


@pytest.fixture
def ui_db(tmp_path: Path) -> str:
    db = str(tmp_path / "ui.db")
    store = Store(db)
    fill(store)
    store.close()
    return db


@pytest.fixture
def ui(ui_db: str) -> Iterator[TestClient]:
    with make_client(ui_db) as c:
        yield c


__all__ = ["BASE_URL"]
