"""``eventwire watch`` against a real local HTTP server: new entries stored once, polite requests,
network errors survived, validators kept in the store across restarts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from eventwire.cli import main
from eventwire.ingest.fetch import Fetcher
from eventwire.run.ingest import Ingester
from eventwire.run.watch import Watcher, parse_interval
from eventwire.store import Store, schema
from webserver import Route, WebServer

from .fakes import FakeCoder, short_article


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebServer]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = WebServer()
    server.start()
    yield server
    server.stop()


def _feed(web: WebServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{web.url(p)}</link>"
        f"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description>summary</description></item>"
        for p in paths
    )
    channel = f"<channel><title>Wire</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def _page(i: int) -> Route:
    article = f"<article><p>{short_article(i)}</p></article>"
    body = f"<html><head><title>Story {i}</title></head><body>{article}</body></html>"
    return Route(body.encode())


def _serve(web: WebServer, pages: list[int]) -> None:
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for i in pages:
        web.routes[f"/a/{i}"] = _page(i)
    web.routes["/feed.rss"] = Route(
        _feed(web, [f"/a/{i}" for i in pages]), content_type="application/rss+xml", etag=f'"v{len(pages)}"'
    )


def _watcher(store: Store, web: WebServer, coder: FakeCoder) -> Watcher:
    return Watcher(Ingester(store, coder=coder), [web.url("/feed.rss")], fetcher=Fetcher(min_interval=0))


def _count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())


def test_new_entries_are_stored_once_and_unchanged_feeds_cost_one_request(
    store: Store, web: WebServer
) -> None:
    _serve(web, [1, 2])
    coder = FakeCoder()
    first = _watcher(store, web, coder).poll()
    assert (first.feeds_changed, first.summary.stored, _count(store)) == (1, 2, 2)

    # A new watcher (a restart) asks conditionally with the validators kept in the store.
    web.requests.clear()
    again = _watcher(store, web, coder).poll()
    assert (again.feeds_unchanged, again.summary.read) == (1, 0)
    assert web.paths() == ["/robots.txt", "/feed.rss"]
    assert web.requests[-1].headers.get("if-none-match") == '"v2"'

    # One new entry: only its page is fetched, the stored ones are not fetched again.
    _serve(web, [1, 2, 3])
    web.requests.clear()
    third = _watcher(store, web, coder).poll()
    assert third.summary.stored == 1 and _count(store) == 3
    assert "/a/1" not in web.paths() and "/a/3" in web.paths()


def test_network_errors_are_reported_and_the_watch_goes_on(store: Store, web: WebServer) -> None:
    _serve(web, [1])
    broken = "http://127.0.0.1:9/feed.rss"  # nothing listens on port 9
    watcher = Watcher(
        Ingester(store, coder=FakeCoder()), [broken, web.url("/feed.rss")], fetcher=Fetcher(min_interval=0)
    )
    report = watcher.poll()
    assert len(report.feed_errors) == 1 and broken in report.feed_errors[0].message
    assert report.summary.stored == 1
    with store.connect() as conn:
        assert conn.execute(select(schema.failures.c.input_name)).scalars().all() == [broken]


def test_polls_repeat_at_the_interval(store: Store, web: WebServer) -> None:
    _serve(web, [1])
    slept: list[float] = []
    watcher = Watcher(
        Ingester(store, coder=FakeCoder()),
        [web.url("/feed.rss")],
        every=900,
        fetcher=Fetcher(min_interval=0),
        sleep=slept.append,
        clock=lambda: 0.0,
    )
    seen: list[int] = []
    assert watcher.run(polls=3, on_poll=lambda n, _report: seen.append(n)) == 3
    assert seen == [1, 2, 3] and slept == [900, 900]


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("90s", 90), ("1h", 3600), ("2", 2), ("1.5d", 129600)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_the_command_refuses_bad_arguments(tmp_path: Path) -> None:
    runner = CliRunner()
    too_fast = runner.invoke(
        main, ["watch", "https://example.org/rss", "--every", "5s", "--db", str(tmp_path / "w.db")]
    )
    assert too_fast.exit_code == 2 and "impolite" in too_fast.output
    not_url = runner.invoke(main, ["watch", "feeds.txt", "--once", "--db", str(tmp_path / "w.db")])
    assert not_url.exit_code == 2 and "not an http(s) URL" in not_url.output
    assert not (tmp_path / "w.db").exists()


@pytest.mark.model
def test_the_command_polls_once_into_the_store(tmp_path: Path, web: WebServer) -> None:
    _serve(web, [1, 2])
    db = tmp_path / "w.db"
    result = CliRunner().invoke(
        main, ["watch", web.url("/feed.rss"), "--once", "--min-interval", "0", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert "poll 1: 1 feeds changed" in result.output
    assert _count(Store(db)) == 2
