"""Throughput of ``eventwire code`` (the whole pipeline) against spaCy alone, on BBC politics news.

Both read the same article bodies (``shared/data/corpora/bbc_news_fulltext/politics``: line 1 the
title, the body after it), with the same model from eventwire's loader, the same batch size and
one process, in the same run. Each is timed three times (``--runs``), alternating (spaCy,
eventwire, spaCy, eventwire, ...) so that a slow stretch of the machine hits both; the ratio is the
median of the paired ratios (the ratio of the best runs is printed too).
Before timing, each parses two articles so that model loading and first-call setup are not
counted.

Prints words per second of each and the ratio eventwire/spaCy; exits 1 when the ratio is below
``--min-ratio`` (0.85: the extractors may cost at most 15% on top of parsing), and 0 with a skip
message when the shared folder is absent.

Example::

    python benchmarks/throughput.py --limit 100
    python benchmarks/throughput.py --json
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = ("data", "corpora", "bbc_news_fulltext", "politics")
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MIN_RATIO = 0.85
RUNS = 3  # an odd number of pairs, so the median is one of them


@dataclass(frozen=True)
class BbcArticle:
    name: str
    title: str
    body: str


def read_corpus(folder: Path, limit: int | None) -> list[BbcArticle]:
    """The folder's ``*.txt`` articles in name order: title on line 1, body after it."""
    articles: list[BbcArticle] = []
    for path in sorted(folder.glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # one file of the corpus (outside politics) is latin-1
            text = raw.decode("latin-1")
        title, _, body = text.partition("\n")
        body = body.strip()
        if body:
            articles.append(BbcArticle(path.name, title.strip(), body))
    return articles


def timed(run: Callable[[], None]) -> float:
    """Seconds of one call of ``run`` (after a garbage collection, so none falls inside)."""
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(
    articles: Sequence[BbcArticle], batch_size: int, model: str | None, runs: int = RUNS
) -> dict[str, Any]:
    """Time spaCy alone and the pipeline on ``articles``; return the figures."""
    from eventwire.ingest.document import RawArticle
    from eventwire.nlp.model import load_model
    from eventwire.options import Options
    from eventwire.pipeline import Pipeline

    texts = [a.body for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(model)
    pipeline = Pipeline(Options(model=model, batch_size=batch_size, n_process=1))

    def spacy_run(batch: Sequence[str]) -> None:
        for _ in nlp.pipe(batch, batch_size=batch_size):
            pass

    def eventwire_run(batch: Sequence[BbcArticle]) -> None:
        # Fresh inputs each time: the pipeline may fill in a missing date on the object.
        raws = (RawArticle(text=a.body, origin=a.name, title=a.title) for a in batch)
        for _ in pipeline.code_raw(raws):
            pass

    spacy_run(texts[:2])
    eventwire_run(articles[:2])
    seconds: dict[str, list[float]] = {"spacy": [], "eventwire": []}
    for _ in range(runs):
        seconds["spacy"].append(timed(lambda: spacy_run(texts)))
        seconds["eventwire"].append(timed(lambda: eventwire_run(articles)))
    figures: dict[str, Any] = {"files": len(articles), "words": words, "batch_size": batch_size}
    for name, times in seconds.items():
        figures[name] = {"seconds": [round(t, 3) for t in times], "words_per_s": words / min(times)}
    # Each eventwire run follows its spaCy run, so a pair shares the machine's state of the
    # moment; the median of the paired ratios is robust to one lucky or unlucky run, which the
    # ratio of the best runs is not (a shared machine here varies by 30% between runs).
    pairs = [s / e for s, e in zip(seconds["spacy"], seconds["eventwire"], strict=True)]
    figures["pair_ratios"] = [round(r, 3) for r in pairs]
    figures["best_ratio"] = figures["eventwire"]["words_per_s"] / figures["spacy"]["words_per_s"]
    figures["ratio"] = statistics.median(pairs)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_SHARED, help="the shared folder (default: ../shared)"
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--batch-size", type=int, default=32, help="articles per spaCy batch (default 32)")
    parser.add_argument("--model", default=None, help="spaCy model name (default: eventwire's choice)")
    parser.add_argument(
        "--min-ratio", type=float, default=MIN_RATIO, help="fail below this eventwire/spaCy ratio"
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs of each, alternating (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    folder = args.data.joinpath(*CORPUS)
    if not folder.is_dir():
        print(f"throughput: skipped, {folder} is absent (needs the shared corpora)")
        return 0
    articles = read_corpus(folder, args.limit)
    if not articles:
        print(f"throughput: no articles in {folder}", file=sys.stderr)
        return 2
    figures = measure(articles, args.batch_size, args.model, max(1, args.runs))
    figures["min_ratio"] = args.min_ratio
    figures["ok"] = figures["ratio"] >= args.min_ratio
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{figures['files']} articles, {figures['words']} words, batch size {figures['batch_size']}")
        for name in ("spacy", "eventwire"):
            f = figures[name]
            runs = ", ".join(f"{s:.2f}s" for s in f["seconds"])
            print(f"  {name:<10} {f['words_per_s']:>9,.0f} words/s  (runs: {runs})")
        pairs = ", ".join(f"{r:.3f}" for r in figures["pair_ratios"])
        print(f"  ratio of the best runs: {figures['best_ratio']:.3f}")
        print(
            f"  ratio eventwire/spaCy, median of paired runs ({pairs}): {figures['ratio']:.3f} "
            f"(floor {args.min_ratio})"
        )
    if not figures["ok"]:
        print(
            f"throughput: eventwire runs at {figures['ratio']:.2f} of spaCy's speed, below {args.min_ratio}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
