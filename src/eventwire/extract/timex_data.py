"""Word lists for the time-expression finder (:mod:`eventwire.extract.dates`).

Plain facts of English dates (month and weekday names, number words, fixed holidays) and the
small lexicons the finder's context checks read. Kept apart so the rules read without them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

MONTHS: Mapping[str, int] = MappingProxyType({
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
})  # fmt: skip

# Abbreviations as news agencies write them ("Sept." is AP style; "Sep" also occurs).
MONTH_ABBREVIATIONS: Mapping[str, int] = MappingProxyType({
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
})  # fmt: skip

WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
})  # fmt: skip

# Counts in "two years ago", "a month ago".
NUMBER_WORDS: Mapping[str, int] = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
})  # fmt: skip

# Spelled-out years as broadcast transcripts write them: "nineteen ninety-six".
UNITS: Mapping[str, int] = MappingProxyType(
    {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
)
TEENS: Mapping[str, int] = MappingProxyType({
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
})  # fmt: skip
TENS: Mapping[str, int] = MappingProxyType({
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
})  # fmt: skip


def _thanksgiving(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


# Holidays whose date follows from the year alone (lower-cased, spaces collapsed).
HOLIDAYS: Mapping[str, Callable[[int], date]] = MappingProxyType(
    {
        "christmas": lambda y: date(y, 12, 25),
        "christmas day": lambda y: date(y, 12, 25),
        "christmas eve": lambda y: date(y, 12, 24),
        "new year's day": lambda y: date(y, 1, 1),
        "new year's eve": lambda y: date(y, 12, 31),
        "thanksgiving": _thanksgiving,
        "thanksgiving day": _thanksgiving,
    }
)

# A four-digit number followed by one of these is a count or a clock time, not a year ("2018
# people", "at 2000 GMT").
COUNT_NOUNS = frozenset({
    "people", "persons", "men", "women", "children", "kids", "troops", "soldiers", "police", "officers",
    "dollars", "euros", "pounds", "yen", "yuan", "rupees", "votes", "shares", "workers", "employees",
    "jobs", "homes", "houses", "cases", "deaths", "dead", "times", "points", "miles", "kilometers",
    "kilometres", "km", "feet", "meters", "metres", "tons", "tonnes", "barrels", "acres", "students",
    "members", "residents", "refugees", "prisoners", "cars", "vehicles", "units", "copies", "pages",
    "words", "visitors", "tourists", "fans", "seats", "hectares", "calories", "years", "months", "days",
    "hours", "minutes", "seconds", "percent", "gmt", "utc", "hrs", "local", "est", "edt", "bst", "cet",
    "cest", "pst", "pdt"
})  # fmt: skip

# "today's world" is any present-day world, not the publication day.
GENERIC_AFTER_TODAY = frozenset({
    "world", "youth", "society", "generation", "generations", "economy", "market", "markets",
    "standards", "terms", "dollars", "technology", "children", "kids", "young"
})  # fmt: skip

# "-ed" words that are not past-tense verbs (or are participles used as adjectives).
NOT_PAST = frozenset({
    "speed", "indeed", "hundred", "proceed", "exceed", "succeed", "breed", "based", "related", "armed",
    "alleged", "limited", "united", "interested", "concerned", "detailed", "advanced", "supposed",
    "embed"
})  # fmt: skip

# Words that do not separate a verb from its time expression: "met on Monday", "will meet Bush on".
LIGHT_WORDS = frozenset({
    "on", "in", "at", "by", "the", "a", "an", "this", "that", "of", "to", "for", "early", "late",
    "earlier", "later", "until", "till", "since", "before", "after", "from", "as", "again", "also",
    "not", "never", "only", "just", "then"
})  # fmt: skip
