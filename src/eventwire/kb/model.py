"""The knowledge base's records, the code lists they are checked against, and the text keys they are found by.

Records are frozen dataclasses built by :mod:`eventwire.kb.loader` from the CSV files in ``kb/data``:

    Country   a country or territory: ISO codes, names, aliases, demonyms, capital
    Title     a title or collective noun ("defence minister", "rebels") -> CAMEO sector and office role
    Igo       an international organisation, NGO or non-state armed group with its CAMEO code
    Person    one term of one office ("Antony Blinken, USA foreign_minister, 2021-01-26..2025-01-20")
    Metonym   a building or place standing for a government body ("Kremlin" -> RUS GOV)

Dates are ISO strings (``YYYY-MM-DD``); comparing them as strings orders them in time, which keeps
the term checks that run for every mention of every person free of date parsing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# CAMEO actor type codes (CAMEO 1.1b3 and the types GDELT adds, e.g. REL). A sector is one of these.
# fmt: off
SECTORS = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL",
    "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC",
    "GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET", "REL",
})
# fmt: on
KINDS = frozenset({"person", "group", "organization"})

# Countries whose people put the family name first, so "Xi Jinping" is "Xi" and "Moon Jae-in" is "Moon".
FAMILY_NAME_FIRST = frozenset({"CHN", "KOR", "PRK", "TWN", "HKG", "MAC"})
# Arabic patronymic names ("Mohammed bin Salman") have no surname the press uses alone: "Salman" is
# the father. Such rows list their short forms as aliases instead.
_PATRONYMIC = frozenset({"bin", "ibn", "bint"})
# Lower-case particles that belong to the surname: "von der Leyen", "de la Fuente", "da Silva".
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "la"}
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

_PARTIAL_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
OPEN_END = "9999-12-31"


@dataclass(frozen=True)
class Country:
    """A country or territory. ``cameo`` is CAMEO's code, the ISO3 code unless CAMEO differs (TLS -> TMP)."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    capital_aliases: tuple[str, ...] = ()
    cameo: str = ""
    # False for dependent territories (Bermuda, Guam...): their capitals are not read as metonyms.
    sovereign: bool = True

    def __post_init__(self) -> None:
        if not self.cameo:
            object.__setattr__(self, "cameo", self.iso3)


@dataclass(frozen=True)
class Title:
    """A title or collective noun and what it implies about the actor it names."""

    text: str
    sector: str
    kind: str
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Igo:
    """An international organisation, grouping, NGO or non-state armed group."""

    key: str
    name: str
    aliases: tuple[str, ...]
    code: str
    kind: str
    sector: str
    country: str | None = None


@dataclass(frozen=True)
class Metonym:
    """A building or place that stands for a government body: "the Kremlin said"."""

    text: str
    country: str
    sector: str


@dataclass(frozen=True)
class Person:
    """One term of one office. A person with two offices, or two terms, has one record for each."""

    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    title: str
    sector: str
    start: str
    end: str | None = None
    # True when this term may overlap another holder's (an acting holder while the holder is suspended).
    shared: bool = False
    # The surname given in the file: None = derive it from the name, "" = the name has no usable surname.
    family: str | None = None

    def surname(self) -> str:
        """The name the press uses alone for this person ("Blinken", "Xi", "von der Leyen"); may be ""."""
        if self.family is not None:
            return self.family
        return derive_surname(self.name, self.country)

    def active_on(self, day: str | None) -> bool:
        """Whether the term overlaps ``day`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); None: any time."""
        if day is None:
            return True
        low, high = period(day)
        return self.start <= high and (self.end or OPEN_END) >= low


def derive_surname(name: str, country: str) -> str:
    """The surname of ``name`` by the naming order of ``country``; "" for patronymic names."""
    tokens = name.split()
    if len(tokens) < 2:
        return name.strip()
    if any(t.casefold() in _PATRONYMIC for t in tokens):
        return ""
    if country in FAMILY_NAME_FIRST:
        return tokens[0]
    while len(tokens) > 2 and tokens[-1].casefold().rstrip(",") in _SUFFIXES:
        tokens.pop()
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(tokens[start:])


def period(day: str) -> tuple[str, str]:
    """First and last day of a ``YYYY[-MM[-DD]]`` date as strings that compare in time order.

    "2023" -> ("2023-01-01", "2023-12-31"); "2023-02" -> ("2023-02-01", "2023-02-31"): the upper bound
    need not be a real day, only sort after every day of the month.
    """
    if not _PARTIAL_DAY.match(day):
        raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {day!r}")
    if len(day) == 4:
        return f"{day}-01-01", f"{day}-12-31"
    if len(day) == 7:
        return f"{day}-01", f"{day}-31"
    return day, day


# ---- text keys -------------------------------------------------------------------------------------
# Lookups run for every candidate mention, so keys are computed once per record at load time and the
# query side does the same few string operations before one dict access.

# Letters NFKD does not decompose into a base letter plus accent.
_FOLD_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_POSSESSIVE = ("'s", "'S")
_THE = ("the ", "The ", "THE ")


def plain(text: str) -> str:
    """``text`` with curly quotes and dashes made plain and runs of whitespace made one space."""
    if text.isascii():  # the common case, and the curly quotes and dashes are all non-ASCII
        return " ".join(text.split())
    return " ".join(text.translate(_QUOTES).translate(_DASHES).split())


def ascii_fold(text: str) -> str:
    """``text`` without accents, case kept: "Côte d'Ivoire" -> "Cote d'Ivoire", "Yıldırım" -> "Yildirim"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Côte d’Ivoire" and "COTE D'IVOIRE" give the same key."""
    if text.isascii():
        return " ".join(text.split()).lower()
    return ascii_fold(plain(text)).casefold()


def strip_mention(text: str, *, article: bool) -> str:
    """Drop a possessive ("India's", "Americans'") and, when ``article``, a leading "the "."""
    text = plain(text)
    if text.endswith(_POSSESSIVE):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    if article and text.startswith(_THE) and len(text) > 4:
        text = text[4:]
    return text


def is_acronym(text: str) -> bool:
    """Whether ``text`` must match case-sensitively: one word with two or more capitals ("US", "U.N.").

    Keeping these exact is what stops "US" from matching the pronoun "us" and "WHO" the pronoun "who".
    """
    return " " not in text and sum(c.isupper() for c in text) >= 2


def title_key(text: str) -> str:
    """Key of a title: folded, hyphens as spaces, no leading article ("Vice-President" = "vice president")."""
    key = fold(strip_mention(text, article=True)).replace("-", " ")
    return " ".join(key.split())
