"""Tools for testing eventwire and deployments of it.

- :mod:`~eventwire.testing.bad_inputs`: a catalogue of hostile inputs, written to a folder;
- :mod:`~eventwire.testing.catalogue_run`: the catalogue through the real CLI, judged kind by kind;
- :mod:`~eventwire.testing.corpus`: a small generated corpus for fault tests;
- :mod:`~eventwire.testing.faults`: the CLI in child processes, measured, killed mid-run;
- :mod:`~eventwire.testing.store_checks`: whether a store is whole, and counts to compare stores.
"""

from eventwire.testing.bad_inputs import CATALOGUE, BadInput, good_articles, write_bad_inputs
from eventwire.testing.corpus import SmallCorpus, write_small_corpus
from eventwire.testing.faults import KillTrial, kill_trials, run_cli
from eventwire.testing.store_checks import store_counts, store_problems

__all__ = [
    "CATALOGUE",
    "BadInput",
    "KillTrial",
    "SmallCorpus",
    "good_articles",
    "kill_trials",
    "run_cli",
    "store_counts",
    "store_problems",
    "write_bad_inputs",
    "write_small_corpus",
]
