"""Two ``eventwire ingest`` processes writing one SQLite store at the same moment.

The store is made for one writer at a time, but nothing stops a user from starting two runs on
overlapping inputs (a cron job and a manual run). Both must finish, the union of their inputs
must be stored, and no article may be stored twice or coded twice.

The overlap is of two kinds: the same files (same text, so the same article id) and the same
texts under ids of their own (a feed that carries articles another input has). To make the race
happen every time, the test holds the store's write lock while both runs read and code their
one batch, and lets go once both wait for it: each has then coded the shared texts, and each
looked for them in the store before the other wrote anything.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from eventwire.store import Store, schema
from eventwire.store.writer import content_hash
from eventwire.testing.corpus import write_small_corpus
from eventwire.testing.faults import Finished, start_cli, wait_child
from eventwire.testing.store_checks import store_counts, store_problems

from .conftest import DATE, no_traceback

OPENERS = 4
# A run waiting for the write lock uses no CPU; one that reads, loads the model or codes does.
IDLE_SECONDS = 1.5


def test_a_new_store_opened_by_several_processes_at_once_opens_in_every_one(tmp_path: Path) -> None:
    # Each process imports first, then waits for a common moment, so that all of them find the
    # store unmigrated and create its tables together.
    db = tmp_path / "new.db"
    start_at = time.time() + 3.0
    code = (
        "import time; from eventwire.store import Store\n"
        f"while time.time() < {start_at}: pass\n"
        f"Store({str(db)!r}).engine\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(OPENERS)]
    errors = [proc.communicate(timeout=60)[1].decode(errors="replace") for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * OPENERS, "\n".join(errors)[-3000:]
    assert store_problems(db) == []


@dataclass
class Overlap:
    db: Path
    texts: list[str]
    runs: list[Finished]


@pytest.fixture(scope="module")
def overlap(tmp_path_factory: pytest.TempPathFactory) -> Overlap:
    if not sys.platform.startswith("linux"):
        pytest.skip("watches the runs' CPU time through /proc")
    root = tmp_path_factory.mktemp("overlap")
    texts = write_small_corpus(root / "corpus", articles=60, copies=0, repeats=0).articles
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for i, text in enumerate(texts[:40]):
        (first / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    for i, text in enumerate(texts[20:], 20):
        (second / f"b{i:03d}.txt").write_text(text, encoding="utf-8")
    feed = "".join(json.dumps({"id": f"feed-{i}", "text": t}) + "\n" for i, t in enumerate(texts[:20]))
    (second / "feed.jsonl").write_text(feed, encoding="utf-8")
    db = root / "shared.db"
    with Store(db) as store:
        _ = store.engine  # made and migrated before the runs, so the lock below can be taken
    lock = sqlite3.connect(db, isolation_level=None, timeout=60)
    lock.execute("BEGIN IMMEDIATE")
    procs = []
    try:
        for folder in (first, second):
            args = ["ingest", str(folder), "--db", str(db), "--batch-size", "100", "--date", DATE]
            procs.append(start_cli(args, root / f"{folder.name}.out", root / f"{folder.name}.err"))
        _wait_until_idle([p.pid for p in procs], timeout=180)
    finally:
        lock.rollback()
        lock.close()
    runs = []
    for proc, folder in zip(procs, (first, second), strict=True):
        code, rss, timed_out = wait_child(proc, 180)
        err = (root / f"{folder.name}.err").read_text(errors="replace")
        runs.append(Finished(code, "", err, rss, 0.0, timed_out))
    return Overlap(db, texts, runs)


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _wait_until_idle(pids: list[int], *, timeout: float) -> None:
    """Wait until no process of ``pids`` has used CPU for :data:`IDLE_SECONDS` (all wait on a lock)."""
    deadline = time.monotonic() + timeout
    last = [_cpu_ticks(pid) for pid in pids]
    idle_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = [_cpu_ticks(pid) for pid in pids]
        if now != last:
            last, idle_since = now, time.monotonic()
        elif time.monotonic() - idle_since >= IDLE_SECONDS:
            return
    raise AssertionError("the runs never stopped to wait for the store's lock")


def test_two_ingests_at_once_both_finish_and_store_the_union(overlap: Overlap) -> None:
    for run in overlap.runs:
        no_traceback(run.stderr)
        assert run.returncode == 0, run.stderr[-2000:]
    assert store_problems(overlap.db) == []
    with Store(overlap.db) as store, store.connect() as conn:
        a = schema.articles
        rows = conn.execute(select(a.c.content_hash, a.c.duplicate_of)).all()
        failures = conn.execute(select(schema.failures)).all()
    assert {h for h, _ in rows} == {content_hash(t.strip()) for t in overlap.texts}  # nothing lost
    originals = [h for h, copy_of in rows if copy_of is None]
    assert len(originals) == len(set(originals)) == len(overlap.texts)  # nothing coded twice
    assert failures == []  # a text the other run stored meanwhile is not a failure


def test_two_ingests_at_once_store_each_text_once(overlap: Overlap) -> None:
    counts = store_counts(overlap.db)
    assert counts["articles"] == counts["distinct_content"] == len(overlap.texts)
