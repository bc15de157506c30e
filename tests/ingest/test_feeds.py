"""RSS and Atom feeds: entries to articles, hostile XML kept harmless, linked pages fetched."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import feedparser
import pytest

from eventwire.errors import EmptyInput, FetchError, InputError
from eventwire.ingest import RawArticle, iter_inputs
from eventwire.ingest.feeds import html_to_text, looks_like_feed, read_feed
from eventwire.ingest.fetch import Fetcher

from .conftest import Route, WebServer

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example &amp; Wire</title><link>https://wire.example/</link>
<item>
  <title>Envoys head to Geneva</title>
  <link>https://wire.example/envoys</link>
  <guid>wire-0001</guid>
  <pubDate>Fri, 01 Mar 2024 22:30:00 -0500</pubDate>
  <description>&lt;p&gt;The envoys met officials in Geneva on Friday.&lt;/p&gt;&lt;p&gt;They agreed to meet
  again &lt;b&gt;next month&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description>
</item>
<item>
  <title>Talks stall</title>
  <link>https://wire.example/stall</link>
  <description>Negotiators left without a deal, officials said.</description>
</item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Daily &lt;i&gt;Report&lt;/i&gt;</title>
  <entry>
    <title>Ministers sign accord</title>
    <link href="/2024/accord"/>
    <id>urn:report:42</id>
    <updated>2024-04-18T08:30:00Z</updated>
    <summary>Short teaser.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>The ministers of Ghana and Togo signed a border accord in Accra on Thursday.</p>
      <p>The accord ends a dispute over fishing rights, the two governments said.</p>
    </div></content>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<!-- an RSS 1.0 feed -->
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title></channel>
<item rdf:about="https://rdf.example/1"><title>Flood warning issued</title>
<link>https://rdf.example/1</link>
<description>Officials issued a flood warning on Monday.</description></item>
</rdf:RDF>
"""


def _articles(items: list[RawArticle | InputError]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def test_rss_entries_become_articles() -> None:
    items = list(read_feed(RSS, "news.rss"))
    assert [type(i) for i in items] == [RawArticle, RawArticle]
    first, second = _articles(items)
    assert first.title == "Envoys head to Geneva"
    assert first.url == "https://wire.example/envoys" and first.id == "wire-0001"
    assert first.published == "2024-03-02"  # feedparser gives the time in UTC
    assert first.source == "Example & Wire"
    assert (
        first.text == "The envoys met officials in Geneva on Friday.\nThey agreed to meet again next month."
    )
    assert first.origin == "news.rss[0]"
    assert second.published is None and second.id == "https://wire.example/stall"
    (dated,) = [a for a in read_feed(RSS, "news.rss", published="2024-03-05") if a.title == "Talks stall"]
    assert isinstance(dated, RawArticle) and dated.published == "2024-03-05"  # --date fills in


def test_atom_content_wins_over_summary_and_relative_links_resolve() -> None:
    (article,) = read_feed(ATOM, "report.atom", base_url="https://report.example/feed.atom")
    assert isinstance(article, RawArticle)
    assert article.text.splitlines() == [
        "The ministers of Ghana and Togo signed a border accord in Accra on Thursday.",
        "The accord ends a dispute over fishing rights, the two governments said.",
    ]
    assert article.url == "https://report.example/2024/accord"
    assert article.published == "2024-04-18" and article.id == "urn:report:42"
    assert article.source == "Daily Report"


def test_rss_1_0_and_encodings() -> None:
    (article,) = read_feed(RDF, "rdf.xml")
    assert isinstance(article, RawArticle) and article.source == "RDF News"
    latin = RSS.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"').replace(
        b"Geneva", "Genève".encode("latin-1")
    )
    assert _articles(list(read_feed(latin, "latin.rss")))[0].title == "Envoys head to Genève"
    utf16 = RSS.decode().replace('encoding="utf-8"', 'encoding="utf-16"').replace("Geneva", "Genève")
    assert _articles(list(read_feed(utf16.encode("utf-16"), "utf16.rss")))[0].title == "Envoys head to Genève"
    assert _articles(list(read_feed(utf16, "text.rss")))[0].title == "Envoys head to Genève"  # already text


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS) and looks_like_feed(ATOM) and looks_like_feed(RDF)
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss/>')
    assert looks_like_feed("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>")
    assert not looks_like_feed(b"<html><body><p>rss feed</p></body></html>")
    assert not looks_like_feed(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>')
    assert not looks_like_feed(b"The rss is here")


def test_not_a_feed_and_an_empty_feed() -> None:
    (error,) = read_feed(b"<html><body><p>Hello</p></body></html>", "page.xml")
    assert isinstance(error, InputError) and "not an RSS or Atom feed" in error.reason
    (empty,) = read_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "quiet.rss")
    assert isinstance(empty, EmptyInput) and empty.input_name == "quiet.rss"
    items = list(read_feed(RSS.replace(b"Negotiators left without a deal, officials said.", b""), "f.rss"))
    assert isinstance(items[1], EmptyInput) and items[1].input_name == "f.rss[1]"


def test_html_to_text() -> None:
    assert html_to_text("<p>One&nbsp;two</p><ul><li>three</li><li>four</li></ul>five<br>six") == (
        "One two\nthree\nfour\nfive\nsix"
    )
    assert html_to_text("<style>p {}</style><p>kept</p><script>x()</script>") == "kept"


# --- hostile feeds ------------------------------------------------------------------------------

SECRET = "TOP-SECRET-7f3a"


def _xxe_feeds(secret: Path) -> dict[str, bytes]:
    uri = secret.as_uri().encode()
    tail = (
        b'<rss version="2.0"><channel><title>T &xxe;</title><item><title>A &xxe;</title>'
        b"<description>The envoys met &xxe; on Friday.</description></item></channel></rss>"
    )
    return {
        "internal subset": b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "'
        + uri
        + b'">\n]>\n'
        + tail,
        "one line": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "' + uri + b'">]>' + tail,
        "parameter entity": b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY % p SYSTEM "'
        + uri
        + b'">\n  %p;\n]>\n'
        + tail.replace(b"&xxe;", b""),
        "external DTD": b'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "'
        + uri
        + b'">\n'
        + tail.replace(b"&xxe;", b""),
        "utf-16": (
            '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "'
            + secret.as_uri()
            + '">]>'
            + tail.decode()
        ).encode("utf-16"),
    }


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What read_feed hands to feedparser.parse, call by call."""
    sources: list[Any] = []
    original = feedparser.parse

    def spy(source: Any, **kwargs: Any) -> Any:
        sources.append(source)
        return original(source, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    return sources


def _only_safe_bytes(sources: list[Any]) -> bool:
    """feedparser got bytes in memory (a str may be opened as a path or URL), and no DOCTYPE."""
    return bool(sources) and all(
        isinstance(s, io.BytesIO) and b"<!DOCTYPE" not in s.getvalue() and b"<!ENTITY" not in s.getvalue()
        for s in sources
    )


def test_external_entities_never_leak_files(tmp_path: Path, handed: list[Any]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    for label, data in _xxe_feeds(secret).items():
        items = list(read_feed(data, label))
        assert items, label
        for item in items:
            assert SECRET not in repr(vars(item)), label
        articles = _articles(items)
        assert articles and "The envoys met" in articles[0].text, label
    assert _only_safe_bytes(handed)


def test_entity_expansion_is_not_performed(handed: list[Any]) -> None:
    # "Billion laughs": ten levels of ten references, 10**9 copies of "lol" if expanded.
    levels = [b'<!ENTITY l0 "lol">'] + [
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10)
    ]
    for sep in (b"\n", b""):  # feedparser's own DOCTYPE handling only sees declarations on new lines
        data = (
            b'<?xml version="1.0"?>'
            + sep
            + b"<!DOCTYPE rss ["
            + sep
            + sep.join(levels)
            + sep
            + b"]>"
            + sep
            + b'<rss version="2.0"><channel><title>Laughs</title><item><title>Envoys &l9;</title>'
            b"<description>The envoys met on Friday &l9;.</description></item></channel></rss>"
        )
        (article,) = read_feed(data, "laughs.rss")
        assert isinstance(article, RawArticle)
        assert "lollol" not in article.text and len(article.text) < 200
        assert article.title is not None and "lollol" not in article.title
    assert _only_safe_bytes(handed)  # expat never saw the declarations to expand


def test_unclosed_doctype_is_refused() -> None:
    (error,) = read_feed(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">', "broken.rss")
    assert isinstance(error, InputError) and "DOCTYPE" in error.reason and error.input_name == "broken.rss"


# --- feeds over HTTP ----------------------------------------------------------------------------

ARTICLE_PAGE = b"""<html><head><title>Accord signed | Report</title>
<meta property="og:site_name" content="Report"></head><body><article>
<h1>Accord signed</h1>
<p>The ministers of Ghana and Togo signed a border accord in Accra on Thursday, ending a
dispute over fishing rights that had lasted for more than a decade.</p>
<p>Both governments said the accord would be ratified by their parliaments before the end of the year.</p>
</article></body></html>"""


def _linked_feed(web: WebServer) -> bytes:
    items = b"".join(
        b'<item><title>Story %d</title><link>%s</link><guid isPermaLink="false">s%d</guid>'
        b"<pubDate>Thu, 18 Apr 2024 08:00:00 GMT</pubDate>"
        b"<description>Summary of story %d: the envoys met on Thursday.</description></item>"
        % (i, web.url(path).encode(), i, i)
        for i, path in enumerate(("/a1", "/missing", "/private/a3", "/image"))
    )
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
        + items
        + b"</channel></rss>"
    )


def test_feed_url_fetches_linked_pages_and_falls_back_to_summaries(web: WebServer) -> None:
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.routes["/feed"] = Route(_linked_feed(web), content_type="application/rss+xml")
    web.routes["/a1"] = Route(ARTICLE_PAGE)
    web.routes["/image"] = Route(b"\x89PNG....", content_type="image/png")
    with Fetcher(min_interval=0.0) as fetcher:
        items = list(iter_inputs([web.url("/feed")], fetcher=fetcher))
    kinds = [type(i).__name__ for i in items]
    assert kinds == [
        "RawArticle",
        "FetchError",
        "RawArticle",
        "FetchError",
        "RawArticle",
        "InputError",
        "RawArticle",
    ]
    page, missing, private, image = _articles(items)
    assert page.text.startswith("The ministers of Ghana and Togo signed a border accord")
    assert (page.title, page.source, page.id, page.url) == ("Story 0", "Local Wire", "s0", web.url("/a1"))
    assert page.published == "2024-04-18"
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.input_name for e in errors] == [web.url("/feed") + f"[{i}]" for i in (1, 2, 3)]
    assert "HTTP 404" in errors[0].reason and "summary" in errors[0].reason
    assert "robots.txt" in errors[1].reason and "image/png" in errors[2].reason
    assert isinstance(errors[0], FetchError)
    assert missing.text == "Summary of story 1: the envoys met on Thursday." and missing.url == web.url(
        "/missing"
    )
    assert private.id == "s2" and image.source == "Local Wire"
    assert "/private/a3" not in web.paths()
    assert web.paths()[:2] == ["/robots.txt", "/feed"]


def test_feed_file_does_not_fetch_unless_asked(tmp_path: Path, web: WebServer) -> None:
    web.routes["/a1"] = Route(ARTICLE_PAGE)
    path = tmp_path / "local.rss"
    path.write_bytes(_linked_feed(web))
    items = list(iter_inputs([str(path)]))
    assert len(_articles(items)) == 4 and web.paths() == []
    with Fetcher(min_interval=0.0) as fetcher:
        asked = list(iter_inputs([str(path)], fetcher=fetcher, fetch_articles=True))
    assert _articles(asked)[0].text.startswith("The ministers of Ghana")
    assert "/a1" in web.paths()


def test_server_charset_is_used_for_undeclared_bytes() -> None:
    feed = RSS.replace(b' encoding="utf-8"', b"").replace(b"Geneva", "Москва".encode("koi8-r"))
    first, _ = read_feed(feed, "koi8.rss", encoding="koi8-r")
    assert isinstance(first, RawArticle) and first.title == "Envoys head to Москва"
