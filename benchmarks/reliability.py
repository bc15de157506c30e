"""Reliability of eventwire in figures: hostile inputs, kill -9, fuzzing and load, in one run.

Four parts, each through what a user runs (the CLI and the server in child processes):

1. **Bad inputs**: every kind of :data:`eventwire.testing.bad_inputs.CATALOGUE` beside the good
   articles, through ``eventwire code`` and ``eventwire ingest`` at once; a kind is *handled*
   when both commands did what the catalogue expects (refused with a named reason, or coded
   with its text intact, or left alone). Counts the tracebacks on stderr, the good articles lost
   and the larger command's peak memory.
2. **Kill trials**: ``--trials`` ingests of a generated corpus of 60 short articles, each killed
   with SIGKILL at a random moment (:func:`eventwire.testing.faults.kill_trials`, two chains at
   once); a trial is consistent when the store passes
   :func:`eventwire.testing.store_checks.store_problems` after the kill. Every store is then run
   to completion and compared with one clean ingest (articles, events, failures, stories ...).
3. **Fuzzing**: the property tests (tests/properties) and the damaged-file test of the readers
   (tests/reliability/test_reader_fuzz.py) under pytest, counting hypothesis's examples.
4. **Load**: ``--clients`` clients on ``GET /v1/events`` for ``--seconds`` against
   ``eventwire serve`` on the synthetic store of benchmarks/load.py (built once under /tmp).

Prints one line per figure (``--json``: a JSON object). Exits 1 when a promise is broken: a kind
not handled, a traceback, a good article lost, an inconsistent store, a store that differs from
the clean run after its rerun, a failing example, or a 5xx.

Example::

    python benchmarks/reliability.py
    python benchmarks/reliability.py --trials 40 --seconds 30 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from eventwire.testing.catalogue_run import judge, lost_good_articles, run_catalogue, tracebacks
from eventwire.testing.corpus import write_small_corpus
from eventwire.testing.faults import kill_trials, run_cli
from eventwire.testing.store_checks import store_counts, store_problems

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load

PROJECT = Path(__file__).resolve().parents[1]
FUZZ_TESTS = ("tests/properties", "tests/reliability/test_reader_fuzz.py")
INGEST_OPTIONS = ("--batch-size", "2", "--date", "2024-03-04")
CHAINS = 2
SEED = 20240301


def bad_inputs(root: Path) -> dict[str, Any]:
    """Part 1: the catalogue through ``code`` and ``ingest``."""
    started = time.monotonic()
    run = run_catalogue(root)
    verdicts = judge(run)
    return {
        "kinds_tried": len(verdicts),
        "kinds_handled": sum(not problems for problems in verdicts.values()),
        "not_handled": {kind: problems for kind, problems in verdicts.items() if problems},
        "tracebacks": tracebacks(run.code, run.ingest),
        "good_articles_lost": len(lost_good_articles(run)),
        "exit_statuses": [run.code.returncode, run.ingest.returncode],
        "store_problems": store_problems(run.db),
        "peak_memory_mib": round(max(run.code.maxrss_bytes, run.ingest.maxrss_bytes) / 2**20),
        "seconds": round(time.monotonic() - started, 1),
    }


def kills(root: Path, trials: int) -> dict[str, Any]:
    """Part 2: kill trials on a generated corpus, then every store completed and compared."""
    started = time.monotonic()
    corpus = write_small_corpus(root / "corpus", articles=60)
    paths = [str(corpus.folder)]
    clean_db = root / "clean.db"
    run_cli(["ingest", *paths, "--db", str(clean_db), "--quiet", *INGEST_OPTIONS])
    clean = store_counts(clean_db)
    folders = [root / f"chain-{i}" for i in range(CHAINS)]
    for folder in folders:
        folder.mkdir()
    shares = [trials // CHAINS + (1 if i < trials % CHAINS else 0) for i in range(CHAINS)]
    with ThreadPoolExecutor(CHAINS) as pool:
        chains = [
            pool.submit(kill_trials, paths, folder, trials=n, seed=SEED + i, extra=INGEST_OPTIONS)
            for i, (folder, n) in enumerate(zip(folders, shares, strict=True))
        ]
        results = [t for chain in chains for t in chain.result()]
    stores = sorted({t.store for t in results})
    equal = 0
    rerun_tracebacks = 0
    for store in stores:
        if [t for t in results if t.store == store][-1].killed:
            rerun = run_cli(["ingest", *paths, "--db", str(store), "--quiet", *INGEST_OPTIONS])
            rerun_tracebacks += rerun.stderr.count("Traceback")
        equal += not store_problems(store) and store_counts(store) == clean
    return {
        "trials": len(results),
        "consistent": sum(t.consistent for t in results),
        "killed": sum(t.killed for t in results),
        "killed_mid_write": sum(t.killed and t.articles_after > t.articles_before for t in results),
        "problems": [f"trial {t.number}: {p}" for t in results for p in t.problems],
        "stores": len(stores),
        "stores_equal_to_clean_after_rerun": equal,
        "rerun_tracebacks": rerun_tracebacks,
        "clean": clean,
        "seconds": round(time.monotonic() - started, 1),
    }


_STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def fuzz() -> dict[str, Any]:
    """Part 3: the hypothesis tests under pytest, with their statistics counted."""
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
            *FUZZ_TESTS,
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    passing = failing = invalid = 0
    for found in _STATS.finditer(done.stdout):
        passing += int(found.group(1))
        failing += int(found.group(2))
        invalid += int(found.group(3))
    return {
        "examples": passing + failing,
        "failing": failing,
        "invalid_skipped": invalid,
        "pytest_status": done.returncode,
        "seconds": round(time.monotonic() - started, 1),
    }


def api_load(events: int, clients: int, seconds: float) -> dict[str, Any]:
    """Part 4: concurrent clients on ``GET /v1/events`` (benchmarks/load.py's clients)."""
    db = load.store_path(events)
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    proc = load.start_server(db, port)
    try:
        load.wait_until_up(base, proc)
        samples, elapsed = asyncio.run(load.run_load(base, clients, seconds))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    statuses = Counter(status for _, status in samples)
    latencies = [ms for ms, _ in samples]
    return {
        "requests": len(samples),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500 or status == 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p99_ms": round(load.percentile(latencies, 0.99), 1) if latencies else None,
        "seconds": round(elapsed, 1),
        "server_still_up": proc.returncode in (None, 0, -15),
    }


def broken(result: dict[str, Any]) -> list[str]:
    """The promises the figures break."""
    found = []
    bad, kill, fz, api = result["bad_inputs"], result["kills"], result["fuzz"], result["load"]
    if bad["kinds_handled"] != bad["kinds_tried"]:
        found.append(f"{bad['kinds_tried'] - bad['kinds_handled']} input kinds not handled")
    if bad["tracebacks"] or kill["rerun_tracebacks"]:
        found.append("tracebacks on stderr")
    if bad["good_articles_lost"]:
        found.append("good articles lost")
    if kill["consistent"] != kill["trials"] or kill["stores_equal_to_clean_after_rerun"] != kill["stores"]:
        found.append("an inconsistent store after a kill, or a rerun that differs from the clean run")
    if fz["failing"] or fz["pytest_status"]:
        found.append("failing fuzz examples")
    if api["server_errors"]:
        found.append("5xx or unanswered requests under load")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=20, help="kill trials (default 20)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the load run")
    parser.add_argument("--events", type=int, default=load.MIN_EVENTS, help="events in the load store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.trials <= 500 or not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--trials must be 1-500, --clients 1-200 and --seconds 1-600")

    with tempfile.TemporaryDirectory(prefix="eventwire-reliability-") as tmp:
        root = Path(tmp)
        (root / "bad").mkdir()
        (root / "kills").mkdir()
        result: dict[str, Any] = {
            "bad_inputs": bad_inputs(root / "bad"),
            "kills": kills(root / "kills", args.trials),
        }
    result["fuzz"] = fuzz()
    result["load"] = api_load(args.events, args.clients, args.seconds)
    result["broken"] = broken(result)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        bad, kill, fz, api = result["bad_inputs"], result["kills"], result["fuzz"], result["load"]
        print(f"bad inputs tried (kinds): {bad['kinds_tried']}, handled: {bad['kinds_handled']}")
        for kind, problems in bad["not_handled"].items():
            print(f"    {kind}: {'; '.join(problems)}")
        print(f"tracebacks seen: {bad['tracebacks'] + kill['rerun_tracebacks']}")
        print(f"good articles lost: {bad['good_articles_lost']}")
        print(f"peak memory of a command on the catalogue: {bad['peak_memory_mib']} MiB")
        print(
            f"kill trials consistent: {kill['consistent']}/{kill['trials']} "
            f"({kill['killed']} killed, {kill['killed_mid_write']} after writing began); "
            f"stores equal to a clean run after a rerun: {kill['stores_equal_to_clean_after_rerun']}"
            f"/{kill['stores']}"
        )
        print(f"fuzz examples run: {fz['examples']} ({fz['failing']} failing)")
        print(
            f"API requests: {api['requests']:,} from {args.clients} clients in {api['seconds']} s, "
            f"5xx or unanswered: {api['server_errors']} (p99 {api['p99_ms']} ms)"
        )
        print("broken: " + ("; ".join(result["broken"]) or "nothing"))
    return 1 if result["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
