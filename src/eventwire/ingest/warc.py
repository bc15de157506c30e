"""WARC web archives (``.warc``, ``.warc.gz``), through warcio: one article per archived page.

Each ``response`` record holding a successful (2xx) HTTP response with an HTML body goes through
the HTML reader (trafilatura); its ``WARC-Target-URI`` becomes the article's ``url``. The page's
own publication date (its metadata, or a dateline with a year) comes first, then the record's
``WARC-Date`` — when the page was archived, which is no earlier than its publication — and then
``--date``. Other records (requests, metadata, revisits, images, redirects, error pages) are
skipped. Articles are named ``path@offset``, the byte offset of their record in the file.

The file is streamed: one record is held at a time, up to :data:`MAX_RECORD_BYTES` of body. A
truncated or corrupt record is reported as an InputError naming the file and the record's offset;
reading then resumes at the next record found after it (the next gzip member, or the next
``WARC/1.x`` line in an uncompressed file), so one bad record costs only itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from eventwire.errors import EmptyInput, InputError, InputTooLarge
from eventwire.ingest.document import RawArticle
from eventwire.ingest.fetch import declared_text, parse_content_type
from eventwire.ingest.html import read_html

Item = RawArticle | InputError

# Archived news pages are well under a megabyte; a bigger HTML body is an archive of something
# else, and reading it would hold it all in memory.
MAX_RECORD_BYTES = 10 * 1024 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/\d\.\d+\r?\n)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCAN_CHUNK = 1024 * 1024


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its one print: it writes a warning to stderr when a record is
    not followed by a blank line (a wrong Content-Length). Library code does not print; the
    count in ``err_count`` is turned into an InputError instead."""

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first_line:
                empty_size += len(line)
                if line.rstrip():
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


def read_warc(
    path: str | os.PathLike[str],
    origin: str | None = None,
    *,
    published: str | None = None,
) -> Iterator[Item]:
    """Yield an article per HTML response record of the WARC file at ``path`` (gzip or not), and
    an InputError per record that cannot be read. ``origin`` names the file in messages."""
    name = origin or os.fspath(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the last record
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    with stream:
        yield from read_warc_stream(stream, name, published=published)


def read_warc_stream(stream: BinaryIO, origin: str, *, published: str | None = None) -> Iterator[Item]:
    """:func:`read_warc` on an open, seekable binary stream."""
    head = stream.read(len(_GZIP_MAGIC))
    gzipped = head == _GZIP_MAGIC
    if not gzipped and not head.startswith(b"WAR"):
        yield InputError(origin, "not a WARC file (it does not start with a WARC/1.x record or gzip data)")
        return
    pages = 0
    start: int | None = 0
    while start is not None:
        stream.seek(start)
        records = _QuietArchiveIterator(stream)
        offset = start
        try:
            for record in records:
                offset = records.offset  # where this record began: read_to_end has not moved it yet
                warnings = records.err_count
                item = _read_record(record, origin, offset, published)
                if item is not None:
                    pages += isinstance(item, RawArticle)
                    yield item
                records.read_to_end()
                if records.err_count > warnings:
                    yield InputError(
                        origin,
                        f"the record at byte {offset} is not followed by a blank line: its "
                        "Content-Length is wrong, and the record after it may be misread",
                    )
            start = None
            unread = _trailing_data(stream, records.offset)
            if unread:
                yield InputError(
                    origin,
                    f"the record at byte {records.offset} is truncated: the file ends inside its header",
                )
        except Exception as e:  # warcio and zlib raise many kinds of errors on broken data
            failed_at = max(records.offset, offset)
            yield InputError(
                origin,
                f"the record at byte {failed_at} is truncated or corrupt ({_describe(e)}); "
                "reading on from the next one",
            )
            start = _next_record_start(stream, failed_at + 1, gzipped)
    if pages == 0:
        yield EmptyInput(origin, "the WARC file holds no HTML response records with article text")


def _read_record(record: Any, origin: str, offset: int, published: str | None) -> Item | None:
    """The article of one record, an InputError, or None for a record that is not a page."""
    name = f"{origin}@{offset}"
    if record.rec_type is None:
        return InputError(origin, f"the record at byte {offset} has no WARC header (truncated?)")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None  # redirects and error pages are not articles
    media, charset = parse_content_type(record.http_headers.get_header("Content-Type"))
    if media not in HTML_TYPES:
        return None
    content = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(content) > MAX_RECORD_BYTES:
        return InputTooLarge(
            origin, f"the page in the record at byte {offset} is over {MAX_RECORD_BYTES // 2**20} MB; skipped"
        )
    while record.raw_stream.read(_SCAN_CHUNK):
        pass  # to the end of the record, to see whether all of it was there
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return InputError(origin, f"the record at byte {offset} is truncated ({missing:,} bytes missing)")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    archived = (record.rec_headers.get_header("WARC-Date") or "")[:10]
    page = declared_text(content, charset)
    try:
        article = read_html(page if page is not None else content, name, url=url)
    except InputError as e:
        return e
    if article.published is None:
        article.published = archived if _ISO_DATE.fullmatch(archived) else published
    article.url = url or article.url
    return article


def _trailing_data(stream: BinaryIO, offset: int) -> bool:
    """Whether anything but blank lines follows ``offset``: warcio ends its iteration quietly at a
    record whose header is cut short."""
    stream.seek(offset)
    while chunk := stream.read(_SCAN_CHUNK):
        if chunk.strip():
            return True
    return False


def _next_record_start(stream: BinaryIO, position: int, gzipped: bool) -> int | None:
    """The offset of the first record that starts at or after ``position``, None if none does."""
    stream.seek(position)
    overlap = b""
    base = position
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = overlap + chunk
        if gzipped:
            found = window.find(_GZIP_MAGIC)
        else:
            m = _WARC_LINE.search(window)
            found = m.start(1) if m else -1
        if found >= 0:
            return base - len(overlap) + found
        overlap = window[-16:]
        base += len(chunk)


def _describe(error: Exception) -> str:
    message = " ".join(str(error).split())
    if "warcio recompress" in message:
        return "the file is gzipped as a whole, not record by record; `warcio recompress IN OUT` fixes it"
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
