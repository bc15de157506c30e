"""Fixtures for the fetch, feed and URL tests: real HTTP servers on 127.0.0.1 (tests/webserver.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from webserver import Request, Route, WebServer

__all__ = ["Request", "Route", "WebServer"]


@pytest.fixture
def make_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], WebServer]]:
    """Start servers on demand (two give two hosts); all are stopped after the test."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # 127.0.0.1 must be reached directly
    started: list[WebServer] = []

    def start() -> WebServer:
        server = WebServer()
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def web(make_server: Callable[[], WebServer]) -> WebServer:
    """One running server with no routes yet (every path answers 404, robots.txt included)."""
    return make_server()
