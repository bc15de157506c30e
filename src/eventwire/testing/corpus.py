"""A small generated corpus for fault tests: tiny news articles with varied actors and verbs.

The articles are made from hand-written sentence templates (ours, not from any labelled set),
filled from a seeded random generator, so a test gets the same corpus on every machine without
storing it. Each article is three sentences from three different template pools, about 45-70
words: long enough to be indexed for near-duplicates (:data:`eventwire.dedup.near.MIN_WORDS`),
short enough that coding 60 of them takes a couple of seconds.

A corpus holds, on purpose, a few things an ingest must account for besides new articles:

- near-duplicates: copies of earlier articles with a sentence added (stored as duplicates);
- exact repeats under another file name (skipped as already stored);
- bad inputs that fail with a reason (an empty file, a French text, a JSON Lines file with one
  broken line among good ones), so that the ``failures`` table is exercised too.

    >>> from eventwire.testing import write_small_corpus        # doctest: +SKIP
    >>> corpus = write_small_corpus(tmp_path / "corpus", articles=60)
    >>> corpus.files, corpus.articles                             # (paths, distinct good texts)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

# (adjective, country, capital, another city): names the knowledge base knows, so actors resolve.
COUNTRIES = (
    ("Kenyan", "Kenya", "Nairobi", "Mombasa"),
    ("Tanzanian", "Tanzania", "Dodoma", "Arusha"),
    ("Chilean", "Chile", "Santiago", "Valparaiso"),
    ("Peruvian", "Peru", "Lima", "Cusco"),
    ("Japanese", "Japan", "Tokyo", "Osaka"),
    ("Philippine", "the Philippines", "Manila", "Cebu"),
    ("Indian", "India", "New Delhi", "Mumbai"),
    ("Pakistani", "Pakistan", "Islamabad", "Lahore"),
    ("German", "Germany", "Berlin", "Hamburg"),
    ("Polish", "Poland", "Warsaw", "Krakow"),
    ("Egyptian", "Egypt", "Cairo", "Alexandria"),
    ("Nigerian", "Nigeria", "Abuja", "Lagos"),
    ("Brazilian", "Brazil", "Brasilia", "Sao Paulo"),
    ("Mexican", "Mexico", "Mexico City", "Monterrey"),
    ("Turkish", "Turkey", "Ankara", "Istanbul"),
    ("Ukrainian", "Ukraine", "Kyiv", "Kharkiv"),
    ("Vietnamese", "Vietnam", "Hanoi", "Da Nang"),
    ("Indonesian", "Indonesia", "Jakarta", "Surabaya"),
    ("Canadian", "Canada", "Ottawa", "Toronto"),
    ("Moroccan", "Morocco", "Rabat", "Casablanca"),
)
OFFICES = ("president", "prime minister", "foreign minister", "defence minister", "trade minister")
TOPICS = (
    "trade across their shared border",
    "a dispute over fishing rights",
    "the security of a new pipeline",
    "refugees crossing the frontier",
    "prices of fuel and grain",
    "a loan for a railway project",
    "the release of detained journalists",
    "a plan to cut tariffs on steel",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBERS = ("two", "three", "five", "seven", "twelve", "dozens of", "hundreds of")

# Three pools; an article takes one sentence from each, so two articles rarely share a run of
# five words long enough to look copied.
OPENINGS = (
    "The {a1} {office} met the {a2} {office2} in {cap1} on {day} to discuss {topic}.",
    "{c1} accused {c2} on {day} of violating a ceasefire along their border near {city2}.",
    "Police in {city1} arrested {n} protesters on {day} after a march against {topic}.",
    "{c1} and {c2} signed an agreement on {topic} in {cap2} on {day}, officials said.",
    "The {a1} army shelled positions held by rebels near {city1} on {day}, killing {n} people.",
    "{c1} expelled {a2} diplomats on {day} after a row over {topic}.",
    "The {a1} {office} visited {cap2} on {day} and promised aid after floods hit {city2}.",
    "{c1} threatened on {day} to impose sanctions on {c2} over {topic}.",
)
MIDDLES = (
    "Talks between delegations from {cap1} and {cap2} ran late into the night, aides told reporters.",
    "Witnesses in {city1} described long queues outside banks and shops as the news spread.",
    "A spokesman for the {a2} government rejected the claims and called for calm in {city2}.",
    "Hospital staff in {city1} said {n} people had been treated for injuries since {day}.",
    "Opposition leaders in {cap1} demanded that parliament hold an urgent debate this week.",
    "The United Nations urged both sides to respect international law and protect civilians.",
    "Markets in {city2} fell sharply while traders waited for a statement from {cap2}.",
    "Diplomats in {cap2} said a second round of meetings was planned for next month.",
)
CLOSINGS = (
    "Analysts said the move could shape relations between the neighbours for years to come.",
    "Neither government gave details of the sums involved or of any timetable for the work.",
    "The {a1} {office} is expected to travel to {cap2} again before the end of the year.",
    "Human rights groups called for an independent inquiry into the events in {city1}.",
    "Officials in {cap1} said further steps would depend on the response from {c2}.",
    "Both sides agreed to set up a joint commission that will report within {n} weeks.",
)
COPY_ADDITION = "This story was first published by a regional news agency and is reproduced here."


@dataclass
class SmallCorpus:
    """What :func:`write_small_corpus` wrote: the folder, its files and what they should become."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # distinct good texts, originals and copies
    copies: int = 0  # near-duplicate copies among ``articles``
    repeats: int = 0  # exact repeats of earlier articles under other names (skipped, not stored)
    bad: list[str] = field(default_factory=list)  # inputs that must fail (as named in messages)


def article_text(rng: random.Random) -> str:
    """One article of three sentences, its fillers drawn from ``rng``."""
    one, two = rng.sample(COUNTRIES, 2)
    fill = {
        "a1": one[0],
        "c1": one[1],
        "cap1": one[2],
        "city1": rng.choice((one[2], one[3])),
        "a2": two[0],
        "c2": two[1],
        "cap2": two[2],
        "city2": rng.choice((two[2], two[3])),
        "office": rng.choice(OFFICES),
        "office2": rng.choice(OFFICES),
        "topic": rng.choice(TOPICS),
        "day": rng.choice(WEEKDAYS),
        "n": rng.choice(NUMBERS),
    }
    sentences = [rng.choice(pool).format(**fill) for pool in (OPENINGS, MIDDLES, CLOSINGS)]
    text = " ".join(sentences)
    return text[0].upper() + text[1:]


def write_small_corpus(
    folder: Path, *, articles: int = 60, seed: int = 20240301, copies: int = 4, repeats: int = 2
) -> SmallCorpus:
    """Write ``articles`` distinct generated articles into ``folder`` (one ``.txt`` each, the last
    ten as one JSON Lines file), of which ``copies`` are near-duplicates of earlier ones, plus
    ``repeats`` exact repeats and three bad inputs. Input order (file names) is fixed, so two
    runs over the folder see the same order."""
    if articles < 12 or copies >= articles // 2:
        raise ValueError("a corpus needs at least 12 articles, fewer than half of them copies")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = SmallCorpus(folder)
    texts: list[str] = []
    while len(texts) < articles - copies:
        text = article_text(rng)
        if text not in texts:
            texts.append(text)
    # each copy follows its original at a growing distance (1, 6, 11 ... places), so that some
    # fall in the original's batch and some in a later one
    for i in range(copies):
        original = (i * 7) % len(texts)
        texts.insert(min(len(texts), original + 1 + 5 * i), texts[original] + " " + COPY_ADDITION)
    corpus.copies = copies
    corpus.articles = list(texts)
    in_files, in_jsonl = texts[:-10], texts[-10:]
    for i, text in enumerate(in_files):
        path = folder / f"a{i:03d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        corpus.files.append(path)
    for i in range(repeats):
        path = folder / f"r{i:03d}.txt"  # after every aNNN.txt: the original is stored first
        path.write_text(in_files[i * 3], encoding="utf-8")
        corpus.files.append(path)
    corpus.repeats = repeats
    lines = [json.dumps({"id": f"j{i}", "text": t}) for i, t in enumerate(in_jsonl)]
    lines.insert(4, '{"text": "a broken line')
    jsonl = folder / "batch.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus.files.append(jsonl)
    corpus.bad.append(f"{jsonl}:5")
    empty = folder / "b_empty.txt"
    empty.write_bytes(b"")
    french = folder / "b_french.txt"
    french.write_text(
        "Le ministre a rencontr\u00e9 son homologue \u00e0 Paris mardi pour parler du commerce "
        "et des fronti\u00e8res entre les deux pays.",
        encoding="utf-8",
    )
    corpus.files += [empty, french]
    corpus.bad += [str(empty), str(french)]
    return corpus
