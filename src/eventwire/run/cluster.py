"""The coding stage on a dask.distributed cluster (``eventwire ingest --scheduler tcp://host:port``).

The client (this process) reads, removes duplicates and writes, as with local workers; the
cluster's workers only code. Each worker keeps one pipeline in a worker plugin
(:class:`PipelinePlugin`), built on its first batch and kept for the next runs with the same
options, so the model loads once per worker, not once per batch. Batches go out as raw articles
and come back as record dicts, a bounded number at a time (:attr:`DaskCoder.in_flight`).

Every worker needs eventwire installed at the client's version (its tasks import it).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from distributed import WorkerPlugin

from eventwire.errors import ClusterError
from eventwire.ingest.document import RawArticle
from eventwire.options import Options
from eventwire.run.coders import Fatal, Outcome, Task, code_or_fatal, ordered_map

if TYPE_CHECKING:
    from distributed import Client

    from eventwire.pipeline import Pipeline

K = TypeVar("K")

# Seconds to wait for the scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10.0
# Batches in flight per worker thread: one coding, one on its way.
QUEUED_PER_THREAD = 2


class PipelinePlugin(WorkerPlugin):
    """A worker plugin holding one :class:`~eventwire.pipeline.Pipeline`, built on first use.

    A worker running several threads codes one batch at a time with it (spaCy's pipelines are
    not meant to be shared between threads).
    """

    idempotent = True  # registering the same options again keeps the loaded pipeline

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: Any) -> None:
        """Nothing to do when attached: the pipeline loads with the first batch."""

    def teardown(self, worker: Any) -> None:
        """Nothing to release."""

    @cached_property
    def lock(self) -> threading.Lock:
        return threading.Lock()

    @cached_property
    def pipeline(self) -> Pipeline:
        from eventwire.pipeline import Pipeline

        return Pipeline(self.options)

    def code(self, raws: Sequence[RawArticle]) -> list[Outcome] | Fatal:
        """Code one batch (see :func:`eventwire.run.coders.code_or_fatal`)."""
        with self.lock:
            return code_or_fatal(self.pipeline, raws)

    def __getstate__(self) -> dict[str, Any]:
        # Only the options travel to the workers; the lock and the pipeline are made there.
        return {"options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]


def plugin_name(options: Options) -> str:
    """The plugin's name on the workers: one per set of options, so two runs with different
    knowledge-base files on one cluster do not share a pipeline."""
    return "eventwire-pipeline-" + hashlib.sha1(repr(options).encode("utf-8")).hexdigest()[:12]


def _code_on_worker(name: str, raws: list[RawArticle]) -> list[Outcome] | Fatal:
    """The task each batch becomes: code it with this worker's pipeline."""
    from distributed import get_worker

    plugin: PipelinePlugin = get_worker().plugins[name]  # type: ignore[assignment]
    return plugin.code(raws)


class DaskCoder:
    """Codes on the workers of the dask.distributed scheduler at ``address`` (``tcp://host:port``).

    The constructor does not connect; :meth:`open` (called by the run before reading) does,
    so that an unreachable scheduler is reported before any input is read.
    """

    def __init__(self, options: Options, address: str, *, timeout: float | None = None) -> None:
        self.options = options
        self.address = address
        self.timeout = timeout if timeout is not None else CONNECT_TIMEOUT
        self._client: Client | None = None
        self._sent = False
        self._threads = 1

    @property
    def pipelines_loaded(self) -> int:
        """Workers asked to code (their pipelines load on their first batch)."""
        return self._threads if self._sent else 0

    @property
    def in_flight(self) -> int:
        return max(2, self._threads * QUEUED_PER_THREAD)

    def open(self) -> None:
        """Connect now, so that an unreachable scheduler is reported before any input is read."""
        self._sent = False
        self.connect()

    def connect(self) -> Client:
        """Connect to the scheduler and register the pipeline plugin; a clear error when unreachable."""
        if self._client is not None:
            return self._client
        from distributed import Client

        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the dask scheduler at {self.address} within {self.timeout:.0f} s "
                f"({type(exc).__name__}: {exc}); is it running, and is the address tcp://host:port?"
            ) from exc
        try:
            client.register_plugin(PipelinePlugin(self.options), name=plugin_name(self.options))
            workers = client.scheduler_info()["workers"]
        except (OSError, TimeoutError) as exc:
            client.close()
            raise ClusterError(f"the dask scheduler at {self.address} stopped answering ({exc})") from exc
        self._threads = max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))
        self._client = client
        return client

    def map(self, work: Iterable[tuple[K, Sequence[RawArticle]]]) -> Iterator[tuple[K, list[Outcome]]]:
        from distributed import as_completed

        client = self.connect()
        finished = as_completed(loop=client.loop)
        tasks: dict[Any, Task] = {}
        name = plugin_name(self.options)

        def submit(task: Task, raws: list[RawArticle]) -> None:
            self._sent = True
            future = client.submit(_code_on_worker, name, raws, pure=False)
            tasks[future.key] = task
            finished.add(future)

        def receive() -> tuple[Task, list[Outcome]]:
            future = next(finished)
            return tasks.pop(future.key), self._result(future)

        return ordered_map(work, submit, receive, self.in_flight, parts=self._threads)

    def _result(self, future: Any) -> list[Outcome]:
        try:
            outcomes = future.result()
        except Exception as exc:
            # The task itself catches every error of coding: what arrives here is the cluster's
            # (a worker lost, the scheduler gone, a worker without eventwire).
            raise ClusterError(
                f"the dask cluster at {self.address} could not code a batch ({type(exc).__name__}: {exc})"
            ) from exc
        if isinstance(outcomes, Fatal):
            raise outcomes.error()
        return list(outcomes)

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster and its loaded pipelines keep running)."""
        if self._client is not None:
            self._client.close()
            self._client = None
