"""A real HTTP server on 127.0.0.1 for the tests that fetch: feeds, URLs, ``eventwire watch``.

Each test gets its own server (it starts in milliseconds) serving the :class:`Route` s it sets
in ``server.routes``; every request is logged in order with its headers. Routes with an ETag or a
Last-Modified answer a matching conditional request with 304, as a real server does.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    gzip: bool = False  # send the body gzip-encoded (Content-Encoding: gzip)


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class WebServer:
    """The server's routes, its request log and its address."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for the loop's next poll.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with web._lock:
                    web.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = web.routes.get(self.path)
                if route is None:
                    route = Route(b"not here", status=404, content_type="text/plain")
                if self._unchanged(route):
                    self.send_response(304)
                    self._validators(route)
                    self.end_headers()
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if route.send_length:
                    self.send_header("Content-Length", str(len(body)))
                self._validators(route)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                # The client may stop reading: that is what a size limit does.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def _unchanged(self, route: Route) -> bool:
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    return True
                return (
                    bool(route.last_modified) and self.headers.get("If-Modified-Since") == route.last_modified
                )

            def _validators(self, route: Route) -> None:
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output clean

        return Handler
