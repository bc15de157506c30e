"""Deduplication: near-duplicate articles (syndicated copies) and stories across articles.

``NearDuplicates`` finds the stored original of a copy before it is coded (MinHash LSH, bands kept
in ``minhash_bands``); ``assign_stories`` groups the events of several articles that report one
happening into a story with counts of mentions, articles and outlets. See docs/dedup.md.
"""

from eventwire.dedup.near import NearDuplicates
from eventwire.dedup.stories import assign_stories

__all__ = ["NearDuplicates", "assign_stories"]
