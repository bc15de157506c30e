"""Article -> spaCy Doc: model loading and the components eventwire adds."""

from eventwire.nlp.model import MODEL_PREFERENCE, available_model, load_model

__all__ = ["MODEL_PREFERENCE", "available_model", "load_model"]
