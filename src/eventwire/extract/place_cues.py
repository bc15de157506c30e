"""Textual cues that a capitalised name is a place, whatever the model labelled it.

News writes places in a few fixed shapes that say "this is a place" and often "where":

* a place and the area it lies in: "Dublin, Ohio", "Chowchilla, Calif.", "Palencia, Spain";
* a legislator's district after the party: "Rep. Jane Doe, D-Calif.", "(R-Westfield)";
* several counties sharing one head noun: "Barrow, Jackson and Madison counties";
* the kind of place, or a person's home town, before "of": "the village of Glen Carbon",
  "Jane Doe, 34, of Lombard";
* people and services named after their town: "a Camarillo resident", "Grand Prairie police";
* a dateline, at a sentence start or after a byline's date: "March 30, 2009 NEWARK --".

Each function returns :class:`Cue` objects: the span, the name to look up (which may differ from
the span's text: "Barrow" is looked up as "Barrow County") and, when the text says so, the area
the place lies in (an admin key such as ``"USA.OH"`` or an ISO3 code) for the resolver.
:func:`capitalised_runs` yields the candidate names that :mod:`eventwire.extract.places` takes
only when the article's other places lie close by.

The finders read the token texts through :class:`Tokens`, built once per article: spaCy builds
a new ``Token`` object on every access, and a token-by-token walk per cue would cost more than
all the lookups.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from eventwire.kb.gazetteer import Gazetteer, GeoEntry

__all__ = [
    "Cue",
    "Tokens",
    "area_pairs",
    "capitalised_runs",
    "county_lists",
    "datelines",
    "kind_of_place",
    "locatives",
    "party_districts",
    "residents",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_RUN = 4  # tokens of one place name at most ("Rancho Santa Margarita")
MAX_AREA = 3  # tokens of the area after the comma ("W. Va.", "New South Wales")
# Party letters before a legislator's district: Democrat, Republican, Independent, and
# Minnesota's Democratic-Farmer-Labor party.
PARTIES = frozenset({"D", "R", "I", "DFL"})
# Plural heads after a list of county names, and the singular the index knows them by.
COUNTY_HEADS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
# Tokens that end a dateline's place name ("TORRINGTON —"; "\x97" is a cp1252 dash read as latin-1).
DATELINE_MARKS = frozenset({"—", "–", "-", "--", "---", "(", ":", "\x97"})
# Nouns of the kind of place before "of": "the city of Dallas", "the village of Glen Carbon".
PLACE_KINDS = _words(
    """city town village township borough county state province region district capital suburb
    hamlet municipality parish island"""
)
# Nouns that, right after a name, make it a place's: "a Camarillo resident", "the Saratoga
# native", "Alexandria woman charged", "Grand Prairie police".
RESIDENT_NOUNS = _words(
    """resident residents native natives man woman men women boy girl teen teenager couple family
    families police firefighters"""
)
# Prepositions of place before a town's name ("in Pahrump", "a trip to Cancun").
LOCATIVES = _words("in near outside into around across toward towards to from")
# The town must have this many people for a name after a preposition to be taken as it.
LOCATIVE_POPULATION = 1000
# Tags of the words a place name is made of: proper nouns.
NAME_TAGS = frozenset({"NNP", "NNPS"})


@dataclass(frozen=True)
class Cue:
    """A span the text marks as a place, the name to look it up by, and the area it lies in."""

    span: Span
    name: str
    within: str | None = None


class Tokens:
    """The token texts of one article and the model's entity label of each token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = [token.text for token in doc]
        self.cap = [text[:1].isupper() for text in self.text]
        self.ent = [""] * len(self.text)
        self.persons: dict[int, Span] = {}  # token index -> the person entity holding it
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent[i] = ent.label_
                if ent.label_ == "PERSON":
                    self.persons[i] = ent

    def __len__(self) -> int:
        return len(self.text)

    def name_token(self, i: int) -> bool:
        """A word that may be part of a place name: capitalised ("W.", "Va." are one token
        each; a lone period after a name ends the sentence)."""
        return self.cap[i]

    def run_end(self, start: int, limit: int) -> int:
        """The end of the run of name words from ``start`` (at most ``limit`` of them)."""
        end = start
        while (
            end < len(self.text)
            and end - start < limit
            and self.name_token(end)
            and "\n" not in self.text[end]
        ):
            end += 1
        return end


def area_key(entry: GeoEntry) -> str | None:
    """The key a place inside ``entry`` matches: an admin key for a first-level area, an ISO3
    code for a country, None for anything else."""
    if entry.kind == "country":
        return entry.country
    if entry.feature == "ADM1":
        return entry.admin_key
    return None


def _inside(entry: GeoEntry, key: str) -> bool:
    return entry.admin_key == key if "." in key else entry.country == key


def _area(tokens: Tokens, start: int, gazetteer: Gazetteer) -> tuple[Span, str] | None:
    """The first-level area or country named from token ``start`` on ("Ohio", "W. Va.")."""
    for end in range(tokens.run_end(start, MAX_AREA), start, -1):
        span = tokens.doc[start:end]
        areas = [e for e in gazetteer.candidates(span.text) if area_key(e) is not None]
        if areas:
            key = area_key(max(areas, key=lambda e: (e.kind == "country", e.population)))
            return (span, key) if key else None
    return None


def area_pairs(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """ "Dublin, Ohio": a name, a comma and the state or country that holds a place so called.

    Both parts are places; the first lies in the second. The longest name before the comma
    with a reading inside the area is taken, so "New Haven, Conn." keeps both words. A country
    before the comma is no such pair ("France, Germany and Italy").
    """
    cues: list[Cue] = []
    text, cap = tokens.text, tokens.cap
    for comma in range(1, len(text) - 1):
        if text[comma] != "," or not cap[comma + 1] or not tokens.name_token(comma - 1):
            continue
        area = _area(tokens, comma + 1, gazetteer)
        if area is None:
            continue
        area_span, key = area
        for start in range(max(0, comma - MAX_RUN), comma):
            if not cap[start] or tokens.run_end(start, MAX_RUN) < comma:
                continue
            span = tokens.doc[start:comma]
            readings = gazetteer.candidates(span.text)
            if (
                readings
                and readings[0].kind != "country"
                and any(e.kind != "country" and _inside(e, key) for e in readings)
            ):
                cues.append(Cue(span, span.text, key))
                cues.append(Cue(area_span, area_span.text))
                break
    return cues


def party_districts(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """The home town or state after a legislator's party: "D-Calif.", "R-Elbow Lake", "DFL-Cook"."""
    cues: list[Cue] = []
    text = tokens.text
    for i in range(len(text) - 2):
        if text[i] not in PARTIES or text[i + 1] != "-" or not tokens.cap[i + 2]:
            continue
        start = i + 2
        for end in range(tokens.run_end(start, MAX_RUN), start, -1):
            span = tokens.doc[start:end]
            if gazetteer.candidates(span.text):
                cues.append(Cue(span, span.text, "USA"))
                break
    return cues


def county_lists(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """Each name of "Barrow, Jackson and Madison counties", looked up as "Barrow County".

    A plural head after one name is no list ("the four metro Athens counties").
    """
    cues: list[Cue] = []
    text, cap = tokens.text, tokens.cap
    for head, word in enumerate(text):
        suffix = COUNTY_HEADS.get(word.lower())
        if suffix is None:
            continue
        found: list[Cue] = []
        i = head
        while i > 0:
            end = i
            while i > 0 and cap[i - 1] and end - i < MAX_RUN:
                i -= 1
            if i == end:
                break
            span = tokens.doc[i:end]
            name = f"{span.text} {suffix}"
            if not any(e.feature == "ADM2" for e in gazetteer.candidates(name)):
                break
            found.append(Cue(span, name))
            if i > 0 and text[i - 1].lower() in {"and", "or", ","}:
                i -= 1
                if i > 0 and text[i - 1] == "," and text[i].lower() in {"and", "or"}:
                    i -= 1  # the serial comma: "Butler, Clark, and Warren counties"
            else:
                break
        if len(found) > 1:
            cues.extend(found)
    return cues


def datelines(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """A capitalised town name before a dash ("TORRINGTON —") or before a comma and a state
    ("COLUMBUS, Ohio"), at a sentence start or after the date of a byline. The model rarely
    tags them."""
    cues: list[Cue] = []
    text = tokens.text
    n = len(text)

    def upper(i: int) -> bool:
        # "NEWARK", and abbreviations that open a name: "ST. PAUL", "MT. VERNON"
        return text[i].isupper() and (text[i].isalpha() or (text[i][:-1].isalpha() and text[i][-1] == "."))

    i = 0
    while i < n:
        if not upper(i) or (i > 0 and upper(i - 1)):
            i += 1
            continue
        end = i
        while end < n and end - i < MAX_RUN and upper(end):
            end += 1
        if end < n and _dateline_end(tokens, end) and (tokens.doc[i].is_sent_start or _after_date(tokens, i)):
            span = tokens.doc[i:end]
            if gazetteer.is_known(span.text.title()):
                cues.append(Cue(span, span.text.title()))
        i = end
    return cues


def _dateline_end(tokens: Tokens, end: int) -> bool:
    follower = tokens.text[end]
    return (
        follower in DATELINE_MARKS
        or follower.startswith("-")
        or (follower == "," and end + 1 < len(tokens) and tokens.cap[end + 1])
    )


def _after_date(tokens: Tokens, i: int) -> bool:
    """The token before ``i`` ends a date or a byline: "March 30, 2009 NEWARK"."""
    return tokens.ent[i - 1] in {"DATE", "TIME"} or tokens.text[i - 1].isdigit()


def _known_run(tokens: Tokens, start: int, gazetteer: Gazetteer) -> Span | None:
    """The name from token ``start`` to the end of its run, when it is a place's main name
    ("the province of Western Kasai" is not Western Province, nor "Port-au-Prince" a port)."""
    end = tokens.run_end(start, MAX_RUN)
    if end < len(tokens) and (tokens.cap[end] or tokens.text[end] == "-"):
        return None
    if tokens.text[end - 1] == ".":
        end -= 1
    span = tokens.doc[start:end]
    return span if end > start and gazetteer.is_known(span.text) else None


def kind_of_place(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """ "The city of Dallas", "the village of Glen Carbon", and a person's home town:
    "Daniel Hufstetler of Roswell", "Amstutz, of Wooster", "Jane Doe, 34, of Lombard"."""
    cues: list[Cue] = []
    text, persons = tokens.text, tokens.persons
    for of in range(1, len(text) - 1):
        if text[of] != "of" or not tokens.cap[of + 1]:
            continue
        j = of - 1
        if text[j] == ",":
            # "Doe, 34, of Lombard" or "Doe, of Lombard": after a name and a comma, "of"
            # introduces where the named one is from
            j -= 1
            if j >= 2 and text[j].isdigit() and text[j - 1] == ",":
                j -= 2
            home = j >= 0 and tokens.cap[j] and tokens.ent[j] in {"", "PERSON"}
        else:
            home = j in persons and persons[j].end == j + 1
        if not (home or text[of - 1].lower() in PLACE_KINDS):
            continue
        span = _known_run(tokens, of + 1, gazetteer)
        if span is not None:
            cues.append(Cue(span, span.text))
    return cues


def residents(tokens: Tokens, gazetteer: Gazetteer) -> list[Cue]:
    """A town named as the home of people: "a Camarillo resident", "Alexandria woman charged",
    "Grand Prairie police". The name must be a proper noun's ("One man" is no town's)."""
    cues: list[Cue] = []
    text, cap = tokens.text, tokens.cap
    for noun in range(1, len(text)):
        if not cap[noun - 1] or text[noun].lower() not in RESIDENT_NOUNS:
            continue
        for start in range(max(0, noun - MAX_RUN), noun):
            if not cap[start] or tokens.run_end(start, MAX_RUN) < noun:
                continue
            person = tokens.persons.get(start)
            if person is not None and person.start != start:
                continue  # the end of a person's name: "John Alexandria"
            span = tokens.doc[start:noun]
            if not all(t.tag_ in NAME_TAGS or t.text.isupper() for t in span):
                continue  # a capitalised word that is no name: "One man", "Many residents"
            readings = gazetteer.candidates(span.text)
            if readings and readings[0].kind in {"city", "admin"} and gazetteer.is_known(span.text):
                cues.append(Cue(span, span.text))
                break
    return cues


def locatives(tokens: Tokens, gazetteer: Gazetteer, surnames: set[str]) -> list[Cue]:
    """A town's name after a preposition of place that the model left unlabelled or called a
    person: "in Pahrump", "a trip to Cancun", "from Hounslow".

    "to" and "from" also come before people ("a letter from Smith"), so after them a name the
    model calls a person stays out; so do surnames of the article's people and names that go
    on ("in Smith Hall").
    """
    cues: list[Cue] = []
    text, ent, cap = tokens.text, tokens.ent, tokens.cap
    for prep in range(len(text) - 1):
        word = text[prep].lower()
        if word not in LOCATIVES or not cap[prep + 1] or ent[prep + 1] not in {"", "PERSON"}:
            continue
        if ent[prep + 1] == "PERSON" and word in {"to", "from"}:
            continue
        end = tokens.run_end(prep + 1, MAX_RUN)
        if end < len(text) and (cap[end] or text[end] in {"'s", "’s"}):
            continue
        span = tokens.doc[prep + 1 : end]
        if span.text in surnames or any(ent[i] != ent[prep + 1] for i in range(prep + 1, end)):
            continue
        person = tokens.persons.get(prep + 1)
        if person is not None and (person.start, person.end) != (span.start, span.end):
            continue
        readings = gazetteer.candidates(span.text)
        if (
            readings
            and gazetteer.is_known(span.text)
            and (
                (readings[0].kind == "city" and readings[0].population >= LOCATIVE_POPULATION)
                or readings[0].feature == "ADM2"
            )
        ):
            cues.append(Cue(span, span.text))
    return cues


def capitalised_runs(tokens: Tokens) -> Iterator[Span]:
    """Maximal runs of proper-noun words (split at hyphens) that may hold a place name.

    "Grand Ledge Police Chief" and "Nebraska", "Lincoln" of "University of Nebraska-Lincoln";
    each run is a candidate from its first word on. Runs that cross a line are split.
    """
    doc, text, cap = tokens.doc, tokens.text, tokens.cap
    n = len(text)
    i = 0
    while i < n:
        if not cap[i] or not (doc[i].tag_ in NAME_TAGS or text[i].isupper()):
            i += 1
            continue
        end = i + 1
        while (
            end < n
            and end - i < MAX_RUN + 2
            and "\n" not in text[end]
            and (
                (cap[end] and doc[end].tag_ in NAME_TAGS)
                or (tokens.name_token(end) and not text[end].isalpha())
            )
        ):
            end += 1
        yield doc[i:end]
        i = end
