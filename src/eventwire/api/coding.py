"""Coding articles sent to the server: a request body in, an article record out (optionally stored).

The body is read by the same readers as ``eventwire code`` reads files, chosen by Content-Type:

    application/json   {"text", "title"?, "date"?, "url"?, "source"?, "id"?}  (the JSONL input contract)
    text/html          a web page; trafilatura finds the article (``?url=`` and ``?date=`` help)
    text/plain         an article as a text file: headline, dateline and credit line are recognised

so a page or file posted here gets the same record, id included, as ``eventwire code`` gives it.

One :class:`~eventwire.pipeline.Pipeline` serves the whole app. It loads on the first coding
request, not at start-up, and a lock lets one request at a time use it: spaCy's ``Language``
is not documented as thread-safe, and coding is CPU bound, so parallel calls would not be
faster on the server's cores anyway.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import anyio.to_thread

from eventwire.api.guard import ApiError
from eventwire.errors import InputError
from eventwire.ingest.decoding import decode_bytes
from eventwire.ingest.document import RawArticle
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import article_from_record
from eventwire.ingest.text import read_text
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.records import Article

if TYPE_CHECKING:
    from eventwire.dedup import NearDuplicates
    from eventwire.store import Store

ORIGIN = "<request>"  # how a posted article is named in error messages and in the store
INPUT_NAME = "api"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

JSON_TYPES = ("application/json",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class Hints:
    """Metadata given beside a body (query parameters or form fields); the body's own wins for JSON."""

    title: str | None = None
    date: str | None = None
    url: str | None = None


def check_day(value: str | None, name: str = "date") -> str | None:
    """``value`` when it is a real YYYY-MM-DD date (None when empty); InputError naming ``name`` else."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise InputError(name, f"must be a date as YYYY-MM-DD, found {text[:40]!r}")


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header (``text/html; charset=utf-8`` -> ``text/html``)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def raw_article(body: bytes, content_type: str | None, hints: Hints) -> RawArticle:
    """Read a request body as one article, by its media type.

    Raises :class:`ApiError` 400 for malformed JSON and 415 for a media type we do not read, and
    :class:`~eventwire.errors.InputError` (422) for a body that holds no article.
    """
    kind = media_type(content_type)
    published = check_day(hints.date)
    if kind in JSON_TYPES or kind.endswith("+json"):
        try:
            record = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, "invalid_json", f"the body is not valid JSON: {_json_reason(exc)}") from exc
        except (ValueError, RecursionError) as exc:
            raise ApiError(400, "invalid_json", "the body is not valid JSON (nested too deeply)") from exc
        if isinstance(record, dict):
            check_day(record.get("date") if isinstance(record.get("date"), str) else None)
        return article_from_record(record, ORIGIN, published=published)
    if kind in HTML_TYPES:
        return read_html(decode_bytes(body, ORIGIN), ORIGIN, published=published, url=hints.url)
    if kind in TEXT_TYPES:
        raw = read_text(decode_bytes(body, ORIGIN), ORIGIN, published=published, title=hints.title)
        raw.url = raw.url or hints.url
        return raw
    raise ApiError(
        415,
        "unsupported_media_type",
        f"cannot code a body of type {kind or 'unknown'!r}: send application/json, text/html or text/plain",
    )


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return "it is not UTF-8 text"


class StoreSource(Protocol):
    """Where :func:`store_coded` writes: the server's store and its near-duplicate finder."""

    @property
    def store(self) -> Store: ...

    @property
    def near(self) -> NearDuplicates: ...


class CodingService:
    """The app's one coding pipeline, created on first use and used by one request at a time."""

    def __init__(self, options: Options, pipeline: Pipeline | None = None) -> None:
        self._options = options
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def loaded(self) -> bool:
        """Whether the pipeline exists yet (``/health`` reports it; it does not load it)."""
        return self._pipeline is not None

    def code(self, raw: RawArticle) -> Article:
        """Code one article. Blocking and CPU bound: call it from a worker thread."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self._options)
            return next(iter(self._pipeline.code_raw([raw])))

    async def code_async(self, raw: RawArticle) -> Article:
        """:meth:`code` in a worker thread of its own limiter, so requests waiting for the
        pipeline hold none of the threads that reads run in."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(1)  # made here: it needs the running event loop
        return await anyio.to_thread.run_sync(self.code, raw, limiter=self._limiter)


@dataclass(frozen=True)
class Stored:
    """What ``?store=true`` did: stored, duplicate (of a stored original), skipped (there) or failed."""

    article_id: str
    kind: str


def store_coded(conn_source: StoreSource, raw: RawArticle, record: dict[str, Any]) -> Stored:
    """Write a coded article as ``eventwire ingest`` does (the run's batch writer: near-duplicates,
    stories, failures), one article in one transaction.

    Raises ApiError 409 when the store refuses it (its id is taken by another text); the reason is
    kept in the store's failures under the input name ``api:<id>``.
    """
    from eventwire.run.writing import Batch, BatchWriter

    article_id = str(record["id"])
    raw.origin = f"{INPUT_NAME}:{article_id}"  # failures are kept per input name
    tally = BatchWriter(conn_source.store, conn_source.near).write(
        Batch(number=0, read=1, to_code=[raw]), [record]
    )
    if tally.stored:
        return Stored(article_id, "stored")
    if tally.duplicates:
        return Stored(article_id, "duplicate")
    if tally.skipped:
        return Stored(article_id, "skipped")
    raise ApiError(
        409,
        "not_stored",
        f"the store did not take article {article_id}: its id is taken by a stored article with "
        "another text, or the database refused it (the reason is in the store's failures)",
    )
