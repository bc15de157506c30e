"""Scoring coded articles against the event sets: event types, classes, roots and actors.

Each gold item is one sentence, coded as one article; a scorer receives ``(gold, article)``
pairs (``article`` is None when the coder returned nothing for that sentence, which scores as
"no event") and returns ``(metrics, details)``: metrics are floats a floor can gate on, details
are counts and tables for looking at mistakes.

**The main event of a sentence** (:func:`main_event`) is the one the sentence-level labels are
compared with. Gold sets label one event per sentence, usually the reported act rather than the
act of reporting it, so the main event is chosen by, in order: not a statement or appeal (CAMEO
roots 01-02, which PLOVER dropped), not negated, highest confidence, earliest in the text. An
article with no events, or whose main event has ``plover=None``, has no PLOVER type.

**Actor countries** (PLOVER GSR) are read from the sides of the main event *and* of the other
events of the sentence with the same CAMEO root, because a compound actor ("A and B agreed")
may be coded as one event per actor. A side's country is ``Side.country``, or for non-state
actors the CAMEO prefix of ``Side.code`` (IGO, NGO, IMG, MNC, NGM), as the gold codes them.
Sides with neither are abstentions: they cost recall, not precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventwire.eval.datasets import (
    CONFLIBERT_CLASSES,
    ClassSentence,
    GsrSentence,
    Offsets,
    RoundsSentence,
    SpanSentence,
)
from eventwire.eval.report import Confusion, PRCounts, ratio, set_counts
from eventwire.records import Article, Event, Side

Scores = tuple[dict[str, float], dict[str, Any]]

STATEMENT_ROOTS = frozenset({"01", "02"})
NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM"})
# How many wrong sentences the details list, to look at without flooding a report.
MAX_ERRORS = 25


def main_event(events: Iterable[Event]) -> Event | None:
    """The event a sentence-level label is compared with (see the module docstring)."""
    ranked = sorted(
        events,
        key=lambda e: (e.root in STATEMENT_ROOTS, e.negated, -e.confidence, e.span[0], e.cameo),
    )
    return ranked[0] if ranked else None


def _events(article: Article | None) -> list[Event]:
    return list(article.events) if article is not None else []


def root_class(root: str | None) -> int:
    """ConfliBERT's class of a CAMEO root: 0 neutral (01-02 or none) ... 4 material conflict.

    The labels follow the "PentaClass" grouping, in which 16 (reduce relations: suspend aid,
    expel diplomats, cancel a visit) is verbal conflict with 09-13, and 14, 15, 17-20 are
    material conflict: in the training labels 63 of 72 sentences we code 16 carry class 3.
    """
    if root is None:
        return 0
    n = int(root)
    if n <= 2:
        return 0
    if n <= 5:
        return 1
    if n <= 8:
        return 2
    if n <= 13 or n == 16:
        return 3
    return 4


def quad_class(root: str) -> int:
    """GDELT's QuadClass of a CAMEO root (01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4)."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


def side_country(side: Side | None) -> str | None:
    """The country key of a side as the gold codes it: ISO3, or IGO/NGO/... for non-state actors."""
    if side is None:
        return None
    if side.country:
        return side.country.strip().upper()
    prefix = (side.code or "").strip().upper()[:3]
    return prefix if prefix in NON_STATE_PREFIXES else None


# --- PLOVER GSR -------------------------------------------------------------------------------


def _predicted_roles(events: list[Event], main: Event | None) -> set[tuple[str, str]]:
    roles: set[tuple[str, str]] = set()
    if main is None:
        return roles
    for event in events:
        if event.root != main.root:
            continue
        for role, side in (("source", event.source), ("target", event.target)):
            key = side_country(side)
            if key is not None:
                roles.add((role, key))
    return roles


def gold_roles(item: GsrSentence) -> set[tuple[str, str]]:
    """Gold ``(role, country)`` pairs; reciprocal actors get the role ``"either"``."""
    if item.joint:
        return {("either", code) for code in item.sources}
    return {("source", c) for c in item.sources} | {("target", c) for c in item.targets}


def role_counts(pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> PRCounts:
    """Counts of predicted against gold ``(role, country)`` pairs.

    A gold ``("either", X)`` is found by a predicted source or target X, and makes either right.
    """
    either = {key for role, key in gold if role == "either"}
    pred_ok = sum(1 for pair in pred if pair in gold or pair[1] in either)
    gold_ok = 0
    for role, key in gold:
        if role == "either":
            gold_ok += ("source", key) in pred or ("target", key) in pred
        else:
            gold_ok += (role, key) in pred
    return PRCounts(pred_ok=pred_ok, n_pred=len(pred), gold_ok=gold_ok, n_gold=len(gold))


def score_plover_gsr(pairs: Sequence[tuple[GsrSentence, Article | None]]) -> Scores:
    """Event type accuracy and actor-country precision/recall/F1 on the PLOVER GSR."""
    gold_types: list[str] = []
    pred_types: list[str | None] = []
    roles, countries = PRCounts(), PRCounts()
    errors: list[dict[str, Any]] = []
    typed = unmapped = 0
    for item, article in pairs:
        events = _events(article)
        main = main_event(events)
        pred_type = main.plover.type if main is not None and main.plover is not None else None
        typed += pred_type is not None
        if item.plover is None:
            unmapped += 1
        else:
            gold_types.append(item.plover)
            pred_types.append(pred_type)
        pred = _predicted_roles(events, main)
        gold = gold_roles(item)
        counts = role_counts(pred, gold)
        roles.add(counts)
        countries.add(set_counts({k for _, k in pred}, {k for _, k in gold}))
        actors_wrong = counts.pred_ok < counts.n_pred or counts.gold_ok < counts.n_gold
        wrong = (item.plover is not None and pred_type != item.plover) or actors_wrong
        if wrong and len(errors) < MAX_ERRORS:
            errors.append(
                {
                    "id": item.id,
                    "gold_type": item.plover,
                    "pred_type": pred_type,
                    "pred_cameo": main.cameo if main else None,
                    "gold_actors": sorted(gold),
                    "pred_actors": sorted(pred),
                }
            )
    confusion = Confusion.of(gold_types, pred_types)
    metrics = {"type_accuracy": confusion.accuracy, "typed_share": ratio(typed, len(pairs))}
    metrics.update(roles.figures("actor_"))
    metrics.update(countries.figures("country_"))
    per_type = {
        t: {"n": c.n_gold, "recall": c.recall, "precision": c.precision}
        for t in sorted(set(gold_types))
        for c in [confusion.label_counts(t)]
    }
    details = {
        "n_typed_gold": len(gold_types),
        "n_unmapped_gold": unmapped,
        "actor_counts": roles.to_dict(),
        "country_counts": countries.to_dict(),
        "per_type": per_type,
        "confusion": confusion.table(),
        "errors": errors,
    }
    return metrics, details


# --- ConfliBERT classes -----------------------------------------------------------------------


def score_conflibert_class(pairs: Sequence[tuple[ClassSentence, Article | None]]) -> Scores:
    """Macro-F1, accuracy and per-class P/R/F1 of the main event's class against the gold class."""
    gold = [item.label for item, _ in pairs]
    pred: list[int] = []
    for _, article in pairs:
        main = main_event(_events(article))
        pred.append(root_class(main.root if main else None))
    confusion = Confusion.of(gold, pred)
    labels = range(len(CONFLIBERT_CLASSES))
    metrics = {"macro_f1": confusion.macro_f1(labels), "accuracy": confusion.accuracy}
    per_class: dict[str, dict[str, Any]] = {}
    for label in labels:
        counts = confusion.label_counts(label)
        name = CONFLIBERT_CLASSES[label]
        metrics.update(counts.figures(f"{name}."))
        per_class[name] = {"support": counts.n_gold, "predicted": counts.n_pred}
    table = [
        {"gold": CONFLIBERT_CLASSES[int(r["gold"])], "pred": CONFLIBERT_CLASSES[int(r["pred"])], "n": r["n"]}
        for r in confusion.table()
    ]
    errors = [
        {"id": item.id, "gold": CONFLIBERT_CLASSES[g], "pred": CONFLIBERT_CLASSES[p]}
        for (item, _), g, p in zip(pairs, gold, pred, strict=True)
        if g != p
    ][:MAX_ERRORS]
    return metrics, {"per_class": per_class, "confusion": table, "errors": errors}


# --- ConfliBERT spans -------------------------------------------------------------------------


def text_shift(article_text: str, sentence: str) -> int | None:
    """What to add to an article offset to land in ``sentence``; None when the texts differ.

    The pipeline may trim or normalise the body it was given; offsets still map while one text
    contains the other.
    """
    if article_text == sentence:
        return 0
    inner = sentence.find(article_text) if article_text else -1
    if inner >= 0:
        return inner
    outer = article_text.find(sentence)
    return -outer if outer >= 0 else None


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlap_counts(pred: Iterable[Offsets], gold: Iterable[Offsets]) -> PRCounts:
    """A prediction is right when it overlaps some gold span; a gold span is found likewise."""
    p, g = sorted(set(pred)), sorted(set(gold))
    return PRCounts(
        pred_ok=sum(1 for s in p if any(_overlaps(s, t) for t in g)),
        n_pred=len(p),
        gold_ok=sum(1 for t in g if any(_overlaps(s, t) for s in p)),
        n_gold=len(g),
    )


def _side_spans(events: list[Event], role: str, shift: int) -> list[Offsets]:
    spans: list[Offsets] = []
    for event in events:
        side = event.source if role == "source" else event.target
        if side is not None and side.span[1] > side.span[0]:
            spans.append((side.span[0] + shift, side.span[1] + shift))
    return spans


def score_conflibert_spans(pairs: Sequence[tuple[SpanSentence, Article | None]]) -> Scores:
    """Overlap P/R/F1 of every event's source and target spans against gold S/T (and R) spans."""
    sources, targets = PRCounts(), PRCounts()
    misaligned = 0
    errors: list[dict[str, Any]] = []
    for item, article in pairs:
        events = _events(article)
        shift = text_shift(article.text, item.text) if article is not None else 0
        if shift is None:
            misaligned += 1
            events, shift = [], 0
        src = overlap_counts(_side_spans(events, "source", shift), item.sources)
        tgt = overlap_counts(_side_spans(events, "target", shift), item.targets)
        sources.add(src)
        targets.add(tgt)
        wrong = src.pred_ok < src.n_pred or src.gold_ok < src.n_gold
        if (wrong or tgt.pred_ok < tgt.n_pred or tgt.gold_ok < tgt.n_gold) and len(errors) < MAX_ERRORS:
            errors.append(
                {
                    "id": item.id,
                    "gold_sources": [item.text[a:b] for a, b in item.sources],
                    "gold_targets": [item.text[a:b] for a, b in item.targets],
                    "pred_sources": [item.text[a:b] for a, b in _side_spans(events, "source", shift)],
                    "pred_targets": [item.text[a:b] for a, b in _side_spans(events, "target", shift)],
                }
            )
    both = PRCounts()
    both.add(sources)
    both.add(targets)
    metrics = {**sources.figures("source_"), **targets.figures("target_"), **both.figures("both_")}
    details = {
        "source_counts": sources.to_dict(),
        "target_counts": targets.to_dict(),
        "n_misaligned": misaligned,
        "errors": errors,
    }
    return metrics, details


# --- CAMEO coder rounds -----------------------------------------------------------------------


def score_cameo_rounds(pairs: Sequence[tuple[RoundsSentence, Article | None]]) -> Scores:
    """Root precision/recall/F1 and accuracy of the main event's root against the coders' majority.

    Every scored sentence has a gold root, so recall equals accuracy; precision is over the
    sentences where we coded any event, and ``quad_accuracy`` compares GDELT QuadClasses.
    """
    gold = [item.root for item, _ in pairs]
    pred: list[str | None] = []
    for _, article in pairs:
        main = main_event(_events(article))
        pred.append(main.root if main else None)
    confusion = Confusion.of(gold, pred)
    counts = PRCounts(
        pred_ok=confusion.correct,
        n_pred=sum(p is not None for p in pred),
        gold_ok=confusion.correct,
        n_gold=len(gold),
    )
    quad_ok = sum(
        1 for g, p in zip(gold, pred, strict=True) if p is not None and quad_class(g) == quad_class(p)
    )
    metrics = {
        **counts.figures("root_"),
        "accuracy": confusion.accuracy,
        "quad_accuracy": ratio(quad_ok, len(gold)),
    }
    errors = [
        {"id": item.id, "gold": g, "pred": p, "votes": dict(item.votes)}
        for (item, _), g, p in zip(pairs, gold, pred, strict=True)
        if g != p
    ][:MAX_ERRORS]
    details = {"counts": counts.to_dict(), "confusion": confusion.table(), "errors": errors}
    return metrics, details
