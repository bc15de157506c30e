"""Reference points for the evaluation sets: what each of eventwire's scores beats.

Every set gets simple, well-known baselines, computed on the same gold items as eventwire's own
figures (the same ``limit``), on every run: never tuned on the set, never hard-coded.

* **Label sets** (PLOVER GSR event types, ConfliBERT classes, coder-round roots, NewsMTSC tone):
  the *majority class* (always predict the most frequent gold label) and *random by the gold
  label distribution* (draw each label with its gold frequency). The second is reported as its
  expected value, computed from expected counts rather than drawn with a seed: accuracy is
  ``sum(p_k ** 2)``, and each label's precision, recall and F1 are its share ``p_k``.
* **ConfliBERT actor spans**: the first actor mention of the sentence is the source and the
  last (another one) the target — the positional heuristic, applied to the actor mentions that
  eventwire's own parse found, so it measures what event-role assignment adds to them.
* **TempEval-3**: dateparser's ``search_dates`` over each document, relative to its creation
  date, with the value written at the granularity dateparser reports (day, ISO week, month,
  year).
* **PolNeAR**: every stretch between paired quotation marks of a paragraph is a direct quote,
  and its speaker is the nearest capitalised name before it in the paragraph (a run of
  capitalised words; a lone word opening a sentence is not a name).
* **GeoVirus, LGL**: each gold toponym resolved to the most populous place of eventwire's
  gazetteer with that name, with no context (resolution share within 161 km).

A baseline's figure carries the name of the eventwire metric it stands beside, so a report can
put both in one row; every function here returns ``{baseline name: {metric: value}}``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from eventwire.eval.datasets import (
    CONFLIBERT_CLASSES,
    ClassSentence,
    GsrSentence,
    Offsets,
    RoundsSentence,
    SpanSentence,
)
from eventwire.eval.events import overlap_counts, quad_class, text_shift
from eventwire.eval.report import Confusion, PRCounts, ratio
from eventwire.records import Article, Quote, TimeExpression

if TYPE_CHECKING:
    from eventwire.eval.tempeval import TmlDocument
    from eventwire.kb.gazetteer import GeoEntry

Baselines = dict[str, dict[str, float]]
#: A baseline of a coded set: it sees the (gold item, coded article) pairs the scorer saw.
PairBaseline = Callable[[Sequence[tuple[Any, Article | None]]], Baselines]
#: A baseline of a function set: the set's data folder and the run's ``limit``.
DataBaseline = Callable[[Path, int | None], Baselines]
Granularity = Literal["day", "month", "year"]

RANDOM = "random by gold label distribution (expected)"

#: One line per kind of baseline, for the introduction of a report.
ABOUT: tuple[str, ...] = (
    "**majority class**: always predict the gold label that is most frequent in the set.",
    "**random by gold label distribution (expected)**: draw each label with its gold frequency; "
    "the expected figures, from expected counts (accuracy = sum of squared shares; each label's "
    "precision, recall and F1 = its share), so no seed is involved.",
    "**first / last actor mention**: the first actor mention eventwire found in the sentence is "
    "the source, the last one the target (roles by position, not by the event).",
    "**dateparser**: `dateparser.search.search_dates` over each document, relative to its "
    "creation date, value at the granularity dateparser reports.",
    "**quote marks + nearest name**: every stretch between paired quotation marks is a quote, "
    "spoken by the nearest capitalised name before it in the paragraph.",
    "**most populous candidate**: each gold toponym resolved to the most populous place of that "
    "name in eventwire's gazetteer, with no context.",
)


# --- label sets -------------------------------------------------------------------------------


def majority_label(gold: Sequence[Hashable]) -> Hashable:
    """The most frequent gold label; ties go to the label that sorts first as text."""
    counts = Counter(gold)
    return min(counts, key=lambda label: (-counts[label], str(label)))


def label_baselines(
    gold: Sequence[Hashable],
    labels: Sequence[Hashable],
    *,
    accuracy: str = "accuracy",
    macro_f1: str | None = "macro_f1",
    label_name: Callable[[Hashable], str] = str,
) -> Baselines:
    """Majority-class and expected random-by-distribution accuracy (and macro-F1 over ``labels``).

    ``accuracy`` and ``macro_f1`` name the figures as the set's own metrics are named; with
    ``macro_f1=None`` only accuracy is given. Empty ``gold`` gives no baselines.
    """
    if not gold:
        return {}
    top = majority_label(gold)
    confusion = Confusion.of(gold, [top] * len(gold))
    majority = {accuracy: confusion.accuracy}
    shares = {label: n / len(gold) for label, n in Counter(gold).items()}
    random = {accuracy: sum(p * p for p in shares.values())}
    if macro_f1 is not None:
        majority[macro_f1] = confusion.macro_f1(labels)
        random[macro_f1] = ratio(sum(shares.get(label, 0.0) for label in labels), len(labels))
    return {f"majority class ({label_name(top)})": majority, RANDOM: random}


def plover_gsr(pairs: Sequence[tuple[GsrSentence, Article | None]]) -> Baselines:
    """Event type accuracy of the label baselines over the GSR sentences with a PLOVER 2.0 type."""
    gold = [item.plover for item, _ in pairs if item.plover is not None]
    return label_baselines(gold, sorted(set(gold)), accuracy="type_accuracy", macro_f1=None)


def conflibert_class(pairs: Sequence[tuple[ClassSentence, Article | None]]) -> Baselines:
    """Macro-F1 and accuracy of the label baselines over ConfliBERT's five classes."""
    return label_baselines(
        [item.label for item, _ in pairs],
        range(len(CONFLIBERT_CLASSES)),
        label_name=lambda label: CONFLIBERT_CLASSES[int(str(label))],
    )


def cameo_rounds(pairs: Sequence[tuple[RoundsSentence, Article | None]]) -> Baselines:
    """Root F1, accuracy and QuadClass accuracy of the label baselines over the coders' roots.

    Both baselines predict a root for every sentence, so root precision equals recall and F1
    equals accuracy, as for eventwire when it codes every sentence.
    """
    gold = [item.root for item, _ in pairs]
    if not gold:
        return {}
    top = str(majority_label(gold))
    accuracy = ratio(sum(g == top for g in gold), len(gold))
    majority = {
        "root_f1": accuracy,
        "accuracy": accuracy,
        "quad_accuracy": ratio(sum(quad_class(g) == quad_class(top) for g in gold), len(gold)),
    }
    shares = [n / len(gold) for n in Counter(gold).values()]
    quads = [n / len(gold) for n in Counter(quad_class(g) for g in gold).values()]
    expected = sum(p * p for p in shares)
    random = {"root_f1": expected, "accuracy": expected, "quad_accuracy": sum(q * q for q in quads)}
    return {f"majority class (root {top})": majority, RANDOM: random}


def newsmtsc(data: Path, limit: int | None) -> Baselines:
    """Accuracy and macro-F1 of the label baselines over NewsMTSC devtest (sentence, target) pairs."""
    from eventwire.eval.tone import LABELS, read_newsmtsc

    gold: list[int] = []
    for n, item in enumerate(read_newsmtsc(data / "devtest_mt.jsonl")):
        if limit is not None and n >= limit:
            break
        gold.extend(item.labels)
    return label_baselines(gold, range(len(LABELS)), label_name=lambda label: LABELS[int(str(label))])


# --- ConfliBERT actor spans -------------------------------------------------------------------


def _mentions(article: Article) -> list[Offsets]:
    return sorted({(a, b) for actor in article.actors for a, b in actor.mentions if b > a})


def conflibert_spans(pairs: Sequence[tuple[SpanSentence, Article | None]]) -> Baselines:
    """Source, target and combined overlap F1 of "first actor mention -> last actor mention"."""
    sources, targets = PRCounts(), PRCounts()
    for item, article in pairs:
        pred_src: list[Offsets] = []
        pred_tgt: list[Offsets] = []
        shift = text_shift(article.text, item.text) if article is not None else None
        if article is not None and shift is not None:
            mentions = [(a + shift, b + shift) for a, b in _mentions(article)]
            pred_src = mentions[:1]
            pred_tgt = mentions[-1:] if len(mentions) > 1 else []
        sources.add(overlap_counts(pred_src, item.sources))
        targets.add(overlap_counts(pred_tgt, item.targets))
    both = PRCounts()
    both.add(sources)
    both.add(targets)
    figures = {"source_f1": sources.f1, "target_f1": targets.f1, "both_f1": both.f1}
    return {"first / last actor mention": figures}


# --- TempEval-3 -------------------------------------------------------------------------------


def _date_value(when: datetime, period: str | None) -> tuple[str, Granularity]:
    """A TimeML value and our granularity for a date dateparser found with ``period``."""
    if period == "year":
        return f"{when.year:04d}", "year"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}", "month"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}", "day"
    return when.strftime("%Y-%m-%d"), "day"


def dateparser_dates(doc: TmlDocument) -> list[TimeExpression]:
    """The dates dateparser's ``search_dates`` finds in a document, relative to its creation date.

    ``search_dates`` gives text, not offsets: each text is looked for after the previous one
    (it reports them in text order). A text it rewrote beyond finding is dropped.
    """
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.dct)
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}, add_period=True)
    out: list[TimeExpression] = []
    pos = 0
    for hit in found or []:
        text, when = str(hit[0]), hit[1]
        period = hit[2] if len(hit) > 2 else None
        start = doc.text.find(text, pos)
        if start < 0:
            start = doc.text.find(text)
        if start < 0 or not isinstance(when, datetime):
            continue
        pos = start + len(text)
        value, granularity = _date_value(when, period if isinstance(period, str) else None)
        out.append(TimeExpression(text, (start, pos), value, granularity))
    return out


def tempeval3(data: Path, limit: int | None = None) -> Baselines:
    """DATE value F1 (all, and representable values) of dateparser on the TempEval-3 documents.

    ``limit`` is ignored, as the set's own scorer ignores it: both score every document.
    """
    from eventwire.eval.tempeval import iter_documents, score_document

    counts = [score_document(doc, dateparser_dates(doc)) for doc in iter_documents(data)]
    total = counts[0]  # iter_documents raises rather than yield no document
    for more in counts[1:]:
        total.add(more)
    figures = total.figures()
    return {"dateparser search_dates": {"f1_repr": figures["f1_repr"], "f1": figures["f1"]}}


# --- PolNeAR ----------------------------------------------------------------------------------

# Paired marks within one line: straight, curly, or LaTeX-style ``...''.
_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^“”\n]+)”|``([^\n]+?)''")
# Capitalised words in a row; a full stop inside a name only ends an abbreviation ("Gov.", "J.").
_NAME = re.compile(r"(?:[A-Z][a-z]{0,3}\.\s+)*[A-Z][\w'’-]*(?:\s+(?:[A-Z][a-z]{0,3}\.\s+)*[A-Z][\w'’-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”']?\s+|[\"“`]\s*)$")
# Capitalised words that name a day or a month, not a speaker.
_CALENDAR = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july"),
        *("august", "september", "october", "november", "december"),
    }
)


def nearest_name(text: str, start: int, end: int) -> Offsets | None:
    """The last capitalised name in ``text[start:end]``.

    A lone word opening a sentence is no name, nor is a run of day and month names.
    """
    best: Offsets | None = None
    for m in _NAME.finditer(text, start, end):
        words = m.group().split()
        lone = len(words) == 1 and _SENTENCE_START.search(text[start : m.start()]) is not None
        if not lone and not all(w.lower().strip(".") in _CALENDAR for w in words):
            best = (m.start(), m.end())
    return best


def quote_mark_quotes(text: str) -> list[Quote]:
    """Every quoted stretch of ``text`` as a direct quote with its nearest preceding name."""
    quotes: list[Quote] = []
    for m in _QUOTED.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        a, b = m.span(group)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        paragraph = text.rfind("\n", 0, m.start()) + 1
        name = nearest_name(text, paragraph, m.start())
        speaker = None if name is None else {"name": text[name[0] : name[1]], "span": list(name)}
        quotes.append(Quote(text[a:b], (a, b), "direct", None, speaker))
    return quotes


def polnear(data: Path, limit: int | None) -> Baselines:
    """Quote F1 and speaker-attributed F1 of "quote marks + nearest name" on the PolNeAR dev split."""
    from eventwire.eval.polnear import iter_documents, score_document

    quotes, speakers = PRCounts(), PRCounts()
    for doc in iter_documents(data, "dev", limit):
        score = score_document(doc, quote_mark_quotes(doc.text))
        quotes.add(score.quotes)
        speakers.add(score.speakers)
    return {"quote marks + nearest name": {"f1": quotes.f1, "speaker_f1": speakers.f1}}


# --- GeoVirus, LGL ----------------------------------------------------------------------------


class Candidates(Protocol):
    """What the geo baseline asks of a gazetteer (:class:`~eventwire.kb.gazetteer.Gazetteer`)."""

    def candidates(self, name: str) -> list[GeoEntry]: ...


def geo(dataset: str, gazetteer: Candidates | None = None) -> DataBaseline:
    """The "most populous candidate, no context" baseline of ``dataset`` (geovirus | lgl).

    ``gazetteer`` defaults to eventwire's (loaded on the first run, shared with the scorer).
    """

    def run(data: Path, limit: int | None) -> Baselines:
        from eventwire.eval.geo import THRESHOLD_KM, dataset_path, read_dataset
        from eventwire.kb.gazetteer import default_gazetteer, distance_km

        places = gazetteer if gazetteer is not None else default_gazetteer()
        articles = list(read_dataset(dataset_path(data, dataset)))
        n_gold = n_within = 0
        for article in articles[:limit]:
            for gold in article.toponyms:
                if gold.lat is None or gold.lon is None:
                    continue
                n_gold += 1
                best = max(places.candidates(gold.text), key=lambda e: e.population, default=None)
                if best is not None and distance_km(gold.lat, gold.lon, best.lat, best.lon) <= THRESHOLD_KM:
                    n_within += 1
        return {"most populous candidate": {"resolution.acc_at_161km": ratio(n_within, n_gold)}}

    return run
