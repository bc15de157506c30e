"""Reading the model's entities as places, on token sequences built by hand (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.extract.place_cues import Tokens
from eventwire.extract.place_names import before_title, entity_spans, missed_names, widen
from eventwire.kb.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    # The same dir as tests/kb/test_gazetteer.py: the index is built once per session.
    cache: Path = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(cache_dir=cache)


@pytest.fixture(scope="module")
def nlp() -> English:
    return English()


def _doc(nlp: English, text: str, ents: list[str] | None = None) -> Doc:
    words = text.split()
    # lemmas as the model gives them for the verbs of saying these texts use
    lemmas = [{"said": "say", "says": "say"}.get(w, w.lower()) for w in words]
    return Doc(nlp.vocab, words=words, ents=ents, lemmas=lemmas)


def test_a_name_cut_in_two_is_made_whole(nlp: English, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Aid reached the Democratic Republic of the Congo on Monday .")
    assert widen(doc[7:8], gaz).text == "Democratic Republic of the Congo"
    # "the" before a name is not part of it, and a lone name stays as it is
    doc = _doc(nlp, "The Texas governor spoke .")
    assert widen(doc[1:2], gaz).text == "Texas"


def test_missed_names_prefer_the_longer_known_name(nlp: English, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Flights from Iowa City and Texas resumed .")
    assert [s.text for s in missed_names(Tokens(doc), gaz, [])] == ["Iowa City", "Texas"]


def test_who_after_a_home_town_is_the_persons(nlp: English) -> None:
    doc = _doc(nlp, "Jane Doe , 34 , of Tipperary , who was hurt , spoke .")
    assert not before_title(doc[6:7])
    doc = _doc(nlp, "Blinken , who arrived late , spoke .")
    assert before_title(doc[0:1])


def test_a_capital_the_model_called_a_person(nlp: English, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Tbilisi has denied the claims .", ents=["B-PERSON", "O", "O", "O", "O", "O"])
    assert [span.text for _, span in entity_spans(doc, gaz)] == ["Tbilisi"]
    doc = _doc(nlp, "Tbilisi said it would reply .", ents=["B-PERSON", "O", "O", "O", "O", "O"])
    assert entity_spans(doc, gaz) == []


def test_span_set_answers_as_a_scan_does() -> None:
    import random

    from eventwire.extract.place_names import SpanSet, overlaps

    rng = random.Random(5)
    spans = [(s, s + rng.randint(1, 30)) for s in (rng.randint(0, 2000) for _ in range(300))]
    fast = SpanSet(spans)
    for _ in range(2000):
        start = rng.randint(0, 2100)
        end = start + rng.randint(1, 40)
        assert overlaps(start, end, fast) == overlaps(start, end, list(spans))
