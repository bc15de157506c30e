"""The command line: exit codes, bad inputs named on stderr, formats, and documentation."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.cli.reference import walk
from schema_check import assert_valid_record, assert_valid_records

PROJECT = Path(__file__).resolve().parents[2]

ARTICLE = (
    "Talks in Nairobi\n"
    "NAIROBI, March 4 (Reuters) - Kenyan President Paul Mwangi met with Tanzanian officials in Nairobi "
    "on Monday to discuss border trade.\n"
    "Mwangi said the talks were constructive.\n"
)


def _runner() -> CliRunner:
    return CliRunner()


@pytest.mark.model
def test_code_jsonl_and_bad_input_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = _runner().invoke(
        main, ["code", str(good), str(empty), str(tmp_path / "missing.txt"), "--date", "2024-03-04"]
    )
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 1 and records[0]["schema"] == "eventwire/1"
    assert_valid_records(records)
    assert any(e["root"] == "04" for e in records[0]["events"])
    assert "empty.txt" in result.stderr and "missing.txt" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_code_json_and_table(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = _runner().invoke(main, ["code", str(good), "--format", "json", "--date", "2024-03-04"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data[0]["published"] == "2024-03-04"
    assert_valid_records(data)
    table = _runner().invoke(main, ["code", str(good), "--format", "table", "--explain"])
    assert table.exit_code == 0, table.stderr
    assert "events:" in table.stdout and "rule " in table.stdout


@pytest.mark.model
def test_code_stdin_jsonl() -> None:
    line = json.dumps(
        {"id": "x1", "text": "Chilean police arrested protesters in Santiago.", "date": "2024-01-02"}
    )
    result = _runner().invoke(main, ["code", "-", "--input-format", "jsonl"], input=line + "\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "x1"
    assert_valid_record(json.loads(result.stdout))


def test_bad_date_is_a_usage_error() -> None:
    result = _runner().invoke(main, ["code", "x.txt", "--date", "10/11/2023"])
    assert result.exit_code == 2
    assert "--date" in result.output or "--date" in result.stderr


def _commands() -> list[tuple[str, click.Command]]:
    return walk(main)


@pytest.mark.parametrize("name,command", _commands())
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    result = _runner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"`eventwire {name} --help` has no example"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"option {param.opts} of `eventwire {name}` has no help text"


@pytest.mark.parametrize("name,command", _commands())
def test_every_command_and_option_is_in_the_cli_reference(name: str, command: click.Command) -> None:
    reference = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"eventwire {name}" in reference, f"docs/cli.md does not document `eventwire {name}`"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.opts[0] in reference, f"docs/cli.md does not document {param.opts[0]} of {name}"


def test_cli_reference_is_current() -> None:
    from eventwire.cli.reference import render

    reference = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert reference == render(), "docs/cli.md is stale: python -m eventwire.cli.reference > docs/cli.md"


@pytest.mark.model
def test_broken_lexicon_file_stops_the_run_once(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    frames = tmp_path / "frames.csv"
    frames.write_text(
        "trigger,pos,particle,object,cameo,source,target,note\nmeet,VERB,,,999,,,bad\n", encoding="utf-8"
    )
    result = _runner().invoke(main, ["code", str(article), "--lexicon", str(frames)])
    assert result.exit_code == 1
    assert result.stderr.count("frames.csv:2") == 1
    assert "Traceback" not in result.stderr
