"""Query strings into event filters, and event rows into CSV."""

from __future__ import annotations

import csv
import io

import pytest

from eventwire.api.params import dyad_of, event_filter, events_csv, query_pairs
from eventwire.errors import QueryError


def _filter(**params: list[str]):  # type: ignore[no-untyped-def]
    return event_filter(params, default_limit=50, max_limit=1000)


def test_parameters_map_onto_the_filter() -> None:
    filt = _filter(source=["usa"], dyad=["USA, IND"], q=["talks"], quad=["2"], negated=["true"], limit=["7"])
    assert (filt.source, filt.dyad, filt.text, filt.quad) == ("usa", ("USA", "IND"), "talks", 2)
    assert (filt.include_negated, filt.limit) == (True, 7)
    assert _filter().limit == 50


@pytest.mark.parametrize(
    ("values", "expected"),
    [(["USA,IND"], ("USA", "IND")), (["USA", "IND"], ("USA", "IND")), ([], None), ([" , "], None)],
)
def test_dyad_spellings(values: list[str], expected: tuple[str, str] | None) -> None:
    assert dyad_of(values) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"dyad": ["USA,IND,CHN"]},
        {"negated": ["maybe"]},
        {"story": ["-3"]},
        {"q": ["x" * 300]},
        {"bogus": ["1"]},
    ],
)
def test_bad_parameters_raise_query_errors(params: dict[str, list[str]]) -> None:
    with pytest.raises(QueryError):
        _filter(**params)


def test_the_web_form_may_carry_parameters_of_its_own() -> None:
    assert event_filter({"bogus": ["1"]}, default_limit=5, max_limit=10, strict=False).limit == 5


def test_links_keep_the_query_and_change_one_parameter() -> None:
    pairs = query_pairs({"source": ["USA"], "cursor": ["abc"], "q": [""]}, cursor="def")
    assert pairs == [("source", "USA"), ("cursor", "def")]
    assert query_pairs({"cursor": ["abc"]}, cursor=None) == []


def test_csv_has_the_columns_and_defuses_formulas() -> None:
    text = events_csv(
        [{"id": "a:E1", "sentence_text": '=HYPERLINK("x")', "negated": False, "goldstein": -2.0}]
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["id"] == "a:E1" and rows[0]["negated"] == "false" and rows[0]["goldstein"] == "-2.0"
    assert rows[0]["sentence_text"].startswith("'=")
    assert "article_title" in rows[0]
