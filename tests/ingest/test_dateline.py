"""Datelines are split off the lead, and ordinary sentences are never cut."""

from __future__ import annotations

import pytest

from eventwire.ingest.dateline import parse_date, split_dateline, standalone_date


@pytest.mark.parametrize(
    ("paragraph", "published", "place", "agency", "rest"),
    [
        ("November 10, 2023US Secretary of State met", "2023-11-10", None, None, "US Secretary"),
        ("March 3, 2024Foreign ministers agreed", "2024-03-03", None, None, "Foreign ministers"),
        ("Nov. 10, 2023 The minister said", "2023-11-10", None, None, "The minister"),
        ("10 November 2023 - Police in the capital", "2023-11-10", None, None, "Police in"),
        ("Friday, November 10, 2023 - The talks", "2023-11-10", None, None, "The talks"),
        ("2024-02-29 — Officials said", "2024-02-29", None, None, "Officials said"),
        ("WASHINGTON, March 3 (Reuters) - The US said", None, "Washington", "Reuters", "The US said"),
        ("LONDON (AP) — Britain's government", None, "London", "AP", "Britain's"),
        ("KYIV, Ukraine, Feb. 8, 2024 (AP) — Russian forces", "2024-02-08", "Kyiv", "AP", "Russian"),
        ("BRUSSELS, 14 October 2024 (AFP) - The bloc", "2024-10-14", "Brussels", "AFP", "The bloc"),
        ("ISLAMABAD/NEW DELHI, May 2 (Reuters) - Both", None, "Islamabad/New Delhi", "Reuters", "Both"),
        ("ST. PETERSBURG, Russia (AP) — The", None, "St. Petersburg", "AP", "The"),
        ("Paris (AFP) - France said", None, "Paris", "AFP", "France said"),
        ("(Reuters) - The central bank", None, None, "Reuters", "The central"),
        ("MOSCOW — Russia said on Monday", None, "Moscow", None, "Russia said"),
    ],
)
def test_datelines_are_split(
    paragraph: str, published: str | None, place: str | None, agency: str | None, rest: str
) -> None:
    d = split_dateline(paragraph)
    assert d is not None
    assert (d.published, d.place, d.agency) == (published, place, agency)
    assert paragraph[d.end :].startswith(rest)


@pytest.mark.parametrize(
    "sentence",
    [
        "March 3, 2024 was the day the talks collapsed.",
        "March 3 Foreign ministers met again.",  # no year and no dash: the date is the subject
        "In March 3, 2024 talks resumed.",
        "NATO — the Western alliance — said it was watching.",
        "ASEAN-China talks opened in Jakarta on Monday.",
        "US - China relations are strained.",
        "The minister - who spoke on condition of anonymity - said.",
        "1 May Day rallies drew thousands.",
        "U.S. officials said the talks would go on.",
        "Officials said the deal was close.",
    ],
)
def test_sentences_are_left_alone(sentence: str) -> None:
    assert split_dateline(sentence) is None


def test_parse_date_shapes() -> None:
    assert parse_date("Nov. 10, 2023") == "2023-11-10"
    assert parse_date("10th November 2023") == "2023-11-10"
    assert parse_date("Sept. 5, 2024") == "2024-09-05"
    assert parse_date("2023-11-10") == "2023-11-10"
    assert parse_date("March 3") is None  # no year
    assert parse_date("February 30, 2024") is None  # not a calendar date


def test_standalone_date_lines() -> None:
    assert standalone_date("Published: 10 Nov 2023, 14:02 GMT") == "2023-11-10"
    assert standalone_date("Updated on March 3, 2024 at 10:45 a.m. EST") == "2024-03-03"
    assert standalone_date("November 10, 2023") == "2023-11-10"
    assert standalone_date("November 10, 2023 was a Friday.") is None
