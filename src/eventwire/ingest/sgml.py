"""The Reuters-21578 SGML format (``.sgm``): one article per ``<REUTERS>`` element with a body.

The collection's files hold a thousand stories each, as Latin-1 bytes::

    <REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" ... NEWID="12">
    <DATE>26-FEB-1987 15:01:01.79</DATE>
    <TOPICS>...</TOPICS> ... <UNKNOWN>...</UNKNOWN>
    <TEXT>&#2;
    <TITLE>HEADLINE IN CAPITALS</TITLE>
    <AUTHOR>    by Jane Doe, Reuters</AUTHOR>
    <DATELINE>    CITY, Feb 26 - </DATELINE><BODY>Hard-wrapped story text ...
     Reuter
    &#3;</BODY></TEXT>
    </REUTERS>

A story becomes ``RawArticle(id="reuters-12", published="1987-02-26", source="Reuters")`` with the
title and the body; the place of the ``<DATELINE>`` becomes ``dateline_place``. The body's
hard-wrapped lines are joined into paragraphs (:func:`unwrap`), which then get the plain-text
reader's clean-up. The "Reuter" sign-off that ends nearly every story becomes the credit
``Reuters``. Character references are resolved; the control characters they encode
(``&#2;`` and ``&#3;`` mark the start and end of a text) are dropped.

Elements without a ``<BODY>`` — one-line briefs (``TYPE="BRIEF"``) and unprocessed tables
(``TYPE="UNPROC"``) — hold no story and are skipped. The file is read a line at a time and only
the current element is kept.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Iterator

from eventwire.errors import EmptyInput, InputError, InputTooLarge
from eventwire.ingest.credits import parse_byline
from eventwire.ingest.document import RawArticle
from eventwire.ingest.layout import normalize_space
from eventwire.ingest.text import read_text

Item = RawArticle | InputError

SOURCE = "Reuters"
# The longest story of the collection is about 20,000 characters; an element far beyond that is
# a missing end tag running on into the next stories.
MAX_ELEMENT_CHARS = 1_000_000
_OPEN = re.compile(r"<REUTERS\b([^>]*)>", re.I)
_CLOSE = re.compile(r"</REUTERS\s*>", re.I)
_ATTRIBUTE = re.compile(r'([A-Za-z-]+)\s*=\s*"([^"]*)"')
_MONTHS = {m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN"), 1)} | {
    m: i for i, m in enumerate(("JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 7)
}
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_DATELINE_DATE = re.compile(r",?\s*[A-Za-z]{3,9}\.?\s+\d{1,2}\Z")
_SIGN_OFF = re.compile(r"\n[ \t]*reuters?(?:\.\.\.)?[ \t]*\Z", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_sgml_file(
    path: str | os.PathLike[str],
    origin: str | None = None,
    *,
    published: str | None = None,
) -> Iterator[Item]:
    """Yield the stories of the ``.sgm`` file at ``path``; ``origin`` names it in messages."""
    name = origin or os.fspath(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the last story
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    with stream:
        try:
            yield from read_sgml(stream, name, published=published)
        except OSError as e:
            yield InputError(name, f"cannot be read ({e.strerror or e})")


def read_sgml(lines: Iterable[bytes], origin: str, *, published: str | None = None) -> Iterator[Item]:
    """Yield one article per ``<REUTERS>`` element with a body in ``lines`` (Latin-1 bytes), or an
    InputError for an element that is broken; stories are named ``origin:line`` (where the
    element starts). ``published`` applies to stories whose ``<DATE>`` cannot be read."""
    elements = 0
    with_body = 0
    buffer: list[str] = []
    size = 0
    start_line = 0
    for number, raw in enumerate(lines, 1):
        line = raw.decode("latin-1")
        opening = _OPEN.search(line)
        if opening is not None and buffer:
            # A new element begins inside an open one: the open one lost its end tag.
            yield InputError(
                f"{origin}:{start_line}", "the <REUTERS> element is not closed before the next one"
            )
            elements += 1
            buffer, size = [], 0
        if not buffer:
            if opening is None:
                continue  # the DOCTYPE line, or the rest of an element cut at the size limit
            line = line[opening.start() :]
            start_line = number
        buffer.append(line)
        size += len(line)
        if _CLOSE.search(line):
            elements += 1
            item = _read_element("".join(buffer), f"{origin}:{start_line}", published)
            buffer, size = [], 0
            if item is not None:
                with_body += 1
                yield item
        elif size > MAX_ELEMENT_CHARS:
            yield InputTooLarge(
                f"{origin}:{start_line}",
                f"the <REUTERS> element is over {MAX_ELEMENT_CHARS:,} characters; skipped to the next one",
            )
            elements += 1
            buffer, size = [], 0
    if buffer:
        elements += 1
        yield InputError(
            f"{origin}:{start_line}", "the <REUTERS> element is not closed at the end of the file"
        )
    if elements == 0:
        yield EmptyInput(origin, "it holds no <REUTERS> elements: not a Reuters-21578 SGML file")
    elif with_body == 0 and not buffer:
        yield EmptyInput(origin, "none of its <REUTERS> elements has a <BODY>")


def _read_element(element: str, name: str, published: str | None) -> Item | None:
    """One ``<REUTERS>`` element -> its article; None when it has no body (a brief, a table)."""
    body = _field(element, "BODY")
    if body is None:
        return None
    opening = _OPEN.match(element)
    attributes = dict(_ATTRIBUTE.findall(opening.group(1))) if opening else {}
    body, signed = _SIGN_OFF.subn("", _clean(body).rstrip())
    raw_dateline = _clean(_field(element, "DATELINE") or "")
    title = _field(element, "TITLE")
    try:
        article = read_text(
            unwrap(body, first_column=len(raw_dateline)),
            name,
            published=parse_date(_field(element, "DATE") or "") or published,
            title=normalize_space(_clean(title).replace("\n", " ")) if title else None,
            detect_headline=False,
        )
    except InputError as e:
        return e
    article.dateline_place = dateline_place(raw_dateline)
    new_id = attributes.get("NEWID")
    article.id = f"reuters-{new_id}" if new_id else None
    article.source = SOURCE
    if signed and SOURCE not in article.credits:
        article.credits.append(SOURCE)
    author = _field(element, "AUTHOR")
    byline = parse_byline(normalize_space(_clean(author))) if author else None
    if byline is not None:
        article.authors.extend(a for a in byline.authors if a not in article.authors)
    return article


def parse_date(value: str) -> str | None:
    """``"26-FEB-1987 15:01:01.79"`` -> ``"1987-02-26"``; None when it is not such a date."""
    m = _DATE.search(value)
    if m is None:
        return None
    month = _MONTHS.get(m.group(2).upper())
    day = int(m.group(1))
    if month is None or not 1 <= day <= 31:
        return None
    return f"{int(m.group(3)):04d}-{month:02d}-{day:02d}"


def unwrap(body: str, *, first_column: int = 0) -> str:
    """The story's hard-wrapped lines joined into paragraphs, one a line.

    The wire wrapped stories at 60-70 columns and indented the first line of each paragraph. A
    line continues the one before it when it is not indented and its first word would not have
    fitted on that line: a short line (a table row, a last line) ends its paragraph.
    ``first_column`` is where the body starts on its first line (after the dateline).
    """
    lines = body.split("\n")
    lengths = [len(line.rstrip()) for line in lines]
    if lengths:
        lengths[0] += first_column
    width = max(lengths, default=0)
    paragraphs: list[str] = []
    previous = -1  # length of the line before, -1 after a blank line
    for line, length in zip(lines, lengths, strict=True):
        text = normalize_space(line)
        if not text:
            previous = -1
            continue
        first_word = len(text.split(" ", 1)[0])
        # Two columns of slack: the wrapper may count a trailing space or stop a word early.
        continues = previous >= 0 and not line[:1].isspace() and previous + 1 + first_word > width - 2
        if continues and paragraphs:
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
        previous = length
    return "\n".join(paragraphs)


def dateline_place(dateline: str) -> str | None:
    """``"    RICHMOND, Va., Feb 26 - "`` -> ``"Richmond"``: the place before the region and date."""
    text = _DATELINE_DATE.sub("", dateline.strip().rstrip("-–— ").strip())
    place = text.split(",")[0].strip()
    if not place:
        return None
    if place.isupper():  # wire capitals: "NEW YORK" -> "New York", as datelines elsewhere read
        place = re.sub(r"[A-Z]+", lambda w: w.group(0).capitalize(), place)
    return place


def _field(element: str, tag: str) -> str | None:
    """The raw content of the first ``<TAG>`` in the element, None when there is none."""
    m = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}\s*>", element, re.S | re.I)
    return m.group(1) if m else None


def _clean(text: str) -> str:
    """Character references resolved, control characters (``&#2;``, ``&#3;``, ...) dropped."""
    return _CONTROL.sub("", html.unescape(text).replace("\r", ""))
