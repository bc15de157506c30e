"""The figures of an evaluation: counting arithmetic, the result record, its renderings, floors.

Every figure the harness reports comes from the counting helpers here (precision/recall/F1,
accuracy, confusion tables), so the tests can check the arithmetic on hand-counted examples.
The floors (``floors.json`` beside this module) are the minimum each metric may score on a
*full* run of its set; CI's gate runs the sets and fails on any message of
:func:`check_floors`. A run with ``limit`` scores a different sample and is not for gating.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError

Floors = dict[str, dict[str, float]]


def ratio(num: float, den: float) -> float:
    """``num / den``, or 0.0 when there is nothing to divide (an empty set scores 0, not NaN)."""
    return num / den if den else 0.0


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are 0)."""
    return ratio(2 * precision * recall, precision + recall)


@dataclass
class PRCounts:
    """Counts behind a precision/recall pair.

    Predictions and gold items are matched separately (``pred_ok`` of ``n_pred`` predictions are
    right, ``gold_ok`` of ``n_gold`` gold items are found) because overlap matching is not
    one-to-one: two predicted spans may both overlap one gold span.
    """

    pred_ok: int = 0
    n_pred: int = 0
    gold_ok: int = 0
    n_gold: int = 0

    def add(self, other: PRCounts) -> None:
        """Add another sentence's counts to these (micro-averaging)."""
        self.pred_ok += other.pred_ok
        self.n_pred += other.n_pred
        self.gold_ok += other.gold_ok
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return ratio(self.pred_ok, self.n_pred)

    @property
    def recall(self) -> float:
        return ratio(self.gold_ok, self.n_gold)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def figures(self, prefix: str) -> dict[str, float]:
        """``{prefix}precision``, ``{prefix}recall`` and ``{prefix}f1`` as a metrics dict."""
        return {
            f"{prefix}precision": self.precision,
            f"{prefix}recall": self.recall,
            f"{prefix}f1": self.f1,
        }

    def to_dict(self) -> dict[str, int]:
        return {
            "pred_ok": self.pred_ok,
            "n_pred": self.n_pred,
            "gold_ok": self.gold_ok,
            "n_gold": self.n_gold,
        }


def set_counts(pred: Iterable[Hashable], gold: Iterable[Hashable]) -> PRCounts:
    """Exact-match counts of a predicted set against a gold set."""
    p, g = set(pred), set(gold)
    hits = len(p & g)
    return PRCounts(pred_ok=hits, n_pred=len(p), gold_ok=hits, n_gold=len(g))


@dataclass
class Confusion:
    """A confusion table over labels; ``None`` stands for "no prediction" or "no label"."""

    pairs: Counter[tuple[Hashable, Hashable]]

    @classmethod
    def of(cls, gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Confusion:
        """Build the table from aligned gold and predicted labels."""
        if len(gold) != len(pred):
            raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
        return cls(Counter(zip(gold, pred, strict=True)))

    @property
    def total(self) -> int:
        return sum(self.pairs.values())

    @property
    def correct(self) -> int:
        return sum(n for (g, p), n in self.pairs.items() if g == p)

    @property
    def accuracy(self) -> float:
        return ratio(self.correct, self.total)

    def label_counts(self, label: Hashable) -> PRCounts:
        """One-vs-rest counts for ``label``."""
        tp = self.pairs.get((label, label), 0)
        n_pred = sum(n for (_, p), n in self.pairs.items() if p == label)
        n_gold = sum(n for (g, _), n in self.pairs.items() if g == label)
        return PRCounts(pred_ok=tp, n_pred=n_pred, gold_ok=tp, n_gold=n_gold)

    def macro_f1(self, labels: Iterable[Hashable]) -> float:
        """Unweighted mean of the per-label F1 over ``labels`` (labels never seen score 0)."""
        scores = [self.label_counts(label).f1 for label in labels]
        return ratio(sum(scores), len(scores))

    def table(self) -> list[dict[str, Any]]:
        """Rows ``{"gold", "pred", "n"}``, most frequent first, ties in label order."""
        rows = sorted(self.pairs.items(), key=lambda kv: (-kv[1], str(kv[0][0]), str(kv[0][1])))
        return [{"gold": g, "pred": p, "n": n} for (g, p), n in rows]


@dataclass
class EvalResult:
    """The scores of one evaluation set.

    ``n`` is the number of gold items scored (sentences, or documents for document-level sets);
    ``metrics`` holds figures between 0 and 1 that floors may gate on; ``details`` holds counts,
    confusion tables and a sample of errors, all JSON-serialisable.
    """

    set: str
    n: int
    metrics: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"set", "n", "metrics", "details"}``."""
        return {"set": self.set, "n": self.n, "metrics": dict(self.metrics), "details": self.details}

    def format_table(self) -> str:
        """The metrics as an aligned plain-text table, headed by the set name and size."""
        lines = [f"{self.set} (n = {self.n})"]
        if not self.metrics:
            return "\n".join([*lines, "  (no metrics)"])
        width = max(len("metric"), *(len(k) for k in self.metrics))
        lines.append(f"  {'metric':<{width}}  {'value':>6}")
        lines.append(f"  {'-' * width}  {'-' * 6}")
        lines.extend(f"  {name:<{width}}  {_fmt(value):>6}" for name, value in self.metrics.items())
        return "\n".join(lines)

    def format_markdown(self) -> str:
        """The metrics as a Markdown section with a two-column table."""
        lines = [f"### {self.set} (n = {self.n})", "", "| metric | value |", "|---|---:|"]
        lines.extend(f"| {name} | {_fmt(value)} |" for name, value in self.metrics.items())
        return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.3f}"


def load_floors(path: Path | None = None) -> Floors:
    """Read the floors file (by default the packaged ``floors.json``) and check its shape.

    The file maps set names to ``{metric: minimum}``; keys starting with ``_`` are comments.
    """
    try:
        if path is None:
            where = "eventwire/eval/floors.json"
            text = resources.files("eventwire.eval").joinpath("floors.json").read_text(encoding="utf-8")
        else:
            where = str(path)
            text = Path(path).read_text(encoding="utf-8")
        raw = json.loads(text)
    except (OSError, ValueError) as exc:
        raise DataFileError(where, None, f"cannot read the floors file: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(where, None, "expected a JSON object of {set: {metric: floor}}")
    floors: Floors = {}
    for name, metrics in raw.items():
        if name.startswith("_"):
            continue
        if not isinstance(metrics, dict):
            raise DataFileError(where, None, f"{name!r}: expected an object of {{metric: floor}}")
        checked: dict[str, float] = {}
        for metric, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise DataFileError(where, None, f"{name}.{metric}: floor must be a number in [0, 1]")
            checked[metric] = float(value)
        floors[name] = checked
    return floors


def check_floors(
    results: Iterable[EvalResult] | Mapping[str, EvalResult], floors: Mapping[str, Mapping[str, float]]
) -> list[str]:
    """A message for every metric of ``results`` below its floor; empty when all pass.

    Sets without floors, and floors of sets that were not run, are not checked. A floor on a
    metric the set did not report is a message too: a renamed metric must not pass silently.
    """
    items = results.values() if isinstance(results, Mapping) else results
    messages: list[str] = []
    for result in items:
        for metric, floor in sorted(floors.get(result.set, {}).items()):
            value = result.metrics.get(metric)
            if value is None:
                messages.append(f"{result.set}: {metric} has a floor of {floor:.3f} but was not reported")
            elif math.isnan(value) or value < floor - 1e-9:
                messages.append(
                    f"{result.set}: {metric} = {_fmt(value)} is below its floor {floor:.3f} (n = {result.n})"
                )
    return messages
