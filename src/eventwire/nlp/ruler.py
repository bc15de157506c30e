"""The knowledge base as entity rulers: spaCy's slips on names the KB knows are corrected in the
Doc itself ("Quad" tagged as a place, "Defense Lloyd Austin" as an organisation).

The KB's patterns are token patterns; matched token by token in spaCy's ``Matcher`` they cost
more than the parse itself (about 1.5 times, measured on BBC politics news). The same patterns
as phrases in two ``PhraseMatcher`` rulers, one matching as written (acronyms, one-word names)
and one in any case (names of several words), cost well under 1%.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.kb import KnowledgeBase

RULERS = ("eventwire_kb_orth", "eventwire_kb_lower")


def phrase_patterns(kb: KnowledgeBase) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The KB's ruler patterns as phrases: (matched as written, matched in any case)."""
    as_written: list[dict[str, Any]] = []
    any_case: list[dict[str, Any]] = []
    for p in kb.ruler_patterns():
        tokens = p["pattern"]
        phrase = " ".join(str(next(iter(t.values()))) for t in tokens)
        exact = all(set(t) == {"ORTH"} for t in tokens)
        (as_written if exact else any_case).append(
            {"label": p["label"], "pattern": phrase, "id": p.get("id")}
        )
    return as_written, any_case


def add_kb_rulers(nlp: Language, kb: KnowledgeBase) -> None:
    """Add the KB's entity rulers after the NER (overwriting its entities where they match)."""
    if RULERS[0] in nlp.pipe_names:
        return
    as_written, any_case = phrase_patterns(kb)
    # after the NER, else last (None: a tokenizer-only pipeline, as the spaCy component builds)
    after = "ner" if "ner" in nlp.pipe_names else (nlp.pipe_names[-1] if nlp.pipe_names else None)
    for name, attr, patterns in zip(RULERS, ("ORTH", "LOWER"), (as_written, any_case), strict=True):
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            after=after,
            config={"overwrite_ents": True, "phrase_matcher_attr": attr},
        )
        # spaCy runs every earlier component over phrase patterns; ORTH and LOWER phrases need
        # only the tokenizer, and skipping the rest makes loading several seconds faster.
        others = [n for n in nlp.pipe_names if n != name]
        with nlp.select_pipes(disable=others):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        after = name
