"""RSS and Atom feeds, through feedparser: one article per entry.

An entry gives the title, the link (``url``), the publication date (``published``, from the
entry's published or else updated time), an id, and as text its content or summary with the HTML
taken out; the feed's title is the ``source``. With ``fetch_articles`` the page an entry links to
is fetched (:class:`~eventwire.ingest.fetch.Fetcher`) and read as HTML instead; when that fails the
failure is yielded as an InputError for the entry and the summary stands in for the page.

Feeds come from anywhere, so they are parsed defensively. feedparser is only ever handed bytes
already read (given a string, it may open it as a path or URL). The DOCTYPE, with any entity
declarations, is cut out before parsing: feedparser keeps simple internal entities and expat
refuses external ones and, from expat 2.4, stops entity amplification — but only after expanding
megabytes, and older expat does not stop it at all. An entity reference left without its
declaration is then read as text by feedparser's loose parser.
"""

from __future__ import annotations

import codecs
import io
import re
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from eventwire.errors import EmptyInput, InputError
from eventwire.ingest.document import RawArticle
from eventwire.ingest.html import read_html
from eventwire.ingest.layout import normalize_space
from eventwire.ingest.text import read_text

if TYPE_CHECKING:
    from eventwire.ingest.fetch import Fetcher

Item = RawArticle | InputError

# Media types a server sends feeds with; text/xml and application/xml need a look at the root.
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
XML_TYPES = frozenset({"application/xml", "text/xml"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})  # rdf:RDF is RSS 1.0
# Enough to get past a long DOCTYPE to the root element; a feed that hides its root deeper is
# not sniffed as one (name it .rss, or use --input-format feed).
_HEAD_BYTES = 64 * 1024
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_DOCTYPE = re.compile(rb"\s*<!DOCTYPE", re.I)
_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
# Elements of an entry's HTML that end a paragraph, and ones whose text is not prose.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
    | {"table", "section", "article", "figure", "figcaption", "pre", "hr", "dd", "dt"}
)
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})


def looks_like_feed(head: bytes | str) -> bool:
    """Whether a document's root element is ``rss``, ``feed`` (Atom) or ``rdf:RDF`` (RSS 1.0),
    judged from its first few kilobytes."""
    data = head.encode("utf-8", errors="replace") if isinstance(head, str) else head
    data = _ascii_compatible(data[:_HEAD_BYTES]).removeprefix(codecs.BOM_UTF8)
    pos = _skip_prolog(data)
    if pos is None:
        return False
    m = _ROOT.match(data, pos)
    return m is not None and m.group(2).decode("ascii").lower() in _FEED_ROOTS


def read_feed(
    data: bytes | str,
    origin: str,
    *,
    published: str | None = None,
    base_url: str | None = None,
    encoding: str | None = None,
    fetch_articles: bool = False,
    fetcher: Fetcher | None = None,
    skip_link: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """Yield one article per entry of an RSS/Atom feed, or an InputError; entries are named
    ``origin[i]`` (from 0). ``base_url`` resolves relative links; ``encoding`` is a charset the
    server declared. ``published`` (``--date``) applies to entries without a date of their own.
    Entries whose link ``skip_link`` accepts are left out before anything is fetched (the
    ones a store already holds, for ``eventwire watch``).

    With ``fetch_articles`` each entry's page is fetched with ``fetcher`` (one is made, and
    closed at the end, when none is given) and read as HTML.
    """
    import feedparser

    try:
        raw, reencoded = _safe_bytes(data)
    except InputError as e:
        yield InputError(origin, e.reason)
        return
    headers = {"content-location": base_url} if base_url else {}
    if encoding and not reencoded:  # the server's charset still describes the bytes
        headers["content-type"] = f"application/xml; charset={encoding}"
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except Exception as e:  # feedparser means not to raise; a bug in it must not stop a batch
        yield InputError(origin, f"the feed could not be parsed ({type(e).__name__}: {e})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("version"):
            yield EmptyInput(origin, "the feed has no entries")
        else:
            problem = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
            yield InputError(origin, f"not an RSS or Atom feed{problem}")
        return
    source = _plain(parsed.get("feed", {}), "title")
    own_fetcher = None
    if fetch_articles and fetcher is None:
        from eventwire.ingest.fetch import Fetcher

        fetcher = own_fetcher = Fetcher()
    try:
        for i, entry in enumerate(entries):
            if skip_link is not None and entry.get("link") and skip_link(entry["link"]):
                continue
            yield from _read_entry(
                entry, f"{origin}[{i}]", source, published, fetcher if fetch_articles else None
            )
    finally:
        if own_fetcher is not None:
            own_fetcher.close()


def read_feed_url(
    url: str,
    *,
    fetcher: Fetcher,
    published: str | None = None,
    fetch_articles: bool = True,
) -> Iterator[Item]:
    """Fetch a feed and yield its articles as :func:`read_feed` does (linked pages fetched by
    default). A feed unchanged since the validators in ``fetcher`` were stored yields nothing."""
    try:
        result = fetcher.fetch(url)
    except InputError as e:
        yield e
        return
    if result.not_modified:
        return
    yield from read_feed(
        result.content,
        url,
        published=published,
        base_url=result.final_url,
        encoding=result.encoding,
        fetch_articles=fetch_articles,
        fetcher=fetcher,
    )


def _read_entry(
    entry: Any, name: str, source: str | None, published: str | None, fetcher: Fetcher | None
) -> Iterator[Item]:
    title = _plain(entry, "title")
    link = entry.get("link") or None
    when = _entry_date(entry) or published
    if fetcher is not None and link:
        try:
            article = _read_linked_page(fetcher, link, name, when)
        except InputError as e:
            yield type(e)(name, f"the linked page {link} was not read ({e.reason}); using the feed's summary")
        else:
            yield _with_entry_fields(article, entry, title, link, source)
            return
    text = _entry_text(entry)
    if not text:
        yield EmptyInput(name, "the entry has no content or summary to read")
        return
    try:
        article = read_text(text, name, published=when, title=title, detect_headline=False)
    except InputError as e:
        yield e
        return
    yield _with_entry_fields(article, entry, title, link, source)


def _read_linked_page(fetcher: Fetcher, link: str, name: str, when: str | None) -> RawArticle:
    from eventwire.ingest.fetch import declared_text

    result = fetcher.fetch(link)
    if result.not_modified:
        raise InputError(link, "it has not changed since it was last fetched")
    if result.content_type is not None and result.content_type not in _HTML_TYPES:
        raise InputError(link, f"it is {result.content_type}, not an HTML page")
    page = declared_text(result.content, result.encoding)
    return read_html(page if page is not None else result.content, name, published=when, url=result.final_url)


def _with_entry_fields(
    article: RawArticle, entry: Any, title: str | None, link: str | None, source: str | None
) -> RawArticle:
    """The feed's word on title, link, id and source wins over what the page says."""
    article.title = title or article.title
    article.url = link or article.url
    article.id = entry.get("id") or link or None
    article.source = source or article.source
    return article


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content blocks and its summary, as plain text."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"})
    if not candidates:
        return ""
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    value = best.get("value") or ""
    return html_to_text(value) if _is_markup(best.get("type")) else value.strip()


def _plain(container: Any, key: str) -> str | None:
    """A title-like field of the feed or an entry as one line of plain text."""
    value = container.get(key)
    if not value:
        return None
    detail = container.get(f"{key}_detail") or {}
    text = html_to_text(value) if _is_markup(detail.get("type")) else value
    return normalize_space(text.replace("\n", " ")) or None


def _is_markup(media_type: str | None) -> bool:
    return media_type in (None, "text/html", "application/xhtml+xml")


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time) and 1900 <= value.tm_year <= 2100:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None


class _TextCollector(HTMLParser):
    """The text of an HTML fragment, a line per paragraph, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a feed's summary or content) as plain text, one paragraph a line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (normalize_space(line) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _safe_bytes(data: bytes | str) -> tuple[bytes, bool]:
    """The feed as bytes feedparser can be given: ASCII-compatible, without a DOCTYPE; and
    whether they had to be re-encoded (as UTF-8, which their XML declaration then says)."""
    raw = _utf8_with_declaration(data) if isinstance(data, str) else _ascii_compatible(data)
    return _strip_doctype(raw), raw is not data


def _ascii_compatible(data: bytes) -> bytes:
    """UTF-16 and UTF-32 re-encoded as UTF-8 so that byte patterns ('<!DOCTYPE') can be found."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _utf8_with_declaration(data.decode(codec, errors="replace"))
    # Without a byte-order mark, "<?" in UTF-16 has a NUL beside each ASCII byte.
    if data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        codec = "utf-16-le" if data[0] == 0x3C else "utf-16-be"
        return _utf8_with_declaration(data.decode(codec, errors="replace"))
    return data


def _utf8_with_declaration(text: str) -> bytes:
    """Text as UTF-8, its XML declaration saying so."""
    text = text.lstrip("\ufeff")
    return _XML_DECL_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")


def _skip_prolog(data: bytes, pos: int = 0) -> int | None:
    """Where the first markup after the XML declaration, comments and PIs begins."""
    while True:
        m = _PROLOG_ITEM.match(data, pos)
        if m is None:
            break
        pos = m.end()
    while pos < len(data) and data[pos : pos + 1].isspace():
        pos += 1
    if _DOCTYPE.match(data, pos):
        end = _doctype_end(data, pos)
        if end is None:
            return None
        return _skip_prolog(data, end)
    return pos if pos < len(data) else None


def _strip_doctype(data: bytes) -> bytes:
    """``data`` without its DOCTYPE declaration (internal subset and all). InputError when the
    declaration never ends: feedparser's loose parser would read the entities in it as text."""
    body = data.removeprefix(codecs.BOM_UTF8)
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(body, pos)
        if m is None:
            break
        pos = m.end()
    doctype = _DOCTYPE.match(body, pos)
    if doctype is None:
        return data
    start = doctype.end() - len(b"<!DOCTYPE")
    end = _doctype_end(body, start)
    if end is None:
        raise InputError("feed", "its DOCTYPE declaration is not closed")
    return body[:start] + body[end:]


def _doctype_end(data: bytes, start: int) -> int | None:
    """The index after the ``>`` closing the DOCTYPE that begins at ``start``, skipping quoted
    strings, comments and the bracketed internal subset; None when it is not closed."""
    depth = 0
    i = start + len(b"<!DOCTYPE")
    n = len(data)
    while i < n:
        c = data[i : i + 1]
        if c in (b'"', b"'"):
            close = data.find(c, i + 1)
            if close < 0:
                return None
            i = close + 1
            continue
        if data.startswith(b"<!--", i):
            close = data.find(b"-->", i + 4)
            if close < 0:
                return None
            i = close + 3
            continue
        if c == b"[":
            depth += 1
        elif c == b"]":
            depth = max(0, depth - 1)
        elif c == b">" and depth == 0:
            return i + 1
        i += 1
    return None
