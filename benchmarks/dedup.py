"""Near-duplicate detection on real news: precision, recall and cost per article.

Reads the BBC news corpus (``shared/data/corpora/bbc_news_fulltext``, 2,225 articles in five
sections: line 1 the title, the body after it). Every article but a held-out set is stored and
indexed the way the ingest does it (``find``, then ``write_article`` + ``add`` for an original or
``write_article(duplicate_of=...)`` for a copy); the time of find+add per article is the cost the
single writer process pays.

Then ~200 stored originals (every n-th, across sections) are turned into syndicated variants by
edits a wire copy really undergoes, and ``find`` must return their original:

- ``byline``: an outlet's byline on top and a sentence of its own at the end;
- ``headline``: a new first paragraph (standfirst) and a copyright footer;
- ``trimmed``: the last quarter of the paragraphs cut (papers cut wire copy from the bottom);
- ``excerpt``: only the first 40% of the paragraphs (a brief made from the wire story);
- ``reworded``: one word changed in about one sentence in six, and the byline;
- ``reordered``: two paragraphs swapped, the byline, and a sentence added;
- ``rewritten``: a third of the sentences dropped and two words changed in each of the others --
  beyond the 0.7 threshold by design, reported to show where detection stops.

Last, ``assign_stories`` is timed on synthetic coded articles (40 a day, 4 events each among 40
countries drawn with a skew, 6 codes, 6 outlets) stored in batches of 32, as the ingest calls it.

The held-out articles (the same number, never stored) are the negatives: any hit on one is a false
positive, unless the corpus itself holds a copy of it (the BBC set has some: a hit is verified, so
its text is >= 70% in the stored one), which is reported apart. Recall is also checked against
brute force: of all variants whose exact containment in their original is >= 0.7, how many LSH +
verification found. For the negatives without a copy, the highest exact Jaccard and containment
against any stored original show how far unrelated and same-topic articles sit from a copy.

Example::

    python benchmarks/dedup.py
    python benchmarks/dedup.py --db postgresql://eventwire:eventwire@127.0.0.1:5432/bench --json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CORPUS = ("data", "corpora", "bbc_news_fulltext")
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POSITIVES = 200
SEED = 7
_SENTENCE = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    body: str


def read_corpus(folder: Path) -> list[Doc]:
    """Every article of every section, in section then file order."""
    docs: list[Doc] = []
    for path in sorted(folder.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # one file of the corpus is latin-1
            text = raw.decode("latin-1")
        title, _, body = text.partition("\n")
        if body.strip():
            docs.append(Doc(f"{path.parent.name}/{path.stem}", title.strip(), body.strip()))
    return docs


# -- syndicated variants -------------------------------------------------------------------------

FILLERS = ("reportedly", "also", "now", "officially", "still", "further")


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def _change_words(text: str, share: float, rng: random.Random, words: int = 1) -> str:
    """Insert ``words`` filler words into about ``share`` of the sentences."""
    out = []
    for sentence in _SENTENCE.split(text):
        w = sentence.split()
        if len(w) > 4 and rng.random() < share:
            for _ in range(words):
                w.insert(rng.randrange(1, len(w) - 1), rng.choice(FILLERS))
        out.append(" ".join(w))
    return " ".join(out)


def byline(doc: Doc, rng: random.Random) -> str:
    return f"By Staff Writer, Evening Courier.\n\n{doc.body}\n\nThe Courier will follow the story."


def headline(doc: Doc, rng: random.Random) -> str:
    top = f"{doc.title.upper()}: what it means for readers in the region."
    return f"{top}\n\n{doc.body}\n\nCopyright Evening Courier. All rights reserved. Not for redistribution."


def trimmed(doc: Doc, rng: random.Random) -> str:
    paras = _paragraphs(doc.body)
    keep = max(1, round(len(paras) * 0.75))
    return "\n\n".join(paras[:keep])


def excerpt(doc: Doc, rng: random.Random) -> str:
    paras = _paragraphs(doc.body)
    return "\n\n".join(paras[: max(1, round(len(paras) * 0.4))])


def reworded(doc: Doc, rng: random.Random) -> str:
    return "By Staff Writer.\n\n" + _change_words(doc.body, 1 / 6, rng)


def reordered(doc: Doc, rng: random.Random) -> str:
    paras = _paragraphs(doc.body)
    if len(paras) > 3:
        i = rng.randrange(1, len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    return "By Staff Writer.\n\n" + "\n\n".join(paras) + "\n\nMore on this story later today."


def rewritten(doc: Doc, rng: random.Random) -> str:
    sentences = [s for s in _SENTENCE.split(doc.body) if rng.random() >= 1 / 3]
    return _change_words(" ".join(sentences), 1.0, rng, words=2)


EDITS: dict[str, Callable[[Doc, random.Random], str]] = {
    "byline": byline,
    "headline": headline,
    "trimmed": trimmed,
    "excerpt": excerpt,
    "reworded": reworded,
    "reordered": reordered,
    "rewritten": rewritten,
}


# -- the run -------------------------------------------------------------------------------------


def _record(aid: str, title: str, text: str) -> dict[str, Any]:
    return {
        "schema": "eventwire/1",
        "id": aid,
        "title": title,
        "text": text,
        "source": "BBC",
        "actors": [],
        "events": [],
        "quotes": [],
        "places": [],
    }


def run(docs: Sequence[Doc], db: str, n_pos: int) -> dict[str, Any]:
    from eventwire.dedup import NearDuplicates
    from eventwire.dedup.near import containment, jaccard
    from eventwire.store import Store
    from eventwire.store.writer import write_article

    nd = NearDuplicates()
    rng = random.Random(SEED)
    held_out = set(rng.sample(range(len(docs)), n_pos))
    stored = [d for i, d in enumerate(docs) if i not in held_out]
    negatives = [d for i, d in enumerate(docs) if i in held_out]

    nd.band_hashes(nd.shingles(docs[0].body) or set())  # import datasketch before any timing

    # 1. Ingest: find, then add (or link), one transaction per batch of 32 like the ingest. The
    # cost counts find and add only, not write_article (which the ingest pays anyway): wall time,
    # and this process's CPU time (which a busy machine inflates less; SQLite runs in-process).
    costs: list[float] = []
    cpu: list[float] = []
    n_copies = 0
    originals: list[Doc] = []
    store = Store(db)
    for start in range(0, len(stored), 32):
        with store.begin() as conn:
            for doc in stored[start : start + 32]:
                t0, c0 = time.perf_counter(), time.process_time()
                hit = nd.find(conn, doc.body)
                spent, spent_cpu = time.perf_counter() - t0, time.process_time() - c0
                rec = _record(doc.id, doc.title, doc.body)
                if hit is None:
                    write_article(conn, rec)
                    t0, c0 = time.perf_counter(), time.process_time()
                    nd.add(conn, doc.id, doc.body)
                    spent += time.perf_counter() - t0
                    spent_cpu += time.process_time() - c0
                    originals.append(doc)
                else:
                    write_article(conn, rec, duplicate_of=hit[0], similarity=hit[1])
                    n_copies += 1
                costs.append(spent)
                cpu.append(spent_cpu)

    # 2. Variants of every n-th original, one edit kind each in turn.
    step = max(1, len(originals) // n_pos)
    chosen = originals[::step][:n_pos]
    shingled = {d.id: nd.shingles(d.body) or set() for d in originals}
    kinds = list(EDITS)
    results: dict[str, dict[str, Any]] = {k: {"n": 0, "found": 0, "wrong": 0, "share": []} for k in kinds}
    brute_pairs = brute_found = 0
    find_costs: list[float] = []
    with store.connect() as conn:
        for i, doc in enumerate(chosen):
            kind = kinds[i % len(kinds)]
            text = EDITS[kind](doc, rng)
            sh = nd.shingles(text)
            t0 = time.perf_counter()
            hit = nd.find(conn, text)
            find_costs.append(time.perf_counter() - t0)
            res = results[kind]
            res["n"] += 1
            share = containment(sh, shingled[doc.id]) if sh else 0.0
            res["share"].append(share)
            if hit is not None:
                res["found" if hit[0] == doc.id else "wrong"] += 1
            if share >= nd.threshold:
                brute_pairs += 1
                brute_found += hit is not None and hit[0] == doc.id
        neg_hits: list[tuple[str, str, float]] = []
        for doc in negatives:
            t0 = time.perf_counter()
            hit = nd.find(conn, doc.body)
            find_costs.append(time.perf_counter() - t0)
            if hit is not None:
                neg_hits.append((doc.id, hit[0], hit[1]))
    store.close()

    # 3. How close do articles that are not copies come? Brute force over the stored originals.
    copied = {h[0] for h in neg_hits}
    nearest_j: list[float] = []
    nearest_c: list[float] = []
    for doc in negatives:
        sh = nd.shingles(doc.body)
        if sh is None or doc.id in copied:
            continue
        nearest_j.append(max(jaccard(sh, o) for o in shingled.values()))
        nearest_c.append(max(containment(sh, o) for o in shingled.values()))

    found = sum(r["found"] for r in results.values())
    wrong = sum(r["wrong"] for r in results.values())
    # Hits on held-out articles are verified (>= 70% of the text is in the stored one), so they
    # are copies the corpus itself holds, not errors; a wrong original for a variant is an error.
    designed = [k for k in kinds if k != "rewritten"]
    n_designed = sum(results[k]["n"] for k in designed)
    found_designed = sum(results[k]["found"] for k in designed)
    return {
        "stored": len(stored),
        "originals": len(originals),
        "corpus_copies_found_while_storing": n_copies,
        "cost_ms_find_add": _summary(costs),
        "cpu_ms_find_add": _summary(cpu),
        "cost_ms_find_only": _summary(find_costs),
        "variants": len(chosen),
        "negatives": len(negatives),
        "by_edit": {
            k: {
                "n": r["n"],
                "found": r["found"],
                "wrong": r["wrong"],
                "recall": r["found"] / r["n"] if r["n"] else None,
                "median_containment": round(statistics.median(r["share"]), 3) if r["share"] else None,
            }
            for k, r in results.items()
        },
        "recall_all_edits": found / len(chosen) if chosen else None,
        "recall_edits_meant_to_be_found": found_designed / n_designed if n_designed else None,
        "recall_vs_brute_force": brute_found / brute_pairs if brute_pairs else None,
        "brute_force_pairs": brute_pairs,
        "precision": found / (found + wrong) if found + wrong else None,
        "wrong_original": wrong,
        "negatives_with_a_copy_in_corpus": len(neg_hits),
        "negatives_nearest_jaccard_p50_p99_max": _quantiles(nearest_j),
        "negatives_nearest_containment_p50_p99_max": _quantiles(nearest_c),
    }


def _quantiles(values: Sequence[float]) -> list[float]:
    v = sorted(values) or [0.0]
    return [round(v[len(v) // 2], 3), round(v[min(len(v) - 1, int(len(v) * 0.99))], 3), round(v[-1], 3)]


COUNTRIES = (
    *("USA", "IND", "CHN", "RUS", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "PAK", "JPN", "KOR", "PRK"),
    *("TUR", "SAU", "EGY", "NGA", "KEN", "ZAF", "BRA", "MEX", "ARG", "CAN", "AUS", "IDN", "PHL", "VNM"),
    *("THA", "MMR", "AFG", "IRQ", "SYR", "LBN", "JOR", "YEM", "ETH", "SDN", "SOM", "COD"),
)
CODES = ("040", "042", "057", "130", "173", "190")
OUTLETS = ("Reuters", "AP", "BBC", "AFP", "Al Jazeera", "The Hindu")
ARTICLES_PER_DAY = 40


def _coded_record(n: int, rng: random.Random) -> dict[str, Any]:
    """An article of day n // 40 with 4 events; countries drawn with a skew (a few in most news)."""
    day = (date(2024, 1, 1) + timedelta(days=n // ARTICLES_PER_DAY)).isoformat()
    weights = [1 / (i + 1) for i in range(len(COUNTRIES))]
    events = []
    for k in range(4):
        src, tgt = rng.choices(COUNTRIES, weights, k=2)
        cameo = rng.choice(CODES)
        events.append(
            {
                "id": f"E{k}",
                "sentence": k,
                "span": [k * 10, k * 10 + 4],
                "cameo": cameo,
                "root": cameo[:2],
                "quad_class": 1 if cameo < "05" else 4,
                "goldstein": 1.0,
                "source": {"country": src, "code": src},
                "target": {"country": tgt, "code": tgt},
                "date": None,
                "location": {"name": tgt, "country": tgt},
                "modality": "asserted",
            }
        )
    return {
        "id": f"s{n}",
        "title": f"Story {n}",
        "published": day,
        "source": rng.choice(OUTLETS),
        "text": "",
        "events": events,
    }


def run_stories(db: str, n_articles: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from eventwire.dedup import assign_stories
    from eventwire.store import Store, schema
    from eventwire.store.writer import write_article

    rng = random.Random(SEED)
    store = Store(db)
    per_batch: list[float] = []
    assigned = 0
    for start in range(0, n_articles, 32):
        ids = []
        with store.begin() as conn:
            for n in range(start, min(start + 32, n_articles)):
                ids.append(write_article(conn, _coded_record(n, rng)))
            t0 = time.perf_counter()
            assigned += assign_stories(conn, ids)
            per_batch.append(time.perf_counter() - t0)
    with store.connect() as conn:
        n_stories = conn.execute(select(func.count()).select_from(schema.stories)).scalar_one()
        biggest = conn.execute(select(func.max(schema.stories.c.num_mentions))).scalar_one()
    store.close()
    return {
        "articles": n_articles,
        "events_assigned": assigned,
        "stories": n_stories,
        "largest_story_mentions": biggest,
        "cost_ms_per_batch_of_32": _summary(per_batch),
    }


def _summary(seconds: Sequence[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "mean": round(statistics.fmean(ms), 3),
        "p50": round(ms[len(ms) // 2], 3),
        "p95": round(ms[int(len(ms) * 0.95)], 3),
        "max": round(ms[-1], 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)"
    )
    parser.add_argument("--db", default=None, help="a store URL or path (default: a temporary SQLite file)")
    parser.add_argument("--positives", type=int, default=POSITIVES, help="variants and held-out articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    folder = args.data.joinpath(*CORPUS)
    if not folder.is_dir():
        print(f"dedup: skipped, {folder} is absent (needs the shared corpora)")
        return 0
    docs = read_corpus(folder)
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(docs, args.db or str(Path(tmp) / "dedup.db"), args.positives)
        figures["stories"] = run_stories(args.db or str(Path(tmp) / "dedup.db"), len(docs))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"stored {figures['stored']} BBC articles ({figures['originals']} originals, "
        f"{figures['corpus_copies_found_while_storing']} copies already in the corpus)"
    )
    c = figures["cost_ms_find_add"]
    print(
        f"cost of find+add per article: mean {c['mean']} ms, p50 {c['p50']}, p95 {c['p95']}, max {c['max']}"
    )
    c = figures["cpu_ms_find_add"]
    print(f"  of which CPU time of this process: mean {c['mean']} ms, p50 {c['p50']}, p95 {c['p95']}")
    c = figures["cost_ms_find_only"]
    print(f"cost of find alone (full index): mean {c['mean']} ms, p95 {c['p95']}")
    print(f"{figures['variants']} syndicated variants, {figures['negatives']} held-out articles")
    for kind, r in figures["by_edit"].items():
        print(
            f"  {kind:<10} {r['found']:>3}/{r['n']:<3} found, {r['wrong']} wrong original, "
            f"median share of the variant in its original {r['median_containment']}"
        )
    print(f"recall, edits meant to be found:   {figures['recall_edits_meant_to_be_found']:.3f}")
    print(f"recall, all edits incl. rewritten: {figures['recall_all_edits']:.3f}")
    print(
        f"recall vs brute force ({figures['brute_force_pairs']} variants >= 70% in their original): "
        f"{figures['recall_vs_brute_force']:.3f}"
    )
    print(f"precision (right original): {figures['precision']:.3f}")
    print(
        f"held-out articles found as copies of a stored one (copies in the corpus itself): "
        f"{figures['negatives_with_a_copy_in_corpus']}"
    )
    j, c = (
        figures["negatives_nearest_jaccard_p50_p99_max"],
        figures["negatives_nearest_containment_p50_p99_max"],
    )
    print(f"the other held-out articles' nearest stored original: Jaccard p50/p99/max {j}, containment {c}")
    st = figures["stories"]
    c = st["cost_ms_per_batch_of_32"]
    print(
        f"assign_stories: {st['articles']} synthetic articles, {st['events_assigned']} events in "
        f"{st['stories']} stories (largest {st['largest_story_mentions']} mentions); per batch of 32: "
        f"mean {c['mean']} ms, p95 {c['p95']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
