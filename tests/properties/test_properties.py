"""Property-based tests: arbitrary text never breaks the readers, the date resolver, the gazetteer or
the coder, and whatever they return points inside the text and holds valid values."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.extract.dates import find_time_expressions
from eventwire.ingest.decoding import decode_bytes
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.text import read_text
from eventwire.kb.gazetteer import Gazetteer
from eventwire.pipeline import Pipeline

# Text that looks like news often enough to reach the interesting paths: words the extractors
# react to, quotation marks, digits, dates and punctuation, mixed with arbitrary Unicode.
NEWSY = st.sampled_from(
    [
        "said",
        "President",
        "Minister",
        "met",
        "Monday",
        "on Friday",
        "last week",
        "June 5, 2023",
        "Russia",
        "India",
        "Washington",
        "Paris",
        "\u201c",
        "\u201d",
        '"',
        "'",
        ".",
        ",",
        "\n\n",
        "-",
        "(Reuters)",
        "WASHINGTON",
        "Blinken",
        "talks",
        "attacked",
        "2023",
        "1999",
        "31",
        "next year",
        "according to",
        "the US",
        "Kyiv",
        ":",
        "\u2014",
    ]
)
TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=60).map(" ".join)
DATES = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(str))
VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text=TEXT, published=DATES)
def test_text_reader_never_raises_other_than_input_error(text: str, published: str | None) -> None:
    try:
        raw = read_text(text, "t.txt", published=published)
    except InputError as exc:
        assert "t.txt" in exc.message
        return
    assert raw.text.strip()
    for section in raw.sections:
        assert 0 <= section.offset <= len(raw.text)


@PROPERTY
@given(data=st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_a_clear_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "b.txt")
    except InputError as exc:
        assert exc.message.startswith("b.txt:")
        return
    assert isinstance(text, str)


@PROPERTY
@given(body=TEXT)
def test_html_reader_never_raises_other_than_input_error(body: str) -> None:
    page = (
        f"<html><head><title>{body[:30]}</title></head><body><article><p>{body}</p></article></body></html>"
    )
    try:
        raw = read_html(page, "p.html")
    except InputError:
        return
    assert raw.text


@PROPERTY
@given(
    lines=st.lists(
        st.one_of(
            TEXT, st.dictionaries(st.sampled_from(["text", "date", "id", "title"]), TEXT).map(json.dumps)
        ),
        max_size=6,
    )
)
def test_jsonl_reader_yields_articles_or_errors_one_per_line(lines: list[str]) -> None:
    content = "\n".join(line.replace("\n", " ") for line in lines)
    items = list(read_jsonl(iter(content.splitlines(keepends=True)), "f.jsonl"))
    assert len(items) <= max(1, len(content.splitlines()))
    for item in items:
        if isinstance(item, InputError):
            assert item.message.startswith("f.jsonl:")


@PROPERTY
@given(text=TEXT, published=DATES)
def test_dates_point_inside_the_text_and_are_valid(text: str, published: str | None) -> None:
    for found in find_time_expressions(text, published):
        start, end = found.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == found.text
        assert VALUE.match(found.value), found.value
        parts = [int(p) for p in found.value.split("-")]
        date(parts[0], *[*parts[1:], 1, 1][:2])  # raises on an impossible month or day
        assert found.granularity == {1: "year", 2: "month", 3: "day"}[len(parts)]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@PROPERTY
@given(
    name=st.one_of(st.text(max_size=30), NEWSY),
    context=st.lists(st.sampled_from(["USA", "IND", "FRA", "XXX", ""]), max_size=3),
)
def test_gazetteer_lookups_never_raise_and_give_real_coordinates(
    gazetteer: Gazetteer, name: str, context: list[str]
) -> None:
    found = gazetteer.resolve(name, context_countries=context)
    if found is not None:
        assert -90 <= found.lat <= 90 and -180 <= found.lon <= 180
        assert found.country is None or re.fullmatch(r"[A-Z]{3}", found.country)


@pytest.mark.model
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXT, published=DATES)
def test_the_coder_never_raises_and_every_offset_points_into_the_text(
    pipeline: Pipeline, text: str, published: str | None
) -> None:
    try:
        article = pipeline.code_text(text, date=published)
    except InputError:
        return
    n = len(article.text)

    def inside(span: tuple[int, int] | list[int]) -> bool:
        return 0 <= span[0] <= span[1] <= n

    for actor in article.actors:
        assert all(inside(m) for m in actor.mentions)
    for event in article.events:
        assert inside(event.span) and event.cameo.isdigit() and 1 <= event.quad_class <= 4
        assert -10 <= event.goldstein <= 10 and 0 <= event.confidence <= 1
        for side in (event.source, event.target):
            assert side is None or inside(side.span)
        assert VALUE.match(event.date) if event.date else True
    for quote in article.quotes:
        assert inside(quote.span)
    for place in article.places:
        assert inside(place.span)
    for found in article.dates:
        assert inside(found.span) and VALUE.match(found.value)
