"""Faults on a real ``eventwire`` process: run the CLI as a child, measure it, kill it mid-run.

Fault tests must use the command a user runs, not the library in the test's own process: a
kill has to stop a process between any two instructions, and the peak memory that matters is
the command's. Three tools:

- :func:`cli_args` and :func:`run_cli`: the CLI in a child process, with its exit status,
  output and peak resident memory (the child's own ``VmHWM`` read while it runs, else
  ``os.wait4``; not the
  largest of every child the caller ever had);
- :func:`wait_for_commit`: poll a store until a running ingest has committed a batch;
- :func:`kill_trials`: ingest a corpus again and again into one store, each time killed with
  SIGKILL at a random moment, and check the store after every kill
  (:func:`~eventwire.testing.store_checks.store_problems`).

Nothing here prints; the caller reports. The delays before each kill come from a seeded
generator, so a run of trials can be repeated with the same delays (the moments they hit still
depend on the machine's speed).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from eventwire.store import Store, schema
from eventwire.testing.store_checks import store_problems

# How the child starts the CLI: the same entry point as the ``eventwire`` script, without
# relying on the script being on PATH (a test runs from a venv that may not be activated).
_ENTRY = "from eventwire.cli import main; main()"
_POLL_SECONDS = 0.02


@dataclass
class Finished:
    """A child process that ended: its exit status, output, peak memory and duration."""

    returncode: int
    stdout: str
    stderr: str
    maxrss_bytes: int
    seconds: float
    timed_out: bool = False


def cli_args(*args: str) -> list[str]:
    """The argument list that runs ``eventwire ARGS`` with this interpreter."""
    return [sys.executable, "-c", _ENTRY, *args]


def child_env() -> dict[str, str]:
    """The environment for a child CLI: this one, with output unbuffered (a killed child's
    stderr is then complete up to the kill)."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _maxrss_bytes(rusage: object) -> int:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    value = int(getattr(rusage, "ru_maxrss", 0))
    return value if sys.platform == "darwin" else value * 1024


def wait_child(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, int, bool]:
    """Reap ``proc`` with ``os.wait4``: (exit status, peak memory in bytes, whether it timed out).

    A child still running after ``timeout`` seconds is killed (and then reaped). A child that
    ``Popen.poll`` reaped already has its status but no memory figure: 0 is given.
    """
    if proc.returncode is not None:
        return proc.returncode, 0, False
    deadline = time.monotonic() + timeout
    timed_out = False
    peak = 0
    while True:
        peak = max(peak, _high_water_bytes(proc.pid))
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        if time.monotonic() > deadline and not timed_out:
            proc.kill()
            timed_out = True
        time.sleep(_POLL_SECONDS)
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped here: Popen must not wait for it again
    # Linux carries a forked child's pre-exec peak (the parent's size: a test runner holding a
    # spaCy model) into ru_maxrss; the high-water mark of the child's own memory, read while it
    # runs, is its real figure (it may miss the last poll interval's growth).
    return code, peak or _maxrss_bytes(rusage), timed_out


def _high_water_bytes(pid: int) -> int:
    """The peak resident memory of process ``pid`` since its exec (Linux ``VmHWM``), else 0."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def start_cli(
    args: Sequence[str], out: Path, err: Path, *, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start ``eventwire ARGS`` writing its stdout and stderr to the files ``out`` and ``err``."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        return subprocess.Popen(
            cli_args(*args), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, cwd=cwd, env=child_env()
        )


def run_cli(args: Sequence[str], *, timeout: float = 300.0, cwd: Path | None = None) -> Finished:
    """Run ``eventwire ARGS`` to its end (or ``timeout``) and return what it did."""
    return run_together([args], timeout=timeout, cwd=cwd)[0]


def run_together(
    commands: Sequence[Sequence[str]], *, timeout: float = 300.0, cwd: Path | None = None
) -> list[Finished]:
    """Run several ``eventwire`` commands at once, each to its end (or ``timeout``), and return
    what each did, in the order given."""
    with tempfile.TemporaryDirectory(prefix="eventwire-cli-") as tmp:
        started = time.monotonic()
        running = []
        for i, args in enumerate(commands):
            out, err = Path(tmp) / f"{i}.out", Path(tmp) / f"{i}.err"
            running.append((start_cli(args, out, err, cwd=cwd), out, err))
        results = []
        for proc, out, err in running:
            left = max(1.0, timeout - (time.monotonic() - started))
            code, rss, timed_out = wait_child(proc, left)
            results.append(
                Finished(
                    returncode=code,
                    stdout=out.read_text(encoding="utf-8", errors="replace"),
                    stderr=err.read_text(encoding="utf-8", errors="replace"),
                    maxrss_bytes=rss,
                    seconds=time.monotonic() - started,
                    timed_out=timed_out,
                )
            )
        return results


def article_count(db: Path | str) -> int:
    """Articles stored in ``db`` (a SQLite file or a database URL) so far; 0 while the file does
    not exist or the store has no tables.

    Opens a SQLite file only once it exists (opening creates it) and never migrates the store:
    the ingest under test does that.
    """
    if isinstance(db, Path) and not db.exists():
        return 0
    store = Store(db, migrate_schema=False)
    try:
        with store.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())
    except SQLAlchemyError:
        return 0
    finally:
        store.close()


def wait_for_commit(
    db: Path | str, proc: subprocess.Popen[bytes], *, above: int, timeout: float = 120.0
) -> bool:
    """Wait until the store holds more than ``above`` articles; False when ``proc`` ended first
    (or ``timeout`` passed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if article_count(db) > above:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(_POLL_SECONDS)
    return False


@dataclass
class KillTrial:
    """One run of an ingest, and what the store looked like after it was killed (or ended)."""

    number: int
    store: Path
    moment: str  # "after a commit" or "any time"
    delay: float  # seconds after the commit (or after the start) when SIGKILL was sent
    killed: bool  # False when the run ended before the kill
    returncode: int
    articles_before: int
    articles_after: int
    problems: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems


def kill_trials(
    paths: Sequence[str],
    folder: Path,
    *,
    trials: int = 20,
    seed: int = 1,
    extra: Sequence[str] = (),
    max_delay: float = 0.4,
    early_every: int = 5,
) -> list[KillTrial]:
    """Ingest ``paths`` into a SQLite store in ``folder`` ``trials`` times, killing each run.

    Most runs are killed ``random(0, max_delay)`` seconds after their first commit, when batches
    are being coded and written. Every ``early_every``-th run is killed at a random moment of its
    first seconds instead (imports, model loading, migration, reading). A run that ends before
    its kill leaves a complete store; the next one starts a new store file (``store-N.db``), so
    the runs keep having work to be killed in. ``extra`` are more ``eventwire ingest`` options.
    """
    rng = random.Random(seed)
    results: list[KillTrial] = []
    generation = 0
    db = folder / f"store-{generation}.db"
    for number in range(trials):
        before = article_count(db)
        early = early_every > 0 and number % early_every == early_every - 1
        out, err = folder / f"trial-{number}.out", folder / f"trial-{number}.err"
        proc = start_cli(["ingest", *paths, "--db", str(db), "--quiet", *extra], out, err)
        if early:
            delay = rng.uniform(0.2, 4.0)
            ready = proc.poll() is None
        else:
            delay = rng.uniform(0.0, max_delay)
            ready = wait_for_commit(db, proc, above=before)
        if ready:
            time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        code, _, _ = wait_child(proc, 60.0)
        trial = KillTrial(
            number=number,
            store=db,
            moment="any time" if early else "after a commit",
            delay=round(delay, 3),
            killed=killed,
            returncode=code,
            articles_before=before,
            articles_after=article_count(db),
        )
        trial.problems = store_problems(db) if db.exists() else []
        if not killed and code not in (0, 1):
            trial.problems.append(
                f"the run ended with status {code}: {err.read_text(errors='replace')[-500:]}"
            )
        results.append(trial)
        if not killed:
            generation += 1
            db = folder / f"store-{generation}.db"
    return results
