"""spaCy EntityRuler patterns from the knowledge base, built without loading spaCy.

Patterns are token patterns. The case rules follow :mod:`eventwire.kb.lookup`:

- a one-word name matches as written or in capitals (``ORTH``: "India", "INDIA"), so "turkey" the
  bird, "polish" the verb and "may" the modal are never tagged;
- an acronym matches only as written (``ORTH``: "US", "U.N."), never the pronoun "us";
- a name of several words matches in any case (``LOWER`` per token: "the united states").

Each name is also given in plain ASCII ("Cote d'Ivoire" for "Côte d'Ivoire") and with a curly
apostrophe, since news text has both. When two kinds give the same tokens, the earlier kind keeps them
(countries before organisations, metonyms, demonyms, capitals and people), so "Singapore" is a country
rather than a capital.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from eventwire.kb.model import ascii_fold, is_acronym

if TYPE_CHECKING:
    from eventwire.kb.lookup import KnowledgeBase

Token = tuple[str, str]  # (attribute, value), e.g. ("LOWER", "united")
Pattern = tuple[str, tuple[Token, ...], str]  # (label, tokens, id)

_OPEN = '(["“‘'
_CLOSE = ')]"”,;:!?'
# Words spaCy's English tokenizer keeps whole with their final period.
# fmt: off
_ABBREVIATIONS = frozenset({
    "st.", "mt.", "ft.", "jr.", "sr.", "mr.", "mrs.", "ms.", "dr.", "gen.", "lt.", "col.", "sen.",
    "rep.", "gov.", "prof.", "co.", "corp.", "inc.", "ltd.",
})
# fmt: on
_HYPHEN = re.compile(r"(?<=[^\W_])(-)(?=[^\W\d_])")


def spacy_like_tokens(text: str) -> list[str]:
    """Split a name the way spaCy's English tokenizer does in the cases names need.

    "Washington, D.C." -> Washington , D.C. ; "Guinea-Bissau" -> Guinea - Bissau ; "Workers'" ->
    Workers ' ; "Children's" -> Children 's ; "No. 10" -> No . 10 ; "Côte d'Ivoire" stays two tokens.
    """
    tokens: list[str] = []
    for chunk in text.split():
        before: list[str] = []
        after: list[str] = []
        while len(chunk) > 1 and chunk[0] in _OPEN:
            before.append(chunk[0])
            chunk = chunk[1:]
        while len(chunk) > 1:
            if chunk[-1] in _CLOSE:
                after.insert(0, chunk[-1])
                chunk = chunk[:-1]
            elif chunk[-2:] in ("'s", "’s") and len(chunk) > 2:
                after.insert(0, chunk[-2:])
                chunk = chunk[:-2]
            elif chunk[-1] in "'’":
                after.insert(0, chunk[-1])
                chunk = chunk[:-1]
            elif chunk[-1] == "." and not _keeps_period(chunk):
                after.insert(0, ".")
                chunk = chunk[:-1]
            else:
                break
        tokens.extend(before)
        tokens.extend(part for part in _HYPHEN.split(chunk) if part)
        tokens.extend(after)
    return tokens


def _keeps_period(word: str) -> bool:
    # "D.C.", "U.S.", "J.": abbreviations with inner periods or of one letter stay whole.
    return "." in word[:-1] or len(word) == 2 or word.lower() in _ABBREVIATIONS


def _variants(name: str) -> Iterator[str]:
    seen = set()
    plain_name = ascii_fold(name)
    for variant in (name, plain_name, name.replace("'", "’"), plain_name.replace("'", "’")):
        if variant not in seen:
            seen.add(variant)
            yield variant


def _token_patterns(name: str, tokenize: Callable[[str], list[str]]) -> Iterator[tuple[Token, ...]]:
    for variant in _variants(name):
        words = tokenize(variant)
        if not words:
            continue
        if len(words) == 1 and not is_acronym(variant):
            yield (("ORTH", words[0]),)
            if words[0].upper() != words[0]:
                yield (("ORTH", words[0].upper()),)
        elif len(words) == 1:
            yield (("ORTH", words[0]),)
        else:
            yield tuple(("LOWER", w.lower()) for w in words)


def _named_things(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(label, name, id) for everything the ruler should find, in order of precedence."""
    for c in kb.countries:
        for name in (c.name, *c.aliases):
            yield "GPE", name, f"country:{c.iso3}"
    for g in kb.igos:
        for name in (g.name, *g.aliases):
            yield "ORG", name, f"igo:{g.key}"
    for m in kb.metonyms:
        yield "ORG", m.text, f"metonym:{m.text}"
    for c in kb.countries:
        for name in c.demonyms:
            yield "NORP", name, f"country:{c.iso3}"
    for c in kb.countries:
        if c.sovereign:
            for name in filter(None, (c.capital, *c.capital_aliases)):
                yield "GPE", name, f"capital:{c.iso3}"
    for p in kb.people:
        for name in (p.name, *p.aliases):
            # Surnames alone are left to the extractor, which knows the context; "Singh" is many people.
            yield "PERSON", name, f"person:{p.name}"


def build_patterns(
    kb: KnowledgeBase, tokenize: Callable[[str], list[str]] | None = None
) -> tuple[Pattern, ...]:
    """Every ruler pattern of ``kb`` as immutable tuples (see :func:`materialise`)."""
    split = tokenize or spacy_like_tokens
    taken: set[tuple[Token, ...]] = set()
    patterns: list[Pattern] = []
    for label, name, ident in _named_things(kb):
        for tokens in _token_patterns(name, split):
            if tokens not in taken:
                taken.add(tokens)
                patterns.append((label, tokens, ident))
    return tuple(patterns)


def materialise(patterns: tuple[Pattern, ...]) -> list[dict[str, Any]]:
    """The dicts spaCy's EntityRuler takes, fresh on each call so callers may change them."""
    return [
        {"label": label, "pattern": [{attr: value} for attr, value in tokens], "id": ident}
        for label, tokens, ident in patterns
    ]
