"""The KB entity rulers correct the model's labels on names the KB knows."""

from __future__ import annotations

import pytest

from eventwire.kb import KnowledgeBase
from eventwire.nlp.ruler import RULERS, phrase_patterns
from eventwire.pipeline import Pipeline


def test_phrase_patterns_split_by_case_rule() -> None:
    as_written, any_case = phrase_patterns(KnowledgeBase.load())
    written = {p["pattern"] for p in as_written}
    assert "US" in written and "us" not in written  # an acronym never matches the pronoun
    assert any(p["pattern"] == "united states" for p in any_case)
    assert all(p["id"] for p in as_written + any_case)


@pytest.mark.model
def test_rulers_fix_labels_in_the_doc(pipeline: Pipeline) -> None:
    nlp = pipeline.nlp
    assert set(RULERS) <= set(nlp.pipe_names)
    doc = nlp("Ministers of the Quad met in Tokyo, and NATO said it would send envoys.")
    labels = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert labels["Quad"] == ("ORG", "igo:QUAD")
    assert labels["NATO"] == ("ORG", "igo:NATO")
    assert labels["Tokyo"][0] == "GPE"
