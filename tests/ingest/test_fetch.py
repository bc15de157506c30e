"""The Fetcher against a real local HTTP server: robots.txt, rate limit, conditional requests,
errors and size limits."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from eventwire import __version__
from eventwire.errors import FetchError, InputError, InputTooLarge
from eventwire.ingest.fetch import (
    USER_AGENT,
    Fetcher,
    ValidatorCache,
    Validators,
    declared_text,
    parse_content_type,
)

from .conftest import Route, WebServer

PAGE = b"<html><body><p>Envoys met in Geneva.</p></body></html>"


class FakeTime:
    """A clock that moves only when the fetcher sleeps: waits are counted, never spent."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def _fetcher(**settings: object) -> Fetcher:
    settings.setdefault("min_interval", 0.0)
    return Fetcher(**settings)  # type: ignore[arg-type]


def test_fetch_returns_body_and_metadata_and_reads_robots_first(web: WebServer) -> None:
    web.routes["/a"] = Route(PAGE, content_type="text/html; charset=ISO-8859-1", etag='"v1"')
    with _fetcher() as fetcher:
        result = fetcher.fetch(web.url("/a"))
    assert result.url == result.final_url == web.url("/a")
    assert (result.status, result.content, result.content_type, result.encoding) == (
        200,
        PAGE,
        "text/html",
        "iso-8859-1",
    )
    assert result.etag == '"v1"' and result.not_modified is False
    assert web.paths() == ["/robots.txt", "/a"]  # robots.txt answered 404: everything allowed
    assert web.requests[1].headers["user-agent"] == USER_AGENT
    assert f"eventwire/{__version__} (+https://github.com/eventwire)" == USER_AGENT


def test_constructor_opens_nothing(web: WebServer) -> None:
    fetcher = Fetcher(validators=ValidatorCache())
    fetcher.close()
    assert web.paths() == []


def test_conditional_requests_with_etag_and_last_modified(web: WebServer) -> None:
    web.routes["/etag"] = Route(PAGE, etag='"abc"')
    web.routes["/dated"] = Route(PAGE, last_modified="Fri, 01 Mar 2024 10:00:00 GMT")
    cache = ValidatorCache()
    with _fetcher(validators=cache) as fetcher:
        first = fetcher.fetch(web.url("/etag"))
        second = fetcher.fetch(web.url("/etag"))
        fetcher.fetch(web.url("/dated"))
        dated = fetcher.fetch(web.url("/dated"))
    assert first.content == PAGE and not first.not_modified
    assert second.not_modified and second.status == 304 and second.content == b""
    assert dated.not_modified
    sent = {
        (r.path, r.headers.get("if-none-match"), r.headers.get("if-modified-since")) for r in web.requests
    }
    assert ("/etag", None, None) in sent and ("/etag", '"abc"', None) in sent
    assert ("/dated", None, "Fri, 01 Mar 2024 10:00:00 GMT") in sent
    assert cache[web.url("/etag")] == Validators(etag='"abc"')
    # A new page version: the server's new ETag replaces the stored one.
    web.routes["/etag"] = Route(b"<p>new</p>", etag='"def"')
    with _fetcher(validators=cache) as fetcher:
        third = fetcher.fetch(web.url("/etag"))
    assert third.content == b"<p>new</p>" and cache[web.url("/etag")].etag == '"def"'


def test_validator_cache_round_trips_through_json() -> None:
    cache = ValidatorCache({"http://x/a": Validators(etag='"1"'), "http://x/b": Validators(None, "Mon")})
    again = ValidatorCache.from_json(cache.to_json())
    assert dict(again) == dict(cache) and len(again) == 2
    del again["http://x/a"]
    assert list(again) == ["http://x/b"]
    for bad in ("not json", "[1]", '{"http://x": 3}', '{"http://x": {"etag": 5}}'):
        with pytest.raises(InputError) as info:
            ValidatorCache.from_json(bad, origin="cache.json")
        assert info.value.input_name == "cache.json"


def test_robots_txt_disallow_refuses_without_requesting(web: WebServer) -> None:
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.routes["/private/a"] = Route(PAGE)
    web.routes["/public"] = Route(PAGE)
    with _fetcher() as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(web.url("/private/a"))
        assert info.value.input_name == web.url("/private/a")
        assert "robots.txt does not allow eventwire" in info.value.reason
        assert fetcher.fetch(web.url("/public")).content == PAGE
    assert web.paths() == ["/robots.txt", "/public"]  # read once; the refused page never asked for
    with _fetcher(respect_robots=False) as fetcher:
        assert fetcher.fetch(web.url("/private/a")).content == PAGE


def test_robots_txt_group_for_eventwire_wins_over_the_default(web: WebServer) -> None:
    web.routes["/robots.txt"] = Route(
        b"User-agent: eventwire\nDisallow: /wire-only/\n\nUser-agent: *\nDisallow: /private/\n",
        content_type="text/plain",
    )
    web.routes["/private/a"] = web.routes["/wire-only/a"] = Route(PAGE)
    with _fetcher() as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch(web.url("/wire-only/a"))
        assert fetcher.fetch(web.url("/private/a")).content == PAGE  # the * group is not ours


def test_robots_txt_server_error_refuses_the_site(web: WebServer) -> None:
    web.routes["/robots.txt"] = Route(b"oops", status=503, content_type="text/plain")
    web.routes["/a"] = Route(PAGE)
    with _fetcher() as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(web.url("/a"))
    assert "HTTP 503" in info.value.reason and "robots.txt" in info.value.reason
    assert web.paths() == ["/robots.txt"]


def test_rate_limit_spaces_requests_per_host(make_server: Callable[[], WebServer]) -> None:
    one, two = make_server(), make_server()
    for server in (one, two):
        server.routes["/a"] = server.routes["/b"] = Route(PAGE)
    time = FakeTime()
    with Fetcher(min_interval=5.0, clock=time.clock, sleep=time.sleep) as fetcher:
        fetcher.fetch(one.url("/a"))  # robots.txt, then /a: one wait
        fetcher.fetch(two.url("/a"))  # another host: its robots.txt at once, then /a after a wait
        fetcher.fetch(one.url("/b"))  # 5 s have passed on the fake clock since one's last request
    assert one.paths() == ["/robots.txt", "/a", "/b"]
    assert two.paths() == ["/robots.txt", "/a"]
    assert time.sleeps == [5.0, 5.0]


def test_crawl_delay_lengthens_the_interval(web: WebServer) -> None:
    web.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    web.routes["/a"] = web.routes["/b"] = Route(PAGE)
    time = FakeTime()
    with Fetcher(min_interval=1.0, clock=time.clock, sleep=time.sleep) as fetcher:
        fetcher.fetch(web.url("/a"))
        fetcher.fetch(web.url("/b"))
    assert time.sleeps == [7.0, 7.0]
    assert web.paths() == ["/robots.txt", "/a", "/b"]


@pytest.mark.parametrize(("status", "words"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500")])
def test_http_errors_are_fetch_errors(web: WebServer, status: int, words: str) -> None:
    web.routes["/x"] = Route(b"error page", status=status)
    with _fetcher() as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(web.url("/x"))
    assert info.value.input_name == web.url("/x") and words in info.value.reason
    assert info.value.code == "E014"


def test_network_and_address_errors_are_fetch_errors() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with _fetcher(timeout=5.0) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(f"http://127.0.0.1:{port}/a")
        assert "could not connect" in info.value.reason
        for url in ("ftp://example.org/a", "file:///etc/passwd", "http:///nohost"):
            with pytest.raises(FetchError) as info:
                fetcher.fetch(url)
            assert "http://" in info.value.reason


def test_redirects_are_followed_and_validators_kept_for_the_url_asked(web: WebServer) -> None:
    web.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
    web.routes["/new"] = Route(PAGE, etag='"n"')
    web.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    cache = ValidatorCache()
    with _fetcher(validators=cache, max_redirects=3) as fetcher:
        result = fetcher.fetch(web.url("/old"))
        with pytest.raises(FetchError) as info:
            fetcher.fetch(web.url("/loop"))
    assert result.final_url == web.url("/new") and result.content == PAGE
    assert cache[web.url("/old")].etag == '"n"'
    assert "redirects" in info.value.reason


def test_oversized_bodies_are_refused(web: WebServer) -> None:
    big = b"<p>" + b"x" * 5000 + b"</p>"
    web.routes["/announced"] = Route(big)
    web.routes["/streamed"] = Route(big, send_length=False)
    web.routes["/bomb"] = Route(b"\0" * 200_000, gzip=True)  # small on the wire, large decoded
    web.routes["/small"] = Route(PAGE)
    with _fetcher(max_bytes=1000) as fetcher:
        for path in ("/announced", "/streamed", "/bomb"):
            with pytest.raises(InputTooLarge) as info:
                fetcher.fetch(web.url(path))
            assert info.value.input_name == web.url(path) and "1,000" in info.value.reason
        assert fetcher.fetch(web.url("/small")).content == PAGE  # the fetcher goes on


def test_parse_content_type_and_declared_text() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "utf-8")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert parse_content_type(None) == (None, None)
    assert declared_text("café".encode(), "utf-8") == "café"
    assert declared_text("“deal”".encode("cp1252"), "iso-8859-1") == "“deal”"  # read as browsers do
    assert declared_text(b"x", None) is None
    assert declared_text(b"x", "no-such-charset") is None
    assert declared_text(b"x", "us-ascii") is None
