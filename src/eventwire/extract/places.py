"""Places: the toponyms of an article, resolved to coordinates with the offline gazetteer.

Where a place mention comes from, in this order:

* the model's GPE, LOC and FAC entities, trimmed of directions and generic heads
  ("Northeast Georgia" -> "Georgia", "Nyanza province" -> "Nyanza");
* the prominent place name leading an organisation or facility name ("the Texas Fire Service",
  "the Henderson County Jail"); an ORG entity that is itself a large town; a PERSON entity that
  is a country or region ("Botswana"); each part of a hyphenated pair of places ("Fargo-Moorhead");
* capitalised runs the model missed that are country, region, continent, first-level admin or
  national-capital names ("Indo-Pacific", "Texas", "Kyiv"), and datelines ("TORRINGTON —");
* short ORG and one-word PERSON entities naming a town within 50 km of a town already placed
  (local news: "Torrington approved the budget");
* every other mention of a name taken above, whatever the model labelled it (one sense per
  article).

What is refused, because news text makes these look like places:

* spans the actor resolver decided are persons or organisations (``exclude``), and lone
  surnames of persons named in full elsewhere in the article;
* hyphenated compounds whose parts are not all places ("Modi-Biden");
* lower-case spans and lone generic words ("metro", "West", "Gulf");
* names right after a person title ("Minister Singh") or followed by an appositive title or
  "who" ("Blinken, the secretary of state"), unless they are countries or regions;
* things named after places ("Marburg virus");
* adjectives and demonyms ("Indian", "French"): the caller maps those to countries.

All names of one article are resolved together, each with the others as context, so "Georgia"
next to "Atlanta" is the state and "Paris" next to "Texas" is the Texan town.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Literal, cast

from spacy.tokens import Doc, Span

from eventwire.kb.gazetteer import Gazetteer, GeoEntry, distance_km
from eventwire.records import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Gazetteer kinds a capitalised run may be on its own, without the model's vote: names of these
# kinds are rarely anything else, unlike the many towns called "Reading" or "Mobile".
STANDALONE_KINDS = frozenset({"country", "region", "continent"})
MAX_NAME_TOKENS = 6
# A town must be at least this large for its name to be taken from inside a facility's name,
STRONG_CITY_POPULATION = 15_000
# and this large from inside an organisation's, or for an ORG entity to be taken as the town.
ORG_CITY_POPULATION = 100_000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that, right before a name, make it a person's ("Minister Singh", "President Biden").
PERSON_TITLES = _words(
    """mr mrs ms miss dr sir dame lord lady president minister secretary senator sen rep
    representative governor gov mayor general gen admiral adm colonel col captain capt lieutenant
    sergeant ambassador envoy chancellor premier king queen prince princess sheikh pope cardinal
    bishop rabbi imam judge justice spokesman spokeswoman spokesperson chairman chairwoman chair
    ceo director commissioner officer inspector detective sheriff councilman councilwoman
    counterpart leader chief deputy vice coach"""
)
# Words that lead or end a place phrase without being part of the name ("Northeast Georgia",
# "Nyanza province").
LEADING_WORDS = _words(
    """north south east west northeast northwest southeast southwest northeastern northwestern
    southeastern southwestern northern southern eastern western central downtown greater upstate
    metro suburban rural coastal inner outer upper lower mid"""
)
TRAILING_WORDS = _words(
    "city area region metro province state prefecture district governorate oblast territory"
)
# Words the model tags as places on their own that name no particular place.
GENERIC_WORDS = _words(
    """north south east west northeast northwest southeast southwest central eastern western
    northern southern centre center gulf metro federal port city county state hall pool park lake
    river valley harbor harbour bay island coast downtown uptown midtown region area district
    border capital police union national earth world moon"""
)
# Verbs after which a name the model calls a person is one ("Jordan said").
SPEECH_VERBS = _words("say tell add state note explain claim announce ask")
# Nouns that make the place name before them part of something else's name ("Marburg virus").
NAMED_AFTER_PLACES = _words(
    "virus viruses ebolavirus fever flu influenza disease syndrome strain strains variant"
)
# How close to a town already placed an ORG entity's town must lie to be taken as a place.
SUPPORT_KM = 50.0
# Tokens that end a dateline's place name ("TORRINGTON —").
DATELINE_MARKS = frozenset({"—", "–", "-", "--", "---", "(", ":"})
# Directions that often lead an event's location phrase: "northern Syria", "central Kyiv".
_DIRECTIONS = re.compile(
    r"^(?:(?:the|in|at|near|outside|inside|from|to|across|into|of|on)\s+)*"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|downtown|greater|upper|lower)\s+)*",
    re.IGNORECASE,
)
_COUNTY = re.compile(r"\b(?:County|Parish|Borough)$")
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
    following = [t.lower_ for t in doc[i + 1 : i + 3]]
    if following[:1] in (["the"], ["a"], ["an"]):
        following = following[1:]
    return bool(following) and (following[0] == "who" or following[0] in PERSON_TITLES)


def _is_adjective(span: Span) -> bool:
    """A demonym or other adjective the model tagged as a place ("Indian", "French")."""
    words = [t for t in span if not t.is_punct]
    return bool(words) and all(t.tag_ in {"JJ", "JJR", "JJS"} for t in words)


def _named_after(span: Span) -> bool:
    """The name is part of a thing named after a place: "Marburg virus", "Rift Valley fever"."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in NAMED_AFTER_PLACES


def _capitalised_span(span: Span) -> bool:
    """First and last words carry capitals ("Côte d'Ivoire", "D.C."), unlike "metro" or "gulf"."""
    return _is_capitalised(span[0].text) and (not span[-1].text.islower() or span[-1].text == ".")


def _strong(text: str, gazetteer: Gazetteer, *, min_population: int = STRONG_CITY_POPULATION) -> bool:
    """A name whose main reading is prominent enough to be taken from inside a longer name.

    "Texas" in "the Texas Fire Service", "Henderson County" in "the Henderson County Jail";
    not the village that shares a word with a company's name.
    """
    best = gazetteer.resolve(text)
    if best is None:
        return False
    if best.kind in STANDALONE_KINDS or best.feature == "ADM1":
        return True
    if not gazetteer.is_known(text):
        return False
    if best.feature == "ADM2":
        return bool(_COUNTY.search(text))
    return best.kind == "city" and best.population >= min_population


def _toponyms(ent: Span, gazetteer: Gazetteer) -> list[Span]:
    """The place-name parts of one entity (see the module docstring), or none."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].tag_ in {"DT", "PRP$"}:
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or (doc[end - 1].is_punct and doc[end - 1].text != ".")
    ):
        end -= 1
    if start >= end:
        return []
    if ent.label_ == "PERSON":
        # The model calls many countries and regions persons ("Botswana", "Java"); a person's
        # name is rarely a country's, and then it is followed by a verb of saying.
        whole = doc[start:end]
        if _is_area(whole.text, gazetteer) and not (end < len(doc) and doc[end].lemma_ in SPEECH_VERBS):
            return [whole]
        return []
    as_place = ent.label_ in {"GPE", "LOC"}
    # Names inside organisation names must be larger places than inside facility names.
    floor = ORG_CITY_POPULATION if ent.label_ == "ORG" else STRONG_CITY_POPULATION

    def accept(text: str) -> bool:
        if as_place:
            return bool(gazetteer.candidates(text))
        if end < len(doc) and _is_capitalised(doc[end].text):
            return False  # "Toyota Corolla": the name goes on
        return _strong(text, gazetteer, min_population=floor)

    if accept(doc[start:end].text):
        return [doc[start:end]]
    i, j = start, end
    while i < j - 1 and (doc[i].lower_ in LEADING_WORDS or doc[i].text == "-"):
        i += 1
    while j - 1 > i and doc[j - 1].lower_ in TRAILING_WORDS:
        j -= 1
    if (i, j) != (start, end) and accept(doc[i:j].text):
        return [doc[i:j]]
    if any(t.text == "-" for t in doc[i:j]):
        return _hyphen_parts(doc[i:j], gazetteer)
    # The longest prefix that is a prominent place and is followed by more of the name.
    for k in range(min(j - 1, i + MAX_NAME_TOKENS), i, -1):
        if _is_capitalised(doc[k].text) and _strong(doc[i:k].text, gazetteer, min_population=floor):
            return [doc[i:k]]
    return []


def _is_area(text: str, gazetteer: Gazetteer) -> bool:
    """A country, continent, named region or first-level admin area, by its main name."""
    best = gazetteer.resolve(text)
    return (
        best is not None
        and (best.kind in STANDALONE_KINDS or best.feature == "ADM1")
        and gazetteer.is_known(text)
    )


def _hyphen_parts(span: Span, gazetteer: Gazetteer) -> list[Span]:
    """Each part of "Fargo-Moorhead" or "US-China" when every part is a prominent place;
    nothing for "Modi-Biden", which pairs people."""
    parts: list[Span] = []
    begin = span.start
    for k in range(span.start, span.end + 1):
        if k == span.end or span.doc[k].text == "-":
            if k > begin:
                parts.append(span.doc[begin:k])
            begin = k + 1
    if len(parts) < 2 or not all(_strong(p.text, gazetteer) for p in parts):
        return []
    return parts


def _entity_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Span]]:
    """(entity, toponym) pairs from the model's place, facility and organisation entities."""
    out: list[tuple[Span, Span]] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in {"ORG", "PERSON"}:
            out.extend((ent, part) for part in _toponyms(ent, gazetteer))
    return out


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
            if (j - i > 1 or token.lower_ not in GENERIC_WORDS) and _standalone_name(
                doc[i:j].text, gazetteer
            ):
                match = j
                break
        if match:
            found.append(doc[i:match])
            i = match
        else:
            i += 1
    return found


def _datelines(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """Datelines: a capitalised town name opening a sentence before a dash ("TORRINGTON —",
    "ATLANTA - ") or a comma and a state ("COLUMBUS, Ohio"). The model rarely tags them."""
    found: list[Span] = []
    for sent in doc.sents:
        words = 0
        for token in sent[:MAX_NAME_TOKENS]:
            if not (token.text.isupper() and token.is_alpha):
                break
            words += 1
        if not words or sent.start + words >= len(doc):
            continue
        follower = doc[sent.start + words]
        if (
            follower.text in DATELINE_MARKS
            or follower.text.startswith("-")
            or (
                follower.text == ","
                and sent.start + words + 1 < len(doc)
                and _is_capitalised(doc[sent.start + words + 1].text)
            )
        ):
            span = doc[sent.start : sent.start + words]
            if gazetteer.is_known(span.text.title()):
                found.append(span)
    return found


def _supported(
    doc: Doc, gazetteer: Gazetteer, found: list[GeoEntry], taken: list[tuple[int, int]], surnames: set[str]
) -> list[Span]:
    """Short ORG entities, and one-word PERSON entities, that name a town beside the article's
    other towns.

    Local news names its towns as subjects ("Torrington approved the budget"), and the model
    then says ORG, or PERSON for a lone name; a person's surname or a name before a verb of
    saying stays out. Taken only when a reading of the name lies within :data:`SUPPORT_KM` of a
    town or county the article already placed, so a company called like a far-off city stays out.
    """
    anchors = [(e.lat, e.lon) for e in found if e.kind == "city" or e.feature == "ADM2"]
    if not anchors:
        return []
    out: list[Span] = []
    for ent in doc.ents:
        if _overlaps(ent.start_char, ent.end_char, taken):
            continue
        if not (ent.label_ == "ORG" and len(ent) <= 3) and not (ent.label_ == "PERSON" and len(ent) == 1):
            continue
        if ent.label_ == "PERSON" and (
            ent.text in surnames or (ent.end < len(doc) and doc[ent.end].lemma_ in SPEECH_VERBS)
        ):
            continue
        if not _capitalised_span(ent) or _after_title(ent) or _before_title(ent):
            continue
        if ent.end < len(doc) and _is_capitalised(doc[ent.end].text):
            continue
        if not gazetteer.is_known(ent.text):
            continue
        near = any(
            (e.kind == "city" or e.feature == "ADM2")
            and min(distance_km(e.lat, e.lon, lat, lon) for lat, lon in anchors) <= SUPPORT_KM
            for e in gazetteer.candidates(ent.text)[:40]
        )
        if near:
            out.append(ent)
            taken.append((ent.start_char, ent.end_char))
    return out


def _repeats(doc: Doc, accepted: set[str], taken: list[tuple[int, int]]) -> list[Span]:
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
    text = doc.text  # Doc.text joins every token on each call: read it once
    for token in doc:
        for name in by_first.get(token.text, ()):
            end_char = token.idx + len(name)
            if text[token.idx : end_char] != name or _overlaps(token.idx, end_char, taken):
                continue
            span = doc.char_span(token.idx, end_char)
            if span is None or _after_title(span) or _before_title(span) or _named_after(span):
                continue
            if any(t.ent_type_ == "PERSON" for t in span) and _in_longer_person(span):
                continue
            found.append(span)
            taken.append((token.idx, end_char))
    return found


def _in_longer_person(span: Span) -> bool:
    return any(
        ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)
        for ent in span.doc.ents
    )


def _standalone_name(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a capitalised run is a name we accept without the model's vote."""
    if len(text) < 3 and not text.isupper():
        return False
    if gazetteer.is_known(text, kinds=STANDALONE_KINDS):
        return True
    best = gazetteer.resolve(text)
    if best is not None and best.capital and best.population >= ORG_CITY_POPULATION:
        return gazetteer.is_known(text)  # a national capital: "Kyiv", "Nairobi"
    # A first-level admin area whose name is not also a big town's: the main reading must be
    # the admin area itself ("Texas", "Bavaria"), and the name a main name, not an abbreviation.
    return (
        best is not None
        and best.feature == "ADM1"
        and best.population > 0
        and gazetteer.is_known(text, kinds={"admin"})
        and all(e.kind != "city" or e.population < 100_000 for e in gazetteer.candidates(text))
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
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    spans: list[Span] = []
    for ent, span in _entity_spans(doc, gazetteer):
        if _overlaps(span.start_char, span.end_char, exclude) or not _capitalised_span(span):
            continue
        if len(span) == 1 and span[0].lower_ in GENERIC_WORDS:
            continue
        if span.text in surnames and not _is_area(span.text, gazetteer):
            continue  # "Campbell" after "Dr. John Campbell"
        if _named_after(span):
            continue
        if not _is_area(span.text, gazetteer) and (
            _after_title(ent) or _before_title(ent) or _is_adjective(ent)
        ):
            continue
        spans.append(span)
    taken = [(s.start_char, s.end_char) for s in spans] + list(exclude)
    for span in _missed_names(doc, gazetteer, taken):
        if not (_after_title(span) or _before_title(span)):
            spans.append(span)
    taken = [(s.start_char, s.end_char) for s in spans] + list(exclude)
    for span in _datelines(doc, gazetteer):
        if not _overlaps(span.start_char, span.end_char, taken):
            spans.append(span)
    taken = [(s.start_char, s.end_char) for s in spans] + list(exclude)
    first = gazetteer.resolve_all(
        [_lookup_name(s.text, gazetteer) for s in spans], context_countries=context_countries
    )
    spans.extend(_supported(doc, gazetteer, [e for e in first if e is not None], taken, surnames))
    spans.extend(_repeats(doc, {s.text for s in spans}, taken))
    spans.sort(key=lambda s: s.start_char)
    names = [_lookup_name(s.text, gazetteer) for s in spans]
    resolved = gazetteer.resolve_all(names, context_countries=context_countries)
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
