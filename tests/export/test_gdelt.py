"""GDELT 2.0 Events TSV: 61 fields in GDELT's order, types GDELT's loaders expect, our values mapped."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from eventwire.export import export
from eventwire.export.gdelt import COLUMNS, clean, event_id_number, gdelt_row, write_gdelt
from eventwire.export.geo import GeoFacts
from eventwire.export.rows import event_rows
from eventwire.store import Store
from eventwire.store.filters import EventFilter

from .conftest import put_in_story, record, store_with

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "reference" / "gdelt"


def _rows(store: Store, facts: GeoFacts, filt: EventFilter | None = None) -> dict[str, dict[str, str]]:
    """Export through the library and read the lines back, by event id."""
    out = io.StringIO()
    with store.connect() as conn:
        ids = [r["id"] for r in event_rows(conn, filt)]
        write_gdelt(event_rows(conn, filt), out, facts=facts)
    lines = out.getvalue().splitlines()
    return {i: dict(zip(COLUMNS, line.split("\t"), strict=True)) for i, line in zip(ids, lines, strict=True)}


def test_every_line_has_61_fields_and_no_none(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    store_with(store, record("a1"), record("a2", url=None, source="Other Wire"))
    path = tmp_path / "events.tsv"
    summary = export(store, "gdelt", path, facts=facts)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with a newline, and there is no header
    assert summary.rows == len(lines) - 1 == 6
    assert len(COLUMNS) == 61 and COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    for line in lines[:-1]:
        fields = line.split("\t")
        assert len(fields) == 61
        assert "None" not in fields and "nan" not in fields


def test_the_known_event_maps_to_gdelt_fields(store: Store, facts: GeoFacts) -> None:
    store_with(store, record("a1"))
    row = _rows(store, facts)["a1:E1"]
    assert row["GLOBALEVENTID"] == str(event_id_number("a1:E1"))
    assert [row[k] for k in ("SQLDATE", "MonthYear", "Year", "FractionDate")] == [
        "20231110", "202311", "2023", f"{2023 + (11 * 30 + 10) / 365:.4f}",
    ]  # fmt: skip
    assert [row[k] for k in ("Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code")] == [
        "USAGOV", "ANTONY BLINKEN", "USA", "GOV",
    ]  # fmt: skip
    assert [row[k] for k in ("Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode")] == [
        "INDGOV", "RAJNATH SINGH", "IND", "",
    ]  # fmt: skip
    assert [row[k] for k in ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass")] == [
        "1", "040", "040", "04", "1",
    ]  # fmt: skip
    assert (row["GoldsteinScale"], row["AvgTone"]) == ("1.0", "2.5")  # VADER 0.25 x 10
    assert [row[k] for k in ("NumMentions", "NumSources", "NumArticles")] == ["1", "1", "1"]
    # Actors are located at their country (FIPS codes: India is IN, the US is US).
    geo1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long")
    assert [row[f"Actor1Geo_{k}"] for k in geo1] == [
        "1", "United States", "US", "US", "39.76", "-98.5",
    ]  # fmt: skip
    assert [row[f"Actor2Geo_{k}"] for k in ("Type", "CountryCode", "FeatureID")] == ["1", "IN", "IN"]
    assert [row[f"ActionGeo_{k}"] for k in ("Type", "FullName", "CountryCode", "ADM1Code", "FeatureID")] == [
        "4", "New Delhi, India", "IN", "IN07", "1261481",
    ]  # fmt: skip
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"], row["ActionGeo_ADM2Code"]) == (
        "28.6139",
        "77.209",
        "",
    )
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    assert row["SOURCEURL"] == "https://www.example.org/a1"


def test_a_us_city_an_actorless_target_and_no_tone(store: Store, facts: GeoFacts) -> None:
    store_with(store, record("a1"))
    row = _rows(store, facts)["a1:E3"]
    assert (row["SQLDATE"], row["IsRootEvent"], row["AvgTone"]) == ("20231103", "0", "")
    assert (row["Actor1Name"], row["Actor1Type1Code"]) == ("AUSTIN POLICE", "COP")
    assert (row["Actor2Code"], row["Actor2Name"], row["Actor2Type1Code"]) == ("USACVL", "PROTESTERS", "CVL")
    assert [row[f"ActionGeo_{k}"] for k in ("Type", "FullName", "ADM1Code", "FeatureID")] == [
        "3", "Austin, United States", "USTX", "4671654",
    ]  # fmt: skip
    statement = _rows(store, facts)["a1:E2"]
    assert statement["Actor2Code"] == statement["Actor2Name"] == "" and statement["Actor2Geo_Type"] == "0"
    assert statement["ActionGeo_Type"] == "0" and statement["ActionGeo_Lat"] == ""


def test_story_counts_fill_num_mentions(store: Store, facts: GeoFacts) -> None:
    store_with(store, record("a1"), record("a2", url="https://other.example/a2"))
    put_in_story(store, ["a1:E1", "a2:E1"], mentions=2, articles=2, sources=1)
    rows = _rows(store, facts)
    for eid in ("a1:E1", "a2:E1"):
        assert [rows[eid][k] for k in ("NumMentions", "NumSources", "NumArticles")] == ["2", "1", "2"]
    assert rows["a1:E3"]["NumMentions"] == "1"


def test_a_month_only_date_takes_the_report_day_of_that_month(facts: GeoFacts) -> None:
    base: dict[str, Any] = {"id": "x:E1", "cameo": "0431", "goldstein": 2.8, "quad_class": 1, "sentence": 5}
    same = gdelt_row({**base, "day": 0, "month": 202311, "article_published": "2023-11-10"}, facts)
    other = gdelt_row({**base, "day": 0, "month": 202310, "article_published": "2023-11-10"}, facts)
    year = gdelt_row({**base, "day": 0, "month": 0, "date": "2019"}, facts)
    assert same[1:4] == [20231110, 202311, 2023]
    assert other[1:4] == ["", 202310, 2023]
    assert year[1:5] == ["", "", 2019, "2019.0000"]
    assert same[26:29] == ["0431", "043", "04"]


def test_values_lose_tabs_and_line_breaks() -> None:
    assert clean("a\tb\nc\r\nd") == "a b c  d"
    assert (clean(None), clean(1.50), clean(True)) == ("", "1.5", "1")


def test_ids_are_stable_63_bit_integers() -> None:
    assert event_id_number("a1:E1") == event_id_number("a1:E1") != event_id_number("a1:E2")
    assert 0 <= event_id_number("a1:E1") < 2**63


def test_header_is_gdelt_names(store: Store, facts: GeoFacts) -> None:
    out = io.StringIO()
    write_gdelt([], out, facts=facts, header=True)
    assert out.getvalue() == "\t".join(COLUMNS) + "\n"


@pytest.mark.shared
def test_reads_with_the_reference_names_and_types(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    pd = pytest.importorskip("pandas")
    spec = REFERENCE / "gdeltPyR_events2.csv"
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: this test needs the shared reference files")
    with spec.open(encoding="utf-8") as f:
        fields = [(r["name"], r["type"]) for r in csv.DictReader(f)]
    assert [name for name, _ in fields] == list(COLUMNS)
    store_with(store, record("a1"), record("a2"))
    path = tmp_path / "events.tsv"
    export(store, "gdelt", path, facts=facts)
    dtypes = {"INTEGER": "Int64", "FLOAT": "float64", "STRING": "string"}
    frame = pd.read_csv(
        path, sep="\t", header=None, names=[n for n, _ in fields],
        dtype={n: dtypes[t] for n, t in fields}, keep_default_na=False, na_values={
            n: [""] for n, t in fields if t != "STRING"
        }, quoting=csv.QUOTE_NONE,
    )  # fmt: skip
    assert len(frame) == 6
    for name, kind in fields:
        if kind == "INTEGER":
            assert str(frame[name].dtype) == "Int64", name
        elif kind == "FLOAT":
            assert str(frame[name].dtype) == "float64", name
    assert set(frame["EventCode"]) == {"040", "010", "173"}  # leading zeros kept as text
    assert frame["GLOBALEVENTID"].notna().all() and frame["SQLDATE"].notna().all()
    assert frame.loc[frame["EventCode"] == "173", "ActionGeo_Lat"].iloc[0] == pytest.approx(30.26715)
