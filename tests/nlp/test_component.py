"""The ``eventwire`` spaCy component: found by name after install, refuses pipelines without a
parser, codes the Doc as parsed (the same records as ``eventwire.code``), survives to_bytes."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from eventwire.errors import IncompatiblePipeline
from eventwire.nlp.component import EventwireComponent
from eventwire.pipeline import Pipeline
from eventwire.records import Article
from schema_check import assert_valid_record

TEXT = (
    "Kenyan President Paul Mwangi met with Tanzanian officials in Nairobi on Monday. "
    '"We agreed to open the border posts," Mwangi said. Ministers of the Quad will meet in Tokyo.'
)


@pytest.fixture(scope="module")
def user_nlp(nlp: Language) -> Language:
    """A user's pipeline: the session model loaded afresh by its package name, plus eventwire."""
    user = spacy.load(f"{nlp.lang}_{nlp.meta['name']}")
    user.add_pipe("eventwire", config={"date": "2024-03-04"})
    return user


def test_the_factory_is_an_entry_point() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert found.get("eventwire") == "eventwire.nlp.component:make_eventwire"


def test_add_pipe_finds_the_factory_without_importing_eventwire() -> None:
    # a blank pipeline has no parser: the component's own numbered error proves spaCy found it
    script = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "try:\n"
        "    nlp.add_pipe('eventwire')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("IncompatiblePipeline [E031]"), out.stdout + out.stderr


def test_a_pipeline_without_parser_is_refused_with_a_numbered_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    with pytest.raises(IncompatiblePipeline, match=r"E031.*dependency parser.*sentencizer"):
        nlp.add_pipe("eventwire")


def test_a_pipeline_in_another_language_is_refused() -> None:
    with pytest.raises(IncompatiblePipeline, match=r"E031.*English.*'de'"):
        spacy.blank("de").add_pipe("eventwire")


@pytest.mark.model
def test_a_bad_date_in_the_config_is_refused(nlp: Language) -> None:
    with pytest.raises(IncompatiblePipeline, match=r"E031.*YYYY-MM-DD"):
        EventwireComponent(nlp, date="4 March")


@pytest.mark.model
def test_a_doc_without_parse_is_refused(user_nlp: Language) -> None:
    component = user_nlp.get_pipe("eventwire")
    with pytest.raises(IncompatiblePipeline, match=r"E031.*after the parser"):
        component(user_nlp.make_doc("Kenya met Tanzania."))


@pytest.mark.model
def test_the_doc_carries_the_article_and_its_lists(user_nlp: Language) -> None:
    doc = user_nlp(TEXT)
    article = doc._.eventwire
    assert isinstance(article, Article) and article.text == doc.text
    assert article.published == "2024-03-04"
    assert doc._.events == article.events and doc._.quotes == article.quotes
    assert doc._.actors == article.actors
    assert any(e.root == "04" and e.source and e.source.code == "KENGOV" for e in doc._.events)
    assert any(q.text.startswith("We agreed") for q in doc._.quotes)
    assert_valid_record(article.to_dict())


@pytest.mark.model
def test_the_component_codes_as_eventwire_code_does(user_nlp: Language, pipeline: Pipeline) -> None:
    # one paragraph: the same parse, the same KB corrections, so the same record
    expected = pipeline.code_text(TEXT, date="2024-03-04")
    assert user_nlp(TEXT)._.eventwire.to_dict() == expected.to_dict()


@pytest.mark.model
def test_kb_rulers_correct_the_entities_unless_switched_off(user_nlp: Language) -> None:
    assert {e.text: e.ent_id_ for e in user_nlp(TEXT).ents}.get("Quad") == "igo:QUAD"
    with user_nlp.select_pipes(disable=["eventwire"]):
        doc = user_nlp(TEXT)
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    EventwireComponent(user_nlp, "eventwire_plain", kb_rulers=False)(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before
    assert all(e.ent_id_ != "igo:QUAD" for e in doc.ents)


@pytest.mark.model
def test_the_article_survives_serialisation(user_nlp: Language) -> None:
    doc = user_nlp(TEXT)
    again = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.eventwire == doc._.eventwire
    docs = DocBin(store_user_data=True, docs=[doc])
    (restored,) = DocBin().from_bytes(docs.to_bytes()).get_docs(user_nlp.vocab)
    assert restored._.events == doc._.events
