"""``eventwire events / actors / stories / dyad / stats``: formats, paging, and errors as exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import Store, schema
from eventwire.store.writer import write_article


def _event(eid: str, src: str, tgt: str, cameo: str, quad: int, sentence: str) -> dict[str, Any]:
    def side(country: str) -> dict[str, Any]:
        return {"actor": None, "code": country + "GOV", "country": country, "text": country, "span": [0, 3]}

    return {
        "id": eid, "sentence": 0, "span": [0, 3], "trigger": sentence.split()[1], "source": side(src),
        "target": side(tgt), "cameo": cameo, "root": cameo[:2], "quad_class": quad, "goldstein": 1.0 - quad,
        "plover": None, "date": None, "location": None, "negated": False, "modality": "asserted",
        "historical": False, "confidence": 0.9,
        "evidence": {"sentence_text": sentence, "rule": "test", "explanation": "because"},
    }  # fmt: skip


def _article(aid: str, published: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": "eventwire/1", "id": aid, "url": None, "title": f"About {aid}", "published": published,
        "source": "Wire", "language": "en", "text": "text", "events": events, "places": [],
        "actors": [{"id": "A1", "name": "Kim Lee", "kind": "person", "country": "KOR", "code": "KORGOV",
                    "mentions": [[0, 3]]}],
        "quotes": [{"text": "We talk.", "span": [0, 8], "kind": "direct", "cue": "said",
                    "speaker": {"actor": "A1", "name": "Lee", "span": [0, 3]}}],
    }  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite store with five KOR-JPN events over three months and one story."""
    path = str(tmp_path / "events.db")
    with Store(path) as store, store.begin() as conn:
        write_article(conn, _article("k1", "2024-01-05", [
            _event("E1", "KOR", "JPN", "040", 1, "Seoul met Tokyo."),
            _event("E2", "JPN", "KOR", "112", 3, "Tokyo accused Seoul."),
        ]))  # fmt: skip
        write_article(conn, _article("k2", "2024-03-09", [
            _event("E1", "KOR", "JPN", "042", 1, "Seoul visited Tokyo."),
            _event("E2", "KOR", "JPN", "190", 4, "Seoul shelled Tokyo."),
            _event("E3", "CHN", "JPN", "036", 1, "Beijing wants talks with Tokyo."),
        ]))  # fmt: skip
        conn.execute(
            schema.stories.insert().values(
                root="04", cameo="040", source_country="KOR", target_country="JPN",
                first_date="2024-01-05", last_date="2024-03-09", num_mentions=2, num_articles=2,
                num_sources=1, headline="Seoul-Tokyo talks",
            )
        )  # fmt: skip
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_events_table_json_and_csv(db: str) -> None:
    table = run("events", "--db", db, "--dyad", "JPN", "KOR")
    assert table.exit_code == 0, table.output
    assert "KORGOV" in table.stdout and "shelled" in table.stdout and "Beijing" not in table.stdout
    assert table.stdout.count("\n") == 1 + 4 + 0  # header and four events, no cursor on stdout
    page = json.loads(run("events", "--db", db, "--code", "04", "--format", "json").stdout)
    assert [e["id"] for e in page["items"]] == ["k2:E1", "k1:E1"] and page["next"] is None
    rows = list(
        csv.DictReader(io.StringIO(run("events", "--db", db, "--quad", "1", "--format", "csv").stdout))
    )
    assert {r["id"] for r in rows} == {"k1:E1", "k2:E1", "k2:E3"} and rows[0]["article_title"] == "About k2"


def test_events_pages_with_a_cursor(db: str) -> None:
    first = run("events", "--db", db, "--limit", "3", "--format", "json")
    page = json.loads(first.stdout)
    assert len(page["items"]) == 3 and page["next"]
    rest = json.loads(
        run("events", "--db", db, "--limit", "3", "--cursor", page["next"], "--format", "json").stdout
    )
    ids = [e["id"] for e in page["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 5 and rest["next"] is None
    table = run("events", "--db", db, "--limit", "3")
    assert f"--cursor {page['next']}" in table.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["events", "--root", "4x"], "root"),
        (["events", "--since", "yesterday"], "since"),
        (["events", "--quad", "7"], "quad"),
        (["events", "--source", "U$A"], "source"),
        (["events", "--limit", "0"], "limit"),
        (["stories", "--dyad", "KOR", "ZZZ"], "dyad"),
        (["dyad", "KOR", "JP"], "dyad"),
        (["actors", "--country", "'; DROP TABLE actors; --"], "country"),
    ],
)
def test_bad_filters_are_usage_errors_naming_the_filter(db: str, args: list[str], named: str) -> None:
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert f"] {named}:" in result.stderr or f"error: {named}:" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_store_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    for command in ("events", "actors", "stories", "stats"):
        result = run(command, "--db", str(path))
        assert (
            result.exit_code == 3 and "no store at" in result.stderr and "eventwire ingest" in result.stderr
        )
    assert run("dyad", "KOR", "JPN", "--db", str(path)).exit_code == 3
    assert not path.exists()


def test_dyad_table_and_json(db: str) -> None:
    result = run("dyad", "KOR", "JPN", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("KOR-JPN") and "4 events" in lines[0]
    months = [line for line in lines if line[:4] == "2024"]
    assert [m.split()[0] for m in months] == ["2024-01", "2024-02", "2024-03"]
    assert months[2].endswith("+" * 20 + "#" * 20)  # the peak month: a full bar, half coop, half conflict
    assert "Seoul-Tokyo talks" in result.stdout and "We talk." in result.stdout
    data = json.loads(run("dyad", "KOR", "JPN", "--db", db, "--format", "json", "--since", "2024-02").stdout)
    assert data["total"] == 2 and [m["month"] for m in data["months"]] == ["2024-03"]


def test_stats_actors_and_stories(db: str) -> None:
    stats = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    assert (stats["articles"], stats["events"], stats["stories"], stats["quotes"]) == (2, 5, 1, 2)
    assert "events       5" in run("stats", "--db", db).stdout
    actors = json.loads(run("actors", "--db", db, "--format", "json").stdout)
    assert [(a["name"], a["articles"], a["mentions"]) for a in actors] == [("Kim Lee", 2, 2)]
    assert "Kim Lee" in run("actors", "--db", db, "--country", "KOR").stdout
    stories = run("stories", "--db", db, "--dyad", "JPN", "KOR")
    assert "Seoul-Tokyo talks" in stories.stdout and "2 art." in stories.stdout
    assert run("stories", "--db", db, "--root", "19").stdout.strip() == "no stories"


@pytest.mark.parametrize("command", ["events", "actors", "stories", "dyad", "stats"])
def test_every_query_command_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout and f"eventwire {command}" in result.stdout
