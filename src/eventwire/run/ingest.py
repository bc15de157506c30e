"""An ingest run: a corpus streamed into the store, coded once, resumable after any stop.

    read (iter_inputs) -> known? -> near-duplicate? -> code (here | N processes | dask) -> write

Stages, top to bottom:

- read: inputs are taken ``batch_size`` at a time from :func:`~eventwire.ingest.iter_inputs`.
- known: an article whose URL or text hash is stored (or pending in this run) is skipped before
  anything costly happens, so a rerun over a stored corpus only reads and hashes.
- near-duplicate: a copy of a stored article is stored as a duplicate without being coded.
- code: the rest go to the coder (:mod:`eventwire.run.coders`), a bounded number of batches at
  a time; the spaCy pipeline loads on the first article that needs it.
- write: each batch is one transaction (:mod:`eventwire.run.writing`).

Only this process writes, so SQLite's single writer is never contended. Memory holds a few
batches, never the corpus.

    >>> from eventwire.run import Ingester, IngestSettings           # doctest: +SKIP
    >>> summary = Ingester("events.db", IngestSettings(workers=2)).run(["corpus/"])
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import InputError, StoreError
from eventwire.ingest.document import RawArticle
from eventwire.ingest.sources import iter_inputs
from eventwire.options import Options
from eventwire.run.coders import Coder, InProcessCoder, Outcome, ProcessCoder
from eventwire.run.settings import IngestSettings, IngestSummary, Progress, count_articles
from eventwire.run.writing import Batch, BatchWriter, Duplicate, HashOnceNearDuplicates, id_conflict
from eventwire.store import Store
from eventwire.store.engine import driver_reason
from eventwire.store.learning import learned_people
from eventwire.store.writer import content_hash, is_known


class Ingester:
    """Streams inputs into a store: ``Ingester(store, IngestSettings(...)).run(paths)``.

    ``store`` is a :class:`~eventwire.store.Store` or what ``Store()`` takes (a path or URL).
    ``progress`` receives the run's state (:class:`~eventwire.run.settings.Progress`). ``coder``
    replaces the coder the settings choose (tests give one that needs no model). The constructor
    does no I/O: the store opens, and the coder starts, when :meth:`run` needs them.
    """

    def __init__(
        self,
        store: Store | str | Path,
        settings: IngestSettings | None = None,
        *,
        progress: Progress | None = None,
        coder: Coder | None = None,
    ) -> None:
        self.store = store if isinstance(store, Store) else Store(store)
        self.settings = settings or IngestSettings()
        self.progress = progress
        self.near = HashOnceNearDuplicates()
        self.coder: Coder | None = coder
        self._given = coder is not None
        self._coder_options: Options | None = None
        self.writer = BatchWriter(self.store, self.near)

    def _make_coder(self, options: Options) -> Coder:
        s = self.settings
        if s.scheduler:
            from eventwire.run.cluster import DaskCoder

            return DaskCoder(options, s.scheduler)
        if s.workers > 1:
            return ProcessCoder(options, s.workers)
        return InProcessCoder(options)

    def _options(self) -> Options:
        """The coding options with the people the store has learned so far (read once per run,
        so that every worker codes with the same knowledge whatever the order of batches)."""
        options = self.settings.options
        with self.store.connect() as conn:
            people = learned_people(conn)
        return replace(options, extra_people=options.extra_people + people) if people else options

    def _coder(self) -> Coder:
        """The coder of this run: the one given, else one for the options of this run (a new one
        when the store learned people since the last run: they are part of the knowledge base)."""
        if self.coder is not None and self._given:
            return self.coder
        options = self._options()
        if self.coder is None or options != self._coder_options:
            self.coder, self._coder_options = self._make_coder(options), options
        return self.coder

    def run(self, paths: Sequence[str], *, stdin: TextIO | None = None) -> IngestSummary:
        """Ingest every article of ``paths`` (files, folders, ``"-"``, URLs); return what was done.

        Raises StoreError when the store cannot be opened or written, ClusterError when the dask
        scheduler cannot be reached, and the configuration errors of coding (ModelNotFound,
        DataFileError); a bad input is a failure recorded in the store, and the run goes on.
        """
        self.store.engine  # noqa: B018  (open and migrate now: a bad --db fails before any reading)
        options = self.settings.options
        total = count_articles(paths, options.input_format) if self.progress is not None else None
        items = iter_inputs(paths, input_format=options.input_format, published=options.date, stdin=stdin)
        return self.run_items(items, total=total)

    def run_items(
        self, items: Iterable[RawArticle | InputError], *, total: int | None = None
    ) -> IngestSummary:
        """Ingest articles already read (``eventwire watch`` reads feeds itself), as :meth:`run`.

        ``items`` is consumed lazily; ``total`` is its length when known, for the progress.
        """
        try:
            return self._run_items(items, total)
        except SQLAlchemyError as exc:
            # The store went away mid-run (a restarted server, a full disk): what was committed
            # stays; say so instead of a traceback, and let a rerun resume.
            raise StoreError(
                f"{self.store.display}: lost the store during the run ({driver_reason(exc)}); "
                "the batches written so far are kept: run again to go on"
            ) from exc

    def _run_items(self, items: Iterable[RawArticle | InputError], total: int | None) -> IngestSummary:
        summary = IngestSummary()
        started = time.perf_counter()
        self.store.engine  # noqa: B018  (open and migrate now, before any reading)
        coder = self._coder()
        coder.open()
        if self.progress is not None:
            self.progress.start(total)
        pending: set[str] = set()
        try:
            for batch, outcomes in coder.map(self._batches(items, pending, summary)):
                self._write(batch, outcomes, pending, summary)
                summary.seconds = time.perf_counter() - started
                if self.progress is not None:
                    self.progress.advance(batch.read, summary)
        finally:
            coder.close()
            summary.pipelines_loaded = coder.pipelines_loaded
            summary.seconds = time.perf_counter() - started
            if self.progress is not None:
                self.progress.finish(summary)
        return summary

    # ---- read, skip what is known, find copies of stored articles -------------------------------
    def _batches(
        self, items: Iterable[RawArticle | InputError], pending: set[str], summary: IngestSummary
    ) -> Iterator[tuple[Batch, list[RawArticle]]]:
        """Batches of new work; ``pending`` holds the keys of articles read but not yet written."""
        stream = iter(items)
        number = 0
        while chunk := list(islice(stream, self.settings.batch_size)):
            number += 1
            summary.read += len(chunk)
            batch = Batch(number, read=len(chunk))
            with self.store.connect() as conn:
                for item in chunk:
                    if isinstance(item, InputError):
                        batch.errors.append(item)
                        continue
                    chash = content_hash(item.text)
                    keys = [f"h:{chash}"] + ([f"u:{item.url}"] if item.url else [])
                    if any(k in pending for k in keys) or is_known(conn, url=item.url, chash=chash):
                        batch.skipped += 1
                        continue
                    if item.id:
                        # an id already stored for another text is found when the batch is written
                        if f"i:{item.id}" in pending:
                            batch.errors.append(id_conflict(item, item.id))
                            continue
                        keys.append(f"i:{item.id}")
                    pending.update(keys)
                    batch.keys.extend(keys)
                    hit = self.near.find(conn, item.text)
                    if hit is not None:
                        batch.duplicates.append(Duplicate(item, hit[0], hit[1]))
                    else:
                        batch.to_code.append(item)
            yield batch, batch.to_code

    # ---- write ---------------------------------------------------------------------------------
    def _write(
        self, batch: Batch, outcomes: Sequence[Outcome], pending: set[str], summary: IngestSummary
    ) -> None:
        tally = self.writer.write(batch, outcomes)
        pending.difference_update(batch.keys)
        summary.stored += tally.stored
        summary.skipped_known += tally.skipped
        summary.duplicates += tally.duplicates
        summary.failed += tally.failed
        summary.events += tally.events
