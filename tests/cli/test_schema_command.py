"""``eventwire schema``: prints the shipped schema; ``--check`` names the records that break it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.records import Article
from eventwire.schema import article_schema


def test_schema_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == article_schema()


def test_check_passes_good_records_and_names_bad_lines(tmp_path: Path) -> None:
    good = Article(id="g1", text="Nothing happened.").to_dict()
    bad = dict(good, id="b1", language="English")
    records = tmp_path / "records.jsonl"
    records.write_text(f"{json.dumps(good)}\n\n{json.dumps(bad)}\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--check", str(records)])
    assert result.exit_code == 1
    assert "records.jsonl:3: $.language:" in result.stderr
    assert "records.jsonl:4: not valid JSON" in result.stderr
    assert "records.jsonl:1" not in result.stderr
    assert "1 of 3 record(s) follow the schema" in result.stderr


def test_check_reads_stdin_and_succeeds_on_valid_records() -> None:
    line = Article(id="g1", text="Nothing happened.").to_json()
    result = CliRunner().invoke(main, ["schema", "--check", "-"], input=line + "\n")
    assert result.exit_code == 0, result.stderr
    assert "1 of 1 record(s)" in result.stderr


def test_check_of_an_empty_file_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert CliRunner().invoke(main, ["schema", "--check", str(empty)]).exit_code == 1
