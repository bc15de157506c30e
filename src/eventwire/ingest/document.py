"""The readers' product: an article's text and metadata before any language processing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """A sub-heading of the article and where it sits in the body text."""

    heading: str
    offset: int  # character offset in the body where the section's text begins

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "offset": self.offset}


@dataclass
class RawArticle:
    """One article as read from an input: body text plus whatever metadata the input had.

    ``text`` is the body only: no headline, dateline, sub-headings or credit line. Every offset
    eventwire reports points into it.
    """

    text: str
    origin: str  # the input it came from, for messages: "path/to/file.txt", "feed.jsonl:12", "<stdin>"
    id: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source: str | None = None
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # The place of the dateline the lead opened with ("WASHINGTON, March 3 (Reuters) -"), if any.
    dateline_place: str | None = None

    def content_id(self) -> str:
        """A stable id from the content, used when the input gives none."""
        h = hashlib.sha1()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\0")
        h.update(self.text.encode("utf-8"))
        return h.hexdigest()[:16]
