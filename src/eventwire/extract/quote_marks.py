"""Find the stretches of text that stand between quotation marks, in one regular-expression pass.

This is the cheap half of quote extraction: it knows nothing of speakers. The event coder uses
:func:`quote_regions` to tell that "we" inside quotation marks is the speaker, and
:mod:`eventwire.extract.quotes` attributes each region to a speaker.

How marks are paired, paragraph by paragraph (a paragraph is a line of the text):

* Double marks are the curly ``“ ”``, the straight ``"``, the typewriter pairs ``\\`\\``` and
  ``''`` (newswire archives and the Penn Treebank write quotes that way), and guillemets
  ``« »``. Whether a mark opens or closes comes from what flanks it: an opening mark has a space,
  a bracket, a dash or the start of the paragraph before it and a word after it; a closing mark
  the reverse. The shape of a curly mark decides only when flanking cannot (``“`` glued
  between two words). An opening mark met inside an open quote of the same kind is ignored, so a
  stray mark does not cut a quotation in two.
* A quote still open at the end of its paragraph runs to the end of that paragraph: news style
  reopens a quotation that spans paragraphs at the start of each one and closes it only at the
  end of the last, so each paragraph's part is a region of its own.
* Single marks (``‘ ’`` and ``'``) are quotes only outside double quotes (British style uses them
  first; inside double quotes they nest and the outer region already covers them). They must
  open before a letter (not a digit: ``'90s``) and close before a non-letter, so apostrophes in
  ``don't`` and ``Clinton’s`` never pair; an unclosed single mark is dropped, since it is far
  more often an apostrophe (``the voters’ anger``) than a quotation running on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteRegion", "find_regions", "quote_regions"]

# `` and '' first so that they win over a single ' or `.
_MARKS = re.compile(r"``|''|[\"“”«»„‘’']")
_DOUBLE_OPEN = frozenset({"“", "``", "«", "„"})
_DOUBLE_CLOSE = frozenset({"”", "»"})
_DOUBLE_EITHER = frozenset({'"', "''"})
_SINGLE = frozenset({"‘", "’", "'"})
# Characters after which a mark may open a quotation (besides whitespace and the paragraph start).
_OPENERS_BEFORE = frozenset("([{—–―-/:")
# Characters before which a mark may close one (besides whitespace and the paragraph end).
_CLOSERS_AFTER = frozenset(".,;:!?)]}—–―-/…")


@dataclass(frozen=True)
class QuoteRegion:
    """The text between one pair of quotation marks (or from an opening mark to the paragraph end).

    ``start``/``end`` delimit the quoted words without the marks and without surrounding
    whitespace; ``open_at`` is the offset of the opening mark and ``close_end`` the offset just
    past the closing mark (the paragraph end when the quote is left open); ``para`` is the index
    of the paragraph (line) holding it.
    """

    start: int
    end: int
    open_at: int
    close_end: int
    para: int
    closed: bool
    double: bool


def _can_open(text: str, at: int, end: int, para_start: int) -> bool:
    before = text[at - 1] if at > para_start else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in _OPENERS_BEFORE or before in "“‘\"'") and not after.isspace()


def _can_close(text: str, at: int, end: int, para_end: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[end] if end < para_end else " "
    return not before.isspace() and (after.isspace() or after in _CLOSERS_AFTER or after in "”’\"'")


def _paragraph_regions(text: str, start: int, end: int, para: int) -> list[QuoteRegion]:
    """Pair the marks of one paragraph ``text[start:end]``."""
    regions: list[QuoteRegion] = []
    open_at = -1  # offset of the open double mark, -1 when none
    open_end = -1
    single_at = -1
    single_end = -1

    def emit(o_at: int, o_end: int, c_at: int, c_end: int, closed: bool, double: bool) -> None:
        s, e = o_end, c_at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            regions.append(QuoteRegion(s, e, o_at, c_end, para, closed, double))

    for m in _MARKS.finditer(text, start, end):
        mark, at, m_end = m.group(), m.start(), m.end()
        if mark in _SINGLE:
            if open_at >= 0:
                continue  # nested inside a double quotation: the outer region covers it
            if single_at < 0:
                nxt = text[m_end] if m_end < end else " "
                if mark != "’" and nxt.isalpha() and _can_open(text, at, m_end, start):
                    single_at, single_end = at, m_end
            elif mark != "‘":
                nxt = text[m_end] if m_end < end else " "
                if not nxt.isalpha() and _can_close(text, at, m_end, end):
                    emit(single_at, single_end, at, m_end, True, False)
                    single_at = -1
            continue
        opens = _can_open(text, at, m_end, start)
        closes = _can_close(text, at, m_end, end)
        if open_at < 0:
            if mark in _DOUBLE_OPEN or (opens and not closes) or (mark in _DOUBLE_EITHER and opens):
                open_at, open_end = at, m_end
                single_at = -1  # a single mark left open before a double one was an apostrophe
            continue
        # A quotation is open: this mark closes it unless it can only open.
        if mark in _DOUBLE_OPEN and not (closes and not opens):
            continue
        if mark in _DOUBLE_EITHER and opens and not closes:
            continue  # `said "foo "bar"`: a reopening straight mark, keep the first opening
        emit(open_at, open_end, at, m_end, True, True)
        open_at = -1
    if open_at >= 0:
        emit(open_at, open_end, end, end, False, True)
    return regions


def find_regions(text: str) -> list[QuoteRegion]:
    """Every quotation-mark region of ``text``, in text order (see the module docstring)."""
    regions: list[QuoteRegion] = []
    start = 0
    para = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        if end > start:
            regions.extend(_paragraph_regions(text, start, end, para))
        para += 1
        start = end + 1
    return regions


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted material in ``text``: the words inside each pair of marks.

    Cheap (one regular-expression pass, no parse); names and scare quotes in marks are included,
    since for its callers (is this "we" the speaker's?) they do no harm. Spans hold at least one
    letter and never cross a line break.
    """
    return [(r.start, r.end) for r in find_regions(text) if any(c.isalpha() for c in text[r.start : r.end])]
