"""``eventwire ingest`` and ``eventwire failures`` as people run them: real processes, real kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import eventwire.run.cluster as cluster
from eventwire.cli import main
from eventwire.options import Options
from eventwire.run import Ingester, IngestSettings
from eventwire.run.coders import InProcessCoder
from eventwire.store import Store, schema

LEADERS = ["Anna Berg", "Tomas Lind", "Omar Haddad", "Li Wei", "Sara Costa", "Jon Moss", "Ewa Nowak"]
CITIES = ["Aldmark", "Brisa", "Corvo", "Delm", "Esker", "Farra", "Gollin"]
WIRE = (
    "The foreign ministers of Norland and Vesteria met in the port city of Aldmark on Tuesday to "
    "discuss a long-delayed agreement on fishing rights in the northern strait. Officials from both "
    "delegations said the talks lasted more than six hours and ended without a joint statement. "
    "Fishing communities on both coasts have waited nearly a decade for a settlement, and local "
    "leaders warned that another season without clear rules could ruin small family businesses."
)
GERMAN = (
    "Die Außenminister beider Länder trafen sich am Montag in Berlin, um über die Lage an der Grenze "
    "zu sprechen. Die Gespräche dauerten mehrere Stunden und endeten ohne Ergebnis."
)


def _article(i: int) -> str:
    return (
        f"Prime Minister {LEADERS[i % 7]} met the foreign minister of Vesteria in {CITIES[(i * 3) % 7]} "
        f"on Monday, officials said. Police arrested {i + 2} protesters in {CITIES[i % 7]} on Tuesday."
    )


def _corpus_lines(n: int = 40) -> list[str]:
    """``n`` JSON Lines: short reports, a wire story and its copy, one German text, one bad line."""
    lines = [json.dumps({"text": _article(i), "date": "2024-03-04"}) for i in range(n - 4)]
    lines.insert(5, json.dumps({"text": WIRE, "date": "2024-03-05"}))
    lines.insert(
        9, json.dumps({"text": "By Staff Reporter. " + WIRE + " More to follow.", "date": "2024-03-05"})
    )
    lines.insert(14, json.dumps({"text": GERMAN, "date": "2024-03-04"}))
    lines.insert(20, "{this is not json")
    return lines


def _cli(*args: str, stdin: int | IO[Any] | None = None) -> subprocess.Popen[str]:
    """``eventwire ARGS`` in a process of its own (the one a kill -9 hits)."""
    return subprocess.Popen(
        [sys.executable, "-c", "from eventwire.cli import main; main()", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _counts(store: Store) -> dict[str, int]:
    a, e, f = schema.articles, schema.events, schema.failures
    with store.connect() as conn:

        def count(table: Any, *where: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

        return {
            "articles": count(a),
            "duplicates": count(a, a.c.duplicate_of.is_not(None)),
            "events": count(e),
            "failures": count(f),
        }


def _no_article_lacks_its_events(store: Store) -> None:
    a, e = schema.articles, schema.events
    with store.connect() as conn:
        stored = dict(conn.execute(select(a.c.id, a.c.n_events)).all())
        rows = dict(conn.execute(select(e.c.article_id, func.count()).group_by(e.c.article_id)).all())
    assert {k: v for k, v in stored.items() if v} == rows


@pytest.mark.model
def test_a_killed_ingest_leaves_whole_batches_and_a_rerun_completes_it(
    store_url: str, tmp_path: Path, pipeline: Any
) -> None:
    lines = _corpus_lines(40)
    batch = 4
    args = [
        "ingest",
        "-",
        "--input-format",
        "jsonl",
        "--db",
        store_url,
        "--batch-size",
        str(batch),
        "--quiet",
    ]
    proc = _cli(*args, stdin=subprocess.PIPE)
    assert proc.stdin is not None

    def feed(pipe: IO[str]) -> None:
        # Lines arrive slowly and standard input stays open: the run cannot finish before the kill.
        try:
            for line in lines:
                pipe.write(line + "\n")
                pipe.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ValueError):
            pass

    threading.Thread(target=feed, args=(proc.stdin,), daemon=True).start()
    store = Store(store_url)
    deadline = time.monotonic() + 180
    try:
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "no batch was committed in time"
            try:
                if _counts(store)["articles"] > 0:
                    break
            except Exception:  # the store is being created by the run
                pass
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        store.close()
    assert proc.returncode == -signal.SIGKILL

    killed = _counts(store)
    _no_article_lacks_its_events(store)
    # each committed batch wrote one row per input (an article or a failure): never part of one
    assert (killed["articles"] + killed["failures"]) % batch == 0
    assert killed["articles"] < 38

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    coder = InProcessCoder(Options(), pipeline=pipeline)
    rerun = Ingester(store, IngestSettings(batch_size=batch), coder=coder).run([str(corpus)])
    clean_store = Store(tmp_path / "clean.db")
    clean = Ingester(clean_store, IngestSettings(batch_size=batch), coder=coder).run([str(corpus)])
    assert rerun.skipped_known == killed["articles"]  # what the killed run committed is not redone
    assert rerun.stored + rerun.duplicates == 38 - killed["articles"]
    after, expected = _counts(store), _counts(clean_store)
    assert {k: after[k] for k in ("articles", "duplicates", "events")} == {
        k: expected[k] for k in ("articles", "duplicates", "events")
    }
    assert (expected["articles"], expected["duplicates"], clean.failed) == (38, 1, 2)
    _no_article_lacks_its_events(store)
    store.close()


@pytest.mark.model
def test_ingest_reports_stores_and_skips_on_a_second_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(_article(i), encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "e.db")

    first = _cli("ingest", str(corpus), "--db", db, "--date", "2024-03-04")
    _, err = first.communicate(timeout=300)
    assert first.returncode == 1, err
    assert "stored 3, skipped 0 already stored, 0 duplicates, 1 failed (see `eventwire failures`)" in err
    assert "articles/s" in err and "Traceback" not in err

    second = _cli("ingest", str(corpus), "--db", db)
    _, err = second.communicate(timeout=300)
    assert second.returncode == 1
    assert "stored 0, skipped 3 already stored, 0 duplicates, 1 failed" in err

    listed = CliRunner().invoke(main, ["failures", "--db", db, "--format", "json"])
    assert listed.exit_code == 0
    [row] = json.loads(listed.stdout)
    assert row["input_name"] == str(corpus / "empty.txt") and row["attempts"] == 2 and row["code"] == "E012"
    table = CliRunner().invoke(main, ["failures", "--db", db])
    assert "empty.txt" in table.stdout and "the file is empty" in table.stdout


def test_a_store_that_cannot_be_opened_exits_3(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_article(1), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "no" / "such" / "e.db"), "--quiet"]
    )
    assert result.exit_code == 3
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    missing = CliRunner().invoke(main, ["failures", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 3 and "run `eventwire ingest` first" in missing.stderr


def test_an_unreachable_scheduler_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_text(_article(1), encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "e.db"), "--quiet"]
    result = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 3
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:9" in result.stderr
    both = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:9", "--workers", "2"])
    assert both.exit_code == 2 and "exclude each other" in both.stderr


def test_failed_inputs_are_named_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "bad.jsonl").write_text("{broken\n")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"), "-q"])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.output
    assert "bad.jsonl:1: not valid JSON" in result.output
