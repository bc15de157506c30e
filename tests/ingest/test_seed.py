"""The project's reference article (../shared/seed) read as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.ingest import RawArticle, read_path

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_9c1bcdfe16686040.txt"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed() -> RawArticle:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (../shared is absent)")
    (article,) = read_path(SEED)
    assert isinstance(article, RawArticle), article
    return article


def test_title_and_date(seed: RawArticle) -> None:
    assert seed.title == "Blinken in India holds talks on China, Israel"
    assert seed.published == "2023-11-10"


def test_dateline_split_off_the_lead(seed: RawArticle) -> None:
    assert seed.text.startswith("US Secretary of State Antony Blinken")
    assert "2023US" not in seed.text
    assert "November 10, 2023" not in seed.text


def test_subheadings_are_sections_not_body(seed: RawArticle) -> None:
    headings = [s.heading for s in seed.sections]
    assert headings == [
        "Defense, a key pillar of India-US bilateral ties",
        "Talks to build on Modi-Biden vision",
    ]
    for section in seed.sections:
        assert section.heading not in seed.text
        assert seed.text[section.offset - 1] == "\n"  # each section starts a paragraph
    assert seed.text[seed.sections[0].offset :].startswith("Blinken's tour of Asia")


def test_credit_line(seed: RawArticle) -> None:
    assert seed.credits == ["AFP", "AP", "Reuters"]
    assert seed.authors == ["ss", "ab"]
    assert "ss/ab" not in seed.text and "(AFP, AP, Reuters)" not in seed.text
    assert seed.text.rstrip().endswith("Russia.")
