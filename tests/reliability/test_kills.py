"""``kill -9`` on a running ``eventwire ingest``: the store stays whole, a rerun completes it.

Twenty runs of the real CLI over one generated corpus (two chains of ten, at once: each run
loads the model, and the two cores share that). Runs reuse one store until one ends on its own,
so each run resumes what the killed ones left. Most are killed a random fraction of a second
after their first commit, while batches are coded and written; every fifth at a random moment
of its first seconds (imports, model, migration, reading). After every kill the store must pass
:func:`~eventwire.testing.store_checks.store_problems`; at the end every store, completed by a
rerun, must hold exactly what one clean run stores.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from eventwire.testing.corpus import SmallCorpus
from eventwire.testing.faults import KillTrial, kill_trials, run_cli, start_cli, wait_child, wait_for_commit
from eventwire.testing.store_checks import store_counts, store_problems

from .conftest import BATCH, DATE, ingest_args, no_traceback

TRIALS = 20
CHAINS = 2
SEED = 20240301
# How long coding workers may outlive their killed parent: they look for it every second
# (eventwire.run.coders.PARENT_CHECK_SECONDS) and finish the batch in hand first.
WORKER_GRACE_SECONDS = 20.0


def test_kill_9_at_random_moments_leaves_a_consistent_store_that_a_rerun_completes(
    corpus: SmallCorpus, clean_counts: dict[str, int], tmp_path: Path
) -> None:
    paths = [str(corpus.folder)]
    options = ("--batch-size", BATCH, "--date", DATE)
    folders = [tmp_path / f"chain-{i}" for i in range(CHAINS)]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(CHAINS) as pool:
        chains = [
            pool.submit(kill_trials, paths, folder, trials=TRIALS // CHAINS, seed=SEED + i, extra=options)
            for i, folder in enumerate(folders)
        ]
        trials: list[KillTrial] = [t for chain in chains for t in chain.result()]

    assert len(trials) == TRIALS
    assert [(t.number, t.store.name, t.problems) for t in trials if t.problems] == []
    killed = [t for t in trials if t.killed]
    assert all(t.returncode == -signal.SIGKILL for t in killed)
    # the trials did what they are for: runs were killed, many of them mid-write (on a fast
    # machine more runs finish their store before the kill, which starts a new one)
    assert len(killed) >= TRIALS // 2, trials
    assert sum(t.articles_after > t.articles_before for t in killed) >= TRIALS // 4, trials

    for store in sorted({t.store for t in trials}):
        if [t for t in trials if t.store == store][-1].killed:
            rerun = run_cli(ingest_args(paths, str(store)), timeout=300)
            no_traceback(rerun.stderr)
            assert rerun.returncode == 1, rerun.stderr  # 1: the corpus holds bad inputs
        assert store_problems(store) == [], store
        assert store_counts(store) == clean_counts, store


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init to reap it, but runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers through /proc")
def test_coding_workers_stop_when_their_ingest_is_killed(corpus: SmallCorpus, tmp_path: Path) -> None:
    db = tmp_path / "workers.db"
    proc = start_cli(
        ingest_args([str(corpus.folder)], str(db), "--workers", "2"), tmp_path / "out", tmp_path / "err"
    )
    try:
        assert wait_for_commit(db, proc, above=0), (tmp_path / "err").read_text()
        workers = _children(proc.pid)
        assert proc.poll() is None, "the run ended before the kill: nothing was tested"
    finally:
        if proc.returncode is None:
            os.kill(proc.pid, signal.SIGKILL)
        wait_child(proc, 30)
    assert len(workers) >= 2  # two coders (and multiprocessing's resource tracker)
    deadline = time.monotonic() + WORKER_GRACE_SECONDS
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # do not leave them behind for the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"workers still running {WORKER_GRACE_SECONDS:.0f} s after their parent was killed"
    assert store_problems(db) == []
