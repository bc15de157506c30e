"""The offline gazetteer: index building and caching, lookups, disambiguation, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.kb import gazetteer as gazetteer_module
from eventwire.kb import gazetteer_build
from eventwire.kb.gazetteer import Gazetteer, GeoEntry, distance_km
from eventwire.kb.gazetteer_build import estimate_center, normalize_name


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache dir for the whole session, so the index is built once (about 10 s)."""
    return tmp_path_factory.getbasetemp() / "gazetteer-cache"


@pytest.fixture(scope="session")
def gaz(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir=cache_dir)


def _near(entry: GeoEntry | None, lat: float, lon: float, km: float = 50.0) -> bool:
    return entry is not None and distance_km(entry.lat, entry.lon, lat, lon) <= km


def _tiny_index() -> tuple[list[gazetteer_build.Row], dict[str, tuple[int, ...]]]:
    rows: list[gazetteer_build.Row] = [
        (1, "Testville", "USA", 10.0, 20.0, "city", 5000, False, "TX", "PPL"),
    ]
    return rows, {"testville": (0,)}


# ---- building and caching ----------------------------------------------------------------------


def test_build_writes_one_cache_file_that_is_reused(
    gaz: Gazetteer, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = list(cache_dir.glob("gazetteer-*.marshal"))
    assert len(files) == 1 and len(gaz) > 200_000

    def no_build() -> None:
        raise AssertionError("the cache should have been read, not rebuilt")

    monkeypatch.setattr(gazetteer_module, "build_index", no_build)
    again = Gazetteer.load(cache_dir=cache_dir)
    assert len(again) == len(gaz)


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> tuple[list[gazetteer_build.Row], dict[str, tuple[int, ...]]]:
        calls.append(1)
        return _tiny_index()

    monkeypatch.setattr(gazetteer_module, "build_index", build)
    monkeypatch.setattr(gazetteer_module, "source_fingerprint", lambda: "abc")
    cache = tmp_path / "gazetteer-abc.marshal"
    cache.write_bytes(b"\x00not marshal data at all")
    gaz = Gazetteer.load(cache_dir=tmp_path)
    assert calls == [1]
    assert gaz.resolve("Testville") is not None
    # the rebuilt cache is good now: a second load does not build
    Gazetteer.load(cache_dir=tmp_path)
    assert calls == [1]


def test_stale_cache_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer_module, "build_index", _tiny_index)
    monkeypatch.setattr(gazetteer_module, "source_fingerprint", lambda: "old")
    Gazetteer.load(cache_dir=tmp_path)
    monkeypatch.setattr(gazetteer_module, "source_fingerprint", lambda: "new")
    Gazetteer.load(cache_dir=tmp_path)
    assert [p.name for p in tmp_path.glob("gazetteer-*")] == ["gazetteer-new.marshal"]


def test_unwritable_cache_dir_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer_module, "build_index", _tiny_index)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    gaz = Gazetteer.load(cache_dir=blocker / "cache")
    assert gaz.candidates("testville")


def test_cache_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "here"))
    assert gazetteer_module.default_cache_dir() == tmp_path / "here"


def test_bad_region_row_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "regions.csv"
    bad.write_text("# a comment\nname,aliases,kind,country,lat,lon\nSomewhere,,region,,95.0,10.0\n")
    monkeypatch.setattr(gazetteer_build, "data_path", lambda name: bad)
    with pytest.raises(DataFileError) as info:
        gazetteer_build._add_regions(gazetteer_build._Builder())
    assert info.value.line == 3 and "95.0" in str(info.value)


# ---- names and points ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("U.S.", "US"),
        ("the U.S.", "US"),
        ("US", "US"),
        ("us", "us"),
        ("the Gaza Strip", "gaza strip"),
        ("São  Paulo", "sao paulo"),
        ("Indo-Pacific", "indo pacific"),
        ("Côte d’Ivoire", "cote d'ivoire"),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_estimate_center_handles_the_antimeridian() -> None:
    lat, lon = estimate_center([(-17.0, 178.0), (-18.0, 179.5), (-16.5, -179.5)])
    assert abs(lat + 17.25) < 0.01
    assert lon > 178.0 or lon < -179.0


# ---- lookups -------------------------------------------------------------------------------------


def test_new_delhi(gaz: Gazetteer) -> None:
    entry = gaz.resolve("New Delhi")
    assert entry is not None and entry.country == "IND" and entry.kind == "city"
    assert _near(entry, 28.6, 77.2)


def test_washington_in_us_context_is_the_capital(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Washington", context_countries={"USA"})
    assert entry is not None and entry.country == "USA" and entry.capital
    assert _near(entry, 38.9, -77.0)


def test_gaza_is_palestinian(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Gaza")
    assert entry is not None and entry.country == "PSE"


def test_named_regions(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Indo-Pacific")
    assert entry is not None and entry.kind == "region"
    strait = gaz.resolve("the Taiwan Strait")
    assert strait is not None and strait.kind == "region"


def test_country(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Ukraine")
    assert entry is not None and (entry.kind, entry.country) == ("country", "UKR")
    assert gaz.country("UKR") == entry


def test_country_aliases_and_acronyms(gaz: Gazetteer) -> None:
    for name in ("US", "U.S.", "the United States", "America"):
        entry = gaz.resolve(name)
        assert entry is not None and entry.country == "USA" and entry.kind == "country", name
    # a pronoun is not an acronym
    us = gaz.resolve("us")
    assert us is None or us.kind != "country"


def test_georgia_depends_on_the_other_names(gaz: Gazetteer) -> None:
    alone = gaz.resolve("Georgia")
    assert alone is not None and alone.kind == "country"
    with_tbilisi = gaz.resolve_all(["Georgia", "Tbilisi"])[0]
    assert with_tbilisi is not None and with_tbilisi.country == "GEO"
    with_atlanta = gaz.resolve_all(["Georgia", "Atlanta"])[0]
    assert with_atlanta is not None and (with_atlanta.country, with_atlanta.kind) == ("USA", "admin")


def test_paris_is_french_unless_the_text_is_about_texas(gaz: Gazetteer) -> None:
    assert _near(gaz.resolve("Paris"), 48.85, 2.35)
    texan = gaz.resolve_all(["Paris", "Texas", "Dallas"])[0]
    assert texan is not None and (texan.country, texan.admin1) == ("USA", "TX")


def test_state_abbreviation(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Calif.")
    assert entry is not None and entry.name == "California"


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.resolve("Qwxzyville Upon Nothing") is None
    assert gaz.candidates("") == []


def test_lookup_is_fast(gaz: Gazetteer) -> None:
    names = ["Paris", "Washington", "New Delhi", "Springfield", "Georgia", "Kyiv", "Gaza", "Nowhere"] * 125
    start = time.perf_counter()
    for name in names:
        gaz.resolve(name, context_countries={"USA"})
    mean = (time.perf_counter() - start) / len(names)
    assert mean < 1e-3, f"{mean * 1e6:.0f} µs per lookup"


# ---- spellings, demonyms and resolving names together ---------------------------------------------


def test_abbreviated_words_are_found_either_way(gaz: Gazetteer) -> None:
    # a small town the sources spell in full is found by the abbreviation ...
    assert any(e.admin1 == "IA" for e in gaz.candidates("Mt. Pleasant"))
    # ... while the spelling a place is known by still ranks first
    louis = gaz.resolve("St. Louis")
    assert louis is not None and (louis.country, louis.admin1) == ("USA", "MO")
    assert normalize_name("St. Louis") == "st louis"


def test_main_names_only(gaz: Gazetteer) -> None:
    every, main = gaz.candidates("Franklin"), gaz.candidates("Franklin", main=True)
    assert main and len(main) < len(every)
    assert all(e.name.startswith("Franklin") for e in main)


def test_towns_beside_each_other_win_over_a_larger_namesake(gaz: Gazetteer) -> None:
    alone = gaz.resolve_all(["Springfield"])[0]
    assert alone is not None and alone.admin1 != "MA"
    together = gaz.resolve_all(["Springfield", "Chicopee", "Holyoke"])
    assert [(e.country, e.admin1) for e in together if e is not None] == [("USA", "MA")] * 3


def test_a_reading_is_not_its_own_context(gaz: Gazetteer) -> None:
    # "Mexico" read as Mexico City must not gain from "Mexico City" naming that very place
    mexico, city = gaz.resolve_all(["Mexico", "Mexico City"])
    assert mexico is not None and mexico.kind == "country"
    assert city is not None and city.kind == "city"


def test_spellings_of_one_name_are_one_name(gaz: Gazetteer) -> None:
    upper, title = gaz.resolve_all(["MANSFIELD", "Mansfield"])
    assert upper == title == gaz.resolve("Mansfield")


def test_the_area_the_text_names_beside_a_place(gaz: Gazetteer) -> None:
    irish = gaz.resolve("Dublin")
    assert irish is not None and irish.country == "IRL"
    ohio = gaz.resolve_all(["Dublin"], within={"Dublin": "USA.OH"})[0]
    assert ohio is not None and (ohio.country, ohio.admin1) == ("USA", "OH")
    texan = gaz.resolve_all(["Paris"], within={"Paris": "USA"})[0]
    assert texan is not None and texan.country == "USA"


@pytest.mark.parametrize(
    ("demonym", "area"),
    [("Ohioans", "Ohio"), ("Texan", "Texas"), ("Floridian", "Florida"), ("Dagestani", "Dagestan")],
)
def test_demonyms_of_areas(gaz: Gazetteer, demonym: str, area: str) -> None:
    entry = gaz.area_of_demonym(demonym)
    assert entry is not None and entry.name == area


@pytest.mark.parametrize("word", ["Brian", "Morgan", "smithers", "Ohio", "New-York"])
def test_words_that_are_no_demonym(gaz: Gazetteer, word: str) -> None:
    assert gaz.area_of_demonym(word) is None


def test_respelled_keys() -> None:
    assert gazetteer_build._respelled("saint cloud") == "st cloud"
    assert gazetteer_build._respelled("mt pleasant") == "mount pleasant"
    assert gazetteer_build._respelled("stanton") == ""  # whole words only
