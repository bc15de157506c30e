"""Shared pieces of the reliability tests: a generated corpus and its clean ingest, a PostgreSQL
database of its own, and the options every ingest here runs with.

These tests run the real CLI in child processes (``eventwire.testing.faults``): a kill has to hit
a real process, and memory is measured on it. Each child loads the spaCy model (a few seconds),
so a corpus is ingested cleanly once per session and every fault test compares with that.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from eventwire.testing.corpus import SmallCorpus, write_small_corpus
from eventwire.testing.faults import run_cli
from eventwire.testing.store_checks import store_counts, store_problems

# Small batches: many commits in a run of 60 short articles, so a kill lands between, or in, them.
BATCH = "2"
DATE = "2024-03-04"
INGEST_OPTIONS = ("--batch-size", BATCH, "--date", DATE, "--quiet")
POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"


def ingest_args(paths: list[str], db: str, *extra: str) -> list[str]:
    """The arguments of ``eventwire ingest`` as these tests run it."""
    return ["ingest", *paths, "--db", db, *INGEST_OPTIONS, *extra]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> SmallCorpus:
    """60 generated articles (4 near-copies), 2 exact repeats and 3 bad inputs."""
    return write_small_corpus(tmp_path_factory.mktemp("corpus") / "articles", articles=60)


@pytest.fixture(scope="session")
def clean_counts(corpus: SmallCorpus, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The store counts of one uninterrupted ingest of ``corpus`` into a new SQLite store."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    done = run_cli(ingest_args([str(corpus.folder)], str(db)), timeout=300)
    assert done.returncode == 1, done.stderr  # 1: the corpus holds bad inputs on purpose
    assert store_problems(db) == []
    counts = store_counts(db)
    # the corpus is what it says it is: otherwise every comparison with it is moot
    assert counts["articles"] == len(corpus.articles)
    assert counts["duplicates"] == corpus.copies
    assert counts["failures"] == len(corpus.bad)
    assert counts["events"] > len(corpus.articles)
    assert counts["stories"] > 0
    return counts


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL for a new, empty PostgreSQL database, dropped afterwards (skips without a server)."""
    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        pytest.skip(f"PostgreSQL tests need a server: set {POSTGRES_ENV} (.ci/run does)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from eventwire.store import database_url

    name = f"ew_rel_{uuid.uuid4().hex[:12]}"
    # no pooled connection: a test may restart the server in between
    engine = create_engine(database_url(admin), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def no_traceback(stderr: str) -> None:
    """Fail with the child's stderr when it shows a Python traceback."""
    assert "Traceback" not in stderr, stderr[-3000:]
