"""Query speed on a large store: a dyad's month-by-month timeline and a filtered page of events.

Builds (once, then reuses) an SQLite store of 1,000,000 synthetic events under /tmp: about 200
countries with a Zipf-like skew (a few countries are in most of the news, as in GDELT), dates
2015-2026 with more news in later years, 5 events per article, a quote per article, 100,000 stories.
Rows go in with ``executemany`` in large transactions with the indexes dropped, and the indexes of
``eventwire.store.schema`` are built afterwards; a cached store gains any index added to the schema
since it was built. No ANALYZE is run: a store that ``eventwire ingest`` wrote has no statistics
either, so the planner works from the indexes alone, as here.

Then times ``dyad_timeline`` and ``select_events`` with the dyad filter and ``limit=100`` for the
busiest dyad, a busy country with a rare partner, and two rare countries: one warm-up, then the
median of 5 runs each. Prints milliseconds (wall clock and CPU) and the ratio to the 100 ms aim;
``--json`` prints the numbers as JSON. Exits 1 when a timeline's CPU time is over ``--aim`` ms
times ``--slack``.

Example::

    python benchmarks/dyad_timeline.py
    python benchmarks/dyad_timeline.py --events 200000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect

from eventwire.kb.loader import load_tables
from eventwire.store import Store, schema
from eventwire.store.filters import EventFilter
from eventwire.store.queries import dyad_timeline, select_events

CACHE = Path("/tmp/eventwire-bench")
GENERATOR_VERSION = 1  # bump when the synthetic data changes shape
AIM_MS = 100.0
RUNS = 5
EVENTS_PER_ARTICLE = 5
BATCH = 50_000  # rows per executemany; one transaction per table keeps the journal out of the way
# Countries most in international news first; the rest follow in the KB's order.
BUSY = [
    "USA",
    "CHN",
    "RUS",
    "UKR",
    "ISR",
    "PSE",
    "IRN",
    "IND",
    "GBR",
    "FRA",
    "DEU",
    "TUR",
    "JPN",
    "PRK",
    "KOR",
]
# CAMEO codes with a weight: statements, consultations and cooperation dominate real event data.
CODES = [
    ("010", 12), ("020", 3), ("036", 4), ("040", 10), ("042", 5), ("043", 4), ("051", 3), ("057", 2),
    ("061", 2), ("071", 2), ("111", 5), ("112", 6), ("120", 2), ("130", 2), ("141", 2), ("163", 1),
    ("173", 2), ("180", 2), ("190", 3), ("193", 1), ("195", 1),
]  # fmt: skip
GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "11": -2.0,
             "12": -4.0, "13": -4.4, "14": -6.5, "16": -4.0, "17": -5.0, "18": -9.0, "19": -10.0}  # fmt: skip
SECTORS = ["GOV", "GOV", "GOV", "MIL", "", "", "OPP", "BUS", "CVL"]
FIRST_DAY = date(2015, 1, 1)
DAYS = (date(2026, 6, 30) - FIRST_DAY).days


def quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


def countries() -> list[str]:
    """About 200 ISO3 codes, busiest first."""
    states = [c.iso3 for c in load_tables(people=False).countries if c.sovereign and c.iso3 not in BUSY]
    return (BUSY + states)[:200]


def rows(n_events: int, seed: int = 7) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(table, batch of rows) for articles, events and quotes, in insert order."""
    rng = random.Random(seed)
    names = countries()
    weights = [1.0 / (i + 1) ** 1.2 for i in range(len(names))]
    codes, code_weights = zip(*CODES, strict=True)
    n_articles = n_events // EVENTS_PER_ARTICLE
    articles: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    quotes: list[tuple[Any, ...]] = []
    for i in range(n_articles):
        aid = f"b{i:07d}"
        # later years carry more news: the square root skews days towards the end of the range
        day = FIRST_DAY + timedelta(days=int(DAYS * rng.random() ** 0.6))
        iso = day.isoformat()
        articles.append(
            (aid, f"https://example.org/{aid}", aid, f"Synthetic article {i}", iso, "Wire", "en",
             EVENTS_PER_ARTICLE, "bench", "2026-01-01T00:00:00+00:00", json.dumps({"id": aid}))
        )  # fmt: skip
        first_source = None
        for k in range(EVENTS_PER_ARTICLE):
            src, tgt = rng.choices(names, weights, k=2)
            while tgt == src:
                tgt = rng.choices(names, weights)[0]
            first_source = first_source or src
            cameo = rng.choices(codes, code_weights)[0]
            root = cameo[:2]
            shape = rng.random()  # 93% dated to the day, 6% to the month, 1% to the year
            if shape < 0.93:
                when, d, m = iso, int(iso.replace("-", "")), day.year * 100 + day.month
            elif shape < 0.99:
                when, d, m = iso[:7], 0, day.year * 100 + day.month
            else:
                when, d, m = iso[:4], 0, 0
            story = rng.randrange(1, 100_001) if rng.random() < 0.5 else None
            sector = rng.choice(SECTORS)
            events.append(
                (f"{aid}:E{k}", aid, story, k, 0, 10, "met", cameo, root, quad(root), GOLDSTEIN[root],
                 src, src + sector, tgt, tgt + rng.choice(SECTORS), when, d, m, rng.random() < 0.03,
                 rng.random() < 0.05, 0.8, f"{src} officials met {tgt} officials about trade on day {d}.")
            )  # fmt: skip
        quotes.append(
            (aid, 0, "We will keep talking.", "direct", f"{first_source} official", first_source, 0, 20)
        )
        if len(events) >= BATCH:
            yield "articles", articles
            yield "events", events
            yield "quotes", quotes
            articles, events, quotes = [], [], []
    if events:
        yield "articles", articles
        yield "events", events
        yield "quotes", quotes


INSERTS = {
    "articles": "INSERT INTO articles (id, url, content_hash, title, published, source, language, n_events, "
    "input_name, added_at, record) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "events": 'INSERT INTO events (id, article_id, story_id, sentence, start, "end", trigger, cameo, root, '
    "quad_class, goldstein, source_country, source_code, target_country, target_code, date, day, month, "
    "negated, historical, confidence, sentence_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "quotes": 'INSERT INTO quotes (article_id, n, text, kind, speaker_name, speaker_country, start, "end") '
    "VALUES (?,?,?,?,?,?,?,?)",
}


def build(path: Path, n_events: int) -> None:
    """Write the synthetic store at ``path`` (schema from eventwire, rows by executemany)."""
    tmp = path.with_suffix(".part")
    for leftover in tmp.parent.glob(tmp.name + "*"):
        leftover.unlink()
    Store(tmp).engine.dispose()  # creates the schema, indexes included
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA synchronous=OFF")
    index_names = [ix.name for table in schema.metadata.tables.values() for ix in table.indexes]
    for name in index_names:  # building an index once at the end is far cheaper than keeping it up
        db.execute(f"DROP INDEX IF EXISTS {name}")
    started = time.perf_counter()
    for table, batch in rows(n_events):
        with db:
            db.executemany(INSERTS[table], batch)
    rng = random.Random(11)
    names = countries()
    weights = [1.0 / (i + 1) ** 1.2 for i in range(len(names))]
    with db:
        db.executemany(
            "INSERT INTO stories (id, root, cameo, source_country, target_country, first_date, last_date, "
            "quad_class, num_mentions, num_articles, num_sources, headline) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (i, "04", "040", *rng.choices(names, weights, k=2), d, d, 1, n, n, 1, f"Story {i}")
                for i in range(1, 100_001)
                for d in [(FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()]
                for n in [int(rng.paretovariate(1.5))]
            ),
        )
    db.close()
    add_missing_indexes(tmp)
    print(f"built {n_events:,} events in {time.perf_counter() - started:.0f} s: {path}", file=sys.stderr)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)


def add_missing_indexes(path: Path) -> list[str]:
    """Bring the indexes of the store at ``path`` to the schema's (a cache built before they changed)."""
    engine = create_engine(f"sqlite:///{path}")
    added = []
    with engine.begin() as conn:
        inspector = inspect(conn)
        for table in schema.metadata.tables.values():
            have = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes(table.name)}
            for ix in table.indexes:
                wanted = [c.name for c in ix.columns]
                if have.get(str(ix.name)) == wanted:
                    continue
                if str(ix.name) in have:
                    ix.drop(conn)
                ix.create(conn)
                added.append(str(ix.name))
    engine.dispose()
    return added


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``RUNS`` calls after one warm-up call.

    CPU time is reported beside wall time because on a shared machine other processes stretch
    the wall clock; a query here is one thread, so its CPU time is what it costs.
    """
    fn()
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def partner(store: Store, a: str, candidates: list[str]) -> tuple[str, str]:
    """``a`` with the first of ``candidates`` it has any event with (in either direction)."""
    with store.connect() as conn:
        for b in candidates:
            if b != a and select_events(conn, EventFilter(dyad=(a, b), limit=1)).items:
                return a, b
    return a, candidates[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--aim", type=float, default=AIM_MS, help="ms a timeline should take")
    parser.add_argument("--slack", type=float, default=1.5, help="fail only above aim times this")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if cached")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"dyad-{args.events}-v{GENERATOR_VERSION}.db"
    if args.rebuild or not path.exists():
        build(path, args.events)
    else:
        added = add_missing_indexes(path)
        if added:
            print(f"added indexes to the cached store: {', '.join(added)}", file=sys.stderr)
    names = countries()
    store = Store(path)
    cases = {
        "busy": (names[0], names[1]),  # the two countries in most of the news
        "lopsided": partner(store, names[0], names[:100:-1]),  # a busy country and a rare one
        "rare": partner(store, names[-1], names[100:][::-1]),  # two rare ones
    }
    results: dict[str, Any] = {"events": args.events, "aim_ms": args.aim}
    with store.connect() as conn:
        for label, (a, b) in cases.items():
            line = dyad_timeline(conn, a, b)
            timeline = timed(lambda a=a, b=b: dyad_timeline(conn, a, b))
            page = timed(lambda a=a, b=b: select_events(conn, EventFilter(dyad=(a, b), limit=100)))
            results[label] = {
                "dyad": f"{a}-{b}",
                "events": line.total,
                "timeline_ms": timeline[0],
                "timeline_cpu_ms": timeline[1],
                "events_page_ms": page[0],
                "events_page_cpu_ms": page[1],
            }
    store.close()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for label in cases:
            r = results[label]
            print(
                f"{label:<8} {r['dyad']:<8} {r['events']:>7,} events  "
                f"timeline {r['timeline_ms']:>6.1f} ms (cpu {r['timeline_cpu_ms']:>5.1f}; "
                f"{r['timeline_ms'] / args.aim:.2f} of the {args.aim:.0f} ms aim)  "
                f"events page {r['events_page_ms']:>5.1f} ms (cpu {r['events_page_cpu_ms']:>5.1f})"
            )
    worst = max(results[label]["timeline_cpu_ms"] for label in cases)
    return 1 if worst > args.aim * args.slack else 0


if __name__ == "__main__":
    sys.exit(main())
