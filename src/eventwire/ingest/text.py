"""Plain text, as a copy-and-paste from a news page gives it.

The layout this reader expects, every part optional but the body::

    Blinken-style headline on the first line              -> title
                                                          (a blank line may follow: BBC style)
    November 10, 2023US Secretary of State met ...        -> published; the lead starts at "US"
    More body paragraphs, one a line or blank-separated.
    A short sub-heading on a line of its own              -> Section(heading, offset), not body
    Body text under it.
    ss/ab (AFP, AP, Reuters)                              -> credits, authors; not body

Text hard-wrapped at a fixed width (e-mail, wire archives) is unwrapped into paragraphs first.
Every rule looks at the shape of a line (length, final punctuation, neighbours), never at words
of a particular story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.errors import EmptyInput
from eventwire.ingest.credits import parse_credit_line
from eventwire.ingest.dateline import split_dateline, standalone_date
from eventwire.ingest.document import RawArticle
from eventwire.ingest.layout import (
    Block,
    LeadMatter,
    assemble,
    normalize_space,
    take_credit_lines,
    take_lead_matter,
)

# Headlines run to about 20 words (the BBC News set's longest of 2,225 is 9); a longer first
# line is a lead paragraph.
_MAX_HEADLINE_WORDS = 25
_MAX_HEADLINE_CHARS = 200
# Sub-headings are a few words (five to ten in the reports we studied); a longer line is a
# paragraph that lacks its full stop.
_MAX_HEADING_WORDS = 15
_MAX_HEADING_CHARS = 120
# How many lines may stop mid-sentence (headings among them) before the text is taken for a table
# or unrecognised wrapping: a report with a heading every three paragraphs stays under it, and on
# 2,761 hard-wrapped wire texts the guard leaves 3 false headings.
_MAX_UNENDED = 3
_MAX_UNENDED_SHARE = 0.4
# Headings end on a content word; a line ending "... of" or "... the" was cut from a sentence.
_CONTINUING_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "and", "or"}
    | {"but", "nor", "than", "that", "which", "who", "vs", "per", "into", "onto", "over", "under"}
    | {"between", "about", "after", "before"}
)
# A paragraph that follows a heading is long or ends like a sentence.
_MIN_BODY_WORDS = 15
# Hard-wrapped text is wrapped at 60-80 columns; lines of pasted web text run far longer.
_MAX_WRAP_WIDTH = 100

_SENTENCE_END = ".!?…"
_QUOTES_CLOSE = "\"”’'»"
_BULLET = re.compile(r"[-*•·▪–—]\s")


@dataclass
class _Para:
    text: str
    lines: int = 1  # how many input lines it was made of
    blank_after: bool = False


def read_text(
    content: str,
    origin: str,
    *,
    published: str | None = None,
    title: str | None = None,
    detect_headline: bool = True,
) -> RawArticle:
    """Read one article from plain text.

    ``published`` (from ``--date``) wins over a dateline in the text; the dateline fills in when
    it is None. ``title``, when the input gives one (a JSONL field), is used as the title and a
    first line repeating it is dropped; ``detect_headline=False`` reads the first line as body.
    Raises :class:`~eventwire.errors.EmptyInput` when there is no text.
    """
    paras = _paragraphs(content)
    if not paras:
        raise EmptyInput(origin, "it holds no text")
    if title is not None and _same_words(paras[0].text, title) and len(paras) > 1:
        paras = paras[1:]
    elif title is None and detect_headline and _is_headline(paras):
        title = paras[0].text
        paras = paras[1:]
    found = LeadMatter()
    blocks = [Block(p.text, lines=p.lines) for p in paras]
    blocks = take_lead_matter(blocks, found)
    blocks = take_credit_lines(blocks, found)
    blocks = _mark_headings(blocks)
    return assemble(blocks, origin, found=found, title=title, published=published)


def _paragraphs(content: str) -> list[_Para]:
    """The paragraphs of the text: one per line, or unwrapped when the text is hard-wrapped."""
    raw = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # (indent, text) per line; None marks a blank line.
    lines: list[tuple[int, str] | None] = []
    for raw_line in raw:
        text = normalize_space(raw_line)
        lines.append((len(raw_line) - len(raw_line.lstrip(" \t")), text) if text else None)
    if _looks_wrapped(lines):
        return _unwrap(lines)
    paras: list[_Para] = []
    for line in lines:
        if line is None:
            if paras:
                paras[-1].blank_after = True
        else:
            paras.append(_Para(line[1]))
    return paras


def _blocks_of_lines(lines: list[tuple[int, str] | None]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for line in lines:
        if line is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _looks_wrapped(lines: list[tuple[int, str] | None]) -> bool:
    """True when lines were broken at a fixed width rather than at paragraph ends.

    In wrapped text the lines inside a block are of similar length near the width and most of
    them stop mid-sentence; in pasted web text each line is a whole paragraph, so most lines end
    a sentence and their lengths vary freely.
    """
    inner = [line[1] for block in _blocks_of_lines(lines) for line in block[:-1]]
    if len(inner) < 3:
        return False
    width = max(len(line[1]) for line in lines if line is not None)
    if width > _MAX_WRAP_WIDTH:
        return False
    near_width = sum(len(t) >= 0.6 * width for t in inner) / len(inner)
    sentence_ends = sum(t[-1] in _SENTENCE_END + _QUOTES_CLOSE for t in inner) / len(inner)
    return near_width >= 0.5 and sentence_ends < 0.4


def _unwrap(lines: list[tuple[int, str] | None]) -> list[_Para]:
    """Join wrapped lines into paragraphs: a blank line, an indented line, a short line that ends
    a sentence, or a line far shorter than the width (a headline, a heading) closes a paragraph."""
    width = max(len(line[1]) for line in lines if line is not None)
    paras: list[_Para] = []
    for block in _blocks_of_lines(lines):
        base_indent = min(indent for indent, _ in block)
        current: list[str] = []
        for i, (indent, text) in enumerate(block):
            if current and indent > base_indent:
                paras.append(_Para(" ".join(current), lines=len(current)))
                current = []
            current.append(text)
            ends_short = text[-1] in _SENTENCE_END + _QUOTES_CLOSE and len(text) < 0.7 * width
            if (ends_short or len(text) < 0.5 * width) and i < len(block) - 1:
                paras.append(_Para(" ".join(current), lines=len(current)))
                current = []
        if current:
            paras.append(_Para(" ".join(current), lines=len(current)))
        paras[-1].blank_after = True
    return paras


def _is_headline(paras: list[_Para]) -> bool:
    """Whether the first paragraph is the headline: short, on one line, and not a sentence.

    A full stop ends a headline only in the BBC layout ("title", blank line, body) and only when
    it is short; a first line that opens with a dateline is the lead.
    """
    if len(paras) < 2:
        return False
    first = paras[0]
    text = first.text
    words = len(text.split())
    if first.lines > 1 or words > _MAX_HEADLINE_WORDS or len(text) > _MAX_HEADLINE_CHARS:
        return False
    # "$2bn pledged ...", "eBay to ...": only a plain lower-case word starts a sentence fragment
    # rather than a headline.
    if re.match(r"[a-z]+\b", text):
        return False
    if split_dateline(text) or standalone_date(text) or parse_credit_line(text):
        return False
    bare = text.rstrip(_QUOTES_CLOSE)
    if bare.endswith(("...", "…")):
        return True  # a trailing ellipsis marks a teaser headline ("Talks collapse again...")
    last = text[-1]
    if last in ".:;,":
        return first.blank_after and words <= 10
    # A closing quote after a full stop ends a quotation paragraph; after a letter it ends a
    # headline's quoted phrase ("Minister says talks 'on track'").
    return not (last in _QUOTES_CLOSE and len(text) > 1 and text[-2] in ".,;:")


def _mark_headings(blocks: list[Block]) -> list[Block]:
    """Mark the sub-headings: short lines of their own between complete paragraphs.

    A sub-heading is never the first paragraph (that is the lead) nor the last, has no final
    punctuation (a question mark is allowed for a short one), follows a paragraph that ended its
    sentence and comes before one that reads as body text.
    """
    out = list(blocks)
    # When many lines stop mid-sentence, the lines are not paragraphs (a table, wrapped text we
    # did not recognise) and a short one is a fragment, not a heading.
    unended = sum(not _ends_sentence(b.text) for b in out)
    if unended > max(_MAX_UNENDED, len(out) * _MAX_UNENDED_SHARE):
        return out
    for i in range(1, len(out) - 1):
        prev, block, nxt = out[i - 1], out[i], out[i + 1]
        if prev.heading or block.lines > 1:
            continue
        if _heading_shaped(block.text) and _ends_sentence(prev.text) and _body_shaped(nxt.text):
            out[i] = Block(block.text, heading=True)
    return out


def _heading_shaped(text: str) -> bool:
    words = text.split()
    if not words or len(words) > _MAX_HEADING_WORDS or len(text) > _MAX_HEADING_CHARS:
        return False
    first = text.lstrip("\"“‘'")
    if not first or not (first[0].isupper() or first[0].isdigit()) or _BULLET.match(text):
        return False
    if sum(c.isalpha() for c in text) < 3 or words[-1].lower() in _CONTINUING_WORDS:
        return False
    last = text[-1]
    if last == "?":
        # "What happens next?" is a heading; a quoted question is speech.
        if len(words) > 12 or any(q in text for q in '"“”'):
            return False
    elif last in _SENTENCE_END + ",;:)" or (last in _QUOTES_CLOSE and not text[-2:-1].isalpha()):
        return False
    return not (split_dateline(text) or standalone_date(text) or parse_credit_line(text))


def _ends_sentence(text: str) -> bool:
    """Whether a paragraph ends complete: with a full stop (inside quotes or brackets too) or a
    closing quote ('... will back')."""
    return text.rstrip(_QUOTES_CLOSE + ")")[-1:] in _SENTENCE_END or text[-1:] in _QUOTES_CLOSE


def _body_shaped(text: str) -> bool:
    """Whether a paragraph reads as body text under a heading: it starts a sentence (a line
    running on into a lower-case or comma-led paragraph is one broken sentence) and is long or
    ends like a sentence."""
    start = text.lstrip("\"“‘'(")[:1]
    if not (start.isupper() or start.isdigit()):
        return False
    return _ends_sentence(text) or len(text.split()) >= _MIN_BODY_WORDS


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.lower())

    return words(a) == words(b)
