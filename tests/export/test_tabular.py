"""CSV (RFC 4180, header) and Parquet (typed columns): the same table, read back whole."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from eventwire.errors import ExportError
from eventwire.export import export
from eventwire.export.tabular import COLUMNS, NAMES, write_parquet
from eventwire.store import Store

from .conftest import put_in_story, record, store_with

AWKWARD = 'He said, "no",\nthen left.'  # a comma, quotes and a line break in one value


def _store(store: Store) -> Store:
    rec = record("a1")
    rec["events"][0]["evidence"]["sentence_text"] = AWKWARD
    store_with(store, rec, record("a2", url="https://other.example/a2", source="Other"))
    put_in_story(store, ["a1:E1", "a2:E1"], mentions=2, articles=2, sources=2)
    return store


def test_csv_round_trip(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    summary = export(_store(store), "csv", path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert summary.rows == len(rows) == 6
    assert list(rows[0].keys()) == list(NAMES)
    first = rows[0]
    assert (first["event_id"], first["sentence_text"], first["story_id"] != "") == ("a1:E1", AWKWARD, True)
    assert (first["source_actor_name"], first["source_sector"], first["location_kind"]) == (
        "Antony Blinken", "GOV", "city",
    )  # fmt: skip
    assert (first["num_mentions"], first["negated"], first["article_title"]) == (
        "2",
        "false",
        "Blinken in Delhi — talks",
    )
    statement = rows[1]
    assert (statement["target_code"], statement["lat"], statement["num_articles"]) == ("", "", "1")


def test_parquet_round_trip_is_typed(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    summary = export(_store(store), "parquet", path, chunk_size=2)
    table = pq.read_table(path)
    assert summary.rows == table.num_rows == 6
    assert table.column_names == list(NAMES)
    types = {name: str(table.schema.field(name).type) for name in NAMES}
    expected = {"string": "string", "int": "int64", "float": "double", "bool": "bool"}
    assert types == {name: expected[kind] for name, kind in COLUMNS}
    rows = table.to_pylist()
    assert rows[0]["sentence_text"] == AWKWARD and rows[0]["num_sources"] == 2
    assert rows[2]["goldstein"] == -5.0 and rows[2]["geonameid"] == 4671654 and rows[2]["tone"] is None
    assert rows[1]["negated"] is False and rows[1]["story_id"] is None


def test_an_empty_parquet_export_has_the_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "none.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).column_names == list(NAMES)


def test_parquet_without_pyarrow_is_a_clear_error(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with pytest.raises(ExportError, match=r"eventwire\[parquet\]"):
        export(store, "parquet", tmp_path / "events.parquet")
    assert not (tmp_path / "events.parquet").exists()
