"""GKG 2.1 TSV: 27 fields per article, GDELT's delimiters inside fields, speakers in the extras."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from eventwire.export import export
from eventwire.export.geo import GeoFacts
from eventwire.export.gkg import BIGQUERY_NAMES, COLUMNS, gkg_row, write_gkg
from eventwire.store import Store

from .conftest import BLINKEN, DELHI, QUOTE, SAID, SINGH, TEXT, record, store_with

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "reference" / "gdelt"


def _fields(rec: dict, facts: GeoFacts, **row: object) -> dict[str, str]:
    base = {"id": rec["id"], "url": rec["url"], "title": rec["title"], "source": rec["source"]}
    base |= {"published": rec["published"], "added_at": "2023-11-10T08:15:00+00:00", "input_name": "a1.txt"}
    out = io.StringIO()
    write_gkg([({**base, **row}, rec)], out, facts=facts)
    fields = out.getvalue().rstrip("\n").split("\t")
    return dict(zip(COLUMNS, fields, strict=True))


def test_an_article_maps_to_gkg_fields(facts: GeoFacts) -> None:
    g = _fields(record("a1"), facts)
    assert g["GKGRECORDID"] == "20231110081500-a1"
    assert (g["V2.1DATE"], g["V2SOURCECOLLECTIONIDENTIFIER"], g["V2SOURCECOMMONNAME"]) == (
        "20231110000000", "1", "example.org",
    )  # fmt: skip
    assert g["V2DOCUMENTIDENTIFIER"] == "https://www.example.org/a1"
    # Only themes with a GKG name; V1 ends with ";" as GDELT's does; V2 at the evidence's offsets.
    assert g["V1THEMES"] == "DIPLOMACY;PROTEST;"
    assert g["V2ENHANCEDTHEMES"] == f"DIPLOMACY,{TEXT.index(' met ') + 1};PROTEST,{TEXT.index('protesters')}"
    assert g["V1PERSONS"] == "antony blinken;rajnath singh"
    assert g["V2ENHANCEDPERSONS"] == f"Antony Blinken,{BLINKEN};Rajnath Singh,{SINGH};Antony Blinken,{SAID}"
    assert (g["V1ORGANIZATIONS"], g["V2ENHANCEDORGANIZATIONS"].split(",")[0]) == (
        "austin police",
        "Austin police",
    )
    locations = g["V2ENHANCEDLOCATIONS"].split(";")
    assert f"4#New Delhi, India#IN#IN07##28.6139#77.209#1261481#{DELHI}" in locations
    assert "1#India#IN#IN#22.0#79.0#IN" in g["V1LOCATIONS"].split(";")
    # Tone on GDELT's scale; activity density unknown; one pronoun ("We") in 30 words.
    assert g["V1.5TONE"] == "-1.5,2.5,4.0,6.5,,3.3333,30"
    assert g["V2.1ENHANCEDDATES"] == f"3#11#3#2023#{TEXT.index('Friday')}"
    assert g["V2GCAM"] == "wc:30"
    assert g["V2.1QUOTATIONS"] == f"{QUOTE + 1}|26|said|We agree on the way ahead,"
    assert f"Blinken,{SAID}" in g["V2.1ALLNAMES"].split(";")
    assert g["V2EXTRASXML"] == (
        "<PAGE_TITLE>Blinken in Delhi &#x2014; talks</PAGE_TITLE><PAGE_AUTHORS>Jane Roe</PAGE_AUTHORS>"
        f'<SPEAKERS><SPEAKER n="1" offset="{QUOTE + 1}">Antony Blinken</SPEAKER></SPEAKERS>'
    )
    for empty in ("V1COUNTS", "V2.1COUNTS", "V2.1SHARINGIMAGE", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO"):
        assert g[empty] == ""


def test_delimiters_inside_values_cannot_split_fields(facts: GeoFacts) -> None:
    rec = record("a1")
    rec["quotes"][0]["text"] = "yes | no # maybe"
    rec["actors"][0]["name"] = "Blinken, Antony; Jr"
    g = _fields(rec, facts)
    assert g["V2.1QUOTATIONS"].split("|")[3] == "yes / no maybe"
    assert g["V1PERSONS"].split(";")[0] == "blinken antony jr"


def test_an_article_without_url_is_a_citation(facts: GeoFacts) -> None:
    g = _fields(record("a1", url=None), facts, url=None, published="2023-11")
    assert (g["V2SOURCECOLLECTIONIDENTIFIER"], g["V2SOURCECOMMONNAME"], g["V2.1DATE"]) == (
        "2",
        "Example News",
        "0",
    )
    assert g["V2DOCUMENTIDENTIFIER"] == "Example News; Blinken in Delhi — talks; 2023-11; a1.txt"


def test_one_line_per_original_article(store: Store, tmp_path: Path, facts: GeoFacts) -> None:
    store_with(store, record("a1"), record("a2", url="https://other.example/a2"))
    with store.begin() as conn:
        from eventwire.store.writer import write_article

        write_article(conn, record("a3", url="https://copy.example/a3"), duplicate_of="a1", similarity=0.95)
    path = tmp_path / "gkg.tsv"
    summary = export(store, "gkg", path, facts=facts)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert summary.rows == len(lines) == 2 and summary.unit == "articles"
    assert all(len(line.split("\t")) == 27 for line in lines)
    assert [line.split("\t")[0].split("-", 1)[1] for line in lines] == ["a1", "a2"]


def test_a_record_without_extractions_still_has_27_fields(facts: GeoFacts) -> None:
    row = {"id": "b", "url": None, "title": None, "source": None, "published": None, "added_at": "x"}
    fields = gkg_row(row, {"id": "b", "text": "Nothing here."}, facts)
    assert len(fields) == 27 and fields[0] == "0-b" and fields[17] == "wc:2"


@pytest.mark.shared
def test_names_and_order_match_the_reference_files() -> None:
    spec, sample = REFERENCE / "gdeltPyR_gkg2.csv", REFERENCE / "moxious_gkg21_sample.csv"
    if not (spec.is_file() and sample.is_file()):
        pytest.skip(f"{REFERENCE} is absent: this test needs the shared reference files")
    with spec.open(encoding="utf-8") as f:
        assert [r["name"] for r in csv.DictReader(f)] == list(BIGQUERY_NAMES)
    csv.field_size_limit(10**8)
    with sample.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == list(BIGQUERY_NAMES)
        assert all(len(row) == len(COLUMNS) == 27 for row in reader)
