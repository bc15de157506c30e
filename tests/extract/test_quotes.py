"""Quotations and their speakers, on paragraphs of our own.

The first tests pair quotation marks on plain strings (no model); the rest parse with the
eventwire spaCy pipeline (the session fixture ``nlp`` of tests/conftest.py) and check cue,
speaker mention and kind for each pattern find_quotes must handle, and that names and scare
quotes in marks are left out.
"""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.extract.quote_marks import find_regions, quote_regions
from eventwire.extract.quotes import find_quotes
from eventwire.records import Quote


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_regions(text)]


# -- quotation marks (no model) -------------------------------------------------------------------


def test_curly_and_straight_marks() -> None:
    text = '“We are ready,” she said. "So are we," he replied.'
    assert _quoted(text) == ["We are ready,", "So are we,"]


def test_typewriter_pairs() -> None:
    text = "''The vote is final,'' the clerk said. ``Nothing changes,'' she added."
    assert _quoted(text) == ["The vote is final,", "Nothing changes,"]


def test_apostrophes_do_not_pair() -> None:
    text = "The voters’ anger was clear; Lindqvist’s aides didn't deny it, nor did the '90s veterans."
    assert quote_regions(text) == []


def test_single_marks_quote_outside_double_ones() -> None:
    assert _quoted("‘We will stay,’ the envoy said.") == ["We will stay,"]
    # Inside a double quotation the single marks nest: the outer region covers them.
    assert _quoted('"He told me ‘never again’ and left," she said.') == ["He told me ‘never again’ and left,"]


def test_open_quote_runs_to_the_end_of_its_paragraph() -> None:
    text = 'The envoy said: "We will not leave.\n"We will stay until the job is done."'
    regions = find_regions(text)
    assert [text[r.start : r.end] for r in regions] == [
        "We will not leave.",
        "We will stay until the job is done.",
    ]
    assert [r.closed for r in regions] == [False, True]
    assert [r.para for r in regions] == [0, 1]


def test_regions_hold_letters_and_never_cross_a_line() -> None:
    text = 'The id was "7731". He wrote "fine\nand" then left.'
    spans = quote_regions(text)
    assert all("\n" not in text[s:e] for s, e in spans)
    assert "7731" not in _quoted(text)


# -- attribution (model) --------------------------------------------------------------------------


def _fake_resolver(text: str) -> Any:
    def resolve(start: int, end: int) -> tuple[str | None, str]:
        return None, text[start:end]

    return resolve


def _find(nlp: Any, text: str) -> list[Quote]:
    """find_quotes with a resolver returning the mention text; checks every offset on the way."""
    doc = nlp(text)
    quotes = find_quotes(doc, resolve_speaker=_fake_resolver(doc.text))
    for q in quotes:
        s, e = q.span
        assert 0 <= s < e <= len(text)
        assert text[s:e] == q.text
        assert q.text == q.text.strip()
        assert q.kind in ("direct", "partial", "continuation")
        if q.speaker is not None:
            a, b = q.speaker["span"]
            assert text[a:b] == q.speaker["name"]
    return quotes


def _speaker(q: Quote) -> str | None:
    return q.speaker["name"] if q.speaker else None


@pytest.mark.model
def test_quote_before_the_cue(nlp: Any) -> None:
    text = '"We will not accept these terms," Foreign Minister Ana Lindqvist said on Tuesday.'
    [q] = _find(nlp, text)
    assert q.text == "We will not accept these terms,"
    assert (q.kind, q.cue, _speaker(q)) == ("direct", "said", "Foreign Minister Ana Lindqvist")


@pytest.mark.model
def test_inverted_cue(nlp: Any) -> None:
    [q] = _find(nlp, '"The border will stay open," said the interior minister.')
    assert (q.cue, _speaker(q)) == ("said", "the interior minister")


@pytest.mark.model
def test_told_reporters_without_a_comma(nlp: Any) -> None:
    [q] = _find(nlp, '"Nothing has been agreed yet" the minister told reporters in Vienna.')
    assert (q.cue, _speaker(q)) == ("told", "the minister")


@pytest.mark.model
def test_quote_after_the_cue_and_a_colon(nlp: Any) -> None:
    [q] = _find(nlp, 'Lindqvist told reporters: "We expect a reply within days."')
    assert (q.text, q.kind, q.cue, _speaker(q)) == (
        "We expect a reply within days.",
        "direct",
        "told",
        "Lindqvist",
    )


@pytest.mark.model
def test_added_that(nlp: Any) -> None:
    [q] = _find(nlp, 'He added that "the offer remains on the table."')
    assert (q.kind, q.cue, _speaker(q)) == ("partial", "added", "He")


@pytest.mark.model
def test_quote_split_around_the_cue(nlp: Any) -> None:
    quotes = _find(nlp, '"We came to listen," she said, "and we will come back next month."')
    assert [q.text for q in quotes] == ["We came to listen,", "and we will come back next month."]
    assert {_speaker(q) for q in quotes} == {"she"}
    assert quotes[0].kind == "direct"


@pytest.mark.model
def test_a_quote_of_several_sentences(nlp: Any) -> None:
    text = '"The talks were difficult. Both sides gave ground. We meet again in May," the envoy said.'
    [q] = _find(nlp, text)
    assert q.text.startswith("The talks were difficult.") and q.text.endswith("in May,")
    assert _speaker(q) == "the envoy"


@pytest.mark.model
def test_partial_quotes_with_according_to(nlp: Any) -> None:
    text = (
        "According to the trade ministry, the agreement aims to build "
        '"a durable partnership" and "closer customs cooperation."'
    )
    quotes = _find(nlp, text)
    assert [q.text for q in quotes] == ["a durable partnership", "closer customs cooperation."]
    assert all(q.kind == "partial" and q.cue == "according to" for q in quotes)
    assert {_speaker(q) for q in quotes} == {"the trade ministry"}


@pytest.mark.model
def test_according_to_in_the_previous_sentence(nlp: Any) -> None:
    text = (
        'According to the ministry, talks resume in June. The plan foresees "a phased withdrawal of troops."'
    )
    [q] = _find(nlp, text)
    assert (q.cue, _speaker(q)) == ("according to", "the ministry")


@pytest.mark.model
def test_partial_quote_governed_by_the_cue(nlp: Any) -> None:
    text = 'The defence minister said despite "several logistical problems," the exercise went ahead.'
    [q] = _find(nlp, text)
    assert (q.text, q.kind, q.cue, _speaker(q)) == (
        "several logistical problems,",
        "partial",
        "said",
        "The defence minister",
    )


@pytest.mark.model
def test_short_partial_quote_with_a_cue_counts(nlp: Any) -> None:
    [q] = _find(nlp, 'The opposition leader called the decision "reckless."')
    assert (q.text, q.kind, q.cue, _speaker(q)) == ("reckless.", "partial", "called", "The opposition leader")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        'Officials from both countries met for the "3+3 Forum" in Oslo on Monday.',
        'The government rejected the so-called "peace plan" on Monday.',
        'The "peace plan" collapsed within a week.',
        'She appeared on "Face the Nation" on Sunday to defend the budget.',
        'The senator said the "Clean Rivers Act" would pass this year.',
        'He read "The Long Road Home" during the flight.',
    ],
)
def test_names_and_scare_quotes_are_not_quotations(nlp: Any, text: str) -> None:
    assert _find(nlp, text) == []


@pytest.mark.model
def test_curly_quotes(nlp: Any) -> None:
    [q] = _find(nlp, "“We are ready for a ceasefire,” the general said.")
    assert (q.text, _speaker(q)) == ("We are ready for a ceasefire,", "the general")


@pytest.mark.model
def test_title_cased_speech_framed_by_its_cue(nlp: Any) -> None:
    [q] = _find(nlp, "“Never Again,” the crowd chanted outside the court.")
    assert (q.cue, _speaker(q)) == ("chanted", "the crowd")


@pytest.mark.model
def test_continuation_paragraph_keeps_the_speaker(nlp: Any) -> None:
    text = (
        "The mayor met residents on Monday.\n"
        '"The water is safe to drink," she said.\n'
        '"We have tested every well in the district."'
    )
    first, second = _find(nlp, text)
    assert (first.kind, _speaker(first)) == ("direct", "she")
    assert second.kind == "continuation"
    assert second.speaker == first.speaker


@pytest.mark.model
def test_quotation_over_two_paragraphs(nlp: Any) -> None:
    text = 'The envoy told the council: "We will not leave.\n"We will stay until the job is done."'
    first, second = _find(nlp, text)
    assert (first.cue, _speaker(first)) == ("told", "The envoy")
    assert second.kind == "continuation" and _speaker(second) == "The envoy"


@pytest.mark.model
def test_next_sentence_of_quotation_inherits_the_speaker(nlp: Any) -> None:
    text = '"The harvest was poor," the farmer said. "Prices will rise before winter."'
    first, second = _find(nlp, text)
    assert _speaker(first) == _speaker(second) == "the farmer"


@pytest.mark.model
def test_quote_after_a_sentence_with_a_cue(nlp: Any) -> None:
    text = 'The governor said the bridge would reopen in March. "Every lane has been inspected."'
    [q] = _find(nlp, text)
    assert (q.cue, _speaker(q)) == ("said", "The governor")


@pytest.mark.model
def test_statement_after_a_colon_and_a_paragraph_break(nlp: Any) -> None:
    text = (
        'The ministry issued the following statement:\n"The embassy will stay closed until further notice."'
    )
    [q] = _find(nlp, text)
    assert _speaker(q) == "The ministry"


@pytest.mark.model
def test_transcript_label_names_the_speaker(nlp: Any) -> None:
    text = '"MODERATOR: Thank you all for coming tonight."\n"OKAFOR: It is a pleasure to be here."'
    first, second = _find(nlp, text)
    assert (first.text, _speaker(first)) == ("Thank you all for coming tonight.", "MODERATOR")
    assert (second.text, _speaker(second)) == ("It is a pleasure to be here.", "OKAFOR")


@pytest.mark.model
def test_vox_pop_byline(nlp: Any) -> None:
    text = "“Prices keep rising every single week.” ― Dana Whitfield\n“Nobody listens to us.”― Omar Reyes."
    first, second = _find(nlp, text)
    assert (_speaker(first), _speaker(second)) == ("Dana Whitfield", "Omar Reyes")


@pytest.mark.model
def test_pronoun_goes_to_the_resolver(nlp: Any) -> None:
    text = 'The envoy arrived late. "We have no time to lose," he said.'
    calls: list[tuple[int, int]] = []

    def resolve(start: int, end: int) -> tuple[str | None, str]:
        calls.append((start, end))
        return "A1", "Envoy Mira Castell"

    [q] = find_quotes(nlp(text), resolve_speaker=resolve)
    assert [text[a:b] for a, b in calls] == ["he"]
    assert q.speaker == {
        "actor": "A1",
        "name": "Envoy Mira Castell",
        "span": [text.index("he said"), text.index("he said") + 2],
    }


@pytest.mark.model
def test_resolver_returning_none_keeps_the_mention(nlp: Any) -> None:
    [q] = find_quotes(nlp('"It is over," the coach said.'), resolve_speaker=lambda s, e: None)
    assert q.speaker is not None and q.speaker["actor"] is None and q.speaker["name"] == "the coach"


@pytest.mark.model
def test_long_quotation_without_a_speaker_is_kept(nlp: Any) -> None:
    text = 'The crowd grew quiet.\n"Our rivers are not for sale and never will be."'
    [q] = _find(nlp, text)
    assert q.speaker is None and q.kind == "direct"


def test_without_a_parse_word_order_still_attributes() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    text = '"We are ready," Lindqvist said.\nThe talks resumed.'
    quotes = find_quotes(nlp(text), resolve_speaker=_fake_resolver(text))
    assert [(q.text, q.cue, _speaker(q)) for q in quotes] == [("We are ready,", "said", "Lindqvist")]


def test_no_marks_no_quotes() -> None:
    spacy = pytest.importorskip("spacy")
    assert find_quotes(spacy.blank("en")("The ministers met in Oslo.")) == []
