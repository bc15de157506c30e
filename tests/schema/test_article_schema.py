"""The JSON Schema of the article record: valid itself, met by every record the pipeline makes,
broken by records that break the contract; records read back from their dicts."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from eventwire.errors import InvalidRecord
from eventwire.ingest import RawArticle, iter_inputs
from eventwire.pipeline import Pipeline
from eventwire.records import (
    SCHEMA,
    Actor,
    Article,
    Event,
    Evidence,
    Place,
    Plover,
    Quote,
    Side,
    TimeExpression,
)
from eventwire.schema import article_from_dict, article_schema, record_problems, schema_text, validate_record
from schema_check import assert_valid_record, assert_valid_records

PROJECT = Path(__file__).resolve().parents[2]
TEXT = 'Kenya\'s president met Tanzanian officials in Nairobi on Monday. "Trade grew," he said.'


def _article() -> Article:
    """A small record built by hand with every kind of part, as the pipeline would make it."""
    nairobi = Place("Nairobi", (45, 52), "Nairobi", "KEN", -1.28, 36.82, 184745, "city")
    return Article(
        id="t1",
        text=TEXT,
        title="Talks",
        published="2024-03-04",
        credits=["Reuters"],
        sections=[{"heading": "Trade", "offset": 64}],
        actors=[
            Actor(
                "a1", "Kenya's president", "person", "president", "KEN", "GOV", "KENGOV", [(0, 17), (78, 80)]
            ),
            Actor("a2", "Tanzanian officials", "group", "officials", "TZA", "GOV", "TZAGOV", [(22, 41)]),
        ],
        events=[
            Event(
                id="e1",
                sentence=0,
                span=(18, 21),
                trigger="met",
                source=Side("a1", "KENGOV", "KEN", "Kenya's president", (0, 17)),
                target=Side("a2", "TZAGOV", "TZA", "Tanzanian officials", (22, 41)),
                cameo="040",
                root="04",
                quad_class=1,
                goldstein=1.0,
                plover=Plover("CONSULT", "meet", ["diplomatic"]),
                date="2024-03-04",
                date_text="Monday",
                location=nairobi.to_dict(),
                negated=False,
                modality="asserted",
                historical=False,
                confidence=0.8,
                evidence=Evidence(TEXT[:64], "frames.csv:1 meet", "meet X: consult"),
                tone=0.1,
                themes=["diplomacy"],
            )
        ],
        quotes=[
            Quote("Trade grew,", (65, 76), "direct", "said", {"actor": "a1", "name": "he", "span": [78, 80]})
        ],
        dates=[TimeExpression("Monday", (56, 62), "2024-03-04", "day")],
        places=[nairobi],
        themes=[{"id": "diplomacy", "label": "Diplomacy", "gkg": None, "score": 1.0, "evidence": ["met"]}],
        tone={"score": 1.5, "positive": 2.0, "negative": 0.5},
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = article_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA in schema["$id"]
    assert schema["properties"]["schema"] == {"const": SCHEMA}
    assert json.loads(schema_text()) == schema


def test_article_schema_gives_a_fresh_dict() -> None:
    article_schema()["required"].clear()
    assert "events" in article_schema()["required"]


def test_a_record_built_by_hand_validates_and_reads_back() -> None:
    article = _article()
    record = article.to_dict()
    assert_valid_record(record)
    assert article_from_dict(record) == article
    assert article_from_dict(json.loads(article.to_json())) == article


def _breaks(change: Callable[[dict[str, Any]], None]) -> list[str]:
    record = copy.deepcopy(_article().to_dict())
    change(record)
    return record_problems(record)


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "cameo without leading zero": (lambda r: r["events"][0].update(cameo="40a"), "$.events[0].cameo"),
    "quad class out of range": (lambda r: r["events"][0].update(quad_class=5), "$.events[0].quad_class"),
    "unknown modality": (lambda r: r["events"][0].update(modality="rumoured"), "$.events[0].modality"),
    "lower-case country": (lambda r: r["actors"][0].update(country="ken"), "$.actors[0].country"),
    "two-letter country": (lambda r: r["places"][0].update(country="KE"), "$.places[0].country"),
    "unknown actor kind": (lambda r: r["actors"][1].update(kind="crowd"), "$.actors[1].kind"),
    "slashed date": (lambda r: r["events"][0].update(date="03/04/2024"), "$.events[0].date"),
    "month value at day granularity": (lambda r: r["dates"][0].update(value="2024-03"), "$.dates[0].value"),
    "unknown granularity": (lambda r: r["dates"][0].update(granularity="week"), "$.dates[0].granularity"),
    "span of three numbers": (lambda r: r["events"][0].update(span=[1, 2, 3]), "$.events[0].span"),
    "negative offset": (lambda r: r["actors"][0]["mentions"].append([-1, 2]), "$.actors[0].mentions[2][0]"),
    "missing evidence": (lambda r: r["events"][0].pop("evidence"), "$.events[0]"),
    "field outside the contract": (lambda r: r.update(summary="..."), "$"),
    "field outside a closed part": (lambda r: r["quotes"][0].update(mood="angry"), "$.quotes[0]"),
    "wrong schema version": (lambda r: r.update(schema="eventwire/0"), "$.schema"),
    "plover type unknown": (lambda r: r["events"][0]["plover"].update(type="HUG"), "$.events[0].plover.type"),
    "confidence above 1": (lambda r: r["events"][0].update(confidence=1.5), "$.events[0].confidence"),
    "published as a year": (lambda r: r.update(published="2024"), "$.published"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_hand_broken_records_fail_naming_the_field(name: str) -> None:
    change, where = BROKEN[name]
    problems = _breaks(change)
    assert problems, f"{name}: the schema accepted it"
    assert any(p.startswith(where + ":") for p in problems), problems


def test_validate_record_raises_a_numbered_error() -> None:
    record = _article().to_dict()
    record["events"][0]["quad_class"] = 7
    with pytest.raises(InvalidRecord, match=r"E080.*'t1'.*\$\.events\[0\]\.quad_class"):
        validate_record(record)
    with pytest.raises(InvalidRecord):
        article_from_dict(record)
    validate_record(_article().to_dict())  # no error


def test_open_parts_take_more_fields() -> None:
    # the contract leaves themes open ("themes": [ ... ]): a new theme field is not a break
    assert _breaks(lambda r: r["themes"][0].update(weight=0.3)) == []


@pytest.mark.model
def test_every_sample_record_validates(pipeline: Pipeline) -> None:
    raws = [r for r in iter_inputs([str(PROJECT / "samples")]) if isinstance(r, RawArticle)]
    assert len(raws) >= 5
    records = [a.to_dict() for a in pipeline.code_raw(raws)]
    assert_valid_records(records)
    assert sum(len(r["events"]) for r in records) > 0
    assert [article_from_dict(r).to_dict() for r in records] == records


@pytest.mark.model
@pytest.mark.shared
def test_the_seed_record_validates(seed_path: Path, pipeline: Pipeline) -> None:
    raw = next(iter(iter_inputs([str(seed_path)])))
    assert isinstance(raw, RawArticle)
    assert_valid_record(next(pipeline.code_raw([raw])).to_dict())
