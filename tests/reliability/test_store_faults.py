"""A store that fails in the middle of ``eventwire ingest``, at a chosen moment, every time.

Restarting PostgreSQL under a run (test_postgres_restart.py) hits whatever the run is doing at
that instant. Here the failure is put exactly where it is wanted: the store's connections start
to fail (as a dropped server connection does) after the run has opened the store, either while
the run reads (looking up what is stored) or while it writes. Either way the run must stop with
exit status 3 and a message, not a traceback. No model is needed: the inputs fail or stop the
run before anything is coded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from eventwire.cli import main
from eventwire.store import Store

GOOD = (
    "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Nairobi on "
    "Monday to discuss trade across their shared border."
)


def _dropped() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


def _fail_after(monkeypatch: pytest.MonkeyPatch, method: str, calls: int) -> None:
    """Make ``Store.<method>`` raise a dropped connection from its ``calls + 1``-th use on."""
    original = getattr(Store, method)
    used = [0]

    @contextmanager
    def failing(self: Store) -> Iterator[Connection]:
        used[0] += 1
        if used[0] > calls:
            raise _dropped()
        with original(self) as conn:
            yield conn

    monkeypatch.setattr(Store, method, failing)


def _ingest(folder: Path, db: Path) -> Result:
    return CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--quiet"])


def _reported(result: Result) -> None:
    detail: Any = result.exception if not isinstance(result.exception, SystemExit) else result.output
    assert result.exit_code == 3, detail
    assert "eventwire: error:" in result.stderr


def test_a_store_that_fails_while_the_run_reads_stops_it_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.db"
    with Store(db) as store:
        _ = store.engine  # migrated before the fault: the run fails on its reads, not on opening
    # the run reads once for the people the store learned, then once per batch
    _fail_after(monkeypatch, "connect", calls=1)
    _reported(_ingest(folder, db))


def test_a_store_that_fails_while_the_run_writes_stops_it_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")  # a failure to record: a write without coding
    db = tmp_path / "s.db"
    with Store(db) as store:
        _ = store.engine
    _fail_after(monkeypatch, "begin", calls=0)
    _reported(_ingest(folder, db))
