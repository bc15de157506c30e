"""``eventwire export``: files and stdout, the summary on stderr, errors named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import Store
from eventwire.store.writer import write_article

TEXT = (
    "Kenya's president met Tanzanian officials in Nairobi. He said talks went well. Police arrested two men."
)


def _event(eid: str, cameo: str, plover: str | None, sentence: int) -> dict[str, Any]:
    kenya = {"actor": None, "code": "KENGOV", "country": "KEN", "text": "Kenya's president", "span": [0, 17]}
    return {
        "id": eid, "sentence": sentence, "span": [18, 21], "trigger": "met", "source": kenya, "target": None,
        "cameo": cameo, "root": cameo[:2], "quad_class": 1, "goldstein": 1.0,
        "plover": {"type": plover, "mode": None, "context": []} if plover else None,
        "date": None, "location": None, "negated": False, "modality": "asserted", "historical": False,
        "confidence": 0.8, "evidence": {"sentence_text": TEXT, "rule": "r", "explanation": "x"},
    }  # fmt: skip


def _db(tmp_path: Path) -> str:
    rec = {"id": "k1", "url": "https://example.org/k1", "published": "2024-03-04", "text": TEXT,
           "events": [_event("E1", "040", "CONSULT", 0), _event("E2", "010", None, 1),
                      _event("E3", "173", "COERCE", 2)]}  # fmt: skip
    db = str(tmp_path / "eventwire.db")
    with Store(db) as store, store.begin() as conn:
        write_article(conn, rec)
    return db


def test_export_to_a_file_reports_rows(tmp_path: Path) -> None:
    db = _db(tmp_path)
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "gdelt", "-o", str(out), "--header"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("GLOBALEVENTID\tSQLDATE") and len(lines) == 4
    assert "wrote 3 events (gdelt)" in result.stderr


def test_plover_to_stdout_says_what_was_left_out(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--format", "plover", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event"] for line in result.stdout.splitlines()] == [["CONSULT"], ["COERCE"]]
    assert "left out 1 events with no PLOVER category" in result.stderr


def test_bad_input_is_named(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["export", "--db", str(tmp_path / "none.db"), "--format", "csv", "-o", "-"])
    assert missing.exit_code == 1 and "no store at" in missing.stderr
    db = _db(tmp_path)
    bad = runner.invoke(
        main, ["export", "--db", db, "--format", "csv", "-o", str(tmp_path / "x.csv"), "--since", "soon"]
    )
    assert bad.exit_code == 1 and "since" in bad.stderr and not (tmp_path / "x.csv").exists()
    binary = runner.invoke(main, ["export", "--db", db, "--format", "parquet", "-o", "-"])
    assert binary.exit_code == 1 and "stdout" in binary.stderr


def test_the_filters_of_eventwire_events(tmp_path: Path) -> None:
    db = _db(tmp_path)
    args = ["export", "--db", db, "--format", "csv", "-o", "-"]
    arrests = CliRunner().invoke(main, [*args, "--root", "17", "--source", "KEN", "--no-historical"])
    assert arrests.exit_code == 0, arrests.output
    assert [line.split(",")[0] for line in arrests.stdout.splitlines()[1:]] == ["k1:E3"]
    none = CliRunner().invoke(main, [*args, "--dyad", "KEN", "TZA"])
    assert none.exit_code == 0 and len(none.stdout.splitlines()) == 1  # the header only
