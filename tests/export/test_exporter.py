"""Running exports: atomic files, stdout, streaming in chunks, filters, and clear errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ExportError, QueryError
from eventwire.export import FORMATS, export, gdelt, tabular
from eventwire.export.geo import GeoFacts
from eventwire.store import Store
from eventwire.store.filters import EventFilter

from .conftest import record, side, store_with


def _failing_after_first(original: Any) -> Any:
    calls = {"n": 0}

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk on fire")
        return original(*args, **kwargs)

    return wrapped


@pytest.mark.parametrize("fmt", ["gdelt", "parquet"])
def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(
    store: Store, tmp_path: Path, facts: GeoFacts, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    store_with(store, record("a1"))
    if fmt == "gdelt":
        monkeypatch.setattr(gdelt, "gdelt_row", _failing_after_first(gdelt.gdelt_row))
    else:
        monkeypatch.setattr(tabular, "table_row", _failing_after_first(tabular.table_row))
    folder = tmp_path / "out"
    folder.mkdir()
    fresh = folder / "fresh.out"
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(store, fmt, fresh, facts=facts, chunk_size=1)
    assert not fresh.exists()
    old = folder / "old.out"
    old.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        export(store, fmt, old, facts=facts, chunk_size=1)
    assert old.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in folder.iterdir()) == ["old.out"]  # no temporary file left behind


def test_a_successful_export_replaces_the_old_file(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    store_with(store, record("a1"))
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "events.tsv"
    path.write_text("old\n", encoding="utf-8")
    export(store, "gdelt", path, facts=facts)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert sorted(p.name for p in path.parent.iterdir()) == ["events.tsv"]


def test_stdout_for_text_formats_not_parquet(store: Store, facts: GeoFacts) -> None:
    store_with(store, record("a1"))
    out = io.StringIO()
    summary = export(store, "plover", "-", facts=facts, stdout=out)
    assert summary.rows == len(out.getvalue().splitlines()) == 2 and summary.left_out == 1
    with pytest.raises(ExportError, match="stdout"):
        export(store, "parquet", "-", stdout=out)


def test_chunks_smaller_than_the_export_stream_everything(store: Store, facts: GeoFacts) -> None:
    store_with(store, *(record(f"a{i}", url=f"https://example.org/{i}") for i in range(4)))
    whole, chunked = io.StringIO(), io.StringIO()
    export(store, "csv", "-", stdout=whole, chunk_size=1000)
    export(store, "csv", "-", stdout=chunked, chunk_size=1)
    assert chunked.getvalue() == whole.getvalue() and len(whole.getvalue().splitlines()) == 13


def test_filters_of_eventwire_events_apply(store: Store, facts: GeoFacts) -> None:
    other = record("b1", url="https://example.org/b1", published="2024-02-01")
    other["events"] = [other["events"][0]]
    other["events"][0]["target"] = side(None, "CHN", "CHN", "China", 0)
    store_with(store, record("a1"), other)

    def ids(**filters: Any) -> list[str]:
        out = io.StringIO()
        export(store, "csv", "-", stdout=out, filters=EventFilter(**filters), facts=facts)
        return [line.split(",")[0] for line in out.getvalue().splitlines()[1:]]

    assert ids() == ["a1:E1", "a1:E2", "a1:E3", "b1:E1"]
    assert ids(since="2024-01-01") == ["b1:E1"]
    assert ids(until="2023-11-05") == ["a1:E3"]
    assert ids(source="USAGOV", target="IND") == ["a1:E1"]
    assert ids(target="CHN") == ["b1:E1"]
    assert ids(root="17") == ["a1:E3"]
    out = io.StringIO()
    export(store, "gkg", "-", stdout=out, filters=EventFilter(target="CHN"), facts=facts)
    assert [line.split("\t")[0][-2:] for line in out.getvalue().splitlines()] == ["b1"]
    out = io.StringIO()
    export(store, "gkg", "-", stdout=out, filters=EventFilter(until="2023-12"), facts=facts)
    assert [line.split("\t")[0][-2:] for line in out.getvalue().splitlines()] == ["a1"]


def test_bad_requests_are_named(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export(store, "xml", tmp_path / "x")
    with pytest.raises(ExportError, match="does not exist"):
        export(store, "csv", tmp_path / "missing" / "events.csv")
    with pytest.raises(QueryError, match="since"):
        export(store, "csv", tmp_path / "events.csv", filters=EventFilter(since="last week"))
    assert not (tmp_path / "events.csv").exists()
    assert set(FORMATS) == {"gdelt", "gkg", "plover", "csv", "parquet"}


def test_the_public_names() -> None:
    import eventwire.export

    assert set(eventwire.export.__all__) == {
        "FORMATS", "TEXT_FORMATS", "EventFilter", "ExportSummary", "GeoFacts", "export",
    }  # fmt: skip
    assert all(getattr(eventwire.export, name) is not None for name in eventwire.export.__all__)
