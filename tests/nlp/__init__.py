"""Tests of model loading and our spaCy components (eventwire.nlp)."""
