"""Renderings of evaluation results: tables with baselines, the EVALUATION.md document, aims.

The renderers run on small EvalResults made by hand; the last test reads the EVALUATION.md of the
repository (without re-running the evaluation) and holds it to the floors CI guarantees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.eval import DATASETS, EvalResult, load_floors, run_cli_eval
from eventwire.eval.report import format_document, headline_metrics, load_aims
from eventwire.ingest.document import RawArticle
from eventwire.records import Article

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
EVALUATION = PROJECT / "EVALUATION.md"
HEADING = re.compile(r"^### (\w+) \(n = [\d,]+\)$")


def _results() -> list[EvalResult]:
    alpha = EvalResult(
        "alpha",
        10,
        {"precision": 0.8, "recall": 0.6, "f1": 0.686, "extra": 0.1},
        baseline={"majority class (x)": {"f1": 0.3}, "other": {"f1": 0.45, "precision": 0.5}},
    )
    beta = EvalResult("beta", 1234, {"accuracy": 0.9})
    return [alpha, beta]


FLOORS = {"alpha": {"f1": 0.6}, "beta": {"accuracy": 0.8, "gone": 0.5}}
AIMS = {"alpha": {"f1": 0.7}}


def _document(limit: int | None = None) -> str:
    return format_document(
        _results(),
        descriptions={"alpha": "Alpha set: quotes.", "beta": "Beta set: tone."},
        floors=FLOORS,
        aims=AIMS,
        about_baselines=("**majority class**: the most frequent label.",),
        limit=limit,
        generated="eventwire 9.9",
    )


def read_tables(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """``{set: {metric: {column: cell}}}`` of every per-set table of a rendered document."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    current: str | None = None
    header: list[str] = []
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            current, header = heading.group(1), []
            tables[current] = {}
            continue
        if line.startswith("## "):
            current = None
        if current is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif not set(cells[0]) <= {"-", ":"}:
            tables[current][cells[0]] = dict(zip(header, cells, strict=True))
    return tables


def test_document_sections_and_tables() -> None:
    text = _document()
    assert text.startswith("# Evaluation\n")
    for section in ("## Summary", "## Baselines", "## Sets", "## How to reproduce"):
        assert f"\n{section}\n" in text
    assert "full run of its set (no `--limit`), with eventwire 9.9." in text
    assert "test** splits" in text and "never used for tuning" in text
    assert "Alpha set: quotes." in text and "- **majority class**: the most frequent label." in text
    assert "eventwire eval --markdown > EVALUATION.md" in text and "--data" in text
    tables = read_tables(text)
    assert list(tables) == ["alpha", "beta"]
    alpha = tables["alpha"]
    # f1 has a floor, an aim and baselines, so precision and recall come with it; "extra" has none.
    assert list(alpha) == ["precision", "recall", "f1"]
    assert alpha["f1"] == {
        "metric": "f1",
        "eventwire": "0.686",
        "CI floor": "0.600",
        "aim": "0.700",
        "majority class (x)": "0.300",
        "other": "0.450",
    }
    assert alpha["precision"]["other"] == "0.500" and alpha["precision"]["majority class (x)"] == "-"
    # A floor on a metric the set did not report shows as missing, not silently dropped.
    assert tables["beta"]["gone"]["eventwire"] == "-" and tables["beta"]["gone"]["CI floor"] == "0.500"


def test_document_summary_picks_the_aim_and_the_best_baseline() -> None:
    text = _document()
    summary = text.split("## Summary", 1)[1].split("##", 1)[0]
    assert "| alpha | 10 | f1 | 0.686 | 0.700 | 0.450 | other |" in summary
    assert "| beta | 1,234 | accuracy | 0.900 | - | - | - |" in summary


def test_limited_document_says_so() -> None:
    assert "only the first 7 items of each set" in _document(limit=7)
    assert "only the first" not in _document()


def test_headline_metrics_fall_back_to_every_metric() -> None:
    plain = EvalResult("plain", 3, {"a": 0.1, "b_f1": 0.2})
    assert headline_metrics(plain, {}, {}) == ["a", "b_f1"]
    with_floor = EvalResult("plain", 3, {"b_precision": 0.3, "a": 0.1, "b_f1": 0.2})
    assert headline_metrics(with_floor, {"plain": {"b_f1": 0.1}}, {}) == ["b_precision", "b_f1"]


def test_table_and_markdown_show_baselines() -> None:
    alpha = _results()[0]
    table = alpha.format_table().splitlines()
    assert table[1].split() == ["metric", "eventwire", "[1]", "[2]"]
    assert table[4].split() == ["recall", "0.600", "-", "-"]
    assert table[-1] == "  baselines: [1] majority class (x); [2] other"
    md = alpha.format_markdown()
    assert "| metric | eventwire | majority class (x) | other |" in md
    assert "| f1 | 0.686 | 0.300 | 0.450 |" in md
    assert json.loads(json.dumps(alpha.to_dict()))["baseline"]["other"] == {"f1": 0.45, "precision": 0.5}


def test_packaged_aims_name_gated_metrics() -> None:
    aims, floors = load_aims(), load_floors()
    assert aims["plover_gsr"] == {"type_accuracy": 0.7}
    for name, metrics in aims.items():
        assert name in DATASETS
        # An aim is on a metric CI also gates: a misspelt metric name cannot sit here unseen.
        assert set(metrics) <= set(floors[name]), name


def test_aims_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "aims.json"
    bad.write_text(json.dumps({"polnear": {"speaker_f1": "high"}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="speaker_f1: aim must be a number"):
        load_aims(bad)


def _no_events(batch: Sequence[RawArticle]) -> list[Article]:
    return [Article(raw.id or "", raw.text) for raw in batch]


def test_run_cli_eval_renders_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "dev" / "conflibert_cameo"
    folder.mkdir(parents=True)
    rows = ["Talks began.\t0", "Troops shelled a town.\t4", "Rebels attacked a base.\t4"]
    (folder / "class_train.tsv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    text, failures = run_cli_eval(
        ["conflibert_class"], shared_root=tmp_path, fmt="document", coder=_no_events, limit=3
    )
    assert failures == []
    table = read_tables(text)["conflibert_class"]
    # No events: every sentence is class 0 (neutral), right once in three.
    assert table["accuracy"]["eventwire"] == "0.333"
    assert table["accuracy"]["majority class (material_conflict)"] == "0.667"
    assert "--limit 3" in text


@pytest.mark.shared
def test_evaluation_md_covers_every_set_and_meets_the_floors() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: EVALUATION.md is checked where the labelled data is")
    assert EVALUATION.is_file(), "EVALUATION.md is missing: eventwire eval --markdown > EVALUATION.md"
    text = EVALUATION.read_text(encoding="utf-8")
    assert "only the first" not in text, "EVALUATION.md comes from a --limit run: regenerate it in full"
    tables = read_tables(text)
    assert sorted(tables) == sorted(DATASETS), "EVALUATION.md needs one table per registered set"
    stale = []
    for name, metrics in load_floors().items():
        for metric, floor in metrics.items():
            cell = tables.get(name, {}).get(metric, {}).get("eventwire", "-")
            if cell == "-" or float(cell) < floor - 1e-9:
                stale.append(f"{name}.{metric} = {cell} (floor {floor:.3f})")
    assert not stale, "EVALUATION.md claims less than CI guarantees; regenerate it: " + ", ".join(stale)
