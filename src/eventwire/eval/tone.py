"""Score sentence tone against NewsMTSC (Hamborg & Donnay, EACL 2021).

NewsMTSC labels the sentiment of a news sentence **toward a named target** (2 = negative,
4 = neutral, 6 = positive); ``devtest_mt.jsonl`` holds sentences with two or more targets, which
may carry different labels. eventwire scores **sentence tone** (VADER compound), not
target-dependent sentiment, so every target of a sentence gets the same prediction and a sentence
whose targets disagree cannot be fully right. The figures are therefore a floor for how well
sentence tone tracks the sentiment a reader sees, not a target-sentiment classifier's score.

Method:

* the compound score becomes a label through a neutral band: ``negative`` below ``lo``,
  ``positive`` above ``hi``, ``neutral`` between. ``lo`` and ``hi`` are tuned for macro-F1 on
  ``train.jsonl`` only, never on devtest;
* on devtest we report accuracy and macro-F1 over (sentence, target) pairs, the same over the
  sentences whose targets all agree, the same with VADER's customary ±0.05 band as a baseline,
  and Pearson's correlation between the compound score and the label (-1, 0, 1).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from eventwire.errors import DatasetError
from eventwire.extract.tone import ToneScorer, default_tone

__all__ = ["evaluate_tone", "read_newsmtsc", "tune_band"]

LABELS = ("negative", "neutral", "positive")
_POLARITY: Mapping[float, int] = MappingProxyType(
    {2.0: 0, 4.0: 1, 6.0: 2}
)  # NewsMTSC polarity -> index into LABELS
_GRID = tuple(round(-0.9 + 0.02 * i, 2) for i in range(91))  # -0.9 .. 0.9, candidate band edges
_VADER_BAND = (-0.05, 0.05)  # the thresholds VADER's authors suggest


@dataclass(frozen=True)
class Item:
    """One sentence of NewsMTSC with the label index of each of its targets."""

    sentence: str
    labels: tuple[int, ...]


def read_newsmtsc(path: Path) -> Iterator[Item]:
    """Yield the sentences of a NewsMTSC JSONL split with their targets' labels."""
    if not path.is_file():
        raise DatasetError(f"{path}: NewsMTSC file not found; point to shared/data/dev/newsmtsc.")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                sentence = record["sentence_normalized"]
                labels = tuple(_POLARITY[float(t["polarity"])] for t in record["targets"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise DatasetError(f"{path}:{n}: not a NewsMTSC record ({exc!r}).") from exc
            if labels:
                yield Item(sentence, labels)


def _label(score: float, band: tuple[float, float]) -> int:
    lo, hi = band
    return 0 if score < lo else 2 if score > hi else 1


def _figures(pairs: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class figures of (gold, predicted) label pairs."""
    confusion = [[0] * 3 for _ in range(3)]
    for gold, pred in pairs:
        confusion[gold][pred] += 1
    return _from_confusion(confusion)


def _from_confusion(confusion: list[list[int]]) -> dict[str, Any]:
    total = sum(map(sum, confusion))
    per_class = {}
    f1s = []
    for k, name in enumerate(LABELS):
        tp = confusion[k][k]
        n_pred = sum(confusion[g][k] for g in range(3))
        n_gold = sum(confusion[k])
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        per_class[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "n_gold": n_gold,
        }
    accuracy = sum(confusion[k][k] for k in range(3)) / total if total else 0.0
    return {
        "accuracy": round(accuracy, 4),
        "macro_f1": round(sum(f1s) / 3, 4),
        "n": total,
        "per_class": per_class,
        "confusion": {LABELS[g]: dict(zip(LABELS, confusion[g], strict=True)) for g in range(3)},
    }


def tune_band(scored: Sequence[tuple[float, int]]) -> tuple[tuple[float, float], float]:
    """The neutral band ``(lo, hi)`` on :data:`_GRID` with the best macro-F1 on ``scored``.

    ``scored`` holds (compound score, gold label) pairs. Counting with sorted scores per label
    makes each candidate band a few bisections instead of a pass over the data.
    """
    by_label: list[list[float]] = [[], [], []]
    for score, gold in scored:
        by_label[gold].append(score)
    for scores in by_label:
        scores.sort()
    best = (_VADER_BAND, -1.0)
    for i, lo in enumerate(_GRID):
        below = [bisect_left(s, lo) for s in by_label]  # predicted negative, per gold label
        for hi in _GRID[i:]:
            above = [len(s) - bisect_right(s, hi) for s in by_label]  # predicted positive
            confusion = [[below[g], len(by_label[g]) - below[g] - above[g], above[g]] for g in range(3)]
            f1 = _from_confusion(confusion)["macro_f1"]
            if f1 > best[1]:
                best = ((lo, hi), f1)
    return best


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return round(sxy / math.sqrt(sxx * syy), 4) if sxx and syy else 0.0


def _resolve(root: Path) -> Path:
    """Accept the NewsMTSC folder itself or a shared/ (or shared/data) folder above it."""
    for candidate in (root, root / "dev" / "newsmtsc", root / "data" / "dev" / "newsmtsc"):
        if (candidate / "devtest_mt.jsonl").is_file():
            return candidate
    raise DatasetError(
        f"{root}: no devtest_mt.jsonl found; point to shared/data/dev/newsmtsc (with train.jsonl beside it)."
    )


def evaluate_tone(
    root: Path, *, limit: int | None = None, scorer: ToneScorer | None = None
) -> dict[str, Any]:
    """Score sentence tone on NewsMTSC ``devtest_mt`` with a neutral band tuned on ``train``.

    ``limit`` caps the number of devtest sentences (the band is always tuned on all of train).
    """
    folder = _resolve(root)
    tone = scorer or default_tone()
    train = [
        (tone.sentence(item.sentence), gold)
        for item in read_newsmtsc(folder / "train.jsonl")
        for gold in item.labels
    ]
    if not train:
        raise DatasetError(f"{folder / 'train.jsonl'}: no labelled sentences to tune the neutral band on.")
    band, train_f1 = tune_band(train)
    pairs: list[tuple[float, int]] = []
    agreed: list[tuple[float, int]] = []
    n_sentences = 0
    for item in read_newsmtsc(folder / "devtest_mt.jsonl"):
        if limit is not None and n_sentences >= limit:
            break
        n_sentences += 1
        score = tone.sentence(item.sentence)
        pairs += [(score, gold) for gold in item.labels]
        if len(set(item.labels)) == 1:
            agreed.append((score, item.labels[0]))
    if not pairs:
        raise DatasetError(f"{folder / 'devtest_mt.jsonl'}: no labelled sentences.")
    result: dict[str, Any] = {
        "set": "newsmtsc/devtest_mt",
        "measure": "sentence tone (VADER compound), not target-dependent sentiment",
        "n_sentences": n_sentences,
        "band": {
            "negative_below": band[0],
            "positive_above": band[1],
            "tuned_on": "train.jsonl",
            "train_macro_f1": round(train_f1, 4),
        },
    }
    result.update(_figures([(gold, _label(s, band)) for s, gold in pairs]))
    result["sentences_with_agreeing_targets"] = _figures([(gold, _label(s, band)) for s, gold in agreed])
    baseline = _figures([(gold, _label(s, _VADER_BAND)) for s, gold in pairs])
    result["vader_default_band"] = {"accuracy": baseline["accuracy"], "macro_f1": baseline["macro_f1"]}
    result["pearson"] = _pearson([s for s, _ in pairs], [gold - 1.0 for _, gold in pairs])
    return result
