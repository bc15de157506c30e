"""Shared fixtures: the spaCy pipeline and the coding pipeline load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.options import Options
from eventwire.pipeline import Pipeline

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = SHARED / "seed" / "000_9c1bcdfe16686040.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline (packaged KB with people, packaged lexicon)."""
    return Pipeline(Options())


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
