"""Places: the toponyms of an article, resolved to coordinates with the offline gazetteer.

Where a place mention comes from:

* the model's GPE, LOC and FAC entities;
* capitalised proper-noun runs the model missed that are country, region, continent or
  first-level admin names of the gazetteer ("Indo-Pacific", "Gaza Strip", "Texas").

What is refused, because news text makes these look like places:

* spans the actor resolver decided are persons or organisations (``exclude``);
* hyphenated compounds that are no place name themselves ("Modi-Biden", "US-China");
* names right after a person title ("Minister Singh") or followed by an appositive title or
  "who" ("Blinken, the secretary of state");
* adjectives and demonyms ("Indian", "French"): the caller maps those to countries.

All names of one article are resolved together, each with the others as context, so "Georgia"
next to "Atlanta" is the state and "Paris" next to "Texas" is the Texan town.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Literal, cast

from spacy.tokens import Doc, Span

from eventwire.kb.gazetteer import Gazetteer, GeoEntry
from eventwire.records import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Gazetteer kinds a capitalised run may be on its own, without the model's vote: names of these
# kinds are rarely anything else, unlike the many towns called "Reading" or "Mobile".
STANDALONE_KINDS = frozenset({"country", "region", "continent"})
MAX_NAME_TOKENS = 6
# Words that, right before a name, make it a person's ("Minister Singh", "President Biden").
PERSON_TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady president minister secretary senator sen rep representative "
    "governor gov mayor general gen admiral adm colonel col captain capt lieutenant sergeant "
    "ambassador envoy chancellor premier king queen prince princess sheikh pope cardinal bishop "
    "rabbi imam judge justice spokesman spokeswoman spokesperson chairman chairwoman chair ceo "
    "director commissioner officer inspector detective sheriff councilman councilwoman "
    "counterpart leader chief deputy vice coach".split()
)
# Directions that often lead an event's location phrase: "northern Syria", "central Kyiv".
_DIRECTIONS = re.compile(
    r"^(?:(?:the|in|at|near|outside|inside|from|to|across|into|of|on)\s+)*"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|downtown|greater|upper|lower)\s+)*",
    re.IGNORECASE,
)
_KIND_OF = {"city": "city", "country": "country", "admin": "admin", "region": "region", "continent": "region"}


def _overlaps(start: int, end: int, spans: Collection[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper()


def _after_title(span: Span) -> bool:
    """The span follows a person title: "Prime Minister Singh", "Mr. Modi"."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1].lower_.rstrip(".")
    return prev in PERSON_TITLES


def _before_title(span: Span) -> bool:
    """The span is followed by an appositive title or "who": "Blinken, the secretary of state"."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    following = [t.lower_ for t in doc[i + 1 : i + 4]]
    if following[:1] == ["who"]:
        return True
    if following[:1] in (["the"], ["a"], ["an"]):
        following = following[1:]
    return any(word in PERSON_TITLES for word in following[:2])


def _is_adjective(span: Span) -> bool:
    """A demonym or other adjective the model tagged as a place ("Indian", "French")."""
    words = [t for t in span if not t.is_punct]
    return bool(words) and all(t.tag_ in {"JJ", "JJR", "JJS"} for t in words)


def _unknown_compound(text: str, gazetteer: Gazetteer) -> bool:
    """A hyphenated pair that is no place name: "Modi-Biden", "US-China" (talks)."""
    return (
        bool(re.search(r"\w-\w", text))
        and not gazetteer.candidates(text)
        and _is_capitalised(text.split("-")[-1])
    )


def _entity_spans(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]


def _missed_names(doc: Doc, gazetteer: Gazetteer, taken: list[tuple[int, int]]) -> list[Span]:
    """Capitalised runs outside any entity that name a country, region, continent or state."""
    found: list[Span] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if (
            not _is_capitalised(token.text)
            or token.ent_type_
            or _overlaps(token.idx, token.idx + len(token.text), taken)
        ):
            i += 1
            continue
        match = 0
        for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
            last = doc[j - 1]
            if not (_is_capitalised(last.text) or last.text == "."):
                continue
            if any(t.ent_type_ for t in doc[i:j]) or "\n" in doc[i:j].text:
                continue
            span = doc[i:j]
            if _standalone_name(span.text, gazetteer):
                match = j
                break
        if match:
            found.append(doc[i:match])
            i = match
        else:
            i += 1
    return found


def _standalone_name(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a capitalised run is a name we accept without the model's vote."""
    if len(text) < 3 and not text.isupper():
        return False
    if gazetteer.is_known(text, kinds=STANDALONE_KINDS):
        return True
    # A first-level admin area whose name is not also a common given name or word: the main
    # reading must be the admin area itself ("Texas", "Bavaria"; not "Victoria", "Georgia").
    best = gazetteer.resolve(text)
    return (
        best is not None
        and best.kind == "admin"
        and best.feature == "ADM1"
        and best.population > 0
        and (all(e.kind != "city" or e.population < 100_000 for e in gazetteer.candidates(text)))
    )


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
    spans: list[Span] = []
    for span in _entity_spans(doc):
        if _overlaps(span.start_char, span.end_char, exclude):
            continue
        if _after_title(span) or _before_title(span) or _is_adjective(span):
            continue
        if _unknown_compound(span.text, gazetteer):
            continue
        spans.append(span)
    taken = [(s.start_char, s.end_char) for s in spans] + list(exclude)
    for span in _missed_names(doc, gazetteer, taken):
        if not (_after_title(span) or _before_title(span)):
            spans.append(span)
    spans.sort(key=lambda s: s.start_char)
    names = [_lookup_name(s.text, gazetteer) for s in spans]
    resolved = gazetteer.resolve_all(names, context_countries=context_countries)
    places: list[Place] = []
    for span, name, entry in zip(spans, names, resolved, strict=True):
        if entry is not None:
            places.append(_place(span.text, (span.start_char, span.end_char), name, entry))
    return places


def _lookup_name(text: str, gazetteer: Gazetteer) -> str:
    """The part of an entity's text to look up: "Kyiv, Ukraine" -> "Kyiv", "Washington D.C." stays."""
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
        if not _is_capitalised(words[i].group()):
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
