"""Coding on a dask.distributed cluster: the same store as coding here, and clear errors."""

from __future__ import annotations

import pickle
import socket
from pathlib import Path
from typing import Any

import pytest

import eventwire.run.cluster as cluster
from eventwire.errors import ClusterError
from eventwire.options import Options
from eventwire.run import Ingester, IngestSettings
from eventwire.run.cluster import DaskCoder, PipelinePlugin, plugin_name
from eventwire.run.coders import InProcessCoder
from eventwire.store import Store, schema

from .fakes import WIRE, short_article, syndicated


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    (tmp_path / "a.txt").write_text(short_article(1), encoding="utf-8")
    ingester = Ingester(tmp_path / "e.db", IngestSettings(scheduler=address))
    with pytest.raises(ClusterError, match=r"cannot reach the dask scheduler at tcp://127\.0\.0\.1"):
        ingester.run([str(tmp_path / "a.txt")])
    assert isinstance(ingester.coder, DaskCoder)


def test_the_plugin_travels_without_its_pipeline() -> None:
    plugin = PipelinePlugin(Options(date="2024-03-04"))
    plugin.lock  # noqa: B018  (made here, must not travel)
    copy = pickle.loads(pickle.dumps(plugin))
    assert copy.options == plugin.options and "lock" not in copy.__dict__
    assert plugin_name(Options()) != plugin_name(Options(date="2024-03-04"))


def _rows(store: Store) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    a = schema.articles
    with store.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(a.c.id, a.c.n_events, a.c.duplicate_of)))


@pytest.mark.model
def test_a_local_cluster_codes_what_this_process_codes(pipeline: Any, tmp_path: Path) -> None:
    from distributed import LocalCluster

    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in {"1.txt": short_article(1), "2.txt": short_article(2), "3.txt": WIRE}.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "4.txt").write_text(syndicated(WIRE), encoding="utf-8")
    options = Options(date="2024-03-04")
    here = Store(tmp_path / "here.db")
    Ingester(here, IngestSettings(batch_size=2), coder=InProcessCoder(options, pipeline=pipeline)).run(
        [str(corpus)]
    )
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None) as lc:
        there = Store(tmp_path / "there.db")
        settings = IngestSettings(batch_size=2, scheduler=lc.scheduler_address, options=options)
        summary = Ingester(there, settings).run([str(corpus)])
    from eventwire.run import list_failures

    assert (summary.stored, summary.duplicates, summary.failed) == (3, 1, 0), list_failures(there)
    assert summary.events > 0 and summary.pipelines_loaded == 1
    assert _rows(here) == _rows(there)
