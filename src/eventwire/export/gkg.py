"""GDELT Global Knowledge Graph 2.1: one tab-separated line of 27 fields per article.

Built from the article record kept in ``articles.record``. Inside a field, entries are separated
by ``;`` and the parts of an entry by ``#`` (locations, dates), ``,`` (name and offset) or ``|``
(quotations, whose entries are separated by ``#``); offsets are character offsets into the
article's body text. Delimiters inside a value are replaced (``;`` and ``#`` by a space, ``,`` in
names by a space, ``|`` in quotes by ``/``) so every field splits cleanly.

What we fill and how (docs/exports.md has the table):

    GKGRECORDID        "<DATEADDED>-<article id>": GDELT's date-serial form, stable across exports
    V2.1DATE           publication date as YYYYMMDDHHMMSS (time 000000), 0 when unknown
    V1/V2 THEMES       our themes that have a GKG name (themes.yaml ``gkg``), offsets where their
                       evidence phrases occur
    V1/V2 LOCATIONS    the record's places, laid out as in the Events table (see export.geo)
    V1/V2 PERSONS, ORGANIZATIONS   actors by kind with their mention offsets; V1 lower case as GDELT
    V1.5TONE           tone, positive, negative, polarity (the record's tone, on GDELT's scale),
                       activity density (empty: no such lexicon), pronoun density, word count
    V2.1ENHANCEDDATES  the record's time expressions
    V2GCAM             "wc:<words>" only: eventwire has none of GCAM's dictionaries
    V2.1QUOTATIONS     offset|length|cue verb|quote; the speaker, which GKG has no field for, goes
                       into V2EXTRASXML as <SPEAKERS><SPEAKER n=".." offset="..">name</SPEAKER>…
    V2.1ALLNAMES       every actor and place mention as written
    counts, amounts, images, embeds, translation: empty (not extracted)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit

from eventwire.export.gdelt import compact_time, tsv_line
from eventwire.export.geo import GeoBlock, GeoFacts

__all__ = ["BIGQUERY_NAMES", "COLUMNS", "gkg_row", "write_gkg"]

# The codebook's names (GDELT files have no header line; ``header=True`` writes these).
# fmt: off
COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)
# The same columns as GDELT's BigQuery tables and most loaders name them.
BIGQUERY_NAMES: tuple[str, ...] = (
    "GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName", "DocumentIdentifier",
    "Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations", "Persons", "V2Persons",
    "Organizations", "V2Organizations", "V2Tone", "Dates", "GCAM", "SharingImage", "RelatedImages",
    "SocialImageEmbeds", "SocialVideoEmbeds", "Quotations", "AllNames", "Amounts", "TranslationInfo",
    "Extras",
)
# fmt: on

WEB, CITATION_ONLY = 1, 2  # V2SOURCECOLLECTIONIDENTIFIER
_RESOLUTION = {"year": 1, "month": 2, "day": 3}  # V2.1ENHANCEDDATES: 4 (month and day, no year) unused
_ORG_KINDS = frozenset({"organization", "group"})
_ENTRY = str.maketrans({";": " ", "#": " "})
_NAME = str.maketrans({";": " ", "#": " ", ",": " "})
_QUOTE = str.maketrans({"#": " ", "|": "/"})
# Personal pronouns (every person and case): GDELT's "self/group reference density" is the share
# of the article's words that are pronouns. An all-capital "US" is the country, not "us".
# fmt: off
_PRONOUNS = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
    "itself", "they", "them", "their", "theirs", "themselves",
})
# fmt: on
_WORD = re.compile(r"\b\w+\b")


def _entry(text: Any) -> str:
    return str(text or "").translate(_ENTRY).strip()


def _name(text: Any) -> str:
    return " ".join(str(text or "").translate(_NAME).split())


def _num(value: float | None) -> str:
    return "" if value is None else repr(round(float(value), 6))


def _location(block: GeoBlock, offset: int | None = None) -> str:
    """A V1 location (``offset`` None) or a V2 one (with ADM2 and the offset)."""
    parts = [str(block.type), _entry(block.full_name), block.country_code, block.adm1]
    if offset is not None:
        parts.append(block.adm2)
    parts += [_num(block.lat), _num(block.lon), _entry(block.feature_id)]
    if offset is not None:
        parts.append(str(offset))
    return "#".join(parts)


def _themes(rec: Mapping[str, Any], text: str) -> tuple[str, str]:
    """(V1THEMES, V2ENHANCEDTHEMES): GKG names, and each at every offset where its evidence occurs."""
    names: list[str] = []
    mentions: list[tuple[int, str]] = []
    lowered = text.lower()
    for theme in rec.get("themes") or []:
        gkg = theme.get("gkg") if isinstance(theme, Mapping) else None
        if not gkg:
            continue
        gkg = _name(gkg)
        if gkg not in names:
            names.append(gkg)
        for evidence in theme.get("evidence") or []:
            for phrase in str(evidence).split(" + "):  # a co-occurrence is "a + b"
                phrase = phrase.strip().lower()
                start = lowered.find(phrase) if phrase else -1
                while start >= 0:
                    mentions.append((start, gkg))
                    start = lowered.find(phrase, start + 1)
    v2 = [f"{t},{o}" for o, t in dict.fromkeys(sorted(mentions))]  # each (offset, theme) once
    return ("".join(f"{n};" for n in names), ";".join(v2))  # GDELT ends V1THEMES with ";"


def _actors(rec: Mapping[str, Any], kinds: frozenset[str]) -> tuple[str, str]:
    """(V1 names lower-cased and distinct, V2 "Name,offset" per mention) of actors of these kinds."""
    names: list[str] = []
    mentions: list[tuple[int, str]] = []
    for actor in rec.get("actors") or []:
        if actor.get("kind") not in kinds:
            continue
        name = _name(actor.get("name"))
        if not name:
            continue
        if name.lower() not in names:
            names.append(name.lower())
        mentions += [(int(m[0]), name) for m in actor.get("mentions") or []]
    return ";".join(names), ";".join(f"{n},{o}" for o, n in sorted(mentions))


def _places(rec: Mapping[str, Any], facts: GeoFacts) -> tuple[str, str]:
    """(V1LOCATIONS distinct by name, V2ENHANCEDLOCATIONS one per mention)."""
    v1: list[str] = []
    v2: list[tuple[int, str]] = []
    for place in rec.get("places") or []:
        block = facts.place_block(
            name=place.get("name"),
            country=place.get("country"),
            lat=place.get("lat"),
            lon=place.get("lon"),
            geonameid=place.get("geonameid"),
            kind=place.get("kind"),
        )
        if not block.type:
            continue
        entry = _location(block)
        if entry not in v1:
            v1.append(entry)
        offset = int((place.get("span") or [0])[0])
        v2.append((offset, _location(block, offset)))
    return ";".join(v1), ";".join(e for _, e in sorted(v2))


def _tone(rec: Mapping[str, Any], text: str) -> str:
    tone = rec.get("tone") or {}
    if not tone:
        return ""
    words = int(tone.get("words") or len(_WORD.findall(text)))
    n_pronouns = sum(
        1 for w in _WORD.findall(text) if w.lower() in _PRONOUNS and (w == "I" or not w.isupper())
    )
    pronouns = round(100.0 * n_pronouns / words, 4) if words else 0.0
    polarity = tone.get("polarity")
    if polarity is None:
        polarity = (tone.get("positive") or 0.0) + (tone.get("negative") or 0.0)
    fields = [tone.get("score"), tone.get("positive"), tone.get("negative"), polarity, None, pronouns, words]
    return ",".join("" if v is None else (str(v) if isinstance(v, int) else _num(v)) for v in fields)


def _dates(rec: Mapping[str, Any]) -> str:
    out: list[str] = []
    for d in rec.get("dates") or []:
        value = str(d.get("value") or "")
        parts = value.split("-")
        if not parts[0].isdigit():
            continue
        granularity = d.get("granularity") or ("day", "month", "year")[3 - min(len(parts), 3)]
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        offset = int((d.get("span") or [0])[0])
        out.append(f"{_RESOLUTION.get(granularity, 1)}#{month}#{day}#{year}#{offset}")
    return ";".join(out)


def _quotes(rec: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, str]:
    """(V2.1QUOTATIONS, the <SPEAKERS> block for V2EXTRASXML)."""
    quotes: list[str] = []
    speakers: list[str] = []
    for n, q in enumerate(rec.get("quotes") or [], start=1):
        text = " ".join(str(q.get("text") or "").translate(_QUOTE).split())
        span = q.get("span") or [0, 0]
        offset, length = int(span[0]), int(span[1]) - int(span[0])
        quotes.append(f"{offset}|{length}|{_entry(q.get('cue')).translate(_QUOTE)}|{text}")
        speaker = q.get("speaker") or {}
        name = names.get(speaker.get("actor") or "") or speaker.get("name")
        if name:
            speakers.append(f'<SPEAKER n="{n}" offset="{offset}">{_xml(name)}</SPEAKER>')
    block = f"<SPEAKERS>{''.join(speakers)}</SPEAKERS>" if speakers else ""
    return "#".join(quotes), block


def _all_names(rec: Mapping[str, Any], text: str) -> str:
    mentions: list[tuple[int, str]] = []
    for actor in rec.get("actors") or []:
        for start, end in actor.get("mentions") or []:
            mentions.append((int(start), _name(text[int(start) : int(end)] or actor.get("name"))))
    for place in rec.get("places") or []:
        start, end = (place.get("span") or [0, 0])[:2]
        mentions.append((int(start), _name(text[int(start) : int(end)] or place.get("text"))))
    return ";".join(f"{n},{o}" for o, n in dict.fromkeys(sorted(mentions)) if n)


def _xml(text: Any) -> str:
    """XML text with markup escaped and non-ASCII as hexadecimal references, as GDELT writes it."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "".join(c if ord(c) < 128 else f"&#x{ord(c):X};" for c in escaped)


def _extras(rec: Mapping[str, Any], speakers: str) -> str:
    parts = []
    if rec.get("title"):
        parts.append(f"<PAGE_TITLE>{_xml(rec['title'])}</PAGE_TITLE>")
    authors = rec.get("authors") or rec.get("credits") or []
    if authors:
        parts.append(f"<PAGE_AUTHORS>{_xml(';'.join(str(a) for a in authors))}</PAGE_AUTHORS>")
    return "".join(parts) + speakers


def _common_name(url: str | None, source: str | None) -> str:
    """GDELT names a web document's source by its domain; other documents by the outlet."""
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return source or ""


def gkg_row(row: Mapping[str, Any], rec: Mapping[str, Any], facts: GeoFacts) -> list[Any]:
    """The 27 GKG 2.1 fields of one article (``row`` from ``articles``, ``rec`` its parsed record)."""
    text = str(rec.get("text") or "")
    url = row.get("url")
    published = str(row.get("published") or "")
    names = {a["id"]: a.get("name") for a in rec.get("actors") or [] if a.get("id")}
    themes_v1, themes_v2 = _themes(rec, text)
    places_v1, places_v2 = _places(rec, facts)
    persons_v1, persons_v2 = _actors(rec, frozenset({"person"}))
    orgs_v1, orgs_v2 = _actors(rec, _ORG_KINDS)
    quotes, speakers = _quotes(rec, names)
    words = int((rec.get("tone") or {}).get("words") or len(_WORD.findall(text)))
    document = url or "; ".join(
        p for p in (row.get("source"), row.get("title"), published, row.get("input_name")) if p
    )
    return [
        f"{compact_time(row.get('added_at')) or '0'}-{row['id']}",
        int(published.replace("-", "")) * 1_000_000 if len(published) == 10 else 0,
        WEB if url else CITATION_ONLY,
        _common_name(url, row.get("source")),
        document,
        "",
        "",
        themes_v1,
        themes_v2,
        places_v1,
        places_v2,
        persons_v1,
        persons_v2,
        orgs_v1,
        orgs_v2,
        _tone(rec, text),
        _dates(rec),
        f"wc:{words}",
        "",
        "",
        "",
        "",
        quotes,
        _all_names(rec, text),
        "",
        "",
        _extras(rec, speakers),
    ]


def write_gkg(
    rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    out: TextIO,
    *,
    facts: GeoFacts | None = None,
    header: bool = False,
    names: Sequence[str] = COLUMNS,
) -> int:
    """Write one GKG 2.1 line per ``(article row, record)``; return how many were written."""
    facts = facts or GeoFacts()
    if header:
        out.write(tsv_line(names))
    n = 0
    for row, rec in rows:
        out.write(tsv_line(gkg_row(row, rec, facts)))
        n += 1
    return n
