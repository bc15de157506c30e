"""Detect the language of an article, offline.

We use ``py3langid`` (a maintained fork of Lui & Baldwin's langid.py): a naive Bayes model over
byte n-grams for about 140 languages and varieties, shipped inside the package (4.5 MB), numpy
only. It costs about 1 ms per article here (0.1 ms per sentence) after a one-off load of about a
second. Only the first :data:`MAX_CHARS` characters are read: a news article's language is
settled long before that, and it bounds the cost of very long inputs.

Codes are ISO 639-1 ("en", "de", "zh"). The model also knows a few varieties that have no
two-letter code; those are folded into their macrolanguage where one exists (Egyptian and
Moroccan Arabic -> "ar", Cantonese and Wu -> "zh") and otherwise kept as their three-letter
code. Text with no letters at all gives ``("und", 0.0)`` (ISO 639-2 "undetermined").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

__all__ = ["MAX_CHARS", "detect_language", "has_words", "is_english", "not_english_reason"]

MAX_CHARS = 1000  # about 160 words: ample for a confident call on news, and the cost grows with it
UNDETERMINED = "und"
# Varieties the model labels with ISO 639-3 codes, folded into the ISO 639-1 macrolanguage.
_MACRO: Mapping[str, str] = MappingProxyType(
    dict(arz="ar", ary="ar", uzs="uz", yue="zh", wuu="zh", gug="gn", fuv="ff", kik="ki", sdh="ku")
)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The langid model, loaded once (about a second: it is decompressed from the package)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    # norm_probs=True turns the naive Bayes scores into probabilities we can report as confidence.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of ``text``'s language and the model's confidence (0..1).

    Example: ``detect_language("Die Regierung hat am Montag ...")`` -> ``("de", 0.99...)``.
    """
    sample = text[:MAX_CHARS]
    if not any(c.isalpha() for c in sample):
        return UNDETERMINED, 0.0
    code, confidence = _identifier().classify(sample)
    if code == "zxx":  # the model's "no linguistic content"
        return UNDETERMINED, round(float(confidence), 4)
    return _MACRO.get(code, code), round(float(confidence), 4)


def is_english(text: str, *, min_confidence: float = 0.5) -> bool:
    """Whether ``text`` is English with at least ``min_confidence``."""
    code, confidence = detect_language(text)
    return code == "en" and confidence >= min_confidence


_WORD = re.compile(r"\b[^\W\d_]{1,40}\b")
# Fewer words than this in the first MAX_CHARS characters is not prose: a page of punctuation,
# quotation marks or one endless token ("xxxx..."), which the parser would only waste time on.
MIN_WORDS = 3
# English is written in Latin letters; when most letters are of another script the text is not
# English, however unsure the model is (short Chinese or Arabic texts get low confidences).
MIN_LATIN_SHARE = 0.5


def has_words(text: str) -> bool:
    """Whether the start of ``text`` holds at least :data:`MIN_WORDS` words of letters."""
    return len(_WORD.findall(text[:MAX_CHARS])) >= MIN_WORDS


def not_english_reason(text: str, *, min_confidence: float) -> str | None:
    """Why ``text`` cannot be coded as English, or None when it can.

    The reasons name what was found: no words at all, another script, or another language
    detected with at least ``min_confidence``.
    """
    sample = text[:MAX_CHARS]
    letters = [c for c in sample if c.isalpha()]
    latin = sum(1 for c in letters if c < "\u0250")  # Basic Latin to Latin Extended-B
    code, confidence = detect_language(text)
    if letters and latin / len(letters) < MIN_LATIN_SHARE:
        shown = code if code != UNDETERMINED else "a non-Latin script"
        return f"language {shown!r} is not supported yet (eventwire codes English)"
    if code not in ("en", UNDETERMINED) and confidence >= min_confidence:
        return f"language {code!r} is not supported yet (eventwire codes English)"
    return None
