"""GDELT 2.0 Events: one tab-separated line of 61 fields per event, in GDELT's column order.

GDELT's files have no header line; ``header=True`` adds one with GDELT's column names. Empty
fields are empty strings; tabs and line breaks inside values become spaces, so a line is always
one event. How each column is filled (docs/exports.md has the full table):

    GLOBALEVENTID      a stable 63-bit integer: the first 8 bytes of BLAKE2b of the event id
                       ("<article id>:<event id>"), shifted right once so it is never negative
    SQLDATE ...        the event's date; an event known only to the month takes the publication
                       day; FractionDate = YYYY + (MM*30 + DD)/365 as GDELT computes it
    Actor*Code         our CAMEO actor code, split into country, known group and types
    Actor*Name         the actor's canonical name in upper case ("ANTONY BLINKEN", "UNITED STATES")
    IsRootEvent        1 when the event is in the article's first LEAD_SENTENCES sentences
    NumMentions ...    from the event's story (dedup); 1/1/1 when it has none
    AvgTone            ten times the event sentence's VADER compound score (-10..10)
    Actor*Geo_*        the actor's country (type 1): GDELT locates actors in the text, we by affiliation
    ActionGeo_*        the event's location
    DATEADDED          when the article was stored, YYYYMMDDHHMMSS UTC
    SOURCEURL          the article's URL, else the input it was read from
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

from eventwire.export.geo import EMPTY, GeoBlock, GeoFacts, actor_parts
from eventwire.kb.model import SECTORS

__all__ = ["COLUMNS", "LEAD_SENTENCES", "event_id_number", "gdelt_row", "write_gdelt"]

# fmt: off
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
# fmt: on

# A news report's lead, where ICEWS and GDELT found the most important events, is its first
# paragraph; wire leads are one sentence and the second usually completes it (who said it, where).
LEAD_SENTENCES = 2

# VADER's compound score is -1..1; GDELT's tone is a percentage, -100..100, "common values
# between -10 and +10". Ten times the compound puts a clearly worded sentence (|compound| ~ 0.5)
# where GDELT's typical article falls.
TONE_SCALE = 10.0

_WHITESPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " "})


def clean(value: Any) -> str:
    """A field's text: ``""`` for None, numbers without noise, tabs and line breaks as spaces."""
    # Dispatch on the exact type: this runs for every field of every line, the export's hot path.
    kind = type(value)
    if kind is str:
        return value.translate(_WHITESPACE) if value else ""
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is float:
        return repr(round(value, 6))
    if kind is bool:
        return "1" if value else "0"
    return str(value).translate(_WHITESPACE)


def tsv_line(fields: Sequence[Any]) -> str:
    """One tab-separated line (with its newline) of cleaned fields."""
    return "\t".join(map(clean, fields)) + "\n"


def event_id_number(event_id: str) -> int:
    """GLOBALEVENTID: a stable non-negative 63-bit integer for a store event id."""
    digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def compact_time(iso: str | None) -> str:
    """``"2023-11-10T08:15:00+00:00"`` -> ``"20231110081500"`` (YYYYMMDDHHMMSS); ``""`` if unreadable."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%Y%m%d%H%M%S")
    except ValueError:
        return ""


def _date_fields(row: Mapping[str, Any]) -> tuple[Any, Any, Any, Any]:
    """(SQLDATE, MonthYear, Year, FractionDate) of an event row; unknown parts are empty."""
    day = row.get("day") or 0
    month = row.get("month") or 0
    published = row.get("article_published") or ""
    published_day = int(published.replace("-", "")) if len(published) == 10 else 0
    if not day and month and published_day // 100 == month:
        day = published_day  # known to the month, reported that month: the report's day
    if day:
        y, m, d = day // 10000, day // 100 % 100, day % 100
        return day, day // 100, y, f"{y + (m * 30 + d) / 365:.4f}"
    if month:
        y, m = month // 100, month % 100
        return "", month, y, f"{y + (m * 30) / 365:.4f}"
    year = (row.get("date") or "")[:4]
    return ("", "", int(year), f"{int(year):.4f}") if year.isdigit() else ("", "", "", "")


def _actor(row: Mapping[str, Any], side: str, facts: GeoFacts) -> list[Any]:
    """The ten Actor1*/Actor2* code and name columns of one side of an event."""
    code = row.get(f"{side}_code") or ""
    iso3 = row.get(f"{side}_country")
    country, group, types = actor_parts(code, facts, SECTORS)
    if iso3:
        country = facts.cameo_country(iso3)
    sector = row.get(f"{side}_actor_sector")
    if not types and sector:
        types = [sector]
    # GDELT names a country-level actor by its country ("UNITED STATES" for "American officials").
    name = row.get(f"{side}_actor_name") or ""
    if not name and iso3 and len(code) <= 3:
        name = facts.country_name(iso3)
    name = name or row.get(f"{side}_name") or ""
    if not code and not name:
        return [""] * 10
    types = [*types, "", "", ""][:3]
    return [code, name.upper(), country, group, "", "", "", *types]


def _geo(block: GeoBlock) -> list[Any]:
    return [
        block.type,
        block.full_name,
        block.country_code,
        block.adm1,
        block.adm2,
        block.lat,
        block.lon,
        block.feature_id,
    ]


def gdelt_row(row: Mapping[str, Any], facts: GeoFacts) -> list[Any]:
    """The 61 GDELT 2.0 fields of one event row from :func:`eventwire.export.rows.event_rows`."""
    cameo = row["cameo"]
    tone = row.get("tone")
    has_story = row.get("story_mentions") is not None
    action = facts.place_block(
        name=row.get("location_name"),
        country=row.get("location_country"),
        lat=row.get("lat"),
        lon=row.get("lon"),
        geonameid=row.get("geonameid"),
        kind=row.get("location_kind"),
    )
    actor1_geo = facts.country_block(row.get("source_country")) if row.get("source_code") else EMPTY
    actor2_geo = facts.country_block(row.get("target_country")) if row.get("target_code") else EMPTY
    return [
        event_id_number(row["id"]),
        *_date_fields(row),
        *_actor(row, "source", facts),
        *_actor(row, "target", facts),
        1 if (row.get("sentence") or 0) < LEAD_SENTENCES else 0,
        cameo,
        cameo[:3],
        row.get("root") or cameo[:2],
        row.get("quad_class"),
        float(row["goldstein"]),
        row["story_mentions"] if has_story else 1,
        row["story_sources"] if has_story else 1,
        row["story_articles"] if has_story else 1,
        round(float(tone) * TONE_SCALE, 4) if tone is not None else None,
        *_geo(actor1_geo),
        *_geo(actor2_geo),
        *_geo(action),
        compact_time(row.get("article_added_at")),
        row.get("article_url") or row.get("article_input") or "",
    ]


def write_gdelt(
    rows: Iterable[Mapping[str, Any]], out: TextIO, *, facts: GeoFacts | None = None, header: bool = False
) -> int:
    """Write GDELT 2.0 Events lines for ``rows`` to ``out``; return how many were written."""
    facts = facts or GeoFacts()
    if header:
        out.write(tsv_line(COLUMNS))
    n = 0
    for row in rows:
        out.write(tsv_line(gdelt_row(row, facts)))
        n += 1
    return n
