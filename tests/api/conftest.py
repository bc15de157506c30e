"""Fixtures for the API tests: a store filled with the hand-built records, and a client on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.api import ServeSettings, create_app
from eventwire.store import Store

from .records import fill

# The app answers loopback Host names only (DNS-rebinding guard): the client must use one.
BASE_URL = "http://127.0.0.1"
TOKEN = "t0ken-for-the-tests-only-0123456789"


@pytest.fixture
def filled(store_url: str) -> tuple[str, list[dict[str, Any]]]:
    """A store URL (SQLite and PostgreSQL) holding the records of ``records.py``, and the records."""
    store = Store(store_url)
    try:
        records = fill(store)
    finally:
        store.close()
    return store_url, records


def make_client(db: str, **settings: Any) -> TestClient:
    """A client of a fresh app over ``db`` (server errors come back as 500 responses)."""
    app = create_app(ServeSettings(db=db, **settings))
    return TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)


@pytest.fixture
def client(filled: tuple[str, list[dict[str, Any]]]) -> Iterator[TestClient]:
    with make_client(filled[0]) as c:
        yield c
