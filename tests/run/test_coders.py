"""The coding stage: errors that cross processes, a crash on one article, results in input order."""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Iterable, Iterator, Sequence

import pytest

from eventwire.errors import DataFileError, EventwireError, InputError, ModelNotFound, UnsupportedLanguage
from eventwire.ingest.document import RawArticle
from eventwire.options import Options
from eventwire.pipeline import Failure
from eventwire.records import Article
from eventwire.run.coders import Failed, Fatal, Outcome, ProcessCoder, code_batch, code_or_fatal, ordered_map


def test_failures_and_fatal_errors_cross_processes_as_what_they_were() -> None:
    failed = pickle.loads(pickle.dumps(Failed.of(UnsupportedLanguage("feed.jsonl:3", "language 'de'"), "x")))
    error = failed.error()
    assert type(error) is UnsupportedLanguage and error.message == "feed.jsonl:3: language 'de'"
    assert Failed.of(EventwireError("odd"), "a.txt").error().input_name == "a.txt"
    assert type(Failed("NoSuchError", "a.txt", "why").error()) is InputError

    fatal = pickle.loads(pickle.dumps(Fatal.of(DataFileError("kb.csv", 3, "no country column"))))
    raised = fatal.error()
    assert type(raised) is DataFileError and raised.message == "kb.csv:3: no country column"
    assert str(raised).startswith("[E020]")


class _Pipeline:
    """Stands in for Pipeline.code_stream: "crash" raises, "bad" is a failure, "config" a bad KB."""

    def code_stream(self, items: Iterable[RawArticle]) -> Iterator[Article | Failure]:
        for raw in items:
            if "config" in raw.text:
                raise DataFileError("kb.csv", 1, "broken")
            if "crash" in raw.text:
                raise RuntimeError("a bug")
            if "bad" in raw.text:
                yield Failure(raw.origin, UnsupportedLanguage(raw.origin, "not English"))
            else:
                yield Article(id=raw.origin, text=raw.text)


def _raws(*texts: str) -> list[RawArticle]:
    return [RawArticle(text=t, origin=f"{i}.txt") for i, t in enumerate(texts)]


def test_a_crash_on_one_article_fails_that_article_only() -> None:
    outcomes = code_batch(_Pipeline(), _raws("fine", "crash here", "bad one", "fine too"))  # type: ignore[arg-type]
    assert [o["id"] if isinstance(o, dict) else o.kind for o in outcomes] == [
        "0.txt",
        "InputError",
        "UnsupportedLanguage",
        "3.txt",
    ]
    crash = outcomes[1]
    assert isinstance(crash, Failed) and "RuntimeError: a bug" in crash.reason


def test_a_crash_on_every_article_stops_the_run() -> None:
    with pytest.raises(EventwireError, match="every article of a batch"):
        code_batch(_Pipeline(), _raws("crash 1", "crash 2"))  # type: ignore[arg-type]


def test_a_configuration_error_is_fatal() -> None:
    with pytest.raises(DataFileError):
        code_batch(_Pipeline(), _raws("config"))  # type: ignore[arg-type]
    fatal = code_or_fatal(_Pipeline(), _raws("fine", "config"))  # type: ignore[arg-type]
    assert isinstance(fatal, Fatal) and fatal.kind == "DataFileError"


def test_results_come_back_in_input_order_with_a_bounded_number_out() -> None:
    out: dict[tuple[int, int], list[RawArticle]] = {}
    order: list[str] = []

    def submit(task: tuple[int, int], raws: list[RawArticle]) -> None:
        out[task] = raws

    def receive() -> tuple[tuple[int, int], list[Outcome]]:
        # the newest part first: the worst order for the caller
        assert len({n for n, _ in out}) <= 3  # batches out
        task = max(out)
        return task, [{"id": raw.text} for raw in out.pop(task)]

    work: list[tuple[str, Sequence[RawArticle]]] = [
        (f"b{i}", [] if i == 2 else _raws(*(f"{i}.{j}" for j in range(i + 1)))) for i in range(7)
    ]
    for key, outcomes in ordered_map(work, submit, receive, limit=3, parts=2):
        i = int(key[1:])
        order.append(key)
        assert [o["id"] for o in outcomes if isinstance(o, dict)] == (
            [] if i == 2 else [f"{i}.{j}" for j in range(i + 1)]
        )
    assert order == [f"b{i}" for i in range(7)]


def test_a_configuration_error_in_a_worker_process_stops_the_run() -> None:
    coder = ProcessCoder(Options(model="no_such_model_here"), 2)
    try:
        with pytest.raises(ModelNotFound, match="no_such_model_here"):
            list(coder.map([("b0", _raws("Ministers met in Delm on Monday."))]))
    finally:
        coder.close()
    assert coder.pipelines_loaded == 2


def test_a_worker_that_dies_is_reported() -> None:
    coder = ProcessCoder(Options(model="no_such_model_here"), 1)

    def work() -> Iterator[tuple[str, Sequence[RawArticle]]]:
        coder._start()  # the test kills the worker before it can answer
        for process in coder._processes:
            os.kill(process.pid or 0, signal.SIGKILL)
            process.join(timeout=10)
        yield "b0", _raws("Ministers met in Delm on Monday.")

    try:
        with pytest.raises(EventwireError, match="killed by signal 9"):
            list(coder.map(work()))
    finally:
        coder.close()
