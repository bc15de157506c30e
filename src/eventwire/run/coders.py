"""The coding stage of an ingest run: batches of raw articles in, records or failures out.

Three coders share one shape, ``map(work) -> results``, so the ingest loop does not care where
the coding happens:

    InProcessCoder   this process (``--workers 1``)
    ProcessCoder     N worker processes on this machine (``--workers N``)
    DaskCoder        the workers of a dask.distributed cluster (``--scheduler``; run/cluster.py)

``work`` is an iterable of ``(key, raws)`` pairs; each result is ``(key, outcomes)`` with one
outcome per raw article, in the order of ``raws``: the article's record as a dict (the output
contract) or a :class:`Failed`. Batches are coded in parallel and may finish in any order, but
results are handed back in the order of ``work`` (:func:`ordered_map`), so that a run writes the
same store whatever the number of workers: which of two copies is the original, and which story
an event joins, depend on the order articles are written. A coder pulls the next batch only while
fewer than its ``in_flight`` limit are out, so the reader never runs far ahead and memory stays
bounded. Every coder builds its pipeline lazily: a run with nothing to code loads no model and
starts no process.

Across processes, errors travel as :class:`Failed` and :class:`Fatal`: the error's class name and
text, plain data that any worker (a dask worker too) can send back, rebuilt as the error here.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from eventwire import errors
from eventwire.errors import EventwireError, InputError
from eventwire.ingest.document import RawArticle
from eventwire.options import Options

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline

K = TypeVar("K")

# How long a worker waits on its task queue before checking that its parent is still alive: a
# parent killed with SIGKILL cannot tell its workers to stop, and they must not linger.
PARENT_CHECK_SECONDS = 1.0
# How long the parent waits for a result before checking that every worker is still alive.
WORKER_CHECK_SECONDS = 2.0
# Batches queued per worker beyond the one it codes: enough that a worker never waits for the
# parent, few enough that memory stays a handful of batches.
QUEUED_PER_WORKER = 2


@dataclass(frozen=True)
class Failed:
    """An article that could not be coded: the error's class name, the input and the reason."""

    kind: str
    input_name: str
    reason: str

    @classmethod
    def of(cls, error: EventwireError, origin: str) -> Failed:
        if isinstance(error, InputError):
            return cls(type(error).__name__, error.input_name, error.reason)
        return cls("InputError", origin, error.message)

    def error(self) -> InputError:
        """The :class:`~eventwire.errors.InputError` (or subclass) this failure stands for."""
        found = getattr(errors, self.kind, None)
        kind = found if isinstance(found, type) and issubclass(found, InputError) else InputError
        return kind(self.input_name, self.reason)


@dataclass(frozen=True)
class Fatal:
    """A configuration error raised by a worker (no model, a bad KB file): it stops the run."""

    kind: str
    message: str

    @classmethod
    def of(cls, error: EventwireError) -> Fatal:
        return cls(type(error).__name__, error.message)

    def error(self) -> EventwireError:
        """The error to raise in the parent, of the worker's error class where it has one."""
        found = getattr(errors, self.kind, None)
        kind = found if isinstance(found, type) and issubclass(found, EventwireError) else EventwireError
        # Built without the subclass's own __init__ (DataFileError takes path and line): the
        # message is already complete.
        exc = kind.__new__(kind)
        EventwireError.__init__(exc, self.message)
        return exc


Outcome = dict[str, Any] | Failed


class Coder(Protocol):
    """Codes batches of raw articles (see the module docstring)."""

    @property
    def pipelines_loaded(self) -> int:
        """How many pipelines were used since :meth:`open` (0 when nothing was coded)."""
        ...

    def open(self) -> None:
        """Check what must be checked before any input is read (a cluster's address); loads no model."""
        ...

    def map(self, work: Iterable[tuple[K, Sequence[RawArticle]]]) -> Iterator[tuple[K, list[Outcome]]]:
        """Code each batch of ``work``; yield its outcomes, in the order of ``work``."""
        ...

    def close(self) -> None:
        """Stop whatever the coder started; it can be used again afterwards."""
        ...


def code_batch(pipeline: Pipeline, raws: Sequence[RawArticle]) -> list[Outcome]:
    """Code ``raws`` with ``pipeline``: one outcome per article, in order.

    An article's own problem (not English, unreadable) is a :class:`Failed`; so is an unexpected
    exception on one article, so that a bug met on one article of a large corpus costs that
    article, not the run. A configuration error (no model, bad KB file) is raised, and so is an
    unexpected exception on every article of a batch: that is no article's fault, and recording
    it as the failure of every article of the corpus would hide it.
    """
    from eventwire.pipeline import Failure

    try:
        return [
            Failed.of(item.error, item.origin) if isinstance(item, Failure) else item.to_dict()
            for item in pipeline.code_stream(raws)
        ]
    except EventwireError:
        raise
    except Exception as first:
        # The batch stopped at an article we cannot point to (nlp.pipe reads ahead): code the
        # batch again one article at a time to fail only that one.
        outcomes: list[Outcome] = []
        crashed: Exception | None = None
        crashes = 0
        for raw in raws:
            try:
                outcomes.append(_code_one(pipeline, raw))
            except EventwireError:
                raise
            except Exception as exc:
                crashed = exc
                crashes += 1
                outcomes.append(
                    Failed(
                        "InputError",
                        raw.origin,
                        f"eventwire failed on this article ({type(exc).__name__}: {exc}); please report it",
                    )
                )
        if len(raws) > 1 and crashes == len(raws):
            raise EventwireError(
                f"coding failed on every article of a batch ({type(crashed).__name__}: {crashed}); "
                "this is a fault of eventwire or its installation, not of the articles: please report it"
            ) from first
        return outcomes


def _code_one(pipeline: Pipeline, raw: RawArticle) -> Outcome:
    from eventwire.pipeline import Failure

    item = next(iter(pipeline.code_stream([raw])))
    return Failed.of(item.error, item.origin) if isinstance(item, Failure) else item.to_dict()


def code_or_fatal(pipeline: Pipeline, raws: Sequence[RawArticle]) -> list[Outcome] | Fatal:
    """:func:`code_batch` for a worker: a configuration error comes back as :class:`Fatal`."""
    try:
        return code_batch(pipeline, raws)
    except EventwireError as exc:
        return Fatal.of(exc)


Task = tuple[int, int]  # (batch number, part): what a worker is handed


def ordered_map(
    work: Iterable[tuple[K, Sequence[RawArticle]]],
    submit: Callable[[Task, list[RawArticle]], None],
    receive: Callable[[], tuple[Task, list[Outcome]]],
    limit: int,
    parts: int = 1,
) -> Iterator[tuple[K, list[Outcome]]]:
    """Code ``work`` through ``submit(task, raws)`` and ``receive() -> (task, outcomes)``, at
    most ``limit`` batches out at once; yield results in the order of ``work``.

    Each batch is cut into up to ``parts`` tasks of consecutive articles, so that the workers
    share every batch: with whole batches, the last few of a run would keep one worker busy while
    the others wait. A batch that finished early waits for those before it; ``limit`` counts it
    until it is yielded, so what is held is bounded. Batches with nothing to code are not sent.
    """
    keys: dict[int, K] = {}
    parts_of: dict[int, int] = {}  # batch number -> its number of parts
    missing: dict[int, int] = {}  # batch number -> parts not yet received
    received: dict[Task, list[Outcome]] = {}
    items = iter(work)
    exhausted = False
    sent = handed = 0
    while True:
        while not exhausted and sent - handed < limit:
            try:
                key, raws = next(items)
            except StopIteration:
                exhausted = True
                break
            keys[sent] = key
            pieces = _split(list(raws), parts)
            parts_of[sent] = missing[sent] = len(pieces)
            for part, piece in enumerate(pieces):
                submit((sent, part), piece)
            sent += 1
        if handed < sent and missing[handed] == 0:
            n = handed
            outcomes = [o for part in range(parts_of.pop(n)) for o in received.pop((n, part))]
            del missing[n]
            yield keys.pop(n), outcomes
            handed += 1
        elif handed == sent:
            return  # nothing out, and the reader is exhausted
        else:
            task, outcomes = receive()
            received[task] = outcomes
            missing[task[0]] -= 1


def _split(raws: list[RawArticle], parts: int) -> list[list[RawArticle]]:
    """``raws`` in up to ``parts`` runs of consecutive articles of near-equal size."""
    if not raws:
        return []
    parts = max(1, min(parts, len(raws)))
    size, extra = divmod(len(raws), parts)
    out: list[list[RawArticle]] = []
    start = 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(raws[start:end])
        start = end
    return out


class InProcessCoder:
    """Codes in this process, one batch at a time; the pipeline is built on the first batch.

    ``pipeline`` lends one already built (with the same options) instead.
    """

    def __init__(self, options: Options, *, pipeline: Pipeline | None = None) -> None:
        self.options = options
        self._pipeline = pipeline
        self._used = False

    @property
    def pipelines_loaded(self) -> int:
        return 1 if self._used else 0

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from eventwire.pipeline import Pipeline

            self._pipeline = Pipeline(self.options)
        return self._pipeline

    def open(self) -> None:
        """Nothing to check: the pipeline is built on the first batch."""
        self._used = False

    def map(self, work: Iterable[tuple[K, Sequence[RawArticle]]]) -> Iterator[tuple[K, list[Outcome]]]:
        for key, raws in work:
            if raws:
                self._used = True
                yield key, code_batch(self.pipeline, raws)
            else:
                yield key, []

    def close(self) -> None:
        """Nothing to stop: the pipeline is kept for another run."""


def _serve(options: Options, tasks: Any, results: Any) -> None:
    """A worker process: build one pipeline, code batches from ``tasks`` until told to stop."""
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline(options)
    parent = multiprocessing.parent_process()
    try:
        while True:
            try:
                task = tasks.get(timeout=PARENT_CHECK_SECONDS)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    return
                continue
            if task is None:
                return
            key, raws = task
            results.put((key, code_or_fatal(pipeline, raws)))
    except KeyboardInterrupt:
        # Ctrl-C reaches the whole process group: the parent reports it, the workers just stop.
        return


class ProcessCoder:
    """Codes on ``workers`` processes of this machine; the parent only sends and receives.

    Processes start with the ``spawn`` method (``forkserver`` also works): a forked copy of a
    parent that has opened database connections or threads is not safe. Each process builds its
    own pipeline once and codes batch after batch.
    """

    def __init__(self, options: Options, workers: int, *, start_method: str = "spawn") -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.options = options
        self.workers = workers
        self.start_method = start_method
        self._processes: list[BaseProcess] = []
        self._tasks: Any = None
        self._results: Any = None
        self._started = 0

    @property
    def pipelines_loaded(self) -> int:
        return self._started

    @property
    def in_flight(self) -> int:
        """Batches sent and not yet returned, at most."""
        return self.workers * QUEUED_PER_WORKER

    def open(self) -> None:
        """Nothing to check: the processes start on the first batch with something to code."""
        self._started = 0

    def _start(self) -> None:
        ctx: Any = multiprocessing.get_context(self.start_method)
        self._tasks = ctx.Queue()
        self._results = ctx.Queue()
        for i in range(self.workers):
            process = ctx.Process(
                target=_serve,
                args=(self.options, self._tasks, self._results),
                name=f"eventwire-coder-{i + 1}",
                daemon=True,
            )
            process.start()
            self._processes.append(process)
        self._started += self.workers

    def map(self, work: Iterable[tuple[K, Sequence[RawArticle]]]) -> Iterator[tuple[K, list[Outcome]]]:
        return ordered_map(work, self._submit, self._receive, self.in_flight, parts=self.workers)

    def _submit(self, task: Task, raws: list[RawArticle]) -> None:
        if not self._processes:
            self._start()
        self._tasks.put((task, raws))

    def _receive(self) -> tuple[Task, list[Outcome]]:
        while True:
            try:
                task, outcomes = self._results.get(timeout=WORKER_CHECK_SECONDS)
            except queue.Empty:
                dead = [p for p in self._processes if not p.is_alive()]
                if dead:
                    self.close()
                    raise EventwireError(
                        f"a coding worker stopped unexpectedly ({'; '.join(_how(p) for p in dead)}); "
                        "the batches it was coding are not stored: run again to go on"
                    ) from None
                continue
            if isinstance(outcomes, Fatal):
                self.close()
                raise outcomes.error()
            return task, outcomes

    def close(self) -> None:
        """Tell the workers to stop, wait a moment, and end any that do not."""
        if not self._processes:
            return
        # Batches still queued (a run stopped by an error) are dropped, not coded first.
        while True:
            try:
                self._tasks.get_nowait()
            except queue.Empty:
                break
        for _ in self._processes:
            self._tasks.put(None)
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        for q in (self._tasks, self._results):
            q.close()
            q.cancel_join_thread()
        self._processes = []
        self._tasks = self._results = None


def _how(process: BaseProcess) -> str:
    """How a worker process ended, for the message that reports it."""
    code = process.exitcode
    if code is not None and code < 0:
        hint = " (out of memory? try fewer --workers)" if -code == 9 else ""
        return f"{process.name} killed by signal {-code}{hint}"
    return f"{process.name} exit code {code}"
