"""The catalogue of hostile inputs through the real CLI: ``eventwire code`` and ``eventwire ingest``.

Both commands run once, at the same time, over one folder holding every catalogued kind and the
good articles (module fixture ``run``, :func:`eventwire.testing.catalogue_run.run_catalogue`);
each test checks one promise on what they did:

- the exit status is 1 (some inputs failed) and no traceback reaches stderr;
- every refused input is named with a reason (``code``: on stderr; ``ingest``: in the
  ``failures`` table and by ``eventwire failures``);
- every good article and every kind that holds an article is coded, its text decoded right;
- nothing comes out of a refused input, and a file that is no input is left alone;
- the store is consistent, and neither process grows past 2 GiB.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.ingest import iter_inputs
from eventwire.testing.bad_inputs import CATALOGUE
from eventwire.testing.catalogue_run import (
    CatalogueRun,
    expected_articles,
    judge,
    lost_good_articles,
    named_on_stderr,
    names,
    run_catalogue,
)
from eventwire.testing.store_checks import store_problems

from .conftest import no_traceback

MAX_RSS_BYTES = 2 * 1024**3


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> CatalogueRun:
    return run_catalogue(tmp_path_factory.mktemp("bad-inputs"), timeout=600)


def test_the_catalogue_is_broad_and_well_formed() -> None:
    assert len(CATALOGUE) >= 30
    assert len({bad.filename for bad in CATALOGUE}) == len(CATALOGUE)
    assert len({bad.kind for bad in CATALOGUE}) == len(CATALOGUE)
    for bad in CATALOGUE:
        assert bad.expect in ("error", "coded", "skipped"), bad.kind
        assert bool(bad.marker) == (bad.expect == "coded"), bad.kind


def test_both_commands_exit_1_without_a_traceback(run: CatalogueRun) -> None:
    for done in (run.code, run.ingest):
        assert not done.timed_out
        no_traceback(done.stderr)
        assert done.returncode == 1, done.stderr[-2000:]


def test_code_names_every_refused_input_with_a_reason(run: CatalogueRun) -> None:
    missing = [bad.kind for bad, path in run.of_kind("error") if not named_on_stderr(run.code.stderr, path)]
    assert missing == [], run.code.stderr[-3000:]


def test_no_good_article_is_lost(run: CatalogueRun) -> None:
    assert lost_good_articles(run) == []


def test_code_codes_every_kind_that_holds_an_article_and_nothing_else(run: CatalogueRun) -> None:
    texts = [str(r["text"]) for r in run.records()]
    lost = [(p.name, words) for p, words in expected_articles(run) if not any(words in t for t in texts)]
    assert lost == []
    # one record per article expected, so nothing came out of a refused input
    assert len(texts) == len(expected_articles(run))


def test_ingest_stores_every_kind_that_holds_an_article_and_nothing_else(run: CatalogueRun) -> None:
    stored = run.stored()
    lost = [
        (p.name, words)
        for p, words in expected_articles(run)
        if not any(names(name, p) and words in text for name, text in stored)
    ]
    assert lost == []
    assert len(stored) == len(expected_articles(run))


def test_ingest_records_each_refused_input_with_a_numbered_reason(run: CatalogueRun) -> None:
    failures = run.failures()
    for bad, path in run.of_kind("error"):
        mine = [f for f in failures if names(f[0], path)]
        assert mine, f"{bad.kind}: no failure recorded for {path.name}"
        for name, code, reason in mine:
            assert re.fullmatch(r"E0\d\d", code or ""), (name, code)
            assert reason.startswith(name + ": ") and len(reason) > len(name) + 5, reason
    good = [p for p in run.good] + [p for _, p in run.of_kind("coded")]
    assert [f for f in failures if any(names(f[0], p) for p in good)] == []


def test_eventwire_failures_lists_every_refused_input(run: CatalogueRun) -> None:
    result = CliRunner().invoke(main, ["failures", "--db", str(run.db), "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    for bad, path in run.of_kind("error"):
        assert any(names(row["input_name"], path) and row["reason"] for row in listed), bad.kind


def test_a_file_that_is_no_input_is_left_alone_in_a_folder_and_refused_alone(run: CatalogueRun) -> None:
    for bad, path in run.of_kind("skipped"):
        assert str(path) not in run.code.stderr + run.ingest.stderr, bad.kind
        assert not [f for f in run.failures() if names(f[0], path)]
        items = list(iter_inputs([str(path)]))
        assert len(items) == 1 and isinstance(items[0], InputError), bad.kind
        assert items[0].input_name == str(path) and items[0].reason


def test_every_kind_is_handled_as_the_catalogue_expects(run: CatalogueRun) -> None:
    assert {kind: problems for kind, problems in judge(run).items() if problems} == {}


def test_the_store_is_consistent(run: CatalogueRun) -> None:
    assert store_problems(run.db) == []


def test_peak_memory_of_each_command_stays_under_2_gib(run: CatalogueRun) -> None:
    for done in (run.code, run.ingest):
        assert 0 < done.maxrss_bytes < MAX_RSS_BYTES, done.maxrss_bytes
