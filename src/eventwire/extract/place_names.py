"""Which spans of an article name places: the model's entities, read with care.

The model's GPE, LOC and FAC entities are trimmed of directions and generic heads ("Northeast
Georgia" -> "Georgia", "Nyanza province" -> "Nyanza"); a prominent place leading an
organisation's or facility's name is taken from it ("the Texas Fire Service", "the Henderson
County Jail", "the West Virginia Lottery"); a PERSON entity is a place only when it is a country,
region or national capital ("Botswana", "Tbilisi has denied"); each part of a hyphenated pair of
places is one ("Fargo-Moorhead"), a pair of people is not ("Modi-Biden"). Capitalised runs the
model missed are places when they are country, region, continent, first-level admin or
national-capital names ("Indo-Pacific", "Texas", "Kyiv"), or longer known names ("Iowa City").
A name the model cut in two is made whole again ("Democratic Republic" + "Congo").

The word lists and span tests here are shared by :mod:`eventwire.extract.places`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Span

from eventwire.extract.place_cues import Tokens
from eventwire.kb.gazetteer import Gazetteer

__all__ = [
    "GENERIC_WORDS",
    "INSTITUTION_WORDS",
    "MAX_NAME_TOKENS",
    "NOT_PLACE_LABELS",
    "ORG_CITY_POPULATION",
    "PERSON_TITLES",
    "SPEECH_VERBS",
    "STRONG_CITY_POPULATION",
    "after_title",
    "before_title",
    "capitalised_span",
    "entity_spans",
    "is_adjective",
    "is_area",
    "is_capitalised",
    "is_county",
    "missed_names",
    "named_after",
    "overlaps",
    "widen",
]

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
# Nouns of a town's institutions, after the town's name: "Grand Ledge Police", "Glen Carbon
# Elementary", "Lawrenceburg Parks and Recreation".
INSTITUTION_WORDS = _words(
    """police fire sheriff city town village county council school schools high elementary middle
    university college hospital library church court circuit district department commission
    board chamber airport station museum parks regional memorial volunteer township area
    community public historical"""
)
# Entity labels of words that are no place's name however a town may be called ("March").
NOT_PLACE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW"})
# Verbs after which a name the model calls a person is one ("Jordan said").
SPEECH_VERBS = _words("say tell add state note explain claim announce ask")
# Nouns that make the place name before them part of something else's name ("Marburg virus").
NAMED_AFTER_PLACES = _words(
    "virus viruses ebolavirus fever flu influenza disease syndrome strain strains variant"
)
COUNTY_SUFFIX = re.compile(r"\b(?:County|Parish|Borough)$")


class SpanSet(list[tuple[int, int]]):
    """Character spans taken so far, kept sorted as well, so that an overlap test looks at the few
    spans that start near the asked one instead of all of them (a 200,000-character input has
    thousands of places, and testing each against all was quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        super().__init__()
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        super().append(span)
        i = bisect.bisect_right(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])
        self._longest = max(self._longest, span[1] - span[0])

    def hits(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span of the set."""
        i = bisect.bisect_left(self._starts, end) - 1  # the last span starting before `end`
        # Only spans starting within the longest span's length before `start` can reach it.
        while i >= 0 and self._starts[i] > start - self._longest - 1:
            if self._ends[i] > start:
                return True
            i -= 1
        return False


def overlaps(start: int, end: int, spans: Collection[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (fast for a :class:`SpanSet`)."""
    if isinstance(spans, SpanSet):
        return spans.hits(start, end)
    return any(start < e and s < end for s, e in spans)


def is_capitalised(text: str) -> bool:
    return text[:1].isupper()


def after_title(span: Span) -> bool:
    """The span follows a person title: "Prime Minister Singh", "Mr. Modi"."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1].lower_.rstrip(".")
    return prev in PERSON_TITLES


def before_title(span: Span) -> bool:
    """The span is followed by an appositive title or "who": "Blinken, the secretary of state"."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    following = [t.lower_ for t in doc[i + 1 : i + 3]]
    if following[:1] in (["the"], ["a"], ["an"]):
        following = following[1:]
    if following[:1] == ["who"]:
        # "Jane Doe, 34, of Tipperary, who ...": "who" is the person's, not the place's
        return not (span.start > 0 and doc[span.start - 1].lower_ in {"of", "from", "in", "at", ","})
    return bool(following) and following[0] in PERSON_TITLES


def is_adjective(span: Span) -> bool:
    """A demonym or other adjective the model tagged as a place ("Indian", "French")."""
    words = [t for t in span if not t.is_punct]
    return bool(words) and all(t.tag_ in {"JJ", "JJR", "JJS"} for t in words)


def named_after(span: Span) -> bool:
    """The name is part of a thing named after a place: "Marburg virus", "Rift Valley fever"."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in NAMED_AFTER_PLACES


def capitalised_span(span: Span) -> bool:
    """First and last words carry capitals ("Côte d'Ivoire", "D.C."), unlike "metro" or "gulf"."""
    return is_capitalised(span[0].text) and (not span[-1].text.islower() or span[-1].text == ".")


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
        return bool(COUNTY_SUFFIX.search(text))
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
        # The model calls many countries, regions and capitals persons ("Botswana", "Java",
        # "Tbilisi has denied"); a person's name is rarely one, and then it is followed by a
        # verb of saying.
        whole = doc[start:end]
        if (is_area(whole.text, gazetteer) or _capital(whole.text, gazetteer)) and not (
            end < len(doc) and doc[end].lemma_ in SPEECH_VERBS
        ):
            return [whole]
        return []
    as_place = ent.label_ in {"GPE", "LOC"}
    # Names inside organisation names must be larger places than inside facility names.
    floor = ORG_CITY_POPULATION if ent.label_ == "ORG" else STRONG_CITY_POPULATION

    def accept(text: str) -> bool:
        if as_place:
            return bool(gazetteer.candidates(text))
        if end < len(doc) and is_capitalised(doc[end].text):
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
    # The longest prefix that is a prominent place and is followed by more of the name, first
    # with its leading word ("West Virginia Lottery"), then without ("Northern Ohio Food Bank").
    for first in dict.fromkeys((start, i)):
        for k in range(min(j - 1, first + MAX_NAME_TOKENS), first, -1):
            if is_capitalised(doc[k].text) and _strong(doc[first:k].text, gazetteer, min_population=floor):
                return [doc[first:k]]
    return []


def is_county(text: str, gazetteer: Gazetteer) -> bool:
    """A county by its full name: "Anderson County", "Rapides Parish"."""
    return bool(COUNTY_SUFFIX.search(text)) and any(
        e.feature == "ADM2" for e in gazetteer.candidates(text) if e.name == text
    )


def is_area(text: str, gazetteer: Gazetteer) -> bool:
    """A country, continent, named region or first-level admin area, by its main name."""
    best = gazetteer.resolve(text)
    return (
        best is not None
        and (best.kind in STANDALONE_KINDS or best.feature == "ADM1")
        and gazetteer.is_known(text)
    )


def _capital(text: str, gazetteer: Gazetteer) -> bool:
    """A national capital of at least :data:`ORG_CITY_POPULATION` by its main name."""
    best = gazetteer.resolve(text)
    return (
        best is not None
        and best.capital
        and best.population >= ORG_CITY_POPULATION
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


def entity_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Span]]:
    """(entity, toponym) pairs from the model's place, facility and organisation entities."""
    out: list[tuple[Span, Span]] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in {"ORG", "PERSON"}:
            out.extend((ent, part) for part in _toponyms(ent, gazetteer))
    return out


def missed_names(tokens: Tokens, gazetteer: Gazetteer, taken: list[tuple[int, int]]) -> list[Span]:
    """Capitalised runs outside any entity that name a country, region, continent or state."""
    found: list[Span] = []
    doc, text, ent = tokens.doc, tokens.text, tokens.ent
    i = 0
    n = len(text)
    while i < n:
        if not tokens.cap[i] or ent[i]:
            i += 1
            continue
        match = 0
        for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
            if not (tokens.cap[j - 1] or text[j - 1] == ".") or any(ent[i:j]) or "\n" in "".join(text[i:j]):
                continue
            span = doc[i:j]
            if overlaps(span.start_char, span.end_char, taken):
                continue
            if (j - i > 1 or text[i].lower() not in GENERIC_WORDS) and _standalone_name(span.text, gazetteer):
                match = j
                break
            if j - i > 1 and gazetteer.is_known(span.text) and tokens.cap[j - 1]:
                match = j  # a longer known name starts here: "Iowa City" is not "Iowa"
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


# Lower-case words inside place names: "Democratic Republic of the Congo", "Rio Grande do
# Sul", "Port-au-Prince", "Stratford-upon-Avon".
NAME_JOINERS = _words("of the de do da du la le des del au upon on sur - and")
WIDEN = 5  # tokens a name may grow by on either side


def widen(span: Span, gazetteer: Gazetteer) -> Span:
    """The longest known place name around ``span``: the model often cuts one name in two
    ("Democratic Republic" and "Congo", "Guinea" of "Guinea-Bissau")."""
    doc = span.doc

    def joins(i: int) -> bool:
        return 0 <= i < len(doc) and (is_capitalised(doc[i].text) or doc[i].lower_ in NAME_JOINERS)

    if not (joins(span.start - 1) or joins(span.end)):
        return span
    first = span.start
    while first > 0 and span.start - first < WIDEN and joins(first - 1) and "\n" not in doc[first - 1].text:
        first -= 1
    last = span.end
    while last < len(doc) and last - span.end < WIDEN and joins(last) and "\n" not in doc[last].text:
        last += 1
    best = span
    for a in range(first, span.start + 1):
        if not is_capitalised(doc[a].text) or (a < span.start and doc[a].lower_ == "the"):
            continue
        for b in range(last, span.end - 1, -1):
            if b - a <= len(best) or not (is_capitalised(doc[b - 1].text) or doc[b - 1].text == "."):
                continue
            if gazetteer.is_known(doc[a:b].text):
                best = doc[a:b]
                break
    return best
