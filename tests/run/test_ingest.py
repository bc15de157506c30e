"""Ingest runs: counts, resumability, duplicates, failures, one transaction per batch.

Most tests code with ``FakeCoder`` (tests/run/conftest.py) so that they test the run and the store
without the model, on SQLite and PostgreSQL; the ``model`` tests run the real pipeline, in this
process and in worker processes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from eventwire.errors import InputError
from eventwire.ingest.document import RawArticle
from eventwire.options import Options
from eventwire.run import Ingester, IngestSettings, IngestSummary, list_failures
from eventwire.run.coders import InProcessCoder, ProcessCoder
from eventwire.store import Store, schema

from .fakes import WIRE, FakeCoder, short_article, syndicated


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _count(store: Store, table: Any, *where: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def _ingest(store: Store, paths: list[str], coder: Any, batch_size: int = 3) -> IngestSummary:
    settings = IngestSettings(batch_size=batch_size, options=Options(date="2024-03-04"))
    return Ingester(store, settings, coder=coder).run(paths)


def _accounted(s: IngestSummary) -> None:
    assert s.read == s.stored + s.skipped_known + s.duplicates + s.failed


def test_a_run_stores_articles_and_failures_and_a_rerun_adds_nothing(store: Store, tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "corpus",
        {
            "a.txt": short_article(0),
            "b.txt": short_article(1),
            "empty.txt": "",
            "wire.jsonl": _jsonl(
                {"id": "w1", "text": short_article(2)}, {"id": "w2", "text": short_article(3)}
            )
            + "{not json\n",
        },
    )
    coder = FakeCoder()
    first = _ingest(store, [str(corpus), str(tmp_path / "missing.txt")], coder)
    assert (first.read, first.stored, first.failed, first.duplicates, first.skipped_known) == (7, 4, 3, 0, 0)
    assert first.events == 4 and first.pipelines_loaded == 1
    _accounted(first)
    assert _count(store, schema.articles) == 4
    assert _count(store, schema.events) == 4
    failed = {row["input_name"] for row in list_failures(store)}
    assert failed == {str(corpus / "empty.txt"), f"{corpus / 'wire.jsonl'}:3", str(tmp_path / "missing.txt")}

    again = FakeCoder()
    second = _ingest(store, [str(corpus)], again)
    assert (second.stored, second.skipped_known, second.failed) == (0, 4, 2)
    assert again.coded == [] and second.pipelines_loaded == 0  # nothing reached the coder
    assert _count(store, schema.articles) == 4 and _count(store, schema.events) == 4
    attempts = {row["input_name"]: row["attempts"] for row in list_failures(store)}
    assert attempts[str(corpus / "empty.txt")] == 2


def test_articles_repeated_in_one_run_are_stored_once(store: Store, tmp_path: Path) -> None:
    text = short_article(5)
    corpus = _write(
        tmp_path / "c",
        {
            "1.txt": text,
            "2.txt": text,  # same text, same batch
            "3.txt": short_article(6),
            "4.txt": short_article(7),
            "5.txt": text,  # same text, a later batch while the first may still be pending
        },
    )
    coder = FakeCoder()
    s = _ingest(store, [str(corpus)], coder, batch_size=2)
    assert (s.stored, s.skipped_known) == (3, 2)
    assert len(coder.coded) == 3
    _accounted(s)


def test_same_url_is_known(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(_jsonl({"url": "https://example.org/a", "text": short_article(1)}), encoding="utf-8")
    _ingest(store, [str(first)], FakeCoder())
    updated = tmp_path / "updated.jsonl"
    updated.write_text(_jsonl({"url": "https://example.org/a", "text": short_article(2)}), encoding="utf-8")
    s = _ingest(store, [str(updated)], FakeCoder())
    assert (s.stored, s.skipped_known) == (0, 1)


def test_near_duplicates_are_stored_as_copies_and_not_coded_twice(store: Store, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "c", {"1-wire.txt": WIRE, "2-copy.txt": syndicated(WIRE)})
    coder = FakeCoder()
    s = _ingest(store, [str(corpus)], coder)
    # the copy was coded alongside its original (same batch): found when written, stored as a copy
    assert (s.stored, s.duplicates) == (1, 1)
    with store.connect() as conn:
        rows = {r.input_name: r for r in conn.execute(select(schema.articles))}
    original, copy = rows[str(corpus / "1-wire.txt")], rows[str(corpus / "2-copy.txt")]
    assert copy.duplicate_of == original.id and copy.similarity >= 0.7 and copy.n_events == 0
    assert _count(store, schema.events) == original.n_events == 1

    later = _write(tmp_path / "later", {"copy.txt": "Second edition. " + syndicated(WIRE)})
    coder = FakeCoder()
    s = _ingest(store, [str(later)], coder)
    assert (s.stored, s.duplicates) == (0, 1)
    assert coder.coded == []  # a copy of a stored article is found before coding
    assert _count(store, schema.events) == 1


def test_a_failed_article_does_not_stop_its_batch_and_is_cleared_once_stored(
    store: Store, tmp_path: Path
) -> None:
    corpus = _write(tmp_path / "c", {"a.txt": short_article(1), "b.txt": "FAIL " + short_article(2)})
    corpus.joinpath("c.txt").write_text(short_article(3), encoding="utf-8")
    s = _ingest(store, [str(corpus)], FakeCoder())
    assert (s.stored, s.failed) == (2, 1)
    [failure] = list_failures(store)
    assert failure["input_name"] == str(corpus / "b.txt") and failure["code"] == "E013"

    corpus.joinpath("b.txt").write_text(short_article(2), encoding="utf-8")  # fixed
    s = _ingest(store, [str(corpus)], FakeCoder())
    assert (s.stored, s.skipped_known, s.failed) == (1, 2, 0)
    assert list_failures(store) == []


def test_a_row_the_store_refuses_fails_only_its_article(store: Store, tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "c",
        {"a.txt": short_article(1), "b.txt": "TWINS " + short_article(2), "c.txt": short_article(3)},
    )
    s = _ingest(store, [str(corpus)], FakeCoder(), batch_size=10)
    assert (s.stored, s.failed) == (2, 1)
    [failure] = list_failures(store)
    assert failure["input_name"] == str(corpus / "b.txt") and "store refused" in failure["reason"]
    assert _count(store, schema.articles) == 2 and _count(store, schema.events) == 2


def test_an_id_taken_by_another_text_is_a_failure(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        _jsonl({"id": "n1", "text": short_article(1)}, {"id": "n1", "text": short_article(2)}),
        encoding="utf-8",
    )
    s = _ingest(store, [str(feed)], FakeCoder())
    assert (s.stored, s.failed) == (1, 1)
    [failure] = list_failures(store)
    assert failure["input_name"] == f"{feed}:2" and "'n1' is already used" in failure["reason"]


def test_the_store_learns_people_and_the_next_run_codes_with_them(store: Store, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "c", {"a.txt": "LEARN " + short_article(1)})
    _ingest(store, [str(corpus)], FakeCoder())
    with store.connect() as conn:
        assert [r.name for r in conn.execute(select(schema.learned_actors.c.name))] == ["Anna Berg"]
    ingester = Ingester(store, IngestSettings())  # nothing new to code: no model is loaded
    assert ingester.run([str(corpus)]).pipelines_loaded == 0
    assert isinstance(ingester.coder, InProcessCoder)
    assert [p.name for p in ingester.coder.options.extra_people] == ["Anna Berg"]


def test_articles_already_read_can_be_ingested(store: Store) -> None:
    items = [
        RawArticle(text=short_article(1), origin="feed:1", url="https://example.org/1"),
        InputError("feed:2", "the page could not be fetched"),
        RawArticle(text=short_article(2), origin="feed:3"),
    ]
    ingester = Ingester(store, IngestSettings(batch_size=2), coder=FakeCoder())
    s = ingester.run_items(iter(items))
    assert (s.read, s.stored, s.failed) == (3, 2, 1)
    assert ingester.run_items(items[:1]).skipped_known == 1


class _Recorder:
    def __init__(self) -> None:
        self.total: int | None = -1
        self.done: list[int] = []
        self.finished: IngestSummary | None = None

    def start(self, total: int | None) -> None:
        self.total = total

    def advance(self, done: int, summary: IngestSummary) -> None:
        self.done.append(done)
        assert summary.accounted == sum(self.done)

    def finish(self, summary: IngestSummary) -> None:
        self.finished = summary


def test_progress_hears_of_every_batch(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "c", {f"{i}.txt": short_article(i) for i in range(7)})
    recorder = _Recorder()
    settings = IngestSettings(batch_size=3)
    s = Ingester(tmp_path / "x.db", settings, progress=recorder, coder=FakeCoder()).run([str(corpus)])
    assert recorder.total == 7 and recorder.done == [3, 3, 1] and recorder.finished is s


def _stored(store: Store) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    with store.connect() as conn:
        articles = {
            (r.id, r.n_events, r.duplicate_of)
            for r in conn.execute(
                select(schema.articles.c.id, schema.articles.c.n_events, schema.articles.c.duplicate_of)
            )
        }
        events = {
            (r.id, r.cameo, r.source_code, r.target_code)
            for r in conn.execute(
                select(
                    schema.events.c.id,
                    schema.events.c.cameo,
                    schema.events.c.source_code,
                    schema.events.c.target_code,
                )
            )
        }
    return articles, events


@pytest.mark.model
def test_a_rerun_loads_no_model(pipeline: Any, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "c", {f"{i}.txt": short_article(i) for i in range(4)})
    db = tmp_path / "e.db"
    coder = InProcessCoder(Options(date="2024-03-04"), pipeline=pipeline)
    first = Ingester(db, IngestSettings(batch_size=2), coder=coder).run([str(corpus)])
    assert first.stored == 4 and first.events > 0 and first.pipelines_loaded == 1

    again = Ingester(db, IngestSettings(batch_size=2))  # its own, fresh pipeline
    second = again.run([str(corpus)])
    assert (second.stored, second.skipped_known, second.pipelines_loaded) == (0, 4, 0)
    assert isinstance(again.coder, InProcessCoder) and again.coder.pipelines_loaded == 0


@pytest.mark.model
def test_two_worker_processes_store_what_one_process_stores(pipeline: Any, tmp_path: Path) -> None:
    files = {f"{i:02d}.txt": short_article(i) for i in range(10)}
    files["wire.txt"] = WIRE
    files["zz-copy.txt"] = syndicated(WIRE)
    files["de.txt"] = (
        "Die Außenminister beider Länder trafen sich am Montag in Berlin, um über die Lage an der "
        "Grenze zu sprechen. Die Gespräche dauerten mehrere Stunden und endeten ohne Ergebnis."
    )
    corpus = _write(tmp_path / "c", files)
    options = Options(date="2024-03-04")
    one = Store(tmp_path / "one.db")
    s1 = Ingester(one, IngestSettings(batch_size=3), coder=InProcessCoder(options, pipeline=pipeline)).run(
        [str(corpus)]
    )
    two = Store(tmp_path / "two.db")
    ingester = Ingester(two, IngestSettings(batch_size=3, workers=2, options=options))
    s2 = ingester.run([str(corpus)])
    assert isinstance(ingester.coder, ProcessCoder) and s2.pipelines_loaded == 2
    for s in (s1, s2):
        assert (s.read, s.stored, s.duplicates, s.failed) == (13, 11, 1, 1)
    assert s1.events == s2.events > 0
    assert _stored(one) == _stored(two)
