"""TempEval-3 scoring of time expressions: TimeML reading, span/value matching, figures.

The first tests write a small TimeML file of our own into ``tmp_path`` so every number can be
counted by hand; the last one scores the real dev set from ``../shared`` when it is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.eval.tempeval import evaluate_tempeval, read_tml

_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>OWN0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-11-10" functionInDocument="CREATION_TIME">\
2023-11-10</TIMEX3></DCT>
<TEXT>
Rebels attacked the town on <TIMEX3 tid="t1" type="DATE" value="2023-11-06">Monday</TIMEX3> and \
left <TIMEX3 tid="t2" type="DATE" value="2023-W45">this week</TIMEX3>. Aid &amp; food came \
<TIMEX3 tid="t3" type="TIME" value="2023-11-10TNI">Friday night</TIMEX3>, a year after the \
<TIMEX3 tid="t4" type="DATE" value="2022-03">March 2022</TIMEX3> offensive, said officials on \
Tuesday.
</TEXT>
</TimeML>
"""


def _write(root: Path, corpus: str = "TimeBank") -> Path:
    folder = root / corpus
    folder.mkdir(parents=True)
    path = folder / "OWN0001.tml"
    path.write_text(_TML, encoding="utf-8")
    return path


def test_read_tml_offsets_point_at_the_timex_text(tmp_path: Path) -> None:
    doc = read_tml(_write(tmp_path))
    assert doc.dct == "2023-11-10"
    assert "&amp;" not in doc.text and "Aid & food" in doc.text
    assert [(t.type, t.value, t.text) for t in doc.timexes] == [
        ("DATE", "2023-11-06", "Monday"),
        ("DATE", "2023-W45", "this week"),
        ("TIME", "2023-11-10TNI", "Friday night"),
        ("DATE", "2022-03", "March 2022"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text


def test_scores_counted_by_hand(tmp_path: Path) -> None:
    _write(tmp_path)
    r = evaluate_tempeval(tmp_path)
    # Predictions: Monday (right), Friday night (touches only a TIME gold), March 2022 (right),
    # Tuesday (no gold: wrong). Gold DATEs: Monday, this week (unrepresentable), March 2022.
    assert (r["n_pred"], r["n_correct"], r["n_gold"]) == (4, 2, 3)
    assert r["precision"] == 0.5
    assert r["recall"] == round(2 / 3, 4)
    assert r["n_gold_unrepresentable"] == 1
    assert r["n_pred_other_timex"] == 1
    assert r["precision_excl_other_timex"] == round(2 / 3, 4)
    # Representable only: gold {Monday, March 2022}; predictions without Friday night.
    assert (r["precision_repr"], r["recall_repr"]) == (round(2 / 3, 4), 1.0)
    assert r["f1_repr"] == 0.8
    assert r["corpora"]["TimeBank"]["n_gold"] == 3


def test_missing_or_empty_directory_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        evaluate_tempeval(tmp_path / "absent")
    with pytest.raises(DatasetError):
        evaluate_tempeval(tmp_path)


def test_malformed_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "AQUAINT").mkdir()
    (tmp_path / "AQUAINT" / "bad.tml").write_text("<TimeML><TEXT>no end", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.tml"):
        evaluate_tempeval(tmp_path)


@pytest.mark.shared
def test_real_dev_set_gives_sane_figures(shared: Path) -> None:
    root = shared / "data" / "dev" / "tempeval3"
    if not root.is_dir():
        pytest.skip(f"{root} is absent: TempEval-3 dev set not available")
    r = evaluate_tempeval(root)
    assert r["set"] == "tempeval3"
    assert r["n_docs"] > 200 and r["n_gold"] > 1000
    assert set(r["corpora"]) == {"AQUAINT", "TimeBank"}
    for key in ("precision", "recall", "f1", "precision_repr", "recall_repr", "f1_repr"):
        assert 0.0 <= r[key] <= 1.0
    assert 0 < r["n_correct"] <= min(r["n_pred"], r["n_gold"])
    assert r["n_gold_repr"] + r["n_gold_unrepresentable"] == r["n_gold"]
    assert sum(c["n_gold"] for c in r["corpora"].values()) == r["n_gold"]
