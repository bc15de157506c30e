"""PLOVER JSON lines: the manual's field names, PLOVER entity codes and sectors, 01/02 left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.export import export
from eventwire.export.geo import GeoFacts
from eventwire.export.plover import NAMESPACE, PloverWriter, plover_sector
from eventwire.store import Store
from eventwire.store.filters import EventFilter

from .conftest import put_in_story, record, store_with

REQUIRED = {"id", "date", "actor", "event"}  # the manual's required fields


def _records(
    store: Store, tmp_path: Path, facts: GeoFacts, **filters: Any
) -> tuple[list[dict[str, Any]], int]:
    path = tmp_path / "events.jsonl"
    summary = export(store, "plover", path, facts=facts, filters=EventFilter(**filters))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert summary.rows == len(records)
    return records, summary.left_out


def test_events_become_plover_records(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    store_with(store, record("a1"))
    put_in_story(store, ["a1:E1"], mentions=3, articles=2, sources=2)
    records, left_out = _records(store, tmp_path, facts)
    assert left_out == 1  # E2 is a CAMEO 010 statement: PLOVER has no category for it
    consult, arrest = records
    assert consult.keys() >= REQUIRED
    assert (consult["id"], consult["date"], consult["event"], consult["quad_code"]) == (
        "a1:E1", "2023-11-10", ["CONSULT"], 1,
    )  # fmt: skip
    assert consult["actor"] == [
        {"code": "USA", "sector": "GOV", "entity_text": "Blinken", "identifier_text": "Antony Blinken",
         "office": "Secretary of State"}
    ]  # fmt: skip
    assert consult["recipient"][0]["code"] == "IND"
    assert consult["event_loc"]["resolved_place"] == "New Delhi" and consult["event_loc"]["resolution"] == 4
    assert consult["text_info"] == {"sequence": 0, "start": 0, "end": 3}
    assert consult["cite_info"]["url"] == "https://www.example.org/a1"
    ours = consult[NAMESPACE]
    assert (ours["cameo"], ours["goldstein"], ours["num_mentions"], ours["num_articles"]) == (
        "040",
        1.0,
        3,
        2,
    )
    # Mode and context from the CAMEO->PLOVER crosswalk (173: COERCE, arrest, legal).
    assert (arrest["event"], arrest["mode"], arrest["context"]) == (["COERCE"], ["arrest"], ["legal"])
    assert arrest["recipient"] == [{"code": "USA", "sector": "CVL", "entity_text": "protesters"}]


def test_auxiliary_modes_go_into_context(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    rec = record("a1")
    rec["events"][0].update(negated=True, modality="intended")
    rec["events"][2].update(historical=True, modality="hypothetical")
    store_with(store, rec)
    records, _ = _records(store, tmp_path, facts, include_negated=True)
    by_id = {r["id"]: r for r in records}
    assert by_id["a1:E1"]["context"] == ["negation", "future"]
    assert by_id["a1:E3"]["context"] == ["legal", "historical", "hypothetical"]
    without, _ = _records(store, tmp_path, facts)
    assert [r["id"] for r in without] == ["a1:E3"]  # negated events are left out by default


def test_organisations_take_plover_codes(facts: GeoFacts) -> None:
    writer = PloverWriter(facts=facts)

    def actor(code: str, country: str | None = None) -> dict[str, Any]:
        row = {"id": "x:E1", "cameo": "040", "plover_type": "CONSULT", "source_code": code,
               "source_country": country, "source_name": code}  # fmt: skip
        rec = writer.record(row)
        assert rec is not None
        return dict(rec["actor"][0])

    assert actor("IGOUNO")["code"] == "UNO"
    assert actor("IGOEEC")["code"] == "EUR"
    assert actor("IGONAT")["code"] == "IGO"
    assert actor("NGOAMN")["code"] == "NGO"
    assert (actor("IMGREBALQ")["code"], actor("IMGREBALQ")["sector"]) == ("IMG", "REB")
    assert (actor("PSEREBHMS", "PSE")["code"], actor("PSEREBHMS", "PSE")["sector"]) == ("PSE", "REB")
    assert actor("GBRMED", "GBR")["sector"] == "JRN"  # CAMEO's MED (media) is PLOVER's JRN
    assert writer.record({"id": "x:E2", "cameo": "020", "plover_type": None}) is None
    assert writer.left_out == 1


def test_sector_crosswalk() -> None:
    assert [plover_sector(t) for t in ("GOV", "MED", "HLH", "SEP", "HRI", "MOD", None)] == [
        "GOV", "JRN", "MED", "REB", "SOC", None, None,
    ]  # fmt: skip
