"""Places: the toponyms of an article, resolved to coordinates with the offline gazetteer.

Where a place mention comes from, in this order:

* the text's own cues (:mod:`eventwire.extract.place_cues`): "Dublin, Ohio", "D-Calif.",
  "Barrow and Jackson counties", "the village of Glen Carbon", "Jane Doe, 34, of Lombard",
  "a Camarillo resident", "a trip to Cancun", datelines ("March 30, 2009 NEWARK --");
* the model's entities, read with care (:mod:`eventwire.extract.place_names`): GPE, LOC and FAC
  trimmed of directions and generic heads, the prominent place leading an organisation's name,
  countries, regions and capitals the model called persons, and capitalised runs the model
  missed that are country, region or state names ("Texas", "Kyiv");
* names the model did not call places that name a town within :data:`SUPPORT_KM` of a town
  already placed (local news: "Torrington approved the budget", "Grand Ledge Police Chief",
  "the University of Cincinnati"), or an area, a county or a large town heading an institution;
* every other mention of a name taken above, whatever the model labelled it (one sense per
  article).

What is refused, because news text makes these look like places:

* spans the actor resolver decided are persons or organisations (``exclude``), and lone
  surnames of persons named in full elsewhere in the article;
* hyphenated compounds whose parts are not all places ("Modi-Biden");
* lower-case spans, lone generic words ("metro", "West", "Gulf"), titles ("Pope"), dates
  ("March");
* names right after a person title ("Minister Singh") or followed by an appositive title or
  "who" ("Blinken, the secretary of state"), unless they are countries or regions;
* things named after places ("Marburg virus");
* adjectives and demonyms ("Indian", "French"): the caller maps those to countries
  (:meth:`Gazetteer.area_of_demonym` does it for states: "Ohioans").

All names of one article are resolved together, each with the others as context, so "Georgia"
next to "Atlanta" is the state, "Paris" next to "Texas" is the Texan town, and "Dublin, Ohio"
is the Ohioan one (:meth:`Gazetteer.resolve_all`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Literal, cast

from spacy.tokens import Doc, Span

from eventwire.extract.place_cues import (
    Tokens,
    area_pairs,
    capitalised_runs,
    county_lists,
    datelines,
    kind_of_place,
    locatives,
    party_districts,
    residents,
)
from eventwire.extract.place_names import (
    GENERIC_WORDS,
    INSTITUTION_WORDS,
    MAX_NAME_TOKENS,
    NOT_PLACE_LABELS,
    ORG_CITY_POPULATION,
    PERSON_TITLES,
    SPEECH_VERBS,
    STRONG_CITY_POPULATION,
    SpanSet,
    after_title,
    before_title,
    capitalised_span,
    entity_spans,
    is_adjective,
    is_area,
    is_capitalised,
    is_county,
    missed_names,
    named_after,
    overlaps,
    widen,
)
from eventwire.kb.gazetteer import Gazetteer, GeoEntry, distance_km
from eventwire.records import Place

__all__ = ["countries_of", "find_places", "place_of"]

# How close to a town already placed a name the model did not call a place must lie to be one.
SUPPORT_KM = 50.0
# Directions that often lead an event's location phrase: "northern Syria", "central Kyiv".
_DIRECTIONS = re.compile(
    r"^(?:(?:the|in|at|near|outside|inside|from|to|across|into|of|on)\s+)*"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|downtown|greater|upper|lower)\s+)*",
    re.IGNORECASE,
)
_KIND_OF = {"city": "city", "country": "country", "admin": "admin", "region": "region", "continent": "region"}


def _supported(
    tokens: Tokens,
    gazetteer: Gazetteer,
    found: list[GeoEntry],
    taken: list[tuple[int, int]],
    surnames: set[str],
) -> list[Span]:
    """Names the model did not call places that name a town beside the article's other towns.

    Local news names its towns everywhere: as subjects ("Torrington approved the budget"), where
    the model says ORG, or PERSON for a lone name; at the head of their institutions ("Grand
    Ledge Police Chief", "the Lombard Historical Society"); after "of" ("University of
    Cincinnati", "the Village of Glen Carbon"). Each run of proper nouns is a candidate from its
    first word on (:func:`capitalised_runs`), its longest known prefix taken, but only when a
    reading lies within :data:`SUPPORT_KM` of a town or county the article already placed, so a
    company or a person called like a far-off town stays out; areas, counties and large towns
    heading an institution need no such neighbour (:func:`_prominent`). Inside a person's name
    only the whole name counts, and a lone person name not when it is a surname or speaks.
    """
    anchors = [(e.lat, e.lon) for e in found if e.kind == "city" or e.feature == "ADM2"]
    out: list[Span] = []
    for run in capitalised_runs(tokens):
        for end in range(min(run.end, run.start + MAX_NAME_TOKENS), run.start, -1):
            span = tokens.doc[run.start : end]
            if overlaps(span.start_char, span.end_char, taken):
                continue
            if not _candidate(span, tokens, surnames, gazetteer):
                continue
            near = _prominent(span, run, gazetteer) or any(
                any(distance_km(e.lat, e.lon, lat, lon) <= SUPPORT_KM for lat, lon in anchors)
                for e in _local_readings(span.text, gazetteer)
            )
            if near:
                out.append(span)
                taken.append((span.start_char, span.end_char))
                break
    return out


def _local_readings(text: str, gazetteer: Gazetteer) -> list[GeoEntry]:
    """The towns and counties a name may mean to be found beside the article's towns: by their
    main name, a county by its bare name, and a small town by another spelling; not a city by
    one of its historical or foreign names (El Paso was "Franklin")."""
    main = gazetteer.candidates(text, main=True)
    return [
        e
        for e in gazetteer.candidates(text)[:40]
        if (e.kind == "city" or e.feature == "ADM2")
        and (e in main or e.feature == "ADM2" or e.population < STRONG_CITY_POPULATION)
    ]


def _prominent(span: Span, run: Span, gazetteer: Gazetteer) -> bool:
    """A name that needs no nearby town to be taken from a run: an area ("University of
    Pennsylvania"), a county by its full name ("Anderson County Sheriff"), or a large town that
    is the whole run or heads an institution ("University of Toronto", "Sochi Mayor")."""
    if is_area(span.text, gazetteer) or is_county(span.text, gazetteer):
        return True
    doc = span.doc
    follower = doc[span.end].lower_ if span.end < len(doc) else ""
    if span.end != run.end and follower not in INSTITUTION_WORDS and follower not in PERSON_TITLES:
        return False
    readings = gazetteer.candidates(span.text)
    return bool(
        readings
        and readings[0].kind == "city"
        and readings[0].population >= ORG_CITY_POPULATION
        and gazetteer.is_known(span.text)
    )


def _candidate(span: Span, tokens: Tokens, surnames: set[str], gazetteer: Gazetteer) -> bool:
    """Whether a run's prefix may be a town: not part of a person's name, not after a title,
    not a date ("March"), a title ("Pope") or the first word of a longer unknown name."""
    doc = span.doc
    follower = doc[span.end].lower_ if span.end < len(doc) else ""
    heads = follower in INSTITUTION_WORDS or follower in PERSON_TITLES
    person = tokens.persons.get(span.start)
    if person is not None:
        # Inside a person's name only the whole name may be a town, unless an institution or
        # a title follows: "Huntsville Fire Chief Tom Grisham", "Anderson County Sheriff".
        if (person.start, person.end) != (span.start, span.end) and not heads:
            return False
        if len(span) == 1 and (
            span.text in surnames or (span.end < len(doc) and doc[span.end].lemma_ in SPEECH_VERBS)
        ):
            return False
    label = tokens.ent[span.start]
    if label in NOT_PLACE_LABELS:
        return False
    if len(span) == 1:
        if span[0].lower_ in GENERIC_WORDS or span[0].lower_ in PERSON_TITLES:
            return False
        if not label and span.end < len(doc) and tokens.cap[span.end] and not heads:
            return False  # an unlabelled word that starts a longer name: "Scott West Wrestling"
    if after_title(span) or before_title(span) or named_after(span):
        return False
    # A main name, or a county's bare name: "DuPage Sheriff", "Barrow".
    return gazetteer.is_known(span.text) or any(e.feature == "ADM2" for e in gazetteer.candidates(span.text))


def _repeats(tokens: Tokens, accepted: set[str], taken: list[tuple[int, int]]) -> list[Span]:
    """Other mentions of names already taken as places, whatever the model labelled them.

    One name keeps one sense within an article: the model may call "Gainesville" a place in one
    sentence and a person or an organisation in the next. Mentions inside a longer person name,
    or right after a person title, stay out.
    """
    by_first: dict[str, list[str]] = {}
    for name in accepted:
        first = name.split()[0] if name.split() else ""
        by_first.setdefault(first, []).append(name)
    found: list[Span] = []
    doc = tokens.doc
    text = doc.text  # Doc.text joins every token on each call: read it once
    for i, word in enumerate(tokens.text):
        for name in by_first.get(word, ()):
            start = doc[i].idx
            end_char = start + len(name)
            if text[start:end_char] != name or overlaps(start, end_char, taken):
                continue
            span = doc.char_span(start, end_char)
            if span is None or after_title(span) or before_title(span) or named_after(span):
                continue
            if any(k in tokens.persons for k in range(span.start, span.end)) and _in_longer_person(span):
                continue
            found.append(span)
            taken.append((start, end_char))
    return found


def _in_longer_person(span: Span) -> bool:
    return any(
        ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)
        for ent in span.doc.ents
    )


class _Picked:
    """The place spans of one article so far: each with its lookup name, none overlapping."""

    def __init__(self, exclude: Collection[tuple[int, int]]) -> None:
        self.spans: list[Span] = []
        self.names: dict[str, str] = {}  # span text -> the name to look up
        self.within: dict[str, str] = {}  # lookup name -> the area the text puts it in
        self.taken: list[tuple[int, int]] = SpanSet(exclude)

    def add(
        self, span: Span, name: str, within: str | None = None, *, gazetteer: Gazetteer | None = None
    ) -> bool:
        """Take ``span`` unless it overlaps one taken; with ``gazetteer``, first widened to the
        longest known name around it. ``within`` is kept for the name even when the span is not."""
        if gazetteer is not None:
            wide = widen(span, gazetteer)
            if wide is not span:
                span, name = wide, wide.text
        if within is not None:
            self.within.setdefault(name, within)
        if overlaps(span.start_char, span.end_char, self.taken):
            return False
        self.spans.append(span)
        self.names.setdefault(span.text, name)
        self.taken.append((span.start_char, span.end_char))
        return True

    def lookup(self, span: Span, gazetteer: Gazetteer) -> str:
        return self.names.get(span.text) or _lookup_name(span.text, gazetteer)


def find_places(
    doc: Doc,
    *,
    gazetteer: Gazetteer,
    exclude: Collection[tuple[int, int]] = (),
    context_countries: Collection[str] = (),
) -> list[Place]:
    """The places named in ``doc``, resolved, in text order.

    ``exclude`` are char spans known to be persons or organisations; ``context_countries`` are
    ISO3 codes of countries the article mentions (e.g. through demonyms), used to choose between
    places of the same name. Names the gazetteer does not know are left out.
    """
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    tokens = Tokens(doc)
    picked = _Picked(exclude)
    # The text's own cues first: they say where ("Dublin, Ohio") or what ("Barrow County").
    # Their shape says "place"; a name before "resident" or after "in" may still be a person's.
    shaped = (
        *area_pairs(tokens, gazetteer),
        *party_districts(tokens, gazetteer),
        *county_lists(tokens, gazetteer),
        *kind_of_place(tokens, gazetteer),
    )
    for cue in shaped:
        picked.add(cue.span, cue.name, cue.within)
    for cue in (*residents(tokens, gazetteer), *locatives(tokens, gazetteer, surnames)):
        if not (after_title(cue.span) or before_title(cue.span)):
            picked.add(cue.span, cue.name, cue.within)
    for ent, span in entity_spans(doc, gazetteer):
        if not capitalised_span(span):
            continue
        if len(span) == 1 and span[0].lower_ in GENERIC_WORDS:
            continue
        if span.text in surnames and not is_area(span.text, gazetteer):
            continue  # "Campbell" after "Dr. John Campbell"
        if named_after(span):
            continue
        if not is_area(span.text, gazetteer) and (after_title(ent) or before_title(ent) or is_adjective(ent)):
            continue
        picked.add(span, _lookup_name(span.text, gazetteer), gazetteer=gazetteer)
    for span in missed_names(tokens, gazetteer, picked.taken):
        if not (after_title(span) or before_title(span)):
            picked.add(span, span.text)
    for cue in datelines(tokens, gazetteer):
        picked.add(cue.span, cue.name)
    first = gazetteer.resolve_all(
        [picked.lookup(s, gazetteer) for s in picked.spans],
        context_countries=context_countries,
        within=picked.within,
    )
    found = [e for e in first if e is not None]
    for span in _supported(tokens, gazetteer, found, picked.taken, surnames):
        picked.spans.append(span)
    spans = picked.spans
    spans.extend(_repeats(tokens, {s.text for s in spans}, picked.taken))
    spans.sort(key=lambda s: s.start_char)
    names = [picked.lookup(s, gazetteer) for s in spans]
    resolved = gazetteer.resolve_all(names, context_countries=context_countries, within=picked.within)
    places: list[Place] = []
    for span, name, entry in zip(spans, names, resolved, strict=True):
        if entry is not None:
            places.append(_place(span.text, (span.start_char, span.end_char), name, entry))
    return places


def _lookup_name(text: str, gazetteer: Gazetteer) -> str:
    """The part of an entity's text to look up: "Kyiv, Ukraine" -> "Kyiv"."""
    text = " ".join(text.split())
    if gazetteer.candidates(text) or "," not in text:
        return text
    head = text.split(",")[0].strip()
    return head if head else text


def _place(text: str, span: tuple[int, int], name: str, entry: GeoEntry) -> Place:
    kind = cast(Literal["city", "country", "region", "admin"], _KIND_OF.get(entry.kind, "region"))
    return Place(
        text=text,
        span=span,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        kind=kind,
    )


def place_of(
    span_text: str,
    *,
    gazetteer: Gazetteer,
    start: int = 0,
    context_countries: Collection[str] = (),
    context_admins: Collection[str] = (),
) -> Place | None:
    """Resolve one location phrase ("in northern Syria", "Kyiv") to a place, or None.

    Leading prepositions, articles and directions are skipped; then the longest capitalised run
    the gazetteer knows is taken. ``start`` is the phrase's offset in the article, so the
    returned span points into the article.
    """
    lead = _DIRECTIONS.match(span_text)
    offset = lead.end() if lead else 0
    words = list(re.finditer(r"[^\s,;:()]+", span_text[offset:]))
    best: tuple[int, int, GeoEntry] | None = None
    for i in range(len(words)):
        if not is_capitalised(words[i].group()):
            continue
        for j in range(min(len(words), i + MAX_NAME_TOKENS), i, -1):
            begin, end = offset + words[i].start(), offset + words[j - 1].end()
            entry = gazetteer.resolve(
                span_text[begin:end], context_countries=context_countries, context_admins=context_admins
            )
            if entry is not None:
                if best is None or end - begin > best[1] - best[0]:
                    best = (begin, end, entry)
                break
    if best is None:
        return None
    begin, end, entry = best
    text = span_text[begin:end]
    return _place(text, (start + begin, start + end), text, entry)


def countries_of(places: Sequence[Place]) -> list[str]:
    """The ISO3 codes of the places' countries, first mention first, without repeats."""
    seen: dict[str, None] = {}
    for place in places:
        if place.country:
            seen.setdefault(place.country, None)
    return list(seen)
