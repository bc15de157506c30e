"""Datelines at the start of a lead: the place, date and agency a report opens with.

A copy-and-paste from a news page puts them before the first sentence in a few shapes::

    November 10, 2023US Secretary of State ...     date glued to the lead (no space)
    Nov. 10, 2023 The minister said ...            date, space, capitalised sentence
    10 November 2023 - Police in ...               date and a dash
    WASHINGTON, March 3 (Reuters) - The ...        place, date, agency, dash
    LONDON (AP) — Britain's ...                    place, agency, dash
    KYIV, Ukraine, Feb. 8, 2024 (AP) — ...         place, region, date, agency, dash
    (Reuters) - The ...                            agency and a dash

:func:`split_dateline` recognises these and says where the sentence starts. It errs on the side
of leaving text alone: a date without a year needs a dash after it, a place needs a dash or an
agency in parentheses, and a date followed by a lower-case word ("March 3, 2024 was ...") is a
sentence, not a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from eventwire.ingest.credits import canonical_agency

MONTHS = MappingProxyType(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "may": 5,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d(?!\d)"
# Every date shape with the year optional; whether a year is present is checked after matching.
_DATE = (
    rf"{_WEEKDAY}?(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_YEAR}-[01]\d-[0-3]\d)"
)
# A place in capitals: "WASHINGTON", "NEW DELHI", "ST. PETERSBURG", "ISLAMABAD/NEW DELHI".
_PLACE_CAPS = r"[A-Z][A-Z.'’\-]+(?:(?:\s+|/)[A-Z][A-Z.'’\-]+)*"
# A place in title case, accepted only before an agency in parentheses: "Paris (AFP) -".
_PLACE_TITLE = r"[A-Z][a-zà-ÿ'’.\-]+(?:(?:\s+|/)(?:[A-Z][a-zà-ÿ'’.\-]+|de|da|del|do|es|al|el|la|le))*"
_REGION = r"[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2}"
_AGENCY = r"\((?P<agency>[A-Za-z][A-Za-z.&/,\- ]{0,38}[A-Za-z.])\)"
_DASH = r"\s*(?:--|[-–—])\s*"

_STANDALONE = re.compile(
    rf"(?:(?:Published|Updated|Posted|Last updated)(?:\s+on)?:?\s*)?(?P<date>{_DATE})"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*"
)
# A date at the very start, then a dash, nothing (glued to a capital), or a space and a capital.
_LEADING_DATE = re.compile(rf"(?P<date>{_DATE})(?P<sep>{_DASH}|(?=[A-Z\"“‘'])|\s+(?=[\"“‘']?[A-Z]))")
_CLASSIC = re.compile(
    rf"(?:(?P<place>{_PLACE_CAPS}|{_PLACE_TITLE})"
    rf"(?:,\s*(?P<region>{_REGION}))??(?:,\s*(?P<date>{_DATE}))?\s*)?"
    rf"(?:{_AGENCY})?(?P<sep>{_DASH})"
)
# Datelines are short; a longer prefix means the pattern matched into a sentence.
_MAX_DATELINE_CHARS = 90


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a paragraph; ``end`` is where the paragraph's text resumes."""

    end: int
    published: str | None = None  # YYYY-MM-DD, only when the dateline carries a full date
    place: str | None = None
    agency: str | None = None
    text: str = ""


def parse_date(text: str) -> str | None:
    """A date as YYYY-MM-DD: ``"Nov. 10, 2023"``, ``"10 November 2023"``, ``"Friday, November 10,
    2023"`` and ``"2023-11-10"`` all give ``"2023-11-10"``.

    Returns None when the text has no year or is not a real calendar date.
    """
    iso = re.search(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if iso:
        parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    else:
        year = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)
        month = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", text)
        # The day is the one- or two-digit number that is not part of the year.
        day = re.search(r"(?<!\d)([0-3]?\d)(?:st|nd|rd|th)?(?!\d)", text)
        if not (year and month and day):
            return None
        parts = (int(year.group(1)), MONTHS[month.group(1).lower()], int(day.group(1)))
    try:
        return date(*parts).isoformat()
    except ValueError:
        return None


def standalone_date(paragraph: str) -> str | None:
    """The date of a paragraph that is nothing but a date ("Published: 10 Nov 2023, 14:02 GMT")."""
    m = _STANDALONE.fullmatch(paragraph.strip())
    return parse_date(m.group("date")) if m else None


def split_dateline(paragraph: str) -> Dateline | None:
    """Find a dateline at the start of ``paragraph``; None when it starts with ordinary text."""
    m = _LEADING_DATE.match(paragraph)
    if m:
        published = parse_date(m.group("date"))
        dashed = bool(m.group("sep").strip())
        # Without a year, only a dash makes "March 3" a dateline rather than the sentence's subject.
        if (published or dashed) and m.end() < len(paragraph):
            return Dateline(end=m.end(), published=published, text=m.group(0).strip())
        return None
    m = _CLASSIC.match(paragraph)
    if not m or m.end() >= len(paragraph) or m.end() > _MAX_DATELINE_CHARS:
        return None
    place, agency_text, sep = m.group("place"), m.group("agency"), m.group("sep")
    if not place and not agency_text:
        return None
    if place and not place.isupper() and not agency_text:
        # A title-case word before a dash is a sentence ("Officials - who ..."), unless an
        # agency in parentheses follows it: "Paris (AFP) -".
        return None
    agency = None
    if agency_text:
        agency = _agency(agency_text)
        if agency is None:
            return None
    rest = paragraph[m.end() :]
    # A bare "WORD - ..." is a dateline only when the word is a capitalised place of some length
    # and a sentence follows: "MOSCOW — Russia said", not "AI - the technology". A hyphen without
    # spaces joins words ("ASEAN-China summit"), it does not end a dateline.
    bare = not agency and not m.group("date") and not m.group("region")
    if bare and (len(place.replace(" ", "")) < 3 or sep == "-" or not re.match(r"[\"“‘']?[A-Z]", rest)):
        return None
    date_text = m.group("date")
    return Dateline(
        end=m.end(),
        published=parse_date(date_text) if date_text else None,
        place=_place_name(place) if place else None,
        agency=agency,
        text=paragraph[: m.end()].strip(),
    )


def _agency(text: str) -> str | None:
    """The agency named in a dateline's parentheses, or None when it does not look like one.

    Known wire services are recognised by name; an unknown name is accepted when it is short and
    capitalised ("(Example News) -"), since the parenthesis-and-dash shape is already telling.
    """
    first = re.split(r"\s*(?:,|/|\band\b)\s*", text.strip())[0]
    known = canonical_agency(first)
    if known:
        return known
    words = first.split()
    if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return first
    return None


def _place_name(place: str) -> str:
    """ "NEW DELHI" -> "New Delhi", "ST. PETERSBURG" -> "St. Petersburg"; title case stays as it is."""
    if place.isupper():
        return re.sub(r"[A-Z]+", lambda w: w.group(0).capitalize(), place)
    return place
