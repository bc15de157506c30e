"""PLOVER event records as JSON lines, following the PLOVER manual's "Data Fields" chapter.

One object per event, with the manual's field names::

    {"id", "date", "actor": [entity], "recipient": [entity], "event": ["CONSULT"],
     "mode": ["visit"], "context": ["diplomatic"], "quad_code": 1,
     "event_loc": {location object}, "event_text": ["met"], "text": "...",
     "text_info": {"sequence", "start", "end"}, "cite_info": {...}, "coder", "coded_date",
     "eventwire": {our fields: CAMEO code, Goldstein, confidence, modality, story, rule ...}}

Entities are ``{"code", "sector", "entity_text", "identifier_text", "office"}``: ``code`` is the
country's ISO3 code or one of PLOVER's international codes (UNO, EUR, IGO, NGO, IMG, MNC);
``sector`` is PLOVER's (CAMEO's MED is PLOVER's JRN, HLH is MED, INS and SEP are REB).
The auxiliary modes go into ``context`` as the manual asks: ``negation``, ``historical``,
``hypothetical`` and ``future`` (our "intended" modality).

PLOVER has no categories for CAMEO 01 (statements) and 02 (appeals): those events carry no PLOVER
type and are left out; :func:`write_plover` returns how many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, TextIO

from eventwire import __version__
from eventwire.export.geo import GeoFacts, actor_parts
from eventwire.kb.model import SECTORS

__all__ = ["CODEBOOK", "PloverWriter", "plover_record", "write_plover"]

CODEBOOK = "PLOVER draft 2.0 (CAMEO2PLOVER-2021 crosswalk)"
NAMESPACE = "eventwire"

# CAMEO actor types -> PLOVER sectors where they differ (manual, "Sector code notes" 3 and 4, and
# civil-society types folded into SOC); a type that is neither is dropped.
# fmt: off
_SECTOR = {
    "MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "ENV": "SOC", "HRI": "SOC",
    "DEV": "SOC", "NGM": "SOC", "SET": "CVL", "UIS": "UNK", "PKO": "MIL",
}
_PLOVER_SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})
# fmt: on
# PLOVER's international non-state "country" codes for CAMEO's organisation prefixes.
_INTERNATIONAL = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG", "MNC": "MNC"}
_IGO_GROUPS = {"UNO": "UNO", "EEC": "EUR"}  # the UN and the EU have their own PLOVER codes
_RESOLUTION = {"country": 1, "admin": 2, "region": 2, "city": 4}


def plover_sector(cameo_type: str | None) -> str | None:
    """The PLOVER sector of a CAMEO actor type, or None when PLOVER has none for it."""
    if not cameo_type:
        return None
    sector = _SECTOR.get(cameo_type, cameo_type)
    return sector if sector in _PLOVER_SECTORS else None


def _entity(row: Mapping[str, Any], side: str, facts: GeoFacts) -> dict[str, Any] | None:
    code = row.get(f"{side}_code") or ""
    text = row.get(f"{side}_name")
    if not code and not text:
        return None
    country, group, types = actor_parts(code, facts, SECTORS)
    entity_code = row.get(f"{side}_country") or None
    if entity_code is None and types and types[0] in _INTERNATIONAL:
        entity_code = _IGO_GROUPS.get(group) if types[0] == "IGO" else None
        entity_code = entity_code or _INTERNATIONAL[types[0]]
    if entity_code is None and country:
        entity_code = country
    sectors = [s for s in (plover_sector(t) for t in types if t not in _INTERNATIONAL) if s]
    sector = sectors[0] if sectors else plover_sector(row.get(f"{side}_actor_sector"))
    entity: dict[str, Any] = {"code": entity_code, "sector": sector, "entity_text": text}
    if row.get(f"{side}_actor_name"):
        entity["identifier_text"] = row[f"{side}_actor_name"]
    if row.get(f"{side}_actor_title"):
        entity["office"] = row[f"{side}_actor_title"]
    return entity


def _location(row: Mapping[str, Any], facts: GeoFacts) -> dict[str, Any] | None:
    name, country = row.get("location_name"), row.get("location_country")
    if not name and not country:
        return None
    kind = row.get("location_kind")
    return {
        "resolved_place": name or facts.country_name(country),
        "geonameid": row.get("geonameid"),
        "lat": row.get("lat"),
        "lon": row.get("lon"),
        "country": facts.country_name(country) or None,
        "country_code": country,
        "resolution": _RESOLUTION.get(kind or "", 1 if not name else None),
    }


class PloverWriter:
    """Turns event rows into PLOVER records; events without a PLOVER type are counted, not written."""

    def __init__(self, *, facts: GeoFacts | None = None) -> None:
        self.facts = facts or GeoFacts()
        self.left_out = 0

    @cached_property
    def _contexts(self) -> Mapping[str, tuple[str, ...]]:
        # The extractor takes contexts from the CAMEO->PLOVER crosswalk in cameo.csv; events keep
        # type and mode as columns but not contexts, so they are read from the same table.
        from eventwire.extract.cameo import default_cameo

        return {c.code: c.plover_context for c in default_cameo()}

    def record(self, row: Mapping[str, Any]) -> dict[str, Any] | None:
        """The PLOVER record of one event row, None for an event PLOVER has no category for."""
        if not row.get("plover_type"):
            self.left_out += 1
            return None
        return plover_record(row, self.facts, self._contexts.get(row["cameo"], ()))


def plover_record(row: Mapping[str, Any], facts: GeoFacts, contexts: Iterable[str] = ()) -> dict[str, Any]:
    """The PLOVER record of an event row that has a PLOVER type."""
    context = list(contexts)
    if row.get("negated"):
        context.append("negation")
    if row.get("historical"):
        context.append("historical")
    modality = row.get("modality")
    if modality == "hypothetical":
        context.append("hypothetical")
    elif modality == "intended":
        context.append("future")
    actor = _entity(row, "source", facts)
    recipient = _entity(row, "target", facts)
    added = str(row.get("article_added_at") or "")
    has_story = row.get("story_mentions") is not None
    return {
        "id": row["id"],
        "date": row.get("date"),
        "actor": [actor] if actor else [],
        "recipient": [recipient] if recipient else [],
        "event": [row["plover_type"]],
        "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
        "context": context,
        "quad_code": row.get("quad_class"),
        "event_loc": _location(row, facts),
        "event_text": [row["trigger"]] if row.get("trigger") else [],
        "text": row.get("sentence_text"),
        "text_info": {"sequence": row.get("sentence"), "start": row.get("start"), "end": row.get("end")},
        "cite_info": {
            "url": row.get("article_url"),
            "title": row.get("article_title"),
            "language": row.get("article_language"),
            "publication": row.get("article_source"),
            "coder": f"eventwire {__version__}",
            "codebook": CODEBOOK,
        },
        "coder": f"eventwire {__version__}",
        "coded_date": added[:10] or None,
        NAMESPACE: {
            "article_id": row.get("article_id"),
            "cameo": row.get("cameo"),
            "cameo_root": row.get("root"),
            "goldstein": row.get("goldstein"),
            "source_code": row.get("source_code"),
            "target_code": row.get("target_code"),
            "modality": modality,
            "negated": bool(row.get("negated")),
            "historical": bool(row.get("historical")),
            "confidence": row.get("confidence"),
            "tone": row.get("tone"),
            "rule": row.get("rule"),
            "story_id": row.get("story_id"),
            "num_mentions": row["story_mentions"] if has_story else 1,
            "num_articles": row["story_articles"] if has_story else 1,
            "num_sources": row["story_sources"] if has_story else 1,
        },
    }


def write_plover(
    rows: Iterable[Mapping[str, Any]], out: TextIO, *, facts: GeoFacts | None = None
) -> tuple[int, int]:
    """Write one JSON line per event with a PLOVER type; return (written, left out)."""
    writer = PloverWriter(facts=facts)
    n = 0
    for row in rows:
        rec = writer.record(row)
        if rec is not None:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n, writer.left_out
