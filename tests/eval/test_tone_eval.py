"""Tone evaluation: the band tuner and reader on our own data, NewsMTSC devtest when ../shared is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.eval.tone import evaluate_tone, read_newsmtsc, tune_band


def test_tune_band_finds_the_separating_thresholds() -> None:
    scored = [(-0.8, 0), (-0.6, 0), (-0.4, 0), (-0.1, 1), (0.0, 1), (0.1, 1), (0.5, 2), (0.7, 2)]
    (lo, hi), f1 = tune_band(scored)
    assert -0.4 < lo <= -0.1 and 0.1 <= hi < 0.5
    assert f1 == 1.0


def _write_split(folder: Path, name: str, records: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def _record(sentence: str, *polarities: float) -> dict:
    return {
        "primary_gid": sentence[:10],
        "sentence_normalized": sentence,
        "targets": [{"from": 0, "to": 3, "mention": "The", "polarity": p} for p in polarities],
    }


def test_evaluate_on_a_tiny_set_of_our_own(tmp_path: Path) -> None:
    good = "The mayor won praise for her brilliant, generous and successful reforms."
    bad = "The mayor was condemned for the disastrous, corrupt and cruel policy."
    plain = "The mayor spoke to reporters on Monday."
    train = [_record(good, 6.0), _record(bad, 2.0), _record(plain, 4.0)] * 5
    _write_split(tmp_path, "train.jsonl", train)
    _write_split(
        tmp_path, "devtest_mt.jsonl", [_record(good, 6.0, 6.0), _record(bad, 2.0, 4.0), _record(plain, 4.0)]
    )
    result = evaluate_tone(tmp_path)
    assert result["n_sentences"] == 3 and result["n"] == 5
    assert result["accuracy"] == pytest.approx(0.8)  # the neutral target of the bad sentence is missed
    assert result["sentences_with_agreeing_targets"]["accuracy"] == 1.0
    assert result["band"]["tuned_on"] == "train.jsonl"
    assert result["pearson"] > 0.8
    assert evaluate_tone(tmp_path, limit=1)["n_sentences"] == 1


def test_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(_record("Fine.", 4.0)) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"train\.jsonl:2"):
        list(read_newsmtsc(path))


def test_missing_folder_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"devtest_mt\.jsonl"):
        evaluate_tone(tmp_path)


@pytest.mark.shared
def test_newsmtsc_devtest_floor(shared: Path) -> None:
    folder = shared / "data" / "dev" / "newsmtsc"
    if not (folder / "devtest_mt.jsonl").is_file():
        pytest.skip(f"{folder} has no devtest_mt.jsonl")
    result = evaluate_tone(folder)
    assert result["n_sentences"] == 721
    # Measured: accuracy 0.534, macro-F1 0.522, Pearson 0.32 (band tuned on train).
    # A sentence-tone score cannot separate targets of one sentence; these are floors, not goals.
    assert result["macro_f1"] >= 0.49
    assert result["accuracy"] >= 0.50
    assert result["pearson"] >= 0.28
    assert result["macro_f1"] > result["vader_default_band"]["macro_f1"] - 0.02
