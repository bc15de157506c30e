"""Textual cues of places, on token sequences built by hand (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.extract.place_cues import (
    Cue,
    Tokens,
    area_pairs,
    capitalised_runs,
    county_lists,
    datelines,
    kind_of_place,
    locatives,
    party_districts,
    residents,
)
from eventwire.kb.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    # The same dir as tests/kb/test_gazetteer.py: the index is built once per session.
    cache: Path = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(cache_dir=cache)


@pytest.fixture(scope="module")
def vocab() -> English:
    return English()


def _tokens(nlp: English, text: str, **labels: list[str]) -> Tokens:
    """Tokens of ``text`` split on spaces, with optional ``tags``, ``ents`` and ``sent_starts``."""
    words = text.split()
    return Tokens(Doc(nlp.vocab, words=words, **labels))  # type: ignore[arg-type]


def _found(cues: list[Cue]) -> list[tuple[str, str, str | None]]:
    return [(c.span.text, c.name, c.within) for c in cues]


def test_a_place_and_its_state(vocab: English, gaz: Gazetteer) -> None:
    tokens = _tokens(vocab, "Officials in Dublin , Ohio , met on Monday .")
    assert _found(area_pairs(tokens, gaz)) == [("Dublin", "Dublin", "USA.OH"), ("Ohio", "Ohio", None)]
    # a list of countries is no such pair
    assert area_pairs(_tokens(vocab, "Troops from France , Germany and Italy arrived ."), gaz) == []


def test_a_legislators_district(vocab: English, gaz: Gazetteer) -> None:
    tokens = _tokens(vocab, "Rep. Jane Doe , D - Calif. , said so .")
    assert _found(party_districts(tokens, gaz)) == [("Calif.", "Calif.", "USA")]


def test_county_lists_and_a_lone_plural(vocab: English, gaz: Gazetteer) -> None:
    tokens = _tokens(vocab, "Schools in Barrow , Jackson and Madison counties closed .")
    assert sorted(_found(county_lists(tokens, gaz))) == [
        ("Barrow", "Barrow County", None),
        ("Jackson", "Jackson County", None),
        ("Madison", "Madison County", None),
    ]
    assert county_lists(_tokens(vocab, "the four metro Athens counties grew ."), gaz) == []


def test_home_towns_and_kinds_of_place(vocab: English, gaz: Gazetteer) -> None:
    text = "Jane Doe , 34 , of Lombard was hurt in the village of Glen Carbon ."
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 14
    found = [c.span.text for c in kind_of_place(_tokens(vocab, text, ents=ents), gaz)]
    assert found == ["Lombard", "Glen Carbon"]
    # the name must end where the run of capitals ends: not "Western" of "Western Kasai"
    tokens = _tokens(vocab, "cases in the province of Western Kasai rose .")
    assert kind_of_place(tokens, gaz) == []


def test_residents_need_a_proper_noun(vocab: English, gaz: Gazetteer) -> None:
    text = "A Camarillo resident and One man spoke ."
    tokens = _tokens(vocab, text, tags=["DT", "NNP", "NN", "CC", "CD", "NN", "VBD", "."])
    assert [c.span.text for c in residents(tokens, gaz)] == ["Camarillo"]


def test_locatives_refuse_people_after_to(vocab: English, gaz: Gazetteer) -> None:
    text = "She flew to Cancun and wrote to Smith ."
    ents = ["O"] * 7 + ["B-PERSON", "O"]
    assert [c.span.text for c in locatives(_tokens(vocab, text, ents=ents), gaz, set())] == ["Cancun"]
    assert locatives(_tokens(vocab, "She flew to Cancun ."), gaz, {"Cancun"}) == []


def test_dateline_after_a_byline_date(vocab: English, gaz: Gazetteer) -> None:
    text = "By Jo Roe March 30 , 2009 NEWARK -- The city voted ."
    ents = ["O", "B-PERSON", "I-PERSON", "B-DATE", "I-DATE", "I-DATE", "I-DATE"] + ["O"] * 6
    assert _found(datelines(_tokens(vocab, text, ents=ents), gaz)) == [("NEWARK", "Newark", None)]
    # capitals in the middle of a sentence are no dateline
    assert datelines(_tokens(vocab, "He said NEWARK -- was loud ."), gaz) == []


def test_capitalised_runs_split_at_hyphens(vocab: English) -> None:
    text = "The Grand Ledge Police Chief spoke at the University of Nebraska - Lincoln ."
    tags = ["DT", "NNP", "NNP", "NNP", "NNP", "VBD", "IN", "DT", "NNP", "IN", "NNP", "HYPH", "NNP", "."]
    runs = [r.text for r in capitalised_runs(_tokens(vocab, text, tags=tags))]
    assert runs == ["Grand Ledge Police Chief", "University", "Nebraska", "Lincoln"]
