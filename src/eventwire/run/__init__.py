"""Runs over a corpus: ``eventwire ingest`` streams articles into the store, coded once.

    >>> from eventwire.run import Ingester, IngestSettings       # doctest: +SKIP
    >>> Ingester("eventwire.db", IngestSettings(workers=2)).run(["corpus/"])
    IngestSummary(read=120, stored=117, skipped_known=0, duplicates=2, failed=1, ...)

Names are imported on first use (PEP 562), so ``eventwire.run.settings`` can be imported by the
command line without the run's heavier modules (near-duplicates, readers). See docs/ingest.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "BATCH_SIZE": "eventwire.run.settings",
    "IngestSettings": "eventwire.run.settings",
    "IngestSummary": "eventwire.run.settings",
    "Ingester": "eventwire.run.ingest",
    "Progress": "eventwire.run.settings",
    "count_articles": "eventwire.run.settings",
    "list_failures": "eventwire.run.writing",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'eventwire.run' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
