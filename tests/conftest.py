"""Shared fixtures: the spaCy pipeline and the coding pipeline load once per test session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline
from eventwire.store import Store

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = SHARED / "seed" / "000_9c1bcdfe16686040.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline (packaged KB with people, packaged lexicon): the very one
    ``eventwire.code`` runs on, so the model loads once for both."""
    from eventwire.coding import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):  # type: ignore[no-untyped-def]
    """The spaCy Language eventwire parses with (shared with ``pipeline``)."""
    return pipeline.nlp


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the project; tests that need it skip with a message where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: this test needs the shared labelled data")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    return SEED


# The PostgreSQL server tests run against: `.ci/run` starts one and sets this; where it is unset
# the PostgreSQL half of the store tests skips with a message.
POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"


def _postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store, once on SQLite and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "eventwire.db")
        return
    admin = _postgres_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL tests need a server: set {POSTGRES_ENV} (.ci/run does)")
    from sqlalchemy import create_engine, text

    from eventwire.store import database_url

    name = f"ew_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated :class:`~eventwire.store.Store` (SQLite and PostgreSQL)."""
    s = Store(store_url)
    try:
        yield s
    finally:
        s.close()
