"""Credit lines and bylines: who wrote a report and which wire services it draws on.

News pages end a report with a line that is not part of the story::

    ss/ab (AFP, AP, Reuters)                           editors' initials and wire services (DW)
    (Reuters)                                          wire services alone
    AFP/Reuters   — AP   With material from dpa        wire services with a little wording
    Reporting by Jane Doe in Kyiv; Editing by John Roe  the Reuters staff line
    Edited by: Jane Doe                                an editor's line

and some open with a byline ("By Jane Doe and John Roe"). :func:`parse_credit_line` and
:func:`parse_byline` recognise whole lines of these shapes only, so a sentence that merely
mentions Reuters stays in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

# Wire services and the news agencies whose names appear in credit lines, keyed by lower case.
# Names that are ordinary English words ("AA", "PA", "CP") are left out: a credit line made of
# them cannot be told from text.
_AGENCIES = MappingProxyType(
    {
        name.lower(): name
        for name in (
            "AFP",
            "AP",
            "Reuters",
            "dpa",
            "KNA",
            "EPD",
            "Xinhua",
            "TASS",
            "ANI",
            "PTI",
            "UPI",
            "Bloomberg",
            "IANS",
            "ANSA",
            "EFE",
            "Kyodo",
            "Yonhap",
            "Interfax",
            "RIA Novosti",
            "Sputnik",
            "Anadolu",
            "IRNA",
            "WAFA",
            "SANA",
            "KCNA",
            "Ukrinform",
            "Antara",
            "Bernama",
            "AAP",
            "Lusa",
            "Belga",
            "ANP",
            "Ritzau",
            "NTB",
            "APA",
            "PAP",
            "CTK",
            "Agerpres",
            "BTA",
            "HINA",
            "Tanjug",
            "Europa Press",
            "Prensa Latina",
            "Notimex",
            "MENA",
            "QNA",
            "WAM",
            "SPA",
            "BSS",
            "APP",
            "UNI",
            "CNA",
            "Jiji",
        )
    }
)
# Spellings seen in credit lines that name the same agencies.
_ALIASES = MappingProxyType(
    {
        "associated press": "AP",
        "the associated press": "AP",
        "agence france-presse": "AFP",
        "agence france presse": "AFP",
        "thomson reuters": "Reuters",
        "deutsche presse-agentur": "dpa",
        "katholische nachrichten-agentur": "KNA",
        "evangelischer pressedienst": "EPD",
        "press trust of india": "PTI",
        "asian news international": "ANI",
        "indo-asian news service": "IANS",
        "united press international": "UPI",
        "anadolu agency": "Anadolu",
        "kyodo news": "Kyodo",
        "yonhap news agency": "Yonhap",
        "tass news agency": "TASS",
        "xinhua news agency": "Xinhua",
        "bloomberg news": "Bloomberg",
    }
)

_ROLE = (
    r"(?:(?:Additional|Further)\s+)?(?:Reporting|Reported|Writing|Written|Editing|Edited|Compiled|"
    r"Research|Produced|Graphics|Fact-checking|Translated|Translation)(?:\s+by)?:?"
)
# A person's name: capitalised words, with the particles of common surnames.
_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|da|del|der|van|von|bin|al|el|la|le|di|du|dos))*"
_INITIALS = re.compile(
    r"(?P<initials>[a-z]{1,4}(?:/[a-z]{1,4}){1,3})\s*(?:\((?P<agencies>[^()]{1,100})\))?\.?"
)
_PARENS_AGENCIES = re.compile(r"\((?P<agencies>[^()]{1,100})\)\.?")
_BARE_AGENCIES = re.compile(
    r"(?:[-–—]\s*|(?:With|Source|Sources)(?:\s+(?:material|reporting|input|information))?"
    r"(?:\s+(?:from|by))?:?\s+)?(?P<agencies>[A-Za-z][A-Za-z .,/&\-]{0,80})\.?"
)
_STAFF_SEGMENT = re.compile(rf"(?P<role>{_ROLE})\s+(?P<names>.+)")
_BYLINE = re.compile(
    rf"By:?\s+(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)(?:\s*[,|/]\s*(?P<agency>.+))?"
)
# Short words written with a slash in text ("and/or", "he/she") that are not editors' initials.
_SLASHED_WORDS = frozenset(
    {"and", "or", "he", "she", "his", "her", "him", "yes", "no", "on", "off", "in", "out", "up", "down"}
    | {"it", "is", "to", "from", "w", "o"}
)
_LIST_SEPARATORS = re.compile(r"\s*(?:,|/|;|&|\band\b|\bwith\b)\s*")


@dataclass(frozen=True)
class Credit:
    """What a credit line or byline says: the wire services and the people named."""

    agencies: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


def canonical_agency(name: str) -> str | None:
    """The usual spelling of a known news agency ("reuters" -> "Reuters"), None for other names."""
    key = re.sub(r"\s+", " ", name.strip().strip(".")).lower()
    return _AGENCIES.get(key) or _ALIASES.get(key)


def parse_credit_line(line: str) -> Credit | None:
    """Read a whole line as a credit line; None when it is anything else (a sentence, a heading)."""
    line = line.strip()
    if not line or len(line) > 200:
        return None
    m = _INITIALS.fullmatch(line)
    if m and not _SLASHED_WORDS.intersection(m.group("initials").split("/")):
        agencies = _agency_list(m.group("agencies"), known_only=False) if m.group("agencies") else ()
        if agencies is None:
            return None
        return Credit(agencies=agencies, authors=tuple(m.group("initials").split("/")))
    m = _PARENS_AGENCIES.fullmatch(line)
    if m:
        # "(Reuters)" alone: every name must be a known agency, or "(Some words)" is an aside.
        agencies = _agency_list(m.group("agencies"), known_only=True)
        if agencies:
            return Credit(agencies=agencies)
        # "(Reporting by Jane Doe; Editing by John Roe)": Reuters puts its staff line in parentheses.
        return _staff_line(m.group("agencies"))
    staff = _staff_line(line)
    if staff:
        return staff
    m = _BARE_AGENCIES.fullmatch(line)
    if m:
        agencies = _agency_list(m.group("agencies"), known_only=True)
        if agencies:
            return Credit(agencies=agencies)
    return None


def parse_byline(line: str) -> Credit | None:
    """Read a line like "By Jane Doe and John Roe, Reuters" as a byline; None otherwise."""
    line = line.strip()
    if len(line) > 120:
        return None
    m = _BYLINE.fullmatch(line)
    if not m:
        return None
    names = _names(m.group("names"))
    if not names or any(len(n.split()) > 4 for n in names):
        return None
    # "By Jane Doe, Reuters": the name list's pattern also takes the agency after the comma.
    agencies = [a for a in (canonical_agency(n) for n in names) if a]
    authors = tuple(n for n in names if not canonical_agency(n))
    if m.group("agency"):
        found = _agency_list(m.group("agency"), known_only=True)
        if not found:
            return None
        agencies.extend(found)
    if not authors:
        return None
    return Credit(agencies=tuple(dict.fromkeys(agencies)), authors=authors)


def _agency_list(text: str, *, known_only: bool) -> tuple[str, ...] | None:
    """Split "AFP, AP and Reuters" into agency names; None when an item does not look like one.

    With ``known_only`` every item must be a known agency. Otherwise (inside the parentheses of
    an initials line, which already marks a credit) short capitalised names are accepted too.
    """
    items = [i for i in _LIST_SEPARATORS.split(text.strip()) if i]
    if not items:
        return None
    out: list[str] = []
    for item in items:
        known = canonical_agency(item)
        if known:
            out.append(known)
        elif not known_only and len(item.split()) <= 3 and item[:1].isupper():
            out.append(item)
        else:
            return None
    return tuple(dict.fromkeys(out))


def _staff_line(line: str) -> Credit | None:
    """ "Reporting by Jane Doe in Kyiv; Editing by John Roe" -> the people named in it."""
    segments = [s.strip() for s in line.strip().rstrip(".").split(";") if s.strip()]
    if not segments:
        return None
    authors: list[str] = []
    for segment in segments:
        m = _STAFF_SEGMENT.fullmatch(segment)
        if not m:
            return None
        names = _names(m.group("names"))
        if not names:
            return None
        authors.extend(names)
    return Credit(authors=tuple(dict.fromkeys(authors)))


def _names(text: str) -> tuple[str, ...]:
    """People named in "Jane Doe in Kyiv and John Roe at the United Nations"; () if any part is not a name."""
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", text.strip()):
        if not part:
            continue
        # Where a reporter filed from is not part of the name.
        part = re.split(r"\s+(?:in|at|from|for)\s+", part, maxsplit=1)[0]
        if not re.fullmatch(_NAME, part) or len(part.split()) > 5:
            return ()
        names.append(part)
    return tuple(names)
