"""What a query asks for: :class:`EventFilter`, checked and turned into SQLAlchemy Core conditions.

Every value a user gives is checked here before any SQL is built, and a bad one raises
:class:`~eventwire.errors.QueryError` naming the filter and the reason ("quad: 7 is not a QuadClass
(1-4)"). Values only ever reach the database as bound parameters.

The meaning of each filter (docs/queries.md says the same for users):

- ``source`` / ``target`` are directed; ``dyad=(A, B)`` is undirected: events from A to B *or* from
  B to A. Each side is an ISO 3166 alpha-3 country ("USA", matched on the event's country) or a CAMEO
  actor code or prefix ("USAGOV", "IGO", "IGOUNO", matched as a prefix of the event's actor code).
  CAMEO's own country codes are understood too (Timor-Leste "TMP" is ISO "TLS").
- ``root`` is the two-digit CAMEO root ("04"); ``code`` is a CAMEO code matched with its sub-codes:
  "023" matches 023 and 0231-0239, "0231" only itself, a two-digit code is the same as ``root``.
- ``since`` / ``until`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive) compare the event's date.
  An event dated only to a month is kept when its month is in the range; an event with no month
  (dated only to a year) is left out by any date filter.
- ``text``: every word must appear in the event's sentence (substring, case-insensitive).
- ``actor``: a substring of the full name of the event's source or target actor, or of its text.
- Negated events ("did not meet") are left out unless ``include_negated``; background events (told
  as history in the article) are kept unless ``include_historical`` is False.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, not_, or_, select

from eventwire.errors import QueryError
from eventwire.store import schema

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# A query with dozens of words is a mistake or an attack; each word is one LIKE over the sentence.
MAX_WORDS = 20
MAX_TEXT = 200
LIKE_ESCAPE = "\\"

_CODE = re.compile(r"^(?:[A-Z]{3}){1,5}$")  # CAMEO actor codes are 3-letter blocks, at most 16 chars
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class EventFilter:
    """Which events to return, and which page of them. Every field is optional; see the module doc."""

    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    root: str | None = None
    code: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    actor: str | None = None
    story: int | None = None
    article: str | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    include_negated: bool = False
    include_historical: bool = True


@dataclass(frozen=True)
class ActorMatch:
    """A checked country/actor argument: an ISO3 country to compare, a CAMEO code prefix, or both."""

    country: str | None
    code: str | None

    def on(self, country: Any, code: Any) -> ColumnElement[bool]:
        """The condition on a pair of columns (an event side, a story side, a speaker)."""
        conds: list[ColumnElement[bool]] = []
        if self.country:
            conds.append(country == self.country)
        if self.code:
            conds.append(code.like(escape_like(self.code) + "%", escape=LIKE_ESCAPE))
        return and_(*conds)

    def matches(self, country: str | None, code: str | None) -> bool:
        """The same test as :meth:`on`, on values already read."""
        if self.country and country != self.country:
            return False
        return not self.code or (code or "").startswith(self.code)


@dataclass(frozen=True)
class DateRange:
    """A checked since/until pair as YYYYMM months and YYYYMMDD days (None: open on that side)."""

    since_month: int | None = None
    since_day: int | None = None  # None when since was a year or a month
    until_month: int | None = None
    until_day: int | None = None
    since_text: str | None = None  # first day of the range, ISO
    until_text: str | None = None  # last day of the range, ISO

    def on_events(self) -> list[ColumnElement[bool]]:
        """Conditions on ``events.month``/``day``: the month bound is what an index can range over."""
        e = schema.events.c
        conds: list[ColumnElement[bool]] = []
        if self.since_month is not None:
            conds.append(e.month >= self.since_month)
            if self.since_day is not None:
                # day 0 is a month-only date, kept because its month is in range
                conds.append(or_(e.day >= self.since_day, e.day == 0))
        if self.until_month is not None:
            conds.append(e.month <= self.until_month)
            conds.append(e.month > 0)
            if self.until_day is not None:
                conds.append(e.day <= self.until_day)  # day 0 (month-only) passes, as it should
        return conds

    def on_stories(self) -> list[ColumnElement[bool]]:
        """Stories that overlap the range, comparing ISO text dates (fixed width: text order is time)."""
        s = schema.stories.c
        conds: list[ColumnElement[bool]] = []
        if self.since_text is not None:
            # "2023-11" sorts before "2023-11-01": a month-only story of the first month is named explicitly
            conds.append(or_(s.last_date >= self.since_text, s.last_date == self.since_text[:7]))
        if self.until_text is not None:
            conds.append(s.first_date <= self.until_text)
        return conds


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards made literal, for ``LIKE ... ESCAPE '\\'``."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


@lru_cache(maxsize=1)
def _countries() -> Mapping[str, tuple[str, str]]:
    """ISO3 and CAMEO country codes -> (ISO3, CAMEO code), from the packaged knowledge base."""
    from eventwire.kb.loader import load_tables  # the KB is read only when a country is asked for

    table: dict[str, tuple[str, str]] = {}
    for c in load_tables(people=False).countries:
        pair = (c.iso3, c.cameo or c.iso3)
        table[c.iso3] = pair
        table.setdefault(pair[1], pair)
    return MappingProxyType(table)


def actor_match(name: str, value: str) -> ActorMatch:
    """Check a country/actor argument (``USA``, ``usagov``, ``IGO``) and say what it matches."""
    from eventwire.kb.model import SECTORS

    code = str(value).strip().upper()
    if not _CODE.match(code):
        raise QueryError(
            f"{name}: {value!r} is not an ISO3 country code (USA) or a CAMEO actor code (USAGOV, IGO): "
            "give letters in blocks of three"
        )
    head, rest = code[:3], code[3:]
    known = _countries().get(head)
    if known is not None:
        iso3, cameo = known
        # the country column is indexed; the code prefix narrows it to a sector ("USAGOV")
        return ActorMatch(country=iso3, code=cameo + rest if rest else None)
    if head in SECTORS:  # IGO, NGO, MNC..., or a sector without a known country ("MIL")
        return ActorMatch(country=None, code=code)
    raise QueryError(
        f"{name}: {head!r} is neither a known ISO3 country code nor a CAMEO actor type (IGO, NGO, MNC...)"
    )


def check_root(name: str, value: str) -> str:
    """A two-digit CAMEO root 01-20."""
    text = str(value).strip()
    if not (_DIGITS.match(text) and len(text) == 2 and 1 <= int(text) <= 20):
        raise QueryError(f"{name}: {value!r} is not a CAMEO root: give two digits 01-20 (e.g. 04)")
    return text


def cameo_codes(name: str, value: str) -> list[str]:
    """The codes a ``code`` filter matches: itself and, for three digits, its four-digit sub-codes."""
    text = str(value).strip()
    if not (_DIGITS.match(text) and 2 <= len(text) <= 4):
        raise QueryError(f"{name}: {value!r} is not a CAMEO event code: give 2-4 digits (e.g. 042)")
    check_root(name, text[:2])
    if len(text) == 3:
        return [text, *(text + d for d in "0123456789")]
    return [text]


def check_quad(name: str, value: Any) -> int:
    """A QuadClass 1-4 (1 verbal cooperation ... 4 material conflict)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise QueryError(f"{name}: {value!r} is not a QuadClass: give 1, 2, 3 or 4")
    text = str(value).strip()
    if not _DIGITS.match(text) or not 1 <= int(text) <= 4:
        raise QueryError(f"{name}: {value!r} is not a QuadClass: give 1, 2, 3 or 4")
    return int(text)


def _parse_date(name: str, value: str, *, end: bool) -> tuple[int, int | None, str]:
    """``(YYYYMM, YYYYMMDD or None, ISO day)`` for the start (or ``end``) of a partial date."""
    m = _DATE.match(str(value).strip())
    if not m:
        raise QueryError(f"{name}: {value!r} is not a date: give YYYY-MM-DD, YYYY-MM or YYYY")
    year, month_text, day_text = int(m[1]), m[2], m[3]
    month = int(month_text) if month_text else (12 if end else 1)
    try:
        if day_text:
            day = date(year, month, int(day_text))
            return year * 100 + month, int(day.strftime("%Y%m%d")), day.isoformat()
        first = date(year, month, 1)
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not a date: {exc}") from exc
    last = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)).toordinal() - 1
    iso = date.fromordinal(last).isoformat() if end else first.isoformat()
    return year * 100 + month, None, iso


def date_range(since: str | None, until: str | None) -> DateRange:
    """Check since/until; raise QueryError when one is not a date or since is after until."""
    s = _parse_date("since", since, end=False) if since else None
    u = _parse_date("until", until, end=True) if until else None
    if s and u and s[2] > u[2]:
        raise QueryError(f"since: {since} is after until {until}: the range is empty")
    return DateRange(
        since_month=s[0] if s else None,
        since_day=s[1] if s else None,
        until_month=u[0] if u else None,
        until_day=u[1] if u else None,
        since_text=s[2] if s else None,
        until_text=u[2] if u else None,
    )


def check_limit(value: Any, *, maximum: int = MAX_LIMIT) -> int:
    """A page size 1..``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise QueryError(f"limit: {value!r} is not a page size: give a whole number 1-{maximum}")
    return value


def words(name: str, text: str) -> list[str]:
    """The words of a text filter, checked for count and length."""
    if len(text) > MAX_TEXT:
        raise QueryError(f"{name}: the text is {len(text)} characters long; the limit is {MAX_TEXT}")
    found = text.split()
    if not found:
        raise QueryError(f"{name}: give at least one word")
    if len(found) > MAX_WORDS:
        raise QueryError(f"{name}: {len(found)} words; the limit is {MAX_WORDS}")
    return found


def contains(column: Any, word: str) -> ColumnElement[bool]:
    """Case-insensitive substring match with the word's wildcards escaped."""
    return column.ilike("%" + escape_like(word) + "%", escape=LIKE_ESCAPE)


def dyad_branches(
    a: ActorMatch, b: ActorMatch, country: Sequence[Any], code: Sequence[Any]
) -> list[ColumnElement[bool]]:
    """Either direction between ``a`` and ``b`` as disjoint conditions, one per direction.

    Each part is an equality search on the (source, target) index; an OR of the two would make
    SQLite collect row ids and read the table, losing the index's order and its covering columns.
    ``country``/``code`` are the (source, target) columns.
    """
    forward = and_(a.on(country[0], code[0]), b.on(country[1], code[1]))
    if a == b:
        return [forward]
    backward = and_(b.on(country[0], code[0]), a.on(country[1], code[1]))
    if a.country and b.country and a.country != b.country:
        return [forward, backward]  # two countries: no event goes both ways
    # an event may match both directions (USA and USAGOV): count it in the first part only
    return [forward, and_(backward, not_(func.coalesce(forward, false())))]


def dyad_condition(a: ActorMatch, b: ActorMatch, country: Sequence[Any], code: Sequence[Any]) -> Any:
    """Either direction between ``a`` and ``b`` as one condition."""
    return or_(*dyad_branches(a, b, country, code))


def _dyad(filt: EventFilter) -> tuple[ActorMatch, ActorMatch] | None:
    if filt.dyad is None:
        return None
    if isinstance(filt.dyad, str) or len(filt.dyad) != 2:
        raise QueryError(f"dyad: give two countries or actor codes, not {filt.dyad!r}")
    return actor_match("dyad", filt.dyad[0]), actor_match("dyad", filt.dyad[1])


def event_conditions(filt: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``filt`` on ``events`` (not the cursor or limit); raises QueryError."""
    branches = event_branches(filt)
    if len(branches) == 1:
        return branches[0]
    return [or_(*(and_(*conds) for conds in branches))]


def event_branches(filt: EventFilter) -> list[list[ColumnElement[bool]]]:
    """``filt``'s conditions as disjoint parts (a dyad's two directions) to query apart and add up."""
    e = schema.events.c
    dyad = _dyad(filt)
    common = _common_conditions(filt)
    if dyad is None:
        return [common]
    parts = dyad_branches(*dyad, (e.source_country, e.target_country), (e.source_code, e.target_code))
    # the dyad first: it is the condition an index serves
    return [[part, *common] for part in parts]


def _common_conditions(filt: EventFilter) -> list[ColumnElement[bool]]:
    e = schema.events.c
    conds: list[ColumnElement[bool]] = []
    if filt.source:
        conds.append(actor_match("source", filt.source).on(e.source_country, e.source_code))
    if filt.target:
        conds.append(actor_match("target", filt.target).on(e.target_country, e.target_code))
    if filt.root:
        conds.append(e.root == check_root("root", filt.root))
    if filt.code:
        codes = cameo_codes("code", filt.code)
        conds.append(e.root == codes[0] if len(codes[0]) == 2 else e.cameo.in_(codes))
    if filt.quad is not None:
        conds.append(e.quad_class == check_quad("quad", filt.quad))
    conds += date_range(filt.since, filt.until).on_events()
    if filt.text is not None:
        conds += [contains(e.sentence_text, w) for w in words("text", filt.text)]
    if filt.actor is not None:
        conds.append(_actor_named(filt.actor))
    if filt.story is not None:
        conds.append(e.story_id == check_id("story", filt.story))
    if filt.article is not None:
        conds.append(e.article_id == _article_id(filt.article))
    if not filt.include_negated:
        conds.append(e.negated == false())
    if not filt.include_historical:
        conds.append(e.historical == false())
    return conds


EVENT_CURSOR = ("events", (int, int, str))  # (month, day, id) of the last row of a page


def check_filter(filt: EventFilter) -> None:
    """Raise QueryError for the first bad value in ``filt``, before any query runs (for the HTTP API)."""
    event_conditions(filt)
    check_limit(filt.limit)
    if filt.cursor:
        decode_cursor(EVENT_CURSOR[0], filt.cursor, EVENT_CURSOR[1])


def _actor_named(value: str) -> ColumnElement[bool]:
    name = " ".join(words("actor", value))
    e, a = schema.events.c, schema.actors.c
    full_name = exists(
        select(a.actor_id).where(
            a.article_id == e.article_id,
            or_(a.actor_id == e.source_actor, a.actor_id == e.target_actor),
            contains(a.name, name),
        )
    )
    return or_(contains(e.source_name, name), contains(e.target_name, name), full_name)


def check_id(name: str, value: Any) -> int:
    """A positive whole-number id (a story's)."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not _DIGITS.match(str(value).strip()):
        raise QueryError(f"{name}: {value!r} is not an id: give a whole number")
    number = int(str(value).strip())
    if not 1 <= number < 2**63:
        raise QueryError(f"{name}: {value!r} is out of range")
    return number


def _article_id(value: Any) -> str:
    text = str(value)
    if not text or len(text) > 64:
        raise QueryError(f"article: {value!r} is not an article id (1-64 characters)")
    return text


# ---- cursors ---------------------------------------------------------------------------------------------


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """An opaque cursor for the row after which the next page starts."""
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str, types: Sequence[type]) -> list[Any]:
    """The key inside a cursor made by :func:`encode_cursor` for the same kind of listing."""
    bad = QueryError(
        f"cursor: {cursor[:40]!r} is not a cursor of this {kind} listing: start again without it"
    )
    try:
        text = str(cursor)
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise bad from exc
    if not isinstance(data, list) or len(data) != len(types) + 1 or data[0] != kind:
        raise bad
    key = data[1:]
    for value, typ in zip(key, types, strict=True):
        if not isinstance(value, typ) or isinstance(value, bool):
            raise bad
    return key
