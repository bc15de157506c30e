"""Tone: VADER sentence scores and GDELT-style article percentages."""

from __future__ import annotations

import pytest

from eventwire.extract.tone import ToneScorer, default_tone

POSITIVE = "The two leaders praised the warm friendship and celebrated a wonderful, historic agreement."
NEGATIVE = "The brutal attack killed dozens, and officials condemned the horrific violence and terror."
ARTICLE = [
    "The ministers met in the capital on Monday.",
    POSITIVE,
    NEGATIVE,
    "Talks will continue next month.",
]


@pytest.fixture(scope="module")
def tone() -> ToneScorer:
    return default_tone()


def test_sentence_compound_has_the_right_sign(tone: ToneScorer) -> None:
    assert tone.sentence(POSITIVE) > 0.5
    assert tone.sentence(NEGATIVE) < -0.5
    assert tone.sentence("The committee meets on Tuesday.") == pytest.approx(0.0, abs=0.1)
    assert tone.sentence("   ") == 0.0


def test_article_fields_follow_gdelt(tone: ToneScorer) -> None:
    result = tone.article(ARTICLE)
    assert set(result) >= {"score", "positive", "negative", "polarity", "sentences"}
    assert result["sentences"] == 4
    assert result["score"] == pytest.approx(result["positive"] - result["negative"], abs=1e-3)
    assert result["polarity"] == pytest.approx(result["positive"] + result["negative"], abs=1e-3)
    assert 0 < result["positive"] < 100 and 0 < result["negative"] < 100
    assert -100 <= result["score"] <= 100
    # percentages of the words counted: recompute them from the word counts
    words = pos = neg = 0
    for s in ARTICLE:
        n, p, q = tone.word_counts(s)
        words, pos, neg = words + n, pos + p, neg + q
    assert result["words"] == words
    assert result["positive"] == pytest.approx(100 * pos / words, abs=1e-3)
    assert result["negative"] == pytest.approx(100 * neg / words, abs=1e-3)


def test_article_tone_sign(tone: ToneScorer) -> None:
    assert tone.article([POSITIVE, "They signed the deal."])["score"] > 0
    assert tone.article([NEGATIVE, "They left the city."])["score"] < 0
    assert tone.article([NEGATIVE])["compound"] < 0


def test_empty_article(tone: ToneScorer) -> None:
    assert tone.article([]) == {
        "score": 0.0,
        "positive": 0.0,
        "negative": 0.0,
        "polarity": 0.0,
        "compound": 0.0,
        "words": 0,
        "sentences": 0,
    }


def test_names_and_topical_words_are_not_counted(tone: ToneScorer) -> None:
    # "Hope" inside a sentence is a name here; "security" names a topic, not a feeling
    assert tone.word_counts("The delegation from Hope visited the security ministry.") == (8, 0, 0)
    # the same word opening a sentence, lower-case, is counted
    n, pos, neg = tone.word_counts("Hope remains that the talks will work.")
    assert (n, pos, neg) == (7, 1, 0)


def test_default_tone_is_built_once() -> None:
    assert default_tone() is default_tone()
