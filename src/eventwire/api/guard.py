"""The server's edges: request limits, the bearer token, and errors turned into HTTP answers.

Every error leaves the server in one shape, ``{"error": {"code": ..., "message": ...}}``, or as
an HTML page for the web UI's own paths:

    ApiError(status, code, message)   raised by routes: 400 bad JSON, 401 token, 404 unknown id
    BodyTooLarge                      413, raised while the body is read, whatever it claimed
    QueryError                        422: a filter is invalid (the message names it)
    InputError                        422: the posted article cannot be coded (empty, not English)
    other EventwireError              500 with its message (a store that cannot be opened ...)
    anything else                     500 with a fixed message: tracebacks stay in the server log
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.api.settings import ServeSettings
from eventwire.errors import EventwireError, InputError, QueryError

log = logging.getLogger("eventwire.api")

# Paths answered in JSON; every other path belongs to the web UI and gets an HTML error page.
API_PREFIXES = ("/v1/", "/health", "/docs", "/openapi.json", "/redoc")


class ApiError(Exception):
    """An answer other than success that a route chooses: status, a short code, a message."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


class BodyTooLarge(ApiError):
    """The request body grew past ``max_body_bytes`` while it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            "body_too_large",
            f"the request body is larger than this server accepts ({limit:,} bytes); "
            f"send one article per request",
        )


class RequestGuard:
    """ASGI middleware: refuse foreign ``Host`` headers and bodies over the size limit.

    The size is enforced on the bytes actually received, not only on ``Content-Length``: a
    chunked upload, or one that lies about its length, is cut off at the limit too.
    """

    def __init__(self, app: ASGIApp, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not self.settings.host_allowed(headers.get("host")):
            await _send_error(
                scope,
                send,
                ApiError(
                    400,
                    "host_not_allowed",
                    "this server listens on loopback and answers only to localhost or 127.0.0.1",
                ),
            )
            return
        limit = self.settings.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _send_error(scope, send, BodyTooLarge(limit))
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            # raised outside a route (in a middleware reading the body): answer here if we can
            if started:
                raise
            await _send_error(scope, send, exc)


async def _send_error(scope: Scope, send: Send, exc: ApiError) -> None:
    response = JSONResponse(_body(exc.code, exc.message), status_code=exc.status)
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def _body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def check_token(settings: ServeSettings, request: Request, form_token: str | None = None) -> None:
    """Raise 401 unless the request carries the server's token (when the server has one).

    The API sends it as ``Authorization: Bearer <token>``; the web form as a field. Compared in
    constant time so its characters cannot be found one by one from response times.
    """
    if not settings.token_required or settings.token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    candidate = given.strip() if scheme.lower() == "bearer" else (form_token or "")
    if not candidate or not hmac.compare_digest(candidate.encode(), settings.token.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "this server needs its token to code or write: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


def check_same_origin(request: Request) -> None:
    """Refuse a form post whose ``Origin`` is another site (a cross-site request forgery)."""
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or an old one: the token (beyond loopback) still applies
        return
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1].rstrip("/") != host:
        raise ApiError(403, "cross_origin", f"a form from {origin} cannot post to this server")


ErrorRenderer = Callable[[Request, int, str, str], Awaitable[Response] | Response]


def install_error_handlers(app: FastAPI, render_html: ErrorRenderer | None = None) -> None:
    """Translate every exception into the one error shape (HTML for web pages when given)."""

    async def respond(
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if render_html is not None and not request.url.path.startswith(API_PREFIXES):
            result = render_html(request, status, code, message)
            response = result if isinstance(result, Response) else await result
        else:
            response = JSONResponse(_body(code, message), status_code=status)
        for key, value in (headers or {}).items():
            response.headers[key] = value
        return response

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return await respond(request, exc.status, exc.code, exc.message, exc.headers)

    async def on_eventwire_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, EventwireError)
        if isinstance(exc, QueryError | InputError):
            return await respond(request, 422, exc.code, exc.message)
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return await respond(request, 500, exc.code, exc.message)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = "no such page or resource" if exc.status_code == 404 else str(exc.detail)
        return await respond(request, exc.status_code, code, message, dict(exc.headers or {}))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return await respond(request, 422, "invalid_parameter", "; ".join(parts) or "invalid request")

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return await respond(
            request, 500, "internal_error", "the server failed on this request; the error is in its log"
        )

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(EventwireError, on_eventwire_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
