"""``eventwire eval``: the --markdown document and the --format renderings on a tiny set of our own.

NewsMTSC-shaped data is scored by sentence tone alone, so these runs need no spaCy model.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main

GOOD = "The mayor won praise for her brilliant, generous and successful reforms."
BAD = "The mayor was condemned for the disastrous, corrupt and cruel policy."
PLAIN = "The mayor spoke to reporters on Monday."


def _newsmtsc(shared: Path) -> Path:
    folder = shared / "data" / "dev" / "newsmtsc"
    folder.mkdir(parents=True)
    for name, rows in {
        "train.jsonl": [(GOOD, 6.0), (BAD, 2.0), (PLAIN, 4.0)] * 4,
        "devtest_mt.jsonl": [(GOOD, 6.0), (BAD, 2.0), (PLAIN, 4.0), (BAD, 2.0)],
    }.items():
        records = [
            {"sentence_normalized": s, "targets": [{"from": 0, "to": 3, "mention": "The", "polarity": p}]}
            for s, p in rows
        ]
        (folder / name).write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return shared


def test_markdown_flag_prints_the_whole_document(tmp_path: Path) -> None:
    shared = _newsmtsc(tmp_path)
    result = CliRunner().invoke(main, ["eval", "newsmtsc", "--data", str(shared), "--markdown"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Evaluation") and "## How to reproduce" in out
    assert "### newsmtsc (n = 4)" in out
    assert "| accuracy | 1.000 | 0.520 | - | 0.500 | 0.375 |" in out  # eventwire, floor, aim, baselines


def test_format_markdown_and_json_carry_the_baseline(tmp_path: Path) -> None:
    shared = _newsmtsc(tmp_path)
    md = CliRunner().invoke(main, ["eval", "newsmtsc", "--data", str(shared), "--format", "markdown"])
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("### newsmtsc (n = 4)") and "# Evaluation" not in md.stdout
    assert "| metric | eventwire | majority class (negative) |" in md.stdout
    js = CliRunner().invoke(main, ["eval", "newsmtsc", "--data", str(shared), "--format", "json"])
    (record,) = json.loads(js.stdout)
    assert record["baseline"]["majority class (negative)"]["accuracy"] == 0.5
