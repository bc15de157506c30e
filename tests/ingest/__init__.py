"""Tests of the readers (eventwire.ingest)."""
