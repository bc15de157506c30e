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
    confusion tables and a sample of errors, all JSON-serialisable; ``baseline`` maps the name of
    each reference point (:mod:`eventwire.eval.baselines`) to its figures, named as the metrics
    they stand beside. Floors apply to ``metrics`` only.
    """

    set: str
    n: int
    metrics: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    baseline: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"set", "n", "metrics", "baseline", "details"}``."""
        return {
            "set": self.set,
            "n": self.n,
            "metrics": dict(self.metrics),
            "baseline": {name: dict(figures) for name, figures in self.baseline.items()},
            "details": self.details,
        }

    def format_table(self) -> str:
        """The metrics as an aligned plain-text table, headed by the set name and size.

        Each baseline is a further column, headed ``[1]``, ``[2]``... and named below the table.
        """
        lines = [f"{self.set} (n = {self.n})"]
        if not self.metrics:
            return "\n".join([*lines, "  (no metrics)"])
        names = list(self.baseline)
        heads = ["eventwire", *(f"[{k}]" for k in range(1, len(names) + 1))]
        width = max(len("metric"), *(len(k) for k in self.metrics))
        cols = [max(len(h), 6) for h in heads]
        lines.append(
            "  "
            + "  ".join([f"{'metric':<{width}}", *(f"{h:>{c}}" for h, c in zip(heads, cols, strict=True))])
        )
        lines.append("  " + "  ".join(["-" * width, *("-" * c for c in cols)]))
        for metric, value in self.metrics.items():
            cells = [_fmt(value), *(_cell(self.baseline[b].get(metric)) for b in names)]
            lines.append(
                "  "
                + "  ".join([f"{metric:<{width}}", *(f"{v:>{c}}" for v, c in zip(cells, cols, strict=True))])
            )
        if names:
            lines.append("  baselines: " + "; ".join(f"[{k}] {b}" for k, b in enumerate(names, 1)))
        return "\n".join(lines)

    def format_markdown(self) -> str:
        """The metrics as a Markdown section: a table of eventwire's figures and the baselines'."""
        names = list(self.baseline)
        lines = [
            f"### {self.set} (n = {self.n})",
            "",
            "| " + " | ".join(["metric", "eventwire", *names]) + " |",
            "|---|" + "---:|" * (1 + len(names)),
        ]
        for metric, value in self.metrics.items():
            cells = [metric, _fmt(value), *(_cell(self.baseline[b].get(metric)) for b in names)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.3f}"


def _cell(value: float | None) -> str:
    return "-" if value is None else _fmt(value)


def load_floors(path: Path | None = None) -> Floors:
    """Read the floors file (by default the packaged ``floors.json``) and check its shape.

    The file maps set names to ``{metric: minimum}``; keys starting with ``_`` are comments.
    """
    return _load_thresholds("floors.json", path, "floor")


def load_aims(path: Path | None = None) -> Floors:
    """Read the aims file (by default the packaged ``aims.json``): the scores the issues aim at.

    Same shape as the floors file. Aims are shown beside the figures and never gate anything.
    """
    return _load_thresholds("aims.json", path, "aim")


def _load_thresholds(filename: str, path: Path | None, kind: str) -> Floors:
    try:
        if path is None:
            where = f"eventwire/eval/{filename}"
            text = resources.files("eventwire.eval").joinpath(filename).read_text(encoding="utf-8")
        else:
            where = str(path)
            text = Path(path).read_text(encoding="utf-8")
        raw = json.loads(text)
    except (OSError, ValueError) as exc:
        raise DataFileError(where, None, f"cannot read the {kind}s file: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(where, None, f"expected a JSON object of {{set: {{metric: {kind}}}}}")
    floors: Floors = {}
    for name, metrics in raw.items():
        if name.startswith("_"):
            continue
        if not isinstance(metrics, dict):
            raise DataFileError(where, None, f"{name!r}: expected an object of {{metric: {kind}}}")
        checked: dict[str, float] = {}
        for metric, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise DataFileError(where, None, f"{name}.{metric}: {kind} must be a number in [0, 1]")
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


# --- the EVALUATION.md document ---------------------------------------------------------------

_REPRODUCE = """## How to reproduce

`eventwire eval` reads the labelled sets from `../shared/data/dev` beside the checkout; `--data PATH`
points it at another shared folder (one holding `data/dev`). Nothing is downloaded.

```bash
eventwire eval                                # every set, full runs: the figures above
eventwire eval plover_gsr --limit 50          # one set, its first 50 items: a quick look, not comparable
eventwire eval --data /path/to/shared         # the sets from another shared folder
eventwire eval --format json > eval.json      # every figure, baselines, confusion tables, sample errors
eventwire eval --check-floors                 # CI's quality gate: exit status 1 below a floor
eventwire eval --markdown > EVALUATION.md     # this document
```

Speed and scale are measured by the scripts in `benchmarks/`, which read the corpora in
`../shared/data/corpora` the same way (`--help` says what each measures and which options it takes),
for example `python benchmarks/throughput.py --limit 100` (words per second of eventwire against
spaCy alone).
"""


def headline_metrics(result: EvalResult, floors: Floors, aims: Floors) -> list[str]:
    """The metrics a report shows for ``result``: those with a floor, an aim or a baseline figure,
    with the precision and recall beside each F1, in the order the set reports them.

    Floors and aims on metrics the set did not report are kept (at the end), so a missing figure
    shows as missing. A set with none of these shows every metric.
    """
    wanted = set(floors.get(result.set, {})) | set(aims.get(result.set, {}))
    wanted |= {metric for figures in result.baseline.values() for metric in figures}
    for metric in list(wanted):
        if metric.endswith("f1"):
            stem = metric[: -len("f1")]
            wanted |= {f"{stem}precision", f"{stem}recall"} & set(result.metrics)
    if not wanted:
        return list(result.metrics)
    shown = [m for m in result.metrics if m in wanted]
    return shown + sorted(wanted - set(shown))


def _headline(result: EvalResult, floors: Floors, aims: Floors) -> str | None:
    for source in (aims.get(result.set, {}), floors.get(result.set, {}), result.metrics):
        if source:
            return next(iter(source))
    return None


def _summary(results: Sequence[EvalResult], floors: Floors, aims: Floors) -> list[str]:
    lines = [
        "| set | n | figure | eventwire | aim | best baseline | baseline |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for result in results:
        metric = _headline(result, floors, aims)
        if metric is None:
            continue
        scored = [(figures[metric], name) for name, figures in result.baseline.items() if metric in figures]
        best = max(scored, key=lambda item: item[0], default=None)
        base = ("-", "-") if best is None else (_fmt(best[0]), best[1])
        cells = [result.set, f"{result.n:,}", metric, _cell(result.metrics.get(metric))]
        cells += [_cell(aims.get(result.set, {}).get(metric)), *base]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _set_section(result: EvalResult, description: str, floors: Floors, aims: Floors) -> list[str]:
    names = list(result.baseline)
    floor, aim = floors.get(result.set, {}), aims.get(result.set, {})
    lines = [f"### {result.set} (n = {result.n:,})", ""]
    if description:
        lines += [description, ""]
    lines.append("| " + " | ".join(["metric", "eventwire", "CI floor", "aim", *names]) + " |")
    lines.append("|---|" + "---:|" * (3 + len(names)))
    for metric in headline_metrics(result, floors, aims):
        cells = [metric, _cell(result.metrics.get(metric)), _cell(floor.get(metric)), _cell(aim.get(metric))]
        cells += [_cell(result.baseline[name].get(metric)) for name in names]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def format_document(
    results: Sequence[EvalResult],
    *,
    descriptions: Mapping[str, str],
    floors: Floors,
    aims: Floors,
    about_baselines: Sequence[str] = (),
    limit: int | None = None,
    generated: str | None = None,
) -> str:
    """The whole EVALUATION.md: what the sets are, a summary, one table per set, how to reproduce.

    ``descriptions`` gives each set's one-line description; ``about_baselines`` one line per kind
    of baseline; ``limit`` is the run's limit (a limited run says so at the top); ``generated`` a
    date or version line for the header.
    """
    made = f", with {generated}" if generated else ""
    run = (
        f"Every figure below comes from a full run of its set (no `--limit`){made}."
        if limit is None
        else f"**This run scored only the first {limit} items of each set** (`--limit {limit}`){made}: "
        "its figures are not those of the full sets and are no evidence of quality."
    )
    lines = [
        "# Evaluation",
        "",
        "<!-- Generated by `eventwire eval --markdown`: change the code or the data files it reads, "
        "then regenerate; do not edit by hand. -->",
        "",
        "eventwire is scored on labelled **development** sets that live outside the project, in "
        "`../shared/data/dev`: event types and classes, actor spans, CAMEO roots, dates, quotes, "
        "places and tone. Only their development (train/dev) splits are read, here and when rules, "
        "lexicons or thresholds are tuned; the matching **test** splits are kept apart: they judge "
        "the result and are never used for tuning.",
        "",
        f"{run} Each table shows a set's headline figures: "
        "**eventwire**'s score; the **CI floor**, below which CI's quality gate fails "
        "(`src/eventwire/eval/floors.json`, `eventwire eval --check-floors`); the **aim** set in the "
        "project's issues (`src/eventwire/eval/aims.json`); and the same figure for each **baseline**, "
        "computed on the same items in the same run. `eventwire eval SET --format json` prints every "
        "figure, with confusion tables and a sample of errors.",
        "",
        "## Summary",
        "",
        *_summary(results, floors, aims),
        "",
    ]
    if about_baselines:
        lines += ["## Baselines", "", "Simple, well-known reference points, never tuned on the sets:", ""]
        lines += [f"- {line}" for line in about_baselines]
        lines.append("")
    lines += ["## Sets", ""]
    for result in results:
        lines += _set_section(result, descriptions.get(result.set, ""), floors, aims)
    return "\n".join(lines) + "\n" + _REPRODUCE
