"""What ``eventwire serve`` is told: one frozen settings object, checked when it is made.

The rule it enforces is the server's first line of defence: beyond the loopback interface every
request that codes or writes needs a bearer token, so a server that would listen on another
address without one is refused before it starts (:class:`~eventwire.errors.ServeError`).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import ServeError
from eventwire.options import Options
from eventwire.store import DEFAULT_DB

TOKEN_ENV = "EVENTWIRE_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# An article is tens of kilobytes; 2 MB leaves room for a heavy HTML page and bounds what one
# request can make the server hold in memory.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000  # one page of events as JSON stays well under a megabyte at this size
# Worker threads for blocking calls (queries, pages); see ServeSettings.threads.
DEFAULT_THREADS = 4
# A token shorter than this is guessable by brute force over a network.
MIN_TOKEN_LENGTH = 16

# Host header values a loopback server answers to: a page on another site that resolves its own
# name to 127.0.0.1 (DNS rebinding) cannot then talk to the local server through the browser.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and any address in 127.0.0.0/8 or ``::1``."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def token_from_env() -> str | None:
    """The token in ``EVENTWIRE_TOKEN``, if set and not blank."""
    value = os.environ.get(TOKEN_ENV, "").strip()
    return value or None


@dataclass(frozen=True)
class ServeSettings:
    """Settings of one server: where the store is, where to listen, and how much to trust.

    ``token`` is required when ``host`` is not loopback; with it, coding and writing requests
    must send ``Authorization: Bearer <token>`` (the web form takes it in a password field).
    ``cors_origins`` is empty by default: browsers then refuse other sites' scripts.
    ``threads`` bounds the blocking calls (queries, pages) run at once: more only contend for the
    GIL on a CPU-bound server; a PostgreSQL store across a network may want more.
    ``options`` configure the coding pipeline behind ``POST /v1/code``.
    """

    db: str | Path = DEFAULT_DB
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    cors_origins: tuple[str, ...] = ()
    page_size: int = DEFAULT_PAGE_SIZE
    threads: int = DEFAULT_THREADS
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        if not self.is_loopback and not self.token:
            raise ServeError(
                f"refusing to serve on {self.host} without a token: beyond the loopback interface "
                f"anyone who reaches the port could code and write; give --token (or set {TOKEN_ENV}) "
                f"or listen on 127.0.0.1"
            )
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            raise ServeError(
                f"the token is {len(self.token)} characters long; use at least {MIN_TOKEN_LENGTH} "
                f"(for example: python -c 'import secrets; print(secrets.token_urlsafe(24))')"
            )
        if self.max_body_bytes < 1:
            raise ServeError(f"max_body_bytes must be positive, not {self.max_body_bytes}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ServeError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {self.page_size}")
        if not 1 <= self.threads <= 256:
            raise ServeError(f"threads must be between 1 and 256, not {self.threads}")
        for origin in self.cors_origins:
            if origin != "*" and "://" not in origin:
                raise ServeError(
                    f"CORS origin {origin!r} must look like https://example.org (scheme and host)"
                )

    @property
    def is_loopback(self) -> bool:
        """True when the server only listens on this machine."""
        return is_loopback(self.host)

    @property
    def token_required(self) -> bool:
        """Whether coding and writing requests need the bearer token.

        A token given to a loopback server is required too: whoever set it meant it.
        """
        return self.token is not None

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's ``Host`` header is one this server answers to.

        Beyond loopback the server may sit behind any name, so every host is accepted there.
        """
        if not self.is_loopback:
            return True
        if not host_header:
            return False
        name = host_header.strip().lower()
        if name.startswith("["):
            name = name[: name.find("]") + 1] if "]" in name else name
        elif name.count(":") == 1:
            name = name.rsplit(":", 1)[0]
        return name in LOOPBACK_NAMES
