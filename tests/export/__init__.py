"""Tests of the exports (eventwire.export)."""
