"""The application: :func:`create_app` puts the API, the web UI and the guards together.

    >>> from eventwire.api import ServeSettings, create_app
    >>> app = create_app(ServeSettings(db="eventwire.db"))      # nothing opened yet
    >>> # uvicorn.run(app, host="127.0.0.1", port=8000)

Creating the app does no I/O. What it needs is kept in one :class:`ServerState` on
``app.state.eventwire`` (never in module globals): the store, opened and migrated on the first
request that reads it; the coding pipeline, loaded on the first ``POST /v1/code``; the
templates, read on the first page.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Connection

from eventwire import __version__
from eventwire.api.coding import CodingService
from eventwire.api.guard import RequestGuard, install_error_handlers
from eventwire.api.settings import ServeSettings
from eventwire.store import Store

if TYPE_CHECKING:
    from eventwire.dedup import NearDuplicates
    from eventwire.pipeline import Pipeline
    from eventwire.web.pages import Pages

DESCRIPTION = """\
Political events coded from news (CAMEO, PLOVER), with actors, dates, places, quotes and the
evidence for each code, read from an eventwire store.

Errors answer `{"error": {"code": ..., "message": ...}}`: 400 malformed request, 401 missing or
wrong token, 404 unknown id, 413 body too large, 415 unsupported body type, 422 invalid filter
or uncodable article, 500 server failure.
"""


class ServerState:
    """Everything one app holds, created lazily and shared by its requests."""

    def __init__(self, settings: ServeSettings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.db)  # lazy: the engine is made (and migrated) on first use
        self.coding = CodingService(settings.options, pipeline)
        self._open_lock = threading.Lock()
        self._opened = False

    def open(self) -> None:
        """Open (and migrate) the store once; two first requests at once wait for one another."""
        # Two first requests at once must not both create an engine and migrate the schema.
        if not self._opened:
            with self._open_lock:
                if not self._opened:
                    _ = self.store.engine
                    self._opened = True

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads (the store is opened on first use)."""
        self.open()
        with self.store.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the block ends without error."""
        self.open()
        with self.store.begin() as conn:
            yield conn

    @cached_property
    def near(self) -> NearDuplicates:
        """Near-duplicate finder for articles posted with ``?store=true`` (as ``eventwire ingest`` uses)."""
        from eventwire.dedup import NearDuplicates

        return NearDuplicates()

    @cached_property
    def pages(self) -> Pages:
        """The web UI's templates and lookups, made on the first page."""
        from eventwire.web.pages import Pages

        return Pages()

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()
        self._opened = False


def server_state(request: Request) -> ServerState:
    """The app's :class:`ServerState` (a FastAPI dependency)."""
    state = request.app.state.eventwire
    assert isinstance(state, ServerState)
    return state


def create_app(settings: ServeSettings, *, pipeline: Pipeline | None = None) -> FastAPI:
    """The ASGI app serving ``settings.db``: API under /v1, OpenAPI at /docs, web UI at /.

    ``pipeline`` lends an existing coding pipeline (tests share one); by default the app makes its
    own on the first coding request.
    """
    from eventwire.api.routes import router as api_router
    from eventwire.web.pages import render_error
    from eventwire.web.pages import router as web_router

    state = ServerState(settings, pipeline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Blocking calls (queries, page rendering) share the GIL: 40 threads (anyio's default)
        # at once spent 15% more CPU per request than 4 and tripled the p99 under 20 clients
        # (benchmarks/load.py). The limiter belongs to this event loop, i.e. to this server.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        state.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=DESCRIPTION,
        # /docs is the web UI's own page over /openapi.json: Swagger UI would load from a CDN,
        # and the server must work offline
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.eventwire = state
    install_error_handlers(app, render_error)
    app.include_router(api_router)
    app.include_router(web_router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    # added last, so it runs first: foreign hosts and oversized bodies stop before anything else
    app.add_middleware(RequestGuard, settings=settings)
    return app
