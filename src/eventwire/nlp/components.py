"""spaCy components eventwire adds to the English pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_starts")
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence at every paragraph: the parser otherwise glues a closing quotation mark
    of one paragraph to the next paragraph's first sentence."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            nxt.is_sent_start = True
            if token.is_space and token.i > 0:
                token.is_sent_start = False  # the break belongs to the sentence it ends
    return doc
