"""Where articles come from: files, folders and standard input, read one at a time.

:func:`iter_inputs` takes what the user named on the command line and yields a
:class:`~eventwire.ingest.document.RawArticle` per article, or an
:class:`~eventwire.errors.InputError` for an input that cannot be read — a missing path, an empty
or binary file, a bad JSONL line — and goes on with the rest. Nothing is held longer than needed:
folders are walked lazily, JSON Lines files and JSONL on standard input are read line by line,
and other files are read whole, one at a time, up to :data:`MAX_FILE_BYTES`.

Formats (``input_format``): ``auto`` picks by file extension, else by the first characters
(``{`` JSON Lines, ``[`` JSON, ``<`` a feed when the root element is ``rss``, ``feed`` or
``rdf:RDF``, else HTML; anything else text); ``text``, ``html``, ``jsonl``, ``json``, ``feed``,
``warc`` and ``sgml`` force one. WARC and SGML files are streamed like JSON Lines.

An ``http://`` or ``https://`` argument is fetched (:class:`~eventwire.ingest.fetch.Fetcher`) and
read by what the server sends: a feed as a feed (each entry's linked page fetched and read as
HTML), HTML as a page, plain text as text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO, TextIO

from eventwire.errors import EmptyInput, InputError, UnsupportedFormat
from eventwire.ingest.decoding import decode_bytes, decode_line
from eventwire.ingest.document import RawArticle
from eventwire.ingest.feeds import FEED_TYPES, XML_TYPES, looks_like_feed, read_feed
from eventwire.ingest.fetch import Fetcher, FetchResult, declared_text
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_json, read_jsonl
from eventwire.ingest.sgml import read_sgml_file
from eventwire.ingest.text import read_text

Item = RawArticle | InputError

FORMATS = ("auto", "text", "html", "jsonl", "json", "feed", "warc", "sgml")
# Extension -> format; "xml" is a feed when its root element is one, else HTML. Longest first,
# so that ".warc.gz" is matched before ".gz" would be.
EXTENSIONS = MappingProxyType(
    {
        ".warc.gz": "warc",
        ".warc": "warc",
        ".sgm": "sgml",
        ".rss": "feed",
        ".atom": "feed",
        ".xml": "xml",
        ".txt": "text",
        ".text": "text",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "json",
    }
)
# A news article is a few kilobytes and a saved page a few hundred; a larger single file is a
# corpus in the wrong format (or not news), and reading it whole would hold it all in memory.
# JSON Lines, WARC and SGML files are exempt: they are read a record at a time.
MAX_FILE_BYTES = 50 * 1024 * 1024
STDIN_NAME = "<stdin>"
_SNIFF_BYTES = 8192
# How much of an XML document is searched for its root element (past a long DOCTYPE or comments).
_FEED_HEAD = 64 * 1024
_URL_SCHEMES = ("http://", "https://")
_STREAMED = frozenset({"jsonl", "warc", "sgml"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_JSON_TYPES = frozenset({"application/json", "application/x-ndjson", "application/jsonl"})


class _Web:
    """The fetcher a run uses: the caller's, or one made on first use and closed at the end."""

    def __init__(self, fetcher: Fetcher | None, fetch_articles: bool | None) -> None:
        self._given = fetcher
        self._made: Fetcher | None = None
        self.fetch_articles = fetch_articles

    def fetcher(self) -> Fetcher:
        if self._given is not None:
            return self._given
        if self._made is None:
            self._made = Fetcher()
        return self._made

    def close(self) -> None:
        if self._made is not None:
            self._made.close()
            self._made = None


def iter_inputs(
    paths: Sequence[str],
    *,
    input_format: str = "auto",
    published: str | None = None,
    stdin: TextIO | None = None,
    fetcher: Fetcher | None = None,
    fetch_articles: bool | None = None,
) -> Iterator[Item]:
    """Yield the articles of every path in ``paths`` (files, folders, ``"-"`` for standard input,
    http(s) URLs).

    ``published`` (``--date``, YYYY-MM-DD) is the publication date of inputs that carry none of
    their own. ``stdin`` replaces ``sys.stdin`` for ``"-"``. URLs are fetched with ``fetcher``
    (by default a :class:`~eventwire.ingest.fetch.Fetcher` made on first use and closed at the
    end). ``fetch_articles`` says whether a feed's entries are read from the pages they link to
    (by default: for feeds given as URLs, not for feed files). Raises UnsupportedFormat at once
    for an unknown ``input_format``; every problem with an input is yielded as an InputError.
    """
    _check_format(input_format)
    return _iter_paths(list(paths), input_format, published, stdin, _Web(fetcher, fetch_articles))


def read_path(
    path: str | os.PathLike[str],
    *,
    input_format: str = "auto",
    published: str | None = None,
    stdin: TextIO | None = None,
    fetcher: Fetcher | None = None,
    fetch_articles: bool | None = None,
) -> Iterator[Item]:
    """Yield the articles of one file, folder (recursively), ``"-"`` (standard input) or URL.

    In a folder, files are visited in name order, sub-folders in place among them; hidden files
    and folders are skipped, and with ``input_format="auto"`` only files with a known extension
    (see :data:`EXTENSIONS`) are read. ``fetcher`` and ``fetch_articles`` as for :func:`iter_inputs`.
    """
    _check_format(input_format)
    return _iter_paths([os.fspath(path)], input_format, published, stdin, _Web(fetcher, fetch_articles))


def _iter_paths(
    names: list[str], fmt: str, published: str | None, stdin: TextIO | None, web: _Web
) -> Iterator[Item]:
    try:
        for name in names:
            yield from _read_path(name, fmt, published, stdin, web)
    finally:
        web.close()


def _check_format(input_format: str) -> None:
    if input_format not in FORMATS:
        raise UnsupportedFormat(
            f"--format {input_format}", f"unknown input format; use one of {', '.join(FORMATS)}"
        )


def _read_path(name: str, fmt: str, published: str | None, stdin: TextIO | None, web: _Web) -> Iterator[Item]:
    if name == "-":
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, fmt, published, web)
        return
    if name.lower().startswith(_URL_SCHEMES):
        yield from _read_url(name, fmt, published, web)
        return
    path = Path(name)
    if path.is_dir():
        yield from _read_folder(path, name, fmt, published, web)
    elif path.exists():
        yield from _read_file(path, name, fmt, published, web)
    else:
        yield InputError(name, "no such file or folder")


def extension_format(path: Path) -> str | None:
    """The format :data:`EXTENSIONS` gives the file's name, None for an unknown extension."""
    lowered = path.name.lower()
    for extension, kind in EXTENSIONS.items():
        if lowered.endswith(extension) and len(lowered) > len(extension):
            return kind
    return None


def _read_folder(root: Path, name: str, fmt: str, published: str | None, web: _Web) -> Iterator[Item]:
    found = False
    for entry in _walk(root, name, fmt):
        if isinstance(entry, InputError):
            yield entry
            continue
        found = True
        yield from _read_file(entry, str(entry), fmt, published, web)
    if not found:
        known = ", ".join(sorted(EXTENSIONS))
        yield EmptyInput(name, f"the folder holds no input files ({known}; hidden files are skipped)")


def _walk(folder: Path, name: str, fmt: str) -> Iterator[Path | InputError]:
    """Input files under ``folder`` in name order, descending into sub-folders as they come."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield InputError(name, f"the folder cannot be listed ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, str(path), fmt)
        elif is_file and (fmt != "auto" or extension_format(path) is not None):
            yield path


def _read_file(path: Path, name: str, fmt: str, published: str | None, web: _Web) -> Iterator[Item]:
    try:
        size = path.stat().st_size
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    if size == 0:
        yield EmptyInput(name, "the file is empty")
        return
    kind = fmt if fmt != "auto" else extension_format(path)
    if kind in _STREAMED:
        yield from _read_streamed(path, name, kind, published)
        return
    if size > MAX_FILE_BYTES:
        yield InputError(
            name,
            f"the file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for one "
            "article; split it, or write it as JSON Lines (read a line at a time)",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")
        return
    if kind in (None, "xml") and looks_like_feed(data[:_FEED_HEAD]):
        kind = "feed"
    if kind == "feed":
        yield from read_feed(
            data, name, published=published, fetch_articles=bool(web.fetch_articles), fetcher=_maybe(web)
        )
        return
    try:
        content = decode_bytes(data, name)
    except InputError as e:
        yield e
        return
    if kind is None:
        kind = sniff(content)
        if kind == "jsonl":
            yield from read_jsonl(content.splitlines(), name, published=published)
            return
    yield from _parse(content, name, "html" if kind == "xml" else kind, published, web)


def _read_streamed(path: Path, name: str, kind: str, published: str | None) -> Iterator[Item]:
    """JSON Lines, WARC and SGML: read a line or a record at a time, whatever the file's size."""
    if kind == "jsonl":
        yield from _read_jsonl_file(path, name, published)
    elif kind == "warc":
        from eventwire.ingest.warc import read_warc  # warcio is only needed for WARC input

        yield from read_warc(path, name, published=published)
    else:
        yield from read_sgml_file(path, name, published=published)


def _maybe(web: _Web) -> Fetcher | None:
    """The run's fetcher when feed entries' pages are to be fetched; made only then."""
    return web.fetcher() if web.fetch_articles else None


def _read_url(url: str, fmt: str, published: str | None, web: _Web) -> Iterator[Item]:
    """Fetch a URL and read it by the media type the server gives (or as ``fmt`` says)."""
    if fmt in ("warc", "sgml"):
        yield UnsupportedFormat(url, f"{fmt} is read from files only; download it and give the file")
        return
    try:
        result = web.fetcher().fetch(url)
    except InputError as e:
        yield e
        return
    if result.not_modified:
        return  # unchanged since the caller's validators were stored: nothing new to read
    kind = fmt if fmt != "auto" else _response_format(result)
    if kind is None:
        shown = result.content_type or "no content type"
        yield UnsupportedFormat(url, f"the server sent {shown}, which eventwire does not read")
        return
    if kind == "feed":
        yield from read_feed(
            result.content,
            url,
            published=published,
            base_url=result.final_url,
            encoding=result.encoding,
            fetch_articles=web.fetch_articles is not False,
            fetcher=web.fetcher(),
        )
        return
    if kind == "html":
        page = declared_text(result.content, result.encoding)
        try:
            yield read_html(
                page if page is not None else result.content, url, url=result.final_url, published=published
            )
        except InputError as e:
            yield e
        return
    try:
        content = declared_text(result.content, result.encoding) or decode_bytes(result.content, url)
    except InputError as e:
        yield e
        return
    yield from _parse(content, url, kind, published, web)


def _response_format(result: FetchResult) -> str | None:
    """What a fetched body is: by its media type, and by its first bytes when the type is XML,
    plain text or missing (feeds are often served as text/xml or text/plain)."""
    media = result.content_type
    head = result.content[:_FEED_HEAD]
    if media in FEED_TYPES:
        return "feed"
    if media in XML_TYPES:
        return "feed" if looks_like_feed(head) else "html"  # XHTML, or XML trafilatura will judge
    if media in _HTML_TYPES:
        return "html"
    if media in _JSON_TYPES:
        return "json" if head.lstrip()[:1] == b"[" else "jsonl"
    if media in (None, "text/plain", "application/octet-stream"):
        if looks_like_feed(head):
            return "feed"
        try:
            return sniff(declared_text(head, result.encoding) or decode_bytes(head, result.url))
        except InputError:
            return None  # binary data
    return None


def _read_jsonl_file(path: Path, name: str, published: str | None) -> Iterator[Item]:
    try:
        with path.open("rb") as f:
            if b"\x00" in f.read(_SNIFF_BYTES):
                yield InputError(name, "it is a binary file (it contains NUL bytes), not JSON Lines")
                return
            f.seek(0)
            yield from read_jsonl(_decoded_lines(f), name, published=published)
    except OSError as e:
        yield InputError(name, f"cannot be read ({e.strerror or e})")


def _decoded_lines(f: Iterable[bytes]) -> Iterator[str]:
    for raw in f:
        yield decode_line(raw)


def _read_stdin(stream: TextIO, fmt: str, published: str | None, web: _Web) -> Iterator[Item]:
    """Standard input: sniffed from its first non-blank line when the format is ``auto``.

    Read as bytes when the stream has a binary buffer (``sys.stdin``), so that any encoding is
    decoded as files are; a text stream (a test's StringIO) is read as it is.
    """
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    head: list[str] = []
    rest: Iterator[str] = _decoded_lines(buffer) if buffer is not None else iter(stream)
    try:
        for line in rest:
            head.append(line)
            if line.strip():
                break
        kind = fmt if fmt != "auto" else sniff("".join(head))
        if kind == "jsonl":
            yield from read_jsonl(chain(head, rest), STDIN_NAME, published=published)
            return
        content = "".join(head)
        if buffer is not None:
            data = buffer.read(MAX_FILE_BYTES + 1)
            if len(data) + len(content) > MAX_FILE_BYTES:
                yield InputError(STDIN_NAME, "more than 50 MB on standard input; send JSON Lines instead")
                return
            content += decode_bytes(data, STDIN_NAME)
        else:
            content += stream.read()
    except (OSError, UnicodeDecodeError) as e:
        yield InputError(STDIN_NAME, f"cannot be read ({e})")
        return
    except InputError as e:
        yield e
        return
    if not content.strip():
        yield EmptyInput(STDIN_NAME, "nothing was given on standard input")
        return
    if fmt == "auto" and kind == "html" and looks_like_feed(content[:_FEED_HEAD]):
        kind = "feed"  # the first line alone ("<?xml ...?>") did not show the root element
    yield from _parse(content, STDIN_NAME, kind, published, web)


def _parse(content: str, name: str, kind: str, published: str | None, web: _Web) -> Iterator[Item]:
    """One decoded input in a known format -> its articles or errors."""
    if kind in ("warc", "sgml"):
        yield UnsupportedFormat(name, f"{kind} is read from files only, not from standard input or text")
        return
    if kind == "feed":
        yield from read_feed(
            content, name, published=published, fetch_articles=bool(web.fetch_articles), fetcher=_maybe(web)
        )
        return
    try:
        if kind == "html":
            yield read_html(content, name, published=published)
        elif kind == "json":
            yield from read_json(content, name, published=published)
        elif kind == "jsonl":
            yield from read_jsonl(content.splitlines(), name, published=published)
        else:
            yield read_text(_head(content), name, published=published)
    except InputError as e:
        yield e


# The coder reads at most Options.max_chars of an article; a plain text far longer is a dump, and
# splitting all of it into paragraphs would cost memory for nothing. Keep the head, cut at a line.
MAX_TEXT_CHARS = 1_000_000


def _head(content: str) -> str:
    if len(content) <= MAX_TEXT_CHARS:
        return content
    cut = content.rfind("\n", 0, MAX_TEXT_CHARS)
    return content[: cut if cut > 0 else MAX_TEXT_CHARS]


def sniff(content: str) -> str:
    """Guess a format from the first non-blank characters: jsonl, json, feed, html or text."""
    start = content.lstrip("\ufeff \t\r\n")[:1]
    if start == "{":
        first_line = content.lstrip("\ufeff \t\r\n").split("\n", 1)[0].rstrip()
        # A one-object-per-line file closes its object on the first line; a pretty-printed
        # JSON object does not.
        return "jsonl" if first_line.endswith("}") else "json"
    if start == "[":
        return "json"
    if start == "<":
        return "feed" if looks_like_feed(content[:_FEED_HEAD]) else "html"
    return "text"
