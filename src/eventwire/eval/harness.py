"""The evaluation harness: a registry of labelled sets, and one function that scores a coder on one.

A *coder* is any callable from a batch of :class:`~eventwire.ingest.document.RawArticle` to the
coded :class:`~eventwire.records.Article` records; :func:`default_coder` builds the real one from
the pipeline, and tests pass a fake. Each set of :data:`DATASETS` is either

* a **coded set** (:func:`coded_set`): a loader reads gold sentences, the harness codes them in
  batches of :data:`BATCH_SIZE`, and a scorer compares the articles with the gold; or
* a **function set** (:func:`function_set`): a function scores one extractor itself on a data
  folder and returns a dict of figures (how the TempEval-3 date scorer is wrapped).

Adding a set is one entry in :func:`_builtin_sets`; the registry itself is read-only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from eventwire import __version__
from eventwire.errors import DatasetError
from eventwire.eval import baselines, datasets, events, report
from eventwire.eval.baselines import DataBaseline, PairBaseline
from eventwire.eval.report import EvalResult
from eventwire.ingest.document import RawArticle
from eventwire.options import Options
from eventwire.records import Article

Coder = Callable[[Sequence[RawArticle]], Iterable[Article]]
Progress = Callable[[int, int], None]  # (items done, items in all), called after each batch
Loader = Callable[[Path, int | None], Sequence[Any]]
Scorer = Callable[[Sequence[tuple[Any, Article | None]]], events.Scores]

# Sentences per call of the coder: enough for spaCy's batching to pay (DESIGN.md: 32-64), few
# enough that a progress callback moves often on a 2-core machine.
BATCH_SIZE = 64


@dataclass(frozen=True)
class EvalRequest:
    """What one evaluation run is given."""

    shared_root: Path
    coder: Coder | None = None
    limit: int | None = None
    progress: Progress | None = None
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class EvalSet:
    """A registered evaluation set: what it is and how to run it.

    ``loader`` and ``scorer`` are set for coded sets (and usable on their own); ``run`` does the
    whole evaluation for both kinds.
    """

    name: str
    description: str
    run: Callable[[EvalRequest], EvalResult]
    needs_coder: bool = True
    loader: Loader | None = None
    scorer: Scorer | None = None


def code_items(
    items: Sequence[datasets.GoldSentence],
    coder: Coder,
    *,
    origin: str,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> list[Article | None]:
    """Code each gold sentence as one article, in batches; None where the coder returned none."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    coded: list[Article | None] = []
    for start in range(0, len(items), batch_size):
        raws = [
            RawArticle(text=item.text, origin=f"{origin}:{item.id}", id=item.id, published=item.published)
            for item in items[start : start + batch_size]
        ]
        try:
            articles = list(coder(raws))
        except Exception as exc:
            # Say which sentences were being coded: a crash on real text is a bug to reproduce.
            exc.add_note(f"while coding {raws[0].origin} .. {raws[-1].origin} ({len(raws)} sentences)")
            raise
        coded.extend(_align(raws, articles))
        if progress is not None:
            progress(len(coded), len(items))
    return coded


def _align(raws: list[RawArticle], articles: list[Article]) -> list[Article | None]:
    # Match by id, which the pipeline keeps from the input; fall back to order when it made up
    # its own ids but returned one article per input.
    by_id = {a.id: a for a in articles}
    ids = [r.id or "" for r in raws]
    if len(set(ids)) == len(ids) and all(i in by_id for i in ids):
        return [by_id[i] for i in ids]
    if len(articles) == len(raws):
        return list(articles)
    return [by_id.get(r.id or "") for r in raws]


def coded_set(
    name: str, description: str, loader: Loader, scorer: Scorer, baseline: PairBaseline | None = None
) -> EvalSet:
    """A set scored by coding its sentences with the coder under test.

    ``baseline`` sees the same (gold, article) pairs as ``scorer`` and gives the result's baselines.
    """

    def run(request: EvalRequest) -> EvalResult:
        if request.coder is None:
            raise ValueError(f"evaluation set {name!r} needs a coder")
        items = loader(request.shared_root, request.limit)
        articles = code_items(
            items, request.coder, origin=name, batch_size=request.batch_size, progress=request.progress
        )
        pairs = list(zip(items, articles, strict=True))
        metrics, details = scorer(pairs)
        details = {"n_uncoded": sum(a is None for a in articles), **details}
        figures = baseline(pairs) if baseline is not None else {}
        return EvalResult(set=name, n=len(items), metrics=metrics, details=details, baseline=figures)

    return EvalSet(name, description, run, needs_coder=True, loader=loader, scorer=scorer)


def function_set(
    name: str,
    description: str,
    fn: Callable[..., Mapping[str, Any]],
    *,
    data: tuple[str, ...],
    takes_limit: bool = False,
    baseline: DataBaseline | None = None,
) -> EvalSet:
    """A set scored by ``fn(shared_root/data/dev/<data...>)``, which returns a dict of figures.

    Float values become metrics, and so do the float values of a nested dict, named
    ``outer.inner`` (``{"resolution": {"f1": 0.8}}`` gives ``resolution.f1``); everything else
    (counts, deeper tables) goes to details. ``n`` is the dict's ``n``, else ``n_docs``, else
    ``n_articles``. Such a set codes nothing itself, so it takes no coder; ``limit`` is passed on
    as a keyword when ``takes_limit``, else noted in the details as ignored. ``baseline`` is
    called with the same data folder and ``limit`` and gives the result's baselines.
    """

    def run(request: EvalRequest) -> EvalResult:
        path = datasets.dev_path(request.shared_root, *data)
        raw = dict(fn(path, limit=request.limit) if takes_limit else fn(path))
        metrics, details = _split_figures(raw)
        if request.limit is not None and not takes_limit:
            details["limit_ignored"] = request.limit
        n = next((raw[k] for k in ("n", "n_docs", "n_articles") if isinstance(raw.get(k), int)), 0)
        figures = baseline(path, request.limit) if baseline is not None else {}
        if request.progress is not None:
            request.progress(1, 1)
        return EvalResult(set=name, n=n, metrics=metrics, details=details, baseline=figures)

    return EvalSet(name, description, run, needs_coder=False)


def _split_figures(raw: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, Any]]:
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "set":
            continue
        if isinstance(value, float):
            metrics[key] = value
            continue
        if isinstance(value, Mapping):
            inner = {k: v for k, v in value.items() if isinstance(v, float)}
            metrics.update({f"{key}.{k}": v for k, v in inner.items()})
            rest = {k: v for k, v in value.items() if k not in inner}
            if rest:
                details[key] = rest
            continue
        details[key] = value
    return metrics, details


def _tempeval(root: Path) -> Mapping[str, Any]:
    # Imported on use: the date extractor is not needed to score the event sets.
    from eventwire.eval.tempeval import evaluate_tempeval

    return evaluate_tempeval(root)


def _tone(root: Path, *, limit: int | None = None) -> Mapping[str, Any]:
    from eventwire.eval.tone import evaluate_tone

    return evaluate_tone(root, limit=limit)


def _polnear(root: Path, *, limit: int | None = None) -> Mapping[str, Any]:
    from eventwire.eval.polnear import evaluate_polnear

    return evaluate_polnear(root, split="dev", limit=limit)


def _geo(dataset: str) -> Callable[..., Mapping[str, Any]]:
    def run(root: Path, *, limit: int | None = None) -> Mapping[str, Any]:
        from eventwire.eval.geo import evaluate_geo

        # evaluate_geo wants the shared root; ``root`` here is shared/data/dev
        return evaluate_geo(root.parent.parent, dataset, limit=limit)

    return run


def _builtin_sets() -> tuple[EvalSet, ...]:
    return (
        coded_set(
            "plover_gsr",
            "PLOVER gold-standard records (322 CAMEO-manual sentences): event type accuracy, "
            "actor country P/R/F1",
            datasets.load_plover_gsr,
            events.score_plover_gsr,
            baselines.plover_gsr,
        ),
        coded_set(
            "conflibert_class",
            "ConfliBERT CAMEO classes (1,349 sentences, 5 classes): macro-F1, accuracy, per-class P/R/F1",
            datasets.load_conflibert_class,
            events.score_conflibert_class,
            baselines.conflibert_class,
        ),
        coded_set(
            "conflibert_spans",
            "ConfliBERT actor spans (1,153 sentences, IOB source/target): overlap P/R/F1",
            datasets.load_conflibert_spans,
            events.score_conflibert_spans,
            baselines.conflibert_spans,
        ),
        coded_set(
            "cameo_rounds",
            "CAMEO coder rounds (news sentences, majority of coders): Action1 root P/R/F1, accuracy",
            datasets.load_cameo_rounds,
            events.score_cameo_rounds,
            baselines.cameo_rounds,
        ),
        function_set(
            "tempeval3",
            "TempEval-3 TimeBank + AQUAINT: DATE expressions, span overlap and value P/R/F1",
            _tempeval,
            data=("tempeval3",),
            baseline=baselines.tempeval3,
        ),
        function_set(
            "polnear",
            "PolNeAR dev (US political news): direct quotes P/R/F1 and speaker-attributed P/R/F1",
            _polnear,
            data=("polnear",),
            takes_limit=True,
            baseline=baselines.polnear,
        ),
        function_set(
            "geovirus",
            "GeoVirus (Wikinews): toponyms resolved within 161 km, detection P/R",
            _geo("geovirus"),
            data=(),
            takes_limit=True,
            baseline=baselines.geo("geovirus"),
        ),
        function_set(
            "lgl",
            "LGL (local news): toponyms resolved within 161 km, detection P/R",
            _geo("lgl"),
            data=(),
            takes_limit=True,
            baseline=baselines.geo("lgl"),
        ),
        function_set(
            "newsmtsc",
            "NewsMTSC devtest_mt: sentence tone vs labelled sentiment, accuracy and macro-F1",
            _tone,
            data=("newsmtsc",),
            takes_limit=True,
            baseline=baselines.newsmtsc,
        ),
    )


#: Every evaluation set by name, in the order reports list them. Read-only.
DATASETS: Mapping[str, EvalSet] = MappingProxyType({s.name: s for s in _builtin_sets()})


def evaluate(
    name: str,
    coder: Coder | None,
    *,
    shared_root: Path,
    limit: int | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> EvalResult:
    """Score ``coder`` on the set ``name`` read from ``shared_root/data/dev``.

    ``limit`` scores only the first N gold items (always the same N); ``progress(done, total)`` is
    called after each batch. Raises DatasetError for an unknown set or missing data.
    """
    try:
        spec = DATASETS[name]
    except KeyError:
        raise DatasetError(f"unknown evaluation set {name!r}; known sets: {', '.join(DATASETS)}") from None
    request = EvalRequest(Path(shared_root), coder, limit, progress, batch_size)
    return spec.run(request)


def default_coder(options: Options | None = None) -> Coder:
    """The real coder: the full pipeline with ``options``. The model loads on first use.

    A sentence the pipeline fails on is left out of the batch (the harness then scores it as
    "no event" and counts it in the result's ``n_uncoded``) rather than stopping the run.
    """
    from eventwire.pipeline import Pipeline  # imported here: it pulls in spaCy

    pipeline = Pipeline(options or Options())

    def code(batch: Sequence[RawArticle]) -> Iterable[Article]:
        return [item for item in pipeline.code_stream(list(batch)) if isinstance(item, Article)]

    return code


def run_cli_eval(
    sets: Sequence[str],
    *,
    shared_root: Path,
    limit: int | None = None,
    fmt: str = "table",
    check_floors: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    options: Options | None = None,
    coder: Coder | None = None,
) -> tuple[str, list[str]]:
    """Score ``sets`` (all of :data:`DATASETS` when empty) and render them for ``eventwire eval``.

    Returns the text in ``fmt`` (``table``, ``markdown``, ``json``, or ``document`` for the whole
    EVALUATION.md of :func:`~eventwire.eval.report.format_document`) and, with ``check_floors``,
    the messages of every metric below its floor. ``progress(set, done, total)`` reports each
    batch. The pipeline is built once, and only when a set needs it.
    """
    names = list(sets) or list(DATASETS)
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise DatasetError(
            f"unknown evaluation set(s) {', '.join(unknown)}; known sets: {', '.join(DATASETS)}"
        )
    if fmt not in {"table", "markdown", "json", "document"}:
        raise ValueError(f"unknown format {fmt!r}: use table, markdown, json or document")
    results: list[EvalResult] = []
    for name in names:
        if coder is None and DATASETS[name].needs_coder:
            coder = default_coder(options)
        step = None if progress is None else _labelled(progress, name)
        results.append(evaluate(name, coder, shared_root=shared_root, limit=limit, progress=step))
    failures = report.check_floors(results, report.load_floors()) if check_floors else []
    if fmt == "json":
        text = json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2)
    elif fmt == "markdown":
        text = "\n".join(r.format_markdown() for r in results)
    elif fmt == "document":
        text = report.format_document(
            results,
            descriptions={n: DATASETS[n].description for n in names},
            floors=report.load_floors(),
            aims=report.load_aims(),
            about_baselines=baselines.ABOUT,
            limit=limit,
            generated=f"eventwire {__version__}",
        )
    else:
        text = "\n\n".join(r.format_table() for r in results)
    return text, failures


def _labelled(progress: Callable[[str, int, int], None], name: str) -> Progress:
    def step(done: int, total: int) -> None:
        progress(name, done, total)

    return step
