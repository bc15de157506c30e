"""Find time expressions in English news and normalise them against the publication date.

One compiled regular expression finds candidates in a single pass over the text; a resolver per
kind of candidate turns each into ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` (day, month or year
granularity, the only ones the output contract allows) or drops it. Relative expressions
("Friday", "in June", "last month", "yesterday") need the publication date and are skipped
without one; absolute ones ("June 5, 2023", "2023-06-05", "in 2018") resolve regardless.

Resolution (DESIGN.md): a weekday is the most recent such day at or before publication ("on
Friday" in a Friday report is that day), or the next one on or after it when the clause is in the
future tense ("will meet on Monday"). A month, or a day and month, named without a year takes the
most recent one at or before publication when the clause is past, the next one when it is future,
and without a tense the coming one if it lies at most a season ahead (``_AHEAD_DAYS``,
``_AHEAD_MONTHS``: "payable Dec. 7", "a summit in April"), else the most recent. The tense comes
from the caller (``tense_hint``, derived from the parse) or else from :func:`guess_tense`, a
look at the verb next to the expression ("met Monday", "will meet Bush on Thursday").

Weeks, quarters, seasons, decades, durations ("for three days"), times of day, ambiguous numeric
dates ("5/6") and references to another date ("the previous day", "a year earlier") are not
produced: they have no day/month/year value relative to publication.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Literal

from eventwire.extract import timex_data as data
from eventwire.records import TimeExpression

__all__ = ["find_time_expressions", "guess_tense", "resolve"]

Granularity = Literal["day", "month", "year"]
TenseHint = Callable[[int], "str | None"]
Pub = tuple[int, int | None, int | None]  # year, month, day of publication (month/day may be unknown)
_Resolved = tuple[str, Granularity, tuple[int, int]]

# Without a tense, a date named without its year is the most recent one, except that dates a
# season ahead of publication are the coming ones: news names schedules a few months ahead
# without the year ("payable Dec. 7", "the summit in April") but narrates the past further back.
# TempEval-3 dev, F1 on representable values: past-only 0.860, these horizons 0.906 (60 days /
# 2 months 0.905, 120 / 4 0.908: the rule matters, the exact horizon little).
_AHEAD_DAYS = 90
_AHEAD_MONTHS = 3
# A tense cue further than this many content words from the expression is about something else
# (TempEval-3 dev F1: no cues 0.898, adjacent only 0.903, up to 2 words 0.906, 5 words 0.904).
_CUE_MAX_WORDS = 2
_CUE_REACH = 80  # characters searched on each side for a cue


def _cased(words: Iterable[str]) -> str:
    """Title-case and upper-case forms only: lower-case "may"/"march" are a verb and a noun."""
    forms = sorted({f for w in words for f in (w.title(), w.upper())}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


def _alts(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that the longest wins."""
    return "|".join(sorted(words, key=len, reverse=True))


_FULL_MONTH = f"(?:{_cased(data.MONTHS)})"
# The longer abbreviation first ("Sept" before "Sep"); the period is optional.
_ANY_MONTH = rf"(?:{_FULL_MONTH}|(?:{_cased(data.MONTH_ABBREVIATIONS)})\.?)"
_WEEKDAY = f"(?:{_cased(data.WEEKDAYS)})"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|[/:.,]\d)"
_YEAR4 = r"(?:1[89]\d\d|20\d\d|2100)"
_SPELLED_19 = (
    rf"nineteen[\s-]+(?:(?:{_alts(data.TENS)})(?:[\s-]+(?:{_alts(data.UNITS)}))?|{_alts(data.TEENS)}"
    rf"|oh[\s-]+(?:{_alts(data.UNITS)}))"
)
_SPELLED_20 = rf"the\s+year\s+two\s+thousand(?:[\s-]+(?:and\s+)?(?:{_alts(data.TEENS)}|{_alts(data.UNITS)}))?"
_YEAR_ANY = rf"(?:{_YEAR4}\b|(?i:{_SPELLED_19})\b)"
_HOLIDAY = r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?)"
_POSS = r"(?:['’]s)"

# Words a time expression can start with (besides digits): the first-character test built from
# them lets the scan skip most positions at once, which makes it about five times faster.
_START_WORDS = (
    *data.MONTHS, *data.MONTH_ABBREVIATIONS, *data.WEEKDAYS, *data.NUMBER_WORDS, *data.HOLIDAYS,
    "nineteen", "new", "last", "this", "next", "past", "coming", "early", "earlier", "late", "later",
    "the", "yesterday", "today", "tomorrow", "tonight",
)  # fmt: skip
_FIRST_CHARS = "".join(sorted({c for w in _START_WORDS for c in (w[0].lower(), w[0].upper())}))

# Alternatives are tried in order at each position, so the longer forms come first.
_PATTERN = re.compile(
    rf"""
    (?=[0-9{_FIRST_CHARS}])\b
    (?:
    (?P<iso>(?<![\d-])(?P<iso_y>{_YEAR4})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d-]))
  | (?P<md>(?:(?P<md_wd>{_WEEKDAY}),?\s+)?(?P<md_m>{_ANY_MONTH})\s+(?P<md_d>{_DAYNUM})
        (?:,?\s+(?P<md_y>{_YEAR_ANY}))?)
  | (?P<dm>(?:(?P<dm_wd>{_WEEKDAY}),?\s+(?:the\s+)?)?(?P<dm_d>{_DAYNUM})(?:\s+of)?\s+(?P<dm_m>{_ANY_MONTH})
        (?![\w-])(?:,?\s+(?P<dm_y>{_YEAR_ANY}))?)
  | (?P<my>(?P<my_m>{_ANY_MONTH})(?:\s+of)?,?\s+(?P<my_y>{_YEAR_ANY}))
  | (?P<mrel>(?P<mrel_m>{_FULL_MONTH})\s+(?i:(?P<mrel_mod>last|this|next)\s+year)\b)
  | (?P<relm>(?i:(?P<relm_mod>last|this|next|this\s+coming|this\s+past|past|coming))\s+
        (?P<relm_m>{_FULL_MONTH})\b)
  | (?P<hol>(?:(?i:(?P<hol_mod>last|next|this|this\s+past|this\s+coming))\s+)?(?P<hol_n>{_HOLIDAY})\b
        (?:,?\s+(?P<hol_y>{_YEAR4})\b)?)
  | (?P<wd>(?i:(?P<wd_mod>last|this|next|this\s+coming|this\s+past|past|coming|early|late|earlier|later)\s+)?
        (?P<wd_d>{_WEEKDAY})(?:{_POSS}|(?P<wd_part>\s+(?i:morning|afternoon|evening|night)s?))?\b)
  | (?P<rday>(?i:(?P<rday_pre>the\s+day\s+(?:before|after)\s+)?(?P<rday_w>yesterday|today|tomorrow|tonight))
        (?P<rday_pos>{_POSS})?\b)
  | (?P<rper>(?i:(?P<rper_mod>last|this|next|the\s+current|(?:earlier|later|early|late)\s+(?:this|last|next))
        \s+(?P<rper_u>month|year))(?:{_POSS})?\b)
  | (?P<ago>(?i:(?P<ago_n>\d{{1,3}}|{_alts(data.NUMBER_WORDS)})\s+(?P<ago_u>days?|months?|years?)\s+ago)\b)
  | (?P<bm>(?P<bm_m>{_FULL_MONTH})(?P<bm_pos>{_POSS})?\b)
  | (?P<year>(?:\b(?<![\d,.$£€#/])(?P<year_y>{_YEAR4})|(?P<year_sp>\b(?i:{_SPELLED_19}|{_SPELLED_20})))
        (?P<year_pos>{_POSS})?(?![\w%]|\.\d|,\d))
    )
    """,
    re.VERBOSE,
)

# Words after which a bare four-digit number is a year: "in 2018", "since 2018", "fiscal 1998".
_YEAR_LEFT = re.compile(
    r"(?:\b(?i:in|since|by|until|till|through|throughout|during|before|after|from|to|between|and|or|"
    r"of|for|into|as\s+of|early|late|mid|post|pre|fiscal|circa|year|ending|summer|spring|autumn|fall|"
    r"winter|the|a|an|this|that|its|his|her|their|our|your|my|whose|last|same|calendar|due|until)"
    r"|['’]s|-)[\s-]*$"
)
_HISTORIC_YEAR_LEFT = re.compile(r"\b(?i:in|since|until|till|from|before|after)\s+$")
# An attributive year between lower-case words: "his unsuccessful 1996 campaign".
_LOWER_WORD_LEFT = re.compile(r"\b[a-z]+\s+$")
# After a number between lower-case words, a plural noun makes it a count: "killing 1990 civilians".
_PLURAL = re.compile(r"[a-z]+[^s\W]s")
# A year continuing a list or range of years: "1994, 1995 and 1997", "1991-1997".
_YEAR_LIST_LEFT = re.compile(r"(?:1[89]|20)\d\d(?:,\s*|\s+|-)(?:and\s+|or\s+|to\s+)?$")
# Words after which a bare month name is a date ("in June"); "May" and "March" need one.
_MONTH_LEFT = re.compile(
    r"\b(?i:in|since|by|until|till|through|throughout|during|before|after|from|to|between|and|or|of|"
    r"for|into|as\s+of|early|late|mid|end\s+of|beginning\s+of|middle\s+of|start\s+of|last|this|next|"
    r"on|around|about)[\s-]+$"
)
# A weekday or month after these is not one relative to publication: "the previous Friday", "each July".
_NOT_DCT = re.compile(r"\b(?i:previous|following|that|each|every|same|prior|a|one)\s+$")
_TITLE_LEFT = re.compile(r"(?:\bthe|['’]s)\s+$")
_THE_LEFT = re.compile(r"\b(?i:the)\s+$")
_OF_LEFT = re.compile(r"\bof\s+$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_CAPITAL_NEXT = re.compile(r" [A-Z]")

# Tense cues for the lexical guess. Future forms come first so "expected to" is not a past "-ed".
_TENSE_CUE = re.compile(
    r"(?P<future>\b(?:will|won['’]t|shall|gonna|would|(?:is|are|am)\s+(?:going|due|to)|"
    r"(?:expected|set|supposed|due|poised|likely|intends?|plans?|aims?|hopes?)\s+(?:to|for)|"
    r"scheduled|planned|slated|effective|next|upcoming|coming|later\s+this|as\s+(?:soon|early)\s+as|"
    r"no\s+later\s+than)\b"
    r"|['’]ll\b)"
    r"|(?P<past>\b(?:said|was|were|had|did|told|met|made|took|gave|went|came|left|held|began|won|lost|"
    r"fell|rose|saw|sent|got|found|became|brought|thought|spoke|led|struck|fled|hit|ran|shot|broke|"
    r"chose|drew|drove|fought|flew|grew|knew|paid|sold|sought|stood|taught|threw|wrote|ago|earlier|"
    r"last|yesterday|[a-z]{3,}ed)\b)"
)
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\s[-–—_]\s")
_DEADLINE_GAP = re.compile(r"\b(?i:to|by|until|till|through|around|between|for|before)\b")
_PARTICIPLE_AUX = re.compile(r"\b(?i:be|been|being|is|are|will\s+be|to\s+be)\s+$")
_WORD = re.compile(r"[\w'’.-]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+(?=[A-Z\"“‘(`])|\n\s*\n")


def _parse_published(published: str | None) -> Pub | None:
    """(year, month|None, day|None) of a ``YYYY[-MM[-DD]]...`` publication date, else None."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?", published)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if mo is None or not 1 <= int(mo) <= 12:
        return (y, None, None)
    if d is None or _date(y, int(mo), int(d)) is None:
        return (y, int(mo), None)
    return (y, int(mo), int(d))


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_number(token: str) -> int:
    t = token.rstrip(".").lower()
    return data.MONTHS.get(t) or data.MONTH_ABBREVIATIONS[t]


def _year_number(token: str) -> int:
    """A year written with digits or spelled out ("nineteen ninety-six", "the year two thousand")."""
    if token[:1].isdigit():
        return int(token)
    words = re.findall(r"[a-z]+", token.lower())
    if "thousand" in words:
        rest = [w for w in words[words.index("thousand") + 1 :] if w != "and"]
        return 2000 + sum(data.TEENS.get(w, 0) + data.UNITS.get(w, 0) for w in rest)
    rest = [w for w in words[1:] if w != "oh"]
    return 1900 + sum(data.TENS.get(w, 0) + data.TEENS.get(w, 0) + data.UNITS.get(w, 0) for w in rest)


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """A rough sentence around ``offset``, looking at most ``_CUE_REACH`` characters each way."""
    lo = max(0, offset - _CUE_REACH)
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, offset):
        start = m.end()
    hi = min(len(text), offset + 2 * _CUE_REACH)
    m2 = _SENTENCE_END.search(text, offset, hi)
    return start, (m2.start() + 1 if m2 else hi)


def guess_tense(text: str, offset: int, end: int | None = None) -> str | None:
    """Guess "past" or "future" from a tense cue next to ``text[offset:end]`` in its clause, else None.

    A lexical stand-in for the parse-derived tense, used when the caller gives none: the nearest
    of "will", "scheduled to", "as soon as" ... (future) and "said", "met", "-ed" ... (past), when
    at most ``_CUE_MAX_WORDS`` content words and no clause punctuation lie between.
    """
    end = offset if end is None else end
    s, e = _sentence_bounds(text, offset)
    best: tuple[int, int, str] | None = None
    for m in _TENSE_CUE.finditer(text, max(s, offset - _CUE_REACH), min(e, end + _CUE_REACH)):
        if m.end() <= offset:
            gap, side = text[m.end() : offset], 0
        elif m.start() >= end:
            gap, side = text[end : m.start()], 1
        else:
            continue  # a cue inside the expression ("next Friday") is handled by its own rule
        kind = m.lastgroup or ""
        if _CLAUSE_BREAK.search(gap):
            continue
        if kind == "past" and (
            m.group().lower() in data.NOT_PAST
            or (side == 0 and _DEADLINE_GAP.search(gap))
            or _PARTICIPLE_AUX.search(text, max(0, m.start() - 12), m.start())
        ):
            continue  # "extended to Nov. 20", "to be completed by": a deadline, not a past event
        words = sum(1 for w in _WORD.findall(gap) if w.lower() not in data.LIGHT_WORDS)
        if words > _CUE_MAX_WORDS:
            continue
        if best is None or (words, side) < best[:2]:
            best = (words, side, kind)
    return best[2] if best else None


def _pick(pub: Pub, make: Callable[[int], date | None], tense: str | None, mod: str = "") -> date | None:
    """The occurrence of a yearless date (``make(year)``) that the text means.

    ``mod`` "last"/"next" asks for the one strictly before/after publication, "this" for the one
    in the publication year; otherwise the tense decides, and without one the nearest-ahead rule.
    """
    py, pm, pd = pub
    if mod == "this":
        return make(py)
    if pm is None or pd is None:
        return None
    ref = date(py, pm, pd)
    cands = [d for d in (make(py - 1), make(py), make(py + 1)) if d is not None]
    if mod == "last" or tense == "past":
        before = [d for d in cands if d < ref or (d == ref and mod != "last")]
        return before[-1] if before else None
    if mod == "next" or tense == "future":
        after = [d for d in cands if d > ref or (d == ref and mod != "next")]
        return after[0] if after else None
    soon = [d for d in cands if ref < d <= ref + timedelta(days=_AHEAD_DAYS)]
    if soon:
        return soon[0]
    before = [d for d in cands if d <= ref]
    return before[-1] if before else None


def _month_year(pub: Pub, month: int, rel: str | None) -> int | None:
    """Year of a month named without one. rel: past | future | last | next | this | None."""
    py, pm, _ = pub
    if rel == "this":
        return py
    if pm is None:
        return None
    if rel == "past":
        return py if month <= pm else py - 1
    if rel == "future":
        return py if month >= pm else py + 1
    if rel == "last":
        return py if month < pm else py - 1
    if rel == "next":
        return py if month > pm else py + 1
    if 0 < (month - pm) % 12 <= _AHEAD_MONTHS:
        return py + (month < pm)
    return py if month <= pm else py - 1


def _mod(token: str | None) -> str:
    """Normalise a relative modifier: "this coming" -> next, "this past" -> last."""
    mod = " ".join((token or "").lower().split())
    return {"this coming": "next", "coming": "next", "this past": "last", "past": "last"}.get(mod, mod)


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + delta
    return n // 12, n % 12 + 1


def _left(text: str, pos: int, pattern: re.Pattern[str], width: int = 24) -> bool:
    return pattern.search(text, max(0, pos - width), pos) is not None


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \"'“‘(`")
    return not before or before[-1] in ".!?\n_:"


def _resolve_match(
    m: re.Match[str], text: str, pub: Pub | None, tense: Callable[[], str | None]
) -> _Resolved | None:
    """Value, granularity and span of one candidate, or None when it is not a date here."""
    kind = m.lastgroup or ""
    span = m.span()
    pub_day = _date(pub[0], pub[1], pub[2]) if pub and pub[1] and pub[2] else None

    if kind == "iso":
        d = _date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
        return (d.isoformat(), "day", span) if d else None

    if kind in ("md", "dm"):
        mo, day = _month_number(m[kind + "_m"]), int(m[kind + "_d"].rstrip("stndrh"))  # "5th" -> 5
        if m[kind + "_y"]:
            d = _date(_year_number(m[kind + "_y"]), mo, day)
        elif pub:
            wd_tok = m[kind + "_wd"]
            wd = data.WEEKDAYS[wd_tok.lower()] if wd_tok else None
            d = _pick_with_weekday(pub, mo, day, wd, tense)
        else:
            return None
        return (d.isoformat(), "day", span) if d else None

    if kind == "my":
        return f"{_year_number(m['my_y']):04d}-{_month_number(m['my_m']):02d}", "month", span

    if kind == "mrel":
        if not pub:
            return None
        y = pub[0] + {"last": -1, "this": 0, "next": 1}[m["mrel_mod"].lower()]
        return f"{y:04d}-{_month_number(m['mrel_m']):02d}", "month", span

    if kind == "relm":
        if not pub:
            return None
        mod = _mod(m["relm_mod"])
        mo = _month_number(m["relm_m"])
        y2 = _month_year(pub, mo, (tense() or "this") if mod == "this" else mod)
        return (f"{y2:04d}-{mo:02d}", "month", span) if y2 else None

    if kind == "hol":
        make = data.HOLIDAYS[" ".join(m["hol_n"].lower().replace("’", "'").split())]
        if m["hol_y"]:
            return make(int(m["hol_y"])).isoformat(), "day", span
        if not pub:
            return None
        d = _pick(pub, make, tense(), _mod(m["hol_mod"]))
        return (d.isoformat(), "day", span) if d else None

    if kind == "bm":
        return _resolve_bare_month(m, text, pub, tense)

    if kind == "wd":
        if pub_day is None:
            return None
        mod = _mod(m["wd_mod"])
        if (m["wd_part"] or "").endswith("s") or (not m["wd_mod"] and _left(text, m.start(), _NOT_DCT, 12)):
            return None  # "Tuesday nights", "each Thursday", "the previous Friday": not one day
        if _CAPITAL_NEXT.match(text, m.end()) and _left(text, m.start(), _TITLE_LEFT, 6):
            return None  # "the Sunday Times", "BBC Radio's Sunday Live": a title
        wd = data.WEEKDAYS[m["wd_d"].lower()]
        back = (pub_day.weekday() - wd) % 7
        ahead = (wd - pub_day.weekday()) % 7
        if mod == "last":
            delta = -(back or 7)
        elif mod == "next":
            delta = ahead or 7
        elif tense() == "future":
            delta = ahead
        else:
            delta = -back
        # The span leaves out a possessive: "Friday's talks" -> "Friday".
        end = m.end("wd_part") if m["wd_part"] else m.end("wd_d")
        return (pub_day + timedelta(days=delta)).isoformat(), "day", (m.start(), end)

    if kind == "rday":
        return _resolve_relative_day(m, text, pub_day)

    if kind == "rper":
        if not pub or _left(text, m.start(), _THE_LEFT, 5):
            return None  # "in the last year", "over the next year": a stretch of time
        span = (m.start(), m.end("rper_u"))  # without a possessive: "last year's" -> "last year"
        step = {"last": -1, "this": 0, "current": 0, "next": 1}[m["rper_mod"].lower().split()[-1]]
        if m["rper_u"].lower() == "year":
            return f"{pub[0] + step:04d}", "year", span
        if pub[1] is None:
            return None
        y, mo = _shift_month(pub[0], pub[1], step)
        return f"{y:04d}-{mo:02d}", "month", span

    if kind == "ago":
        return _resolve_ago(m, pub, pub_day)

    if kind == "year":
        return _resolve_year(m, text)
    return None


def _pick_with_weekday(
    pub: Pub, month: int, day: int, weekday: int | None, tense: Callable[[], str | None]
) -> date | None:
    if weekday is not None:
        # "Saturday, April 25": the weekday names the year, whatever the tense says.
        fits = [
            d
            for y in (pub[0] - 1, pub[0], pub[0] + 1)
            if (d := _date(y, month, day)) and d.weekday() == weekday
        ]
        if len(fits) == 1:
            return fits[0]
    return _pick(pub, lambda y: _date(y, month, day), tense())


def _resolve_bare_month(
    m: re.Match[str], text: str, pub: Pub | None, tense: Callable[[], str | None]
) -> _Resolved | None:
    name = m["bm_m"]
    temporal_left = _left(text, m.start(), _MONTH_LEFT, 20)
    # "May" and "March" are also a verb/name and a noun: only after a temporal word.
    if (name.lower() in ("may", "march") or m["bm_pos"]) and not temporal_left:
        return None
    if _CAPITAL_NEXT.match(text, m.end()) and not temporal_left:
        return None  # "June Carter", "August Wilson": a first name
    if _left(text, m.start(), _NOT_DCT, 12):
        return None
    if not pub:
        return None
    mo = _month_number(name)
    y = _month_year(pub, mo, tense())
    return (f"{y:04d}-{mo:02d}", "month", (m.start("bm_m"), m.end("bm_m"))) if y else None


def _resolve_relative_day(m: re.Match[str], text: str, pub_day: date | None) -> _Resolved | None:
    if pub_day is None:
        return None
    word = m["rday_w"]
    if word == "Today" and not _at_sentence_start(text, m.start()):
        return None  # "USA Today": a title
    if word.lower() in ("today", "tomorrow") and _left(text, m.start(), _OF_LEFT, 4):
        return None  # "the disease of today", "the people of tomorrow": any present or future
    if m["rday_pos"] and word.lower() == "today":
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt and nxt.group(1).lower() in data.GENERIC_AFTER_TODAY:
            return None
    delta = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word.lower()]
    pre = (m["rday_pre"] or "").lower()
    delta += -1 if "before" in pre else 1 if "after" in pre else 0
    return (pub_day + timedelta(days=delta)).isoformat(), "day", (m.start(), m.end("rday_w"))


def _resolve_ago(m: re.Match[str], pub: Pub | None, pub_day: date | None) -> _Resolved | None:
    if not pub:
        return None
    tok = m["ago_n"].lower()
    n = int(tok) if tok.isdigit() else data.NUMBER_WORDS[tok]
    unit = m["ago_u"].lower().rstrip("s")
    if unit == "year":
        return f"{pub[0] - n:04d}", "year", m.span()
    if unit == "month":
        if pub[1] is None:
            return None
        y, mo = _shift_month(pub[0], pub[1], -n)
        return f"{y:04d}-{mo:02d}", "month", m.span()
    if pub_day is None:
        return None
    return (pub_day - timedelta(days=n)).isoformat(), "day", m.span()


def _resolve_year(m: re.Match[str], text: str) -> _Resolved | None:
    """A bare year, only where the words around make it a date: "in 2018", not "2018 people"."""
    tok = m["year_y"] or m["year_sp"]
    y = _year_number(tok)
    start = m.start("year_y") if m["year_y"] else m.start("year_sp")
    # 1900-2100 is where a bare number is plausibly a year; older ones only after "in", "since" ...
    if not (1900 <= y <= 2100 or (1800 <= y < 1900 and _left(text, start, _HISTORIC_YEAR_LEFT, 12))):
        return None
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt and nxt.group(1).lower() in data.COUNT_NOUNS:
        return None
    if not (
        m["year_pos"]
        or _left(text, start, _YEAR_LEFT)
        or _left(text, start, _YEAR_LIST_LEFT, 12)
        or (nxt and _left(text, start, _LOWER_WORD_LEFT) and not _PLURAL.fullmatch(nxt.group(1)))
    ):
        return None
    end = m.end("year_y") if m["year_y"] else m.end("year_sp")
    return f"{y:04d}", "year", (start, end)


def find_time_expressions(
    text: str,
    published: str | None,
    *,
    start: int = 0,
    end: int | None = None,
    tense_hint: TenseHint | None = None,
) -> list[TimeExpression]:
    """Find and normalise the time expressions of ``text[start:end]``.

    Spans are offsets into ``text``. Values are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` with
    granularity day, month or year. Relative expressions are skipped when ``published``
    (``YYYY-MM-DD``; with ``YYYY-MM`` or ``YYYY`` only the coarser ones resolve) is missing.
    ``tense_hint(offset)`` may say "past" or "future" for the clause at ``offset``; without it,
    or when it returns None, :func:`guess_tense` decides from the words around.
    """
    pub = _parse_published(published)
    stop = len(text) if end is None else end
    out: list[TimeExpression] = []
    for m in _PATTERN.finditer(text, start, stop):

        def tense(m: re.Match[str] = m) -> str | None:
            hinted = tense_hint(m.start()) if tense_hint else None
            return hinted if hinted is not None else guess_tense(text, m.start(), m.end())

        res = _resolve_match(m, text, pub, tense)
        if res is not None:
            value, granularity, (s, e) = res
            out.append(TimeExpression(text=text[s:e], span=(s, e), value=value, granularity=granularity))
    return out


def resolve(expression: str, published: str | None, *, tense: str | None = None) -> tuple[str, str] | None:
    """(value, granularity) of one time expression such as "Friday" or "June 5, 2023", else None.

    ``tense`` ("past" | "future") stands for the tense of the clause the expression came from.
    """
    found = find_time_expressions(expression, published, tense_hint=lambda _offset: tense)
    return (found[0].value, found[0].granularity) if found else None
