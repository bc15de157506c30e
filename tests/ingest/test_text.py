"""Plain text: headline, dateline, sub-headings, credit line, paragraphs."""

from __future__ import annotations

import pytest

from eventwire.errors import EmptyInput
from eventwire.ingest import Section, read_text

DW_STYLE = """\
Ministers agree on grain corridor after talks in Ankara
May 6, 2024Foreign ministers of Turkey, Ukraine and Romania agreed on Monday to reopen a grain corridor.
"This is a good day for farmers everywhere," the Turkish foreign minister said after the meeting.
Officials said the first ships could sail within a week.
Doubts in Kyiv
Ukrainian officials welcomed the deal but warned that guarantees were still missing.
"We have seen promises before," one official said.
ab/cd (AFP, Reuters)
"""


def test_glued_dateline_headline_sections_and_credits() -> None:
    a = read_text(DW_STYLE, "dw.txt")
    assert a.title == "Ministers agree on grain corridor after talks in Ankara"
    assert a.published == "2024-05-06"
    assert a.text.startswith("Foreign ministers of Turkey, Ukraine and Romania agreed")
    assert "2024Foreign" not in a.text
    assert a.sections == [Section("Doubts in Kyiv", a.text.index("Ukrainian officials welcomed"))]
    assert "Doubts in Kyiv" not in a.text
    assert a.credits == ["AFP", "Reuters"]
    assert a.authors == ["ab", "cd"]
    assert "ab/cd" not in a.text
    assert a.text.endswith('"We have seen promises before," one official said.')
    assert a.origin == "dw.txt"


def test_paragraphs_are_joined_with_newlines() -> None:
    a = read_text(DW_STYLE, "dw.txt")
    assert a.text.count("\n") == 4  # five paragraphs, the heading and the credit line taken out


def test_bbc_style_title_blank_line_body() -> None:
    text = (
        "Border talks end without a deal\n\n"
        "Talks between the two governments ended on Tuesday without agreement on the disputed border.\n\n"
        "Both sides said they would meet again next month.\n"
    )
    a = read_text(text, "bbc.txt")
    assert a.title == "Border talks end without a deal"
    assert a.text == (
        "Talks between the two governments ended on Tuesday without agreement on the disputed border.\n"
        "Both sides said they would meet again next month."
    )
    assert a.sections == [] and a.credits == [] and a.published is None


def test_short_headline_with_full_stop_only_in_bbc_layout() -> None:
    with_blank = read_text("Talks collapse.\n\nThe talks collapsed on Monday after ten hours.\n", "a")
    assert with_blank.title == "Talks collapse."
    without = read_text("The talks collapsed.\nBoth sides left the venue without comment.\n", "b")
    assert without.title is None
    assert without.text.startswith("The talks collapsed.")


@pytest.mark.parametrize(
    "first_line",
    [
        "WASHINGTON, March 3 (Reuters) - The United States said on Monday it would send envoys.",
        "The United States said on Monday that it would send two envoys to the region next week.",
        '"We will not give up," the minister told parliament on Monday.',
    ],
)
def test_lead_is_not_taken_for_a_headline(first_line: str) -> None:
    a = read_text(first_line + "\nThe envoys will meet officials of both sides.\n", "x")
    assert a.title is None


def test_classic_dateline_without_year_keeps_published_empty() -> None:
    a = read_text(
        "Envoys head to the region\n"
        "WASHINGTON, March 3 (Reuters) - The United States said on Monday it would send envoys.\n",
        "x",
    )
    assert a.text.startswith("The United States said")
    assert a.published is None
    assert a.dateline_place == "Washington"
    assert a.credits == ["Reuters"]


def test_explicit_date_wins_over_dateline() -> None:
    a = read_text(DW_STYLE, "dw.txt", published="2024-05-07")
    assert a.published == "2024-05-07"
    assert a.text.startswith("Foreign ministers")  # the dateline is still split off


def test_date_on_a_line_of_its_own_and_byline() -> None:
    text = (
        "Envoys head to the region\n"
        "By Jane Doe\n"
        "Published: 12 Jan 2024, 09:15 GMT\n"
        "The United States said on Friday it would send envoys to the region.\n"
        "(Reporting by Jane Doe; Editing by John Roe)\n"
    )
    a = read_text(text, "x")
    assert a.published == "2024-01-12"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert a.text == "The United States said on Friday it would send envoys to the region."


def test_heading_needs_complete_neighbours() -> None:
    # "Talks resume" follows a paragraph that stops mid-sentence: a broken line, not a heading.
    text = (
        "Envoys head to the region\n"
        "The United States said on Friday it would send envoys to the region after talks\n"
        "Talks resume\n"
        "Officials said the talks would resume in Geneva on Monday.\n"
    )
    a = read_text(text, "x")
    assert a.sections == []
    assert "Talks resume" in a.text


def test_short_last_line_and_question_heading() -> None:
    text = (
        "Envoys head to the region\n"
        "The United States said on Friday it would send envoys to the region.\n"
        "What happens next?\n"
        "Officials said the talks would resume in Geneva on Monday.\n"
        "Officials in Geneva\n"
    )
    a = read_text(text, "x")
    assert [s.heading for s in a.sections] == ["What happens next?"]
    assert a.text.endswith("Officials in Geneva")  # the last line is never a heading


def test_quoted_question_is_speech_not_heading() -> None:
    text = (
        "Envoys head to the region\n"
        "The United States said on Friday it would send envoys to the region.\n"
        '"Why now?"\n'
        "Officials said the talks would resume in Geneva on Monday.\n"
    )
    assert read_text(text, "x").sections == []


def test_hard_wrapped_text_is_unwrapped() -> None:
    text = (
        "Envoys head to the region\n\n"
        "LONDON, Jan 12, 2024 (Reuters) - The British government said on\n"
        "Friday that it would send two envoys to the region next week to\n"
        "press both sides to return to the negotiating table.\n"
        "    The envoys will meet officials in both capitals and report\n"
        "back to parliament before the end of the month, it said.\n"
    )
    a = read_text(text, "x")
    assert a.title == "Envoys head to the region"
    assert a.published == "2024-01-12"
    assert a.text == (
        "The British government said on Friday that it would send two envoys to the region next week "
        "to press both sides to return to the negotiating table.\n"
        "The envoys will meet officials in both capitals and report back to parliament before the end "
        "of the month, it said."
    )


def test_whitespace_and_line_endings_are_normalised() -> None:
    a = read_text("Title here\r\n\r\nOne\u00a0 sentence\u200b here.\r\nAnother one.\r\n", "x")
    assert a.title == "Title here"
    assert a.text == "One sentence here.\nAnother one."


def test_single_line_is_body() -> None:
    a = read_text("Talks resume in Geneva", "x")
    assert a.title is None and a.text == "Talks resume in Geneva"


def test_empty_text_raises_empty_input() -> None:
    with pytest.raises(EmptyInput) as e:
        read_text(" \n\n \t\n", "blank.txt")
    assert "blank.txt" in str(e.value)


def test_several_headings() -> None:
    text = (
        "Envoys head to the region\n"
        "The United States said on Friday it would send envoys to the region.\n"
        "First stop Cairo\n"
        "The envoys will start in Cairo on Sunday.\n"
        "Then Amman\n"
        "They will travel on to Amman on Tuesday.\n"
        "Talks in Geneva\n"
        "Officials said the talks would resume in Geneva after that.\n"
        "No date has been set.\n"
    )
    a = read_text(text, "x")
    assert [s.heading for s in a.sections] == ["First stop Cairo", "Then Amman", "Talks in Geneva"]
    assert [a.text[s.offset :].split("\n")[0] for s in a.sections] == [
        "The envoys will start in Cairo on Sunday.",
        "They will travel on to Amman on Tuesday.",
        "Officials said the talks would resume in Geneva after that.",
    ]


def test_no_headings_in_table_like_text() -> None:
    text = (
        "Grain exports by port\n"
        "Figures are in thousands of tonnes.\n"
        "Odesa 1,200 tonnes\n"
        "Figures for the week to Friday.\n"
        "Izmail 640 tonnes\n"
        "Reni 310 tonnes\n"
        "Chornomorsk 980 tonnes\n"
        "Pivdennyi 450 tonnes\n"
        "Exports fell for a third week.\n"
    )
    assert read_text(text, "x").sections == []
