"""From paragraphs to an article: the clean-up every reader shares.

A reader (text, HTML, JSONL) cuts its input into :class:`Block` s, paragraphs and headings in
reading order. The stages here then take out what is not story text, in this order:

1. :func:`take_lead_matter` — a byline, a date on a line of its own, and the dateline at the start
   of the lead ("November 10, 2023US Secretary ..." -> published 2023-11-10, "US Secretary ...");
2. :func:`take_credit_lines` — the author/wire line(s) at the end ("ss/ab (AFP, AP, Reuters)");
3. :func:`assemble` — joins the paragraphs with "\\n" into the body and records each heading as a
   :class:`~eventwire.ingest.document.Section` at the offset where its text begins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from eventwire.errors import EmptyInput
from eventwire.ingest.credits import Credit, parse_byline, parse_credit_line
from eventwire.ingest.dateline import split_dateline, standalone_date
from eventwire.ingest.document import RawArticle, Section

# A report ends with at most a staff line, an initials line and a wire line; a fourth "credit"
# from the end would be a list of agencies inside the story.
_MAX_CREDIT_LINES = 3
# A byline and a date line may both precede the lead, in either order.
_MAX_LEAD_MATTER = 3

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass
class Block:
    """A paragraph, or a heading when ``heading`` is set, in reading order."""

    text: str
    heading: bool = False
    lines: int = 1  # input lines it was joined from: a heading stands on a line of its own


@dataclass
class LeadMatter:
    """What the clean-up took out of the blocks, for the article's metadata."""

    published: str | None = None
    place: str | None = None
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def add(self, credits: Sequence[str] = (), authors: Sequence[str] = ()) -> None:
        """Add names, keeping the first spelling of each and the order they were read in."""
        self.credits.extend(c for c in credits if c not in self.credits)
        self.authors.extend(a for a in authors if a not in self.authors)


def normalize_space(line: str) -> str:
    """One line with runs of spaces (including no-break and thin spaces) made single, invisible
    characters (zero-width, soft hyphen, BOM) removed, and the ends trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def take_credit_lines(blocks: list[Block], found: LeadMatter) -> list[Block]:
    """Remove the credit lines at the end of the article; their names go into ``found``."""
    out = list(blocks)
    taken: list[Credit] = []
    while len(out) > 1 and len(taken) < _MAX_CREDIT_LINES and not out[-1].heading:
        credit = parse_credit_line(out[-1].text)
        if credit is None:
            break
        taken.append(credit)
        out.pop()
    # Read from the top down, as the page shows them.
    for credit in reversed(taken):
        found.add(credit.agencies, credit.authors)
    return out


def take_lead_matter(blocks: list[Block], found: LeadMatter) -> list[Block]:
    """Remove a byline and a date line before the lead, and the dateline at the lead's start.

    Only the first paragraph of the body is looked at: a date or a place in capitals later in
    the story is story text.
    """
    out = list(blocks)
    first = next((i for i, b in enumerate(out) if not b.heading), None)
    if first is None:
        return out
    for _ in range(_MAX_LEAD_MATTER):
        if first >= len(out) - 1 or out[first].heading:
            break
        text = out[first].text
        byline = parse_byline(text)
        date = standalone_date(text)
        if byline is not None:
            found.add(byline.agencies, byline.authors)
        elif date is not None:
            found.published = found.published or date
        else:
            break
        del out[first]
    if first < len(out) and not out[first].heading:
        dateline = split_dateline(out[first].text)
        if dateline is not None:
            out[first] = replace(out[first], text=out[first].text[dateline.end :].lstrip())
            found.published = found.published or dateline.published
            found.place = found.place or dateline.place
            if dateline.agency:
                found.add([dateline.agency])
    return out


def assemble(
    blocks: Sequence[Block],
    origin: str,
    *,
    found: LeadMatter | None = None,
    title: str | None = None,
    published: str | None = None,
    id: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> RawArticle:
    """Join the blocks into a :class:`RawArticle`; headings become sections, not body text.

    ``published`` given here wins over a date found in the text (``found.published``).
    Raises :class:`~eventwire.errors.EmptyInput` when no paragraph of text is left.
    """
    found = found or LeadMatter()
    parts: list[str] = []
    sections: list[Section] = []
    length = 0
    pending: list[str] = []  # headings waiting for the paragraph they head
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if block.heading:
            pending.append(text)
            continue
        start = length + 1 if parts else 0
        sections.extend(Section(heading=h, offset=start) for h in pending)
        pending = []
        parts.append(text)
        length = start + len(text)
    # Headings after the last paragraph head nothing ("Related stories"): they are dropped.
    if not parts:
        raise EmptyInput(origin, "no article text was found in it")
    return RawArticle(
        text="\n".join(parts),
        origin=origin,
        id=id,
        title=title,
        published=published or found.published,
        url=url,
        source=source,
        credits=list(found.credits),
        authors=list(found.authors),
        sections=sections,
        dateline_place=found.place,
    )
