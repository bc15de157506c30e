"""The catalogue of hostile inputs through the real CLI, and a verdict on each kind.

:func:`run_catalogue` writes every :data:`~eventwire.testing.bad_inputs.CATALOGUE` kind and the
good articles into one folder and runs ``eventwire code`` and ``eventwire ingest`` over it, at
once, in child processes. :func:`judge` then says, kind by kind, whether each command did what
the catalogue expects:

- ``"error"``: ``code`` names the input with a reason on stderr; ``ingest`` records a failure
  for it with an error number and a reason, and stores nothing from it;
- ``"coded"``: both commands code it: ``code`` writes a record, ``ingest`` stores an article
  from it, each holding the kind's marker words (so the text was decoded right);
- ``"skipped"``: neither command mentions or stores it.

:func:`lost_good_articles` names the good articles that either command failed to code, and
:func:`tracebacks` counts Python tracebacks on the commands' stderr. Tests assert on these; the
reliability benchmark prints them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from eventwire.store import Store, schema
from eventwire.testing.bad_inputs import GOOD_TEXTS, BadInput, good_articles, write_bad_inputs
from eventwire.testing.faults import Finished, run_together


@dataclass
class CatalogueRun:
    """What :func:`run_catalogue` wrote and what the two commands did with it."""

    folder: Path
    db: Path
    written: list[tuple[BadInput, Path]]
    good: list[Path]
    code: Finished
    ingest: Finished

    def of_kind(self, expect: str) -> list[tuple[BadInput, Path]]:
        """The written inputs whose expected outcome is ``expect``."""
        return [(bad, path) for bad, path in self.written if bad.expect == expect]

    def records(self) -> list[dict[str, object]]:
        """The records ``eventwire code`` wrote (JSON Lines on its stdout)."""
        return [json.loads(line) for line in self.code.stdout.splitlines() if line.strip()]

    def stored(self) -> list[tuple[str, str]]:
        """(input name, text) of every article ``eventwire ingest`` stored."""
        with Store(self.db, migrate_schema=False) as store, store.connect() as conn:
            rows = conn.execute(select(schema.articles.c.input_name, schema.articles.c.record)).all()
        return [(str(name), str(json.loads(record)["text"])) for name, record in rows]

    def failures(self) -> list[tuple[str, str | None, str]]:
        """(input name, error number, reason) of every failure ``eventwire ingest`` recorded."""
        f = schema.failures
        with Store(self.db, migrate_schema=False) as store, store.connect() as conn:
            rows = conn.execute(select(f.c.input_name, f.c.code, f.c.reason)).all()
        return [(str(name), code, str(reason)) for name, code, reason in rows]


def run_catalogue(root: Path, *, timeout: float = 900.0, skip_large: bool = False) -> CatalogueRun:
    """Write the catalogue and the good articles under ``root`` and run both commands over them."""
    folder = root / "inputs"
    written = write_bad_inputs(folder, skip_large=skip_large)
    good = good_articles(folder)
    db = root / "store.db"
    code, ingest = run_together(
        [["code", str(folder)], ["ingest", str(folder), "--db", str(db)]], timeout=timeout
    )
    return CatalogueRun(folder, db, written, good, code, ingest)


def names(input_name: str, path: Path) -> bool:
    """Whether ``input_name`` names ``path``, or a line, item or record of it
    (``f.jsonl:3``, ``f.rss[0]``, ``f.warc@1024``)."""
    return re.fullmatch(rf"{re.escape(str(path))}(?::\d+|\[\d+\]|@\d+)?", input_name) is not None


def named_on_stderr(stderr: str, path: Path) -> bool:
    """Whether an ``eventwire: error:`` line names ``path`` (or a part of it) and gives a reason."""
    line = rf"^eventwire: error: {re.escape(str(path))}(?::\d+|\[\d+\]|@\d+)?: \S"
    return re.search(line, stderr, re.MULTILINE) is not None


def expected_articles(run: CatalogueRun) -> list[tuple[Path, str]]:
    """(input, words its coded article holds): every good article and each coded kind's markers."""
    found = [(path, text[:60]) for path, text in zip(run.good, GOOD_TEXTS, strict=True)]
    for bad, path in run.of_kind("coded"):
        found += [(path, marker) for marker in bad.marker]
    return found


def judge(run: CatalogueRun) -> dict[str, list[str]]:
    """Kind -> what went against the catalogue's expectation (an empty list: handled)."""
    texts = [str(r.get("text") or "") for r in run.records()]
    stored = run.stored()
    failures = run.failures()
    noise = run.code.stderr + run.ingest.stderr
    verdicts: dict[str, list[str]] = {}
    for bad, path in run.written:
        problems: list[str] = []
        mine = [f for f in failures if names(f[0], path)]
        kept = [text for name, text in stored if names(name, path)]
        if bad.expect == "error":
            if not named_on_stderr(run.code.stderr, path):
                problems.append("code: not named on stderr with a reason")
            if not mine:
                problems.append("ingest: no failure recorded")
            problems += [
                f"ingest: failure {n} lacks a number or reason" for n, c, r in mine if not c or not r
            ]
            if kept:
                problems.append(f"ingest: {len(kept)} article(s) stored from it")
        elif bad.expect == "coded":
            for marker in bad.marker:
                if not any(marker in t for t in texts):
                    problems.append(f"code: no record holds {marker!r}")
                if not any(marker in t for t in kept):
                    problems.append(f"ingest: no stored article holds {marker!r}")
            if mine:
                problems.append(f"ingest: failure recorded: {mine[0][2][:120]}")
        else:
            if str(path) in noise:
                problems.append("named on stderr though it is no input")
            if mine or kept:
                problems.append("ingest: read though it is no input")
        verdicts[bad.kind] = problems
    return verdicts


def lost_good_articles(run: CatalogueRun) -> list[str]:
    """The good articles (not the catalogue's kinds) that ``code`` or ``ingest`` did not code."""
    texts = [str(r.get("text") or "") for r in run.records()]
    stored = run.stored()
    lost = []
    for path, text in zip(run.good, GOOD_TEXTS, strict=True):
        words = text[:60]
        if not any(words in t for t in texts):
            lost.append(f"code: {path.name}")
        if not any(names(name, path) and words in t for name, t in stored):
            lost.append(f"ingest: {path.name}")
    return lost


def tracebacks(*runs: Finished) -> int:
    """Python tracebacks on the stderr of ``runs``."""
    return sum(run.stderr.count("Traceback (most recent call last)") for run in runs)
