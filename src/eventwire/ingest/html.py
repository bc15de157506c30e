"""HTML pages, through trafilatura: the main text and the page's metadata.

trafilatura finds the article among navigation, adverts and comments and returns it as a small
XML tree (``<head>`` for headings, ``<p>``, ``<list>``, ``<quote>``) with the page's title, date,
author and site name. Headings become sections; the paragraphs then go through the same clean-up
as plain text (credit line at the end, dateline at the start of the lead).
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.errors import EmptyInput, InputError
from eventwire.ingest.document import RawArticle
from eventwire.ingest.layout import (
    Block,
    LeadMatter,
    assemble,
    normalize_space,
    take_credit_lines,
    take_lead_matter,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Blocks of trafilatura's output tree that hold running text, and the ones that hold items.
_ITEM_TAGS = frozenset({"list"})
_SKIP_TAGS = frozenset({"table", "graphic", "ref"})


def read_html(
    content: str | bytes,
    origin: str,
    *,
    published: str | None = None,
    url: str | None = None,
) -> RawArticle:
    """Read one article from an HTML page.

    ``published`` (``--date``) wins over the page's date, which wins over a dateline in the text.
    ``url`` helps trafilatura resolve the page and is kept when the page names none.
    Raises :class:`~eventwire.errors.EmptyInput` when trafilatura finds no article text, and
    :class:`~eventwire.errors.InputError` when the page cannot be parsed at all.
    """
    import trafilatura  # imported here: it is slow to import and only HTML input needs it

    try:
        doc = trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=True,
            include_comments=False,  # readers' comments are not the report
            include_tables=False,  # tables are figures, not sentences to code events from
            # Publication rather than last-modified date, and no guessing from free text: a
            # wrong date is worse than none, and the lead's dateline can still fill it in.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as e:  # lxml and trafilatura raise many kinds of errors on broken markup
        raise InputError(origin, f"the HTML could not be parsed ({type(e).__name__}: {e})") from e
    body = getattr(doc, "body", None)  # a Document; a dict only if as_dict were asked for
    if body is None:
        raise EmptyInput(origin, "trafilatura found no article text in this page")
    title = _meta(doc, "title")
    blocks = _blocks(body)
    if blocks and blocks[0].heading and title and _same(blocks[0].text, title):
        blocks = blocks[1:]  # the page's <h1> repeats the title
    while blocks and blocks[-1].heading:
        blocks.pop()  # "Related stories" and the like head nothing of the article
    found = LeadMatter()
    author = _meta(doc, "author")
    if author:
        found.add(authors=[a.strip() for a in author.split(";") if a.strip()])
    blocks = take_lead_matter(blocks, found)
    blocks = take_credit_lines(blocks, found)
    page_date = _meta(doc, "date")
    if page_date and not _ISO_DATE.fullmatch(page_date):
        page_date = None
    return assemble(
        blocks,
        origin,
        found=found,
        title=title,
        published=published or page_date,
        url=_meta(doc, "url") or url,
        source=_meta(doc, "sitename"),
    )


def _blocks(body: Any) -> list[Block]:
    """Headings and paragraphs of trafilatura's output tree, in reading order."""
    blocks: list[Block] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            continue
        if tag == "head":
            text = normalize_space(" ".join(element.itertext()))
            if text:
                blocks.append(Block(text, heading=True))
        elif tag in _ITEM_TAGS:
            for item in element.iter("item"):
                blocks.extend(Block(line) for line in _lines(item))
        else:
            blocks.extend(Block(line) for line in _lines(element))
    return blocks


def _lines(element: Any) -> list[str]:
    """The text of an element, split where the page had line breaks (``<br>`` -> ``<lb/>``)."""
    pieces: list[str] = []
    _collect(element, pieces)
    lines = (normalize_space(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def _collect(element: Any, pieces: list[str]) -> None:
    """Append the text of ``element`` and its children in reading order (text, child, tail)."""
    if element.tag == "lb":
        pieces.append("\n")
    elif element.text:
        pieces.append(_flat(element.text))
    for child in element:
        if child.tag not in _SKIP_TAGS:
            _collect(child, pieces)
        if child.tail:
            pieces.append(_flat(child.tail))


def _flat(text: str) -> str:
    """Newlines in the page's source are layout, not line breaks: only ``<br>`` breaks a line."""
    return text.replace("\r", " ").replace("\n", " ")


def _meta(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    if isinstance(value, str) and value.strip():
        return normalize_space(value)
    return None


def _same(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())
