"""Tools for testing eventwire and deployments of it: a catalogue of hostile inputs."""

from eventwire.testing.bad_inputs import BadInput, good_articles, write_bad_inputs

__all__ = ["BadInput", "good_articles", "write_bad_inputs"]
