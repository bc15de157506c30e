"""Time expressions: finding, spans and normalisation against a publication date.

All sentences are our own. The publication date is Friday 10 November 2023 unless said otherwise.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from eventwire.extract.dates import find_time_expressions, guess_tense, resolve

PUB = "2023-11-10"  # a Friday


def found(text: str, published: str | None = PUB, tense: str | None = None) -> list[tuple[str, str]]:
    """(text, value) of every expression found, checking spans and values on the way."""
    hint = (lambda _offset: tense) if tense else None
    out = find_time_expressions(text, published, tense_hint=hint)
    for t in out:
        s, e = t.span
        assert text[s:e] == t.text
        if t.granularity == "day":
            date.fromisoformat(t.value)
        elif t.granularity == "month":
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", t.value)
        else:
            assert re.fullmatch(r"\d{4}", t.value)
    return [(t.text, t.value) for t in out]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers met on Friday in Geneva.", [("Friday", "2023-11-10")]),
        ("Friday's talks ended without a deal.", [("Friday", "2023-11-10")]),
        ("Rebels attacked the town on Monday.", [("Monday", "2023-11-06")]),
        ("The envoy arrived Saturday.", [("Saturday", "2023-11-04")]),
        ("Protesters gathered on Tuesday night.", [("Tuesday night", "2023-11-07")]),
        ("The accord was signed last Friday.", [("last Friday", "2023-11-03")]),
        ("They will vote next Monday.", [("next Monday", "2023-11-13")]),
        ("Police arrested two men yesterday.", [("yesterday", "2023-11-09")]),
        ("The court rules today.", [("today", "2023-11-10")]),
        ("The summit opens tomorrow.", [("tomorrow", "2023-11-11")]),
    ],
)
def test_days_relative_to_publication(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_weekday_follows_the_tense() -> None:
    text = "The two leaders will meet on Monday."
    assert found(text, tense="future") == [("Monday", "2023-11-13")]
    # Without a parse, the lexical guess sees "will".
    assert found(text) == [("Monday", "2023-11-13")]
    # A future Friday in a Friday report is still that day.
    assert found("The court will rule on Friday.", tense="future") == [("Friday", "2023-11-10")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rebels seized the city in June.", [("June", "2023-06")]),
        ("Elections were held in September.", [("September", "2023-09")]),
        ("Inflation slowed in November.", [("November", "2023-11")]),
        ("The ceasefire collapsed last month.", [("last month", "2023-10")]),
        ("Fighting resumed earlier this month.", [("earlier this month", "2023-11")]),
        ("The deal was struck last May.", [("last May", "2023-05")]),
        ("The parliament dissolved itself in March last year.", [("March last year", "2022-03")]),
        ("Exports fell sharply in May.", [("May", "2023-05")]),
    ],
)
def test_months(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_month_tense() -> None:
    assert found("The talks resumed in March.", tense="past") == [("March", "2023-03")]
    assert found("The talks will resume in March.", tense="future") == [("March", "2024-03")]
    # A month a season ahead without any tense is the coming one.
    assert found("A summit in January.") == [("January", "2024-01")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The law took effect June 5.", [("June 5", "2023-06-05")]),
        ("The vote was held on 5 June.", [("5 June", "2023-06-05")]),
        ("The treaty was signed on June 5, 2021.", [("June 5, 2021", "2021-06-05")]),
        ("Talks resumed Nov. 10 in Doha.", [("Nov. 10", "2023-11-10")]),
        ("The army withdrew on Sept. 3.", [("Sept. 3", "2023-09-03")]),
        ("The report is dated 2023-06-05.", [("2023-06-05", "2023-06-05")]),
        ("He resigned in March 2019.", [("March 2019", "2019-03")]),
        ("The results came on Saturday, Nov. 4.", [("Saturday, Nov. 4", "2023-11-04")]),
    ],
)
def test_absolute_days(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_day_without_year_follows_the_tense() -> None:
    assert found("The talks collapsed on Dec. 25.", tense="past") == [("Dec. 25", "2022-12-25")]
    assert found("The talks resume on Dec. 25.", tense="future") == [("Dec. 25", "2023-12-25")]
    # No tense at all: a date up to a season ahead is the coming one ("payable Dec. 25").
    assert found("The dividend is payable Dec. 25.") == [("Dec. 25", "2023-12-25")]
    # ... and a date further ahead is the past one.
    assert found("The dividend is payable June 5.") == [("June 5", "2023-06-05")]


def test_weekday_named_with_a_date_fixes_the_year() -> None:
    # 25 December 2022 was a Sunday; whatever the tense, the weekday decides.
    assert found("The fire broke out on Sunday, Dec. 25.", tense="future") == [
        ("Sunday, Dec. 25", "2022-12-25")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The group started in 2018.", [("2018", "2018")]),
        ("Relations have soured since 2014.", [("2014", "2014")]),
        ("The 2016 election changed everything.", [("2016", "2016")]),
        ("2019's budget was smaller.", [("2019", "2019")]),
        ("Prices rose in fiscal 2022.", [("2022", "2022")]),
        ("The economy grew last year.", [("last year", "2022")]),
        ("Growth should pick up next year.", [("next year", "2024")]),
        ("The party won this year's vote.", [("this year", "2023")]),
        ("The regime fell two years ago.", [("two years ago", "2021")]),
        ("He was freed three days ago.", [("three days ago", "2023-11-07")]),
        ("Talks failed in 1998, 1999 and 2001.", [("1998", "1998"), ("1999", "1999"), ("2001", "2001")]),
        ("The city was founded in 1898.", [("1898", "1898")]),
        ("It happened in nineteen ninety-six.", [("nineteen ninety-six", "1996")]),
    ],
)
def test_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Some 2018 people signed the petition.",
        "The bill costs $2018 per household.",
        "The index closed at 2018.5 points.",
        "Unrest grew through the 1990s.",
        "The siege lasted for three days.",
        "He served two years in prison.",
        "Exports fell last week.",
        "The officials may meet again.",
        "Theresa May said little.",
        "June Carter sang.",
        "Markets closed 5/6 lower.",
        "Ferries sail each Thursday.",
        "Prices were up from the previous Friday.",
        "Flights leave on Tuesday nights.",
        "The march on the capital drew crowds.",
        "Orion 1980 makes parts.",
        "The broadcast starts at 2000 GMT.",
        "Shelling killed 1990 civilians.",
        "She told the Sunday Times little.",
        "Prices doubled in the last year.",
        "Malaria is the deadliest disease of today.",
    ],
)
def test_not_dates(text: str) -> None:
    assert found(text) == []


def test_without_publication_date() -> None:
    text = "Troops left on Friday, after the June 5, 2023 accord and talks in 2019 and last month."
    assert found(text, published=None) == [("June 5, 2023", "2023-06-05"), ("2019", "2019")]


def test_partial_publication_date() -> None:
    # With only a month, day-level relative expressions cannot be resolved; coarser ones can.
    assert found("Troops left on Friday and last month.", published="2023-11") == [("last month", "2023-10")]
    # Timestamps are fine.
    assert found("Troops left yesterday.", published="2023-11-10T08:30:00Z") == [("yesterday", "2023-11-09")]


def test_slice_offsets_point_into_the_full_text() -> None:
    text = "Headline from Monday. The ministers met on Friday. Nothing else."
    start = text.index("The")
    end = text.index("Nothing")
    out = find_time_expressions(text, PUB, start=start, end=end)
    assert [(t.text, t.span, t.value) for t in out] == [("Friday", (43, 49), "2023-11-10")]
    assert text[43:49] == "Friday"


def test_tense_hint_receives_offsets_and_wins() -> None:
    seen: list[int] = []

    def hint(offset: int) -> str | None:
        seen.append(offset)
        return "future"

    text = "They met on Monday."
    assert found(text) == [("Monday", "2023-11-06")]
    out = find_time_expressions(text, PUB, tense_hint=hint)
    assert out[0].value == "2023-11-13"
    assert seen == [text.index("Monday")]


def test_to_dict_matches_contract() -> None:
    (t,) = find_time_expressions("They met on Monday.", PUB)
    assert t.to_dict() == {"text": "Monday", "span": [12, 18], "value": "2023-11-06", "granularity": "day"}


def test_resolve() -> None:
    assert resolve("Friday", PUB) == ("2023-11-10", "day")
    assert resolve("Monday", PUB, tense="future") == ("2023-11-13", "day")
    assert resolve("in June", PUB) == ("2023-06", "month")
    assert resolve("June 5, 2023", None) == ("2023-06-05", "day")
    assert resolve("Friday", None) is None
    assert resolve("for three days", PUB) is None


def test_guess_tense() -> None:
    text = "The king met Bush on Monday. The prime minister will meet him on Thursday."
    assert guess_tense(text, text.index("Monday")) == "past"
    assert guess_tense(text, text.index("Thursday")) == "future"
    assert guess_tense("A summit on Thursday.", 12) is None


def test_holidays() -> None:
    assert found("Shops were shut on Christmas Day.", tense="past") == [("Christmas Day", "2022-12-25")]
    assert found("He was found last Thanksgiving.") == [("last Thanksgiving", "2022-11-24")]
