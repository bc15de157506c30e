"""Places and actors as the GDELT formats locate them: FIPS 10-4 codes, GDELT location types, names.

GDELT's geographic fields (``Actor1Geo_*``, ``ActionGeo_*`` in the Events table, ``V1LOCATIONS``
and ``V2ENHANCEDLOCATIONS`` in the GKG) share one layout, a :class:`GeoBlock`:

    Type      0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state (first-level region)
    FullName  "Country" | "Region, Country" | "City, Country"
    CountryCode  FIPS 10-4 ("UK", "GM", "RS"), not ISO: read from ``export/data/fips10_4.csv``
    ADM1Code  the FIPS country code followed by the first-level region code when it is known
              (GeoNames' admin1 code: the state abbreviation in the US, as GDELT writes "USTX")
    ADM2Code  always empty (eventwire does not resolve districts)
    Lat, Long the place's point; a country's conventional centre for country-level matches
    FeatureID a city's GeoNames id; the ADM1 code for regions; the FIPS code for countries

:class:`GeoFacts` holds what these need. It reads the knowledge base's country table and the FIPS
file on first use and asks the gazetteer (optional) for country centres and a place's admin1
code; the constructor does no I/O, so building one is free.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING

from eventwire.errors import DataFileError

if TYPE_CHECKING:
    from eventwire.kb.gazetteer import Gazetteer
    from eventwire.kb.model import Country

__all__ = ["FIPS_FILE", "GeoBlock", "GeoFacts", "actor_parts", "read_fips"]

FIPS_FILE = "fips10_4.csv"
_ISO3 = re.compile(r"^[A-Z]{3}$")
_FIPS = re.compile(r"^(?:[A-Z]{2})?$")

# GDELT's location types.
NO_GEO, COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 0, 1, 2, 3, 4, 5
_REGION_KINDS = frozenset({"admin", "region"})


@dataclass(frozen=True)
class GeoBlock:
    """One GDELT location: the eight fields of ``Actor1Geo_*`` (or one GKG location entry)."""

    type: int = NO_GEO
    full_name: str = ""
    country_code: str = ""  # FIPS 10-4
    adm1: str = ""
    adm2: str = ""
    lat: float | None = None
    lon: float | None = None
    feature_id: str = ""


EMPTY = GeoBlock()


def read_fips(text: str | None = None, *, path: str = FIPS_FILE) -> dict[str, str]:
    """ISO3 -> FIPS 10-4 from the packaged file (or ``text``); an empty code is kept as ``""``.

    Raises :class:`~eventwire.errors.DataFileError` naming the line of a malformed row.
    """
    if text is None:
        text = (resources.files("eventwire.export") / "data" / FIPS_FILE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader(io.StringIO(line)))
        if not header_seen:
            if [c.strip() for c in cells] != ["iso3", "fips"]:
                raise DataFileError(path, number, f"the header must be 'iso3,fips', not {line!r}")
            header_seen = True
            continue
        if len(cells) != 2:
            raise DataFileError(path, number, f"expected 2 cells (iso3,fips), found {len(cells)}")
        iso3, fips = (c.strip() for c in cells)
        if not _ISO3.match(iso3):
            raise DataFileError(path, number, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if not _FIPS.match(fips):
            raise DataFileError(path, number, f"{fips!r} is not a two-letter FIPS 10-4 code")
        if iso3 in table:
            raise DataFileError(path, number, f"{iso3} is listed twice")
        table[iso3] = fips
    if not header_seen:
        raise DataFileError(path, None, "no 'iso3,fips' header")
    return table


class GeoFacts:
    """Country names, CAMEO and FIPS codes, centres and admin1 codes for the GDELT exports.

    ``use_gazetteer=False`` (or no gazetteer cache) leaves country centres and admin1 codes out:
    a country-level block then has no coordinates and an ADM1 code is the country's FIPS code.
    """

    def __init__(self, *, use_gazetteer: bool = True, gazetteer: Gazetteer | None = None) -> None:
        self._use_gazetteer = use_gazetteer
        self._given_gazetteer = gazetteer
        self._admin1: dict[tuple[str, int], str | None] = {}  # memo: one gazetteer look-up per place
        self._country_blocks: dict[str, GeoBlock] = {}  # memo: a country's block never changes

    @cached_property
    def _countries(self) -> Mapping[str, Country]:
        from eventwire.kb.loader import load_tables

        return {c.iso3: c for c in load_tables(people=False).countries}

    @cached_property
    def _fips(self) -> Mapping[str, str]:
        return read_fips()

    @cached_property
    def _gazetteer(self) -> Gazetteer | None:
        if self._given_gazetteer is not None or not self._use_gazetteer:
            return self._given_gazetteer
        from eventwire.kb.gazetteer import default_gazetteer

        return default_gazetteer()

    def country_name(self, iso3: str | None) -> str:
        """The English short name of a country ("United States"), or ``""`` when unknown."""
        country = self._countries.get(iso3 or "")
        return country.name if country else ""

    def cameo_country(self, iso3: str | None) -> str:
        """CAMEO's three-letter country code (ISO3 except where CAMEO differs: TLS -> TMP)."""
        if not iso3:
            return ""
        country = self._countries.get(iso3)
        return (country.cameo or country.iso3) if country else iso3

    def country_of_code(self, code: str) -> str | None:
        """The CAMEO country code when ``code`` is a country's CAMEO or ISO3 code, else None."""
        return self._cameo_codes.get(code)

    @cached_property
    def _cameo_codes(self) -> Mapping[str, str]:
        codes = {c.iso3: c.cameo or c.iso3 for c in self._countries.values()}
        codes.update({c.cameo: c.cameo for c in self._countries.values() if c.cameo})
        return codes

    def fips(self, iso3: str | None) -> str:
        """The FIPS 10-4 code GDELT uses for a country ("GBR" -> "UK"), ``""`` when none."""
        return self._fips.get(iso3 or "", "")

    def country_block(self, iso3: str | None) -> GeoBlock:
        """A country-level location (type 1) at the country's centre; the empty block without a country."""
        if not iso3:
            return EMPTY
        block = self._country_blocks.get(iso3)
        if block is None:
            block = self._country_blocks[iso3] = self._make_country_block(iso3)
        return block

    def _make_country_block(self, iso3: str) -> GeoBlock:
        fips = self.fips(iso3)
        lat = lon = None
        gazetteer = self._gazetteer
        if gazetteer is not None:
            entry = gazetteer.country(iso3)
            if entry is not None:
                lat, lon = entry.lat, entry.lon
        return GeoBlock(COUNTRY, self.country_name(iso3) or iso3, fips, fips, "", lat, lon, fips)

    def place_block(
        self,
        *,
        name: str | None,
        country: str | None,
        lat: float | None,
        lon: float | None,
        geonameid: int | None,
        kind: str | None,
    ) -> GeoBlock:
        """The location block of a resolved place (an event's location, a place of the article).

        ``kind`` is the place's kind in the record (city, country, region, admin); a place of
        unknown kind is a country when its name is its country's name, else a city.
        """
        if not name and not country:
            return EMPTY
        country_name = self.country_name(country)
        if kind == "country" or (kind is None and (not name or name == country_name)):
            block = self.country_block(country)
            # The place's own point when it has one (the record's), else the country's centre.
            return replace(block, lat=lat, lon=lon) if lat is not None and lon is not None else block
        fips = self.fips(country)
        admin1 = self._admin1_code(name or "", geonameid)
        adm1 = f"{fips}{admin1}" if fips and admin1 else fips
        full = name or ""
        if country_name and not full.endswith(country_name):
            full = f"{full}, {country_name}"
        us = country == "USA"
        if kind in _REGION_KINDS:
            return GeoBlock(US_STATE if us else WORLD_STATE, full, fips, adm1, "", lat, lon, adm1)
        feature = str(geonameid) if geonameid is not None else ""
        return GeoBlock(US_CITY if us else WORLD_CITY, full, fips, adm1, "", lat, lon, feature)

    def _admin1_code(self, name: str, geonameid: int | None) -> str | None:
        """GeoNames' admin1 code of the place with this id, found through its name in the gazetteer."""
        if geonameid is None or not name:
            return None
        key = (name, geonameid)
        if key not in self._admin1:
            gazetteer = self._gazetteer
            found = None
            if gazetteer is not None:
                found = next((e.admin1 for e in gazetteer.candidates(name) if e.geonameid == geonameid), None)
            self._admin1[key] = found
        return self._admin1[key]


def actor_parts(code: str | None, facts: GeoFacts, sectors: frozenset[str]) -> tuple[str, str, list[str]]:
    """Split a CAMEO actor code into (country, known group, types), GDELT's Actor*Code columns.

    The code is read in three-letter chunks: a leading country ("USAGOV" -> USA, [GOV]); after
    the organisation prefixes IGO/NGO the next chunk is the known group ("IGOUNO" -> UNO, [IGO]);
    other chunks are types when CAMEO lists them as types, else the first is the known group
    ("PSEREBHMS" -> PSE, HMS, [REB]; "IMGREBALQ" -> ALQ, [IMG, REB]).
    """
    if not code:
        return "", "", []
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = facts.country_of_code(chunks[0]) or ""
    if country:
        chunks = chunks[1:]
    group = ""
    types: list[str] = []
    previous = ""
    for chunk in chunks:
        if previous in ("IGO", "NGO") and not group:
            group = chunk
        elif chunk in sectors:
            types.append(chunk)
        elif not group:
            group = chunk
        previous = chunk
    return country, group, types
