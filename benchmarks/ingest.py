"""Throughput of ``eventwire ingest`` against spaCy alone and across worker counts; a Reuters run.

Default mode, on BBC politics news (``shared/data/corpora/bbc_news_fulltext/politics``): the same
article bodies (as eventwire's reader gives them) are

- parsed by spaCy alone (``nlp.pipe``, eventwire's model, batch size 32, one process),
- ingested into a fresh SQLite store with one worker (coding in this process),
- ingested into a fresh SQLite store with two worker processes,

each ``--runs`` times (default 3), alternating, so a slow stretch of a shared machine hits all
three. Model loading is not timed: the in-process pipeline and both worker processes are warmed on
two articles first. Everything else is: reading the files, hashing, the near-duplicate index,
coding, and the one transaction per batch. The ratios printed are medians of the per-run ratios:

    ingest / spaCy      spaCy's seconds over one-worker ingest seconds (aim: >= 0.85)
    2 workers / 1       one-worker seconds over two-worker seconds     (aim: >= 1.7 on 2 cores)

``--reuters`` ingests all of ``shared/data/corpora/reuters21578/*.sgm`` cold (model loading
included, as a user runs it) with ``--workers`` processes, and reports articles, seconds and peak
memory: ``resource.getrusage`` maxrss of this process and of the largest worker (aim: the parent
plus every worker at that peak within 1.5 GiB).

Exits 0 with a skip message when the shared folder is absent.

Example::

    python benchmarks/ingest.py --limit 150
    python benchmarks/ingest.py --reuters --workers 2
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BBC = ("data", "corpora", "bbc_news_fulltext", "politics")
REUTERS = ("data", "corpora", "reuters21578")
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RUNS = 3
AIM_SPACY = 0.85
AIM_WORKERS = 1.7
AIM_MEMORY_GIB = 1.5


def timed(run: Callable[[], Any]) -> float:
    """Seconds of one call of ``run`` (after a garbage collection, so none falls inside)."""
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def workers_cpu(processes: Sequence[Any]) -> float:
    """CPU seconds (user + system) the live ``processes`` used so far, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in processes:
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def corpus_folder(source: Path, limit: int | None, into: Path) -> Path:
    """The first ``limit`` articles of ``source`` as links in a folder of their own."""
    folder = into / "corpus"
    folder.mkdir()
    for path in sorted(source.glob("*.txt"))[:limit]:
        (folder / path.name).symlink_to(path)
    return folder


def measure(folder: Path, runs: int, workers: int) -> dict[str, Any]:
    """Time spaCy alone, ingest with one worker and ingest with ``workers`` workers."""
    from eventwire.ingest import iter_inputs
    from eventwire.ingest.document import RawArticle
    from eventwire.nlp.model import load_model
    from eventwire.options import Options
    from eventwire.pipeline import Pipeline
    from eventwire.run import Ingester, IngestSettings, IngestSummary
    from eventwire.run.coders import InProcessCoder, ProcessCoder

    raws = [r for r in iter_inputs([str(folder)]) if isinstance(r, RawArticle)]
    texts = [r.text for r in raws]
    words = sum(len(t.split()) for t in texts)
    options = Options()
    nlp = load_model(options.model)
    pipeline = Pipeline(options)
    for _ in nlp.pipe(texts[:2]):
        pass
    list(pipeline.code_raw(raws[:2]))
    scratch = Path(tempfile.mkdtemp(prefix="eventwire-bench-"))
    summaries: dict[str, IngestSummary] = {}

    def spacy_run() -> None:
        for _ in nlp.pipe(texts, batch_size=32):
            pass

    def ingest(name: str, coder: Any) -> Callable[[], None]:
        def run() -> None:
            db = scratch / f"{name}-{time.monotonic_ns()}.db"
            summaries[name] = Ingester(db, IngestSettings(), coder=coder).run([str(folder)])

        return run

    class Counted(ProcessCoder):
        """Reads its workers' CPU seconds before it stops them."""

        cpu_at_close = 0.0

        def close(self) -> None:
            self.cpu_at_close = workers_cpu(self._processes)
            super().close()

    one = InProcessCoder(options, pipeline=pipeline)
    many = Counted(options, workers)
    many_name = f"ingest_{workers}"
    seconds: dict[str, list[float]] = {"spacy": [], "ingest_1": [], many_name: []}
    cpu: dict[str, list[float]] = {name: [] for name in seconds}
    try:
        for _ in range(runs):
            for name, run in (("spacy", spacy_run), ("ingest_1", ingest("ingest_1", one))):
                before = time.process_time()
                seconds[name].append(timed(run))
                cpu[name].append(time.process_time() - before)
            # start the workers and load their models before the clock starts
            warm = [(i, [RawArticle(text=texts[i], origin="warm-up")]) for i in range(workers)]
            list(many.map(warm))  # one batch each while the others still load
            before, workers_before = time.process_time(), workers_cpu(many._processes)
            seconds[many_name].append(timed(ingest(many_name, many)))
            cpu[many_name].append(time.process_time() - before + many.cpu_at_close - workers_before)
    finally:
        many.close()
        shutil.rmtree(scratch, ignore_errors=True)
    # On a machine shared with other work, wall times swing; CPU seconds do not. With the CPU
    # of each run and the cores there are, the speed-up an idle machine would give is bounded by
    # (one worker's CPU) / (the workers' run's CPU spread over its cores).
    cores = min(workers, os.cpu_count() or 1)
    cpu_bound = statistics.median(
        c1 / (cn / cores) for c1, cn in zip(cpu["ingest_1"], cpu[many_name], strict=True)
    )
    vs_spacy = [s / i for s, i in zip(seconds["spacy"], seconds["ingest_1"], strict=True)]
    vs_one = [o / m for o, m in zip(seconds["ingest_1"], seconds[f"ingest_{workers}"], strict=True)]
    return {
        "articles": len(texts),
        "words": words,
        "workers": workers,
        "seconds": {k: [round(t, 2) for t in v] for k, v in seconds.items()},
        "articles_per_s": {k: round(len(texts) / min(v), 2) for k, v in seconds.items()},
        "ingest_vs_spacy": {"runs": [round(r, 3) for r in vs_spacy], "median": statistics.median(vs_spacy)},
        "workers_vs_one": {"runs": [round(r, 3) for r in vs_one], "median": statistics.median(vs_one)},
        "best_runs": {
            "ingest_vs_spacy": min(seconds["spacy"]) / min(seconds["ingest_1"]),
            "workers_vs_one": min(seconds["ingest_1"]) / min(seconds[many_name]),
        },
        "cpu_seconds": {k: [round(t, 2) for t in v] for k, v in cpu.items()},
        "workers_vs_one_cpu_bound": cpu_bound,
        "summary": {k: s.to_dict() for k, s in summaries.items()},
    }


def reuters(folder: Path, workers: int) -> dict[str, Any]:
    """Ingest every ``*.sgm`` file of ``folder`` into a fresh store, cold, as the CLI does."""
    from eventwire.run import Ingester, IngestSettings

    files = sorted(str(p) for p in folder.glob("*.sgm"))
    scratch = Path(tempfile.mkdtemp(prefix="eventwire-reuters-"))
    try:
        started = time.perf_counter()
        summary = Ingester(scratch / "reuters.db", IngestSettings(workers=workers)).run(files)
        seconds = time.perf_counter() - started
        db_mib = (scratch / "reuters.db").stat().st_size / 2**20
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN gives the largest finished child
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    coding = workers if workers > 1 else 0
    return {
        "files": len(files),
        "workers": workers,
        "summary": summary.to_dict(),
        "seconds": round(seconds, 1),
        "articles_per_s": round(summary.read / seconds, 2),
        "store_mib": round(db_mib, 1),
        "peak_gib": {
            "parent": round(parent, 3),
            "largest_worker": round(child, 3),
            "parent_plus_workers": round(parent + coding * child, 3),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)"
    )
    parser.add_argument("--limit", type=int, default=150, help="BBC articles to use (default 150)")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs of each, alternating (default 3)")
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes to compare with one (default 2)"
    )
    parser.add_argument("--reuters", action="store_true", help="ingest all of Reuters-21578 instead")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if args.reuters:
        folder = args.data.joinpath(*REUTERS)
        if not any(folder.glob("*.sgm")):
            print(f"ingest benchmark: skipped, no *.sgm in {folder} (needs the shared corpora)")
            return 0
        figures = reuters(folder, max(1, args.workers))
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            s, peak = figures["summary"], figures["peak_gib"]
            print(
                f"Reuters-21578: {figures['files']} files, {s['read']} articles read, {s['stored']} stored, "
                f"{s['duplicates']} duplicates, {s['skipped_known']} repeats skipped, {s['failed']} failed, "
                f"{s['events']} events"
            )
            print(
                f"  {figures['seconds']} s with {figures['workers']} worker(s): "
                f"{figures['articles_per_s']} articles/s; store {figures['store_mib']} MiB"
            )
            print(
                f"  peak memory: parent {peak['parent']:.2f} GiB, "
                f"largest worker {peak['largest_worker']:.2f} GiB, "
                f"parent + workers {peak['parent_plus_workers']:.2f} GiB (aim <= {AIM_MEMORY_GIB})"
            )
        return 0

    source = args.data.joinpath(*BBC)
    if not source.is_dir():
        print(f"ingest benchmark: skipped, {source} is absent (needs the shared corpora)")
        return 0
    with tempfile.TemporaryDirectory(prefix="eventwire-bbc-") as tmp:
        folder = corpus_folder(source, args.limit, Path(tmp))
        figures = measure(folder, max(1, args.runs), max(2, args.workers))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    w = figures["workers"]
    print(f"{figures['articles']} BBC politics articles, {figures['words']} words; runs alternate")
    for name, times in figures["seconds"].items():
        runs = ", ".join(f"{t:.1f}s" for t in times)
        print(f"  {name:<9} {figures['articles_per_s'][name]:>6.2f} articles/s  (runs: {runs})")
    for name, times in figures["cpu_seconds"].items():
        print(f"  {name:<9} CPU seconds: {', '.join(f'{t:.1f}' for t in times)}")
    r1, r2, best = figures["ingest_vs_spacy"], figures["workers_vs_one"], figures["best_runs"]
    print(
        f"  ingest (1 worker) / spaCy alone: {r1['median']:.3f} median, "
        f"{best['ingest_vs_spacy']:.3f} best runs (runs {r1['runs']}; aim >= {AIM_SPACY})"
    )
    print(
        f"  {w} workers / 1 worker:          {r2['median']:.3f} median, "
        f"{best['workers_vs_one']:.3f} best runs (runs {r2['runs']}; aim >= {AIM_WORKERS})"
    )
    print(
        f"  {w} workers / 1 worker on idle cores, from CPU seconds: {figures['workers_vs_one_cpu_bound']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
