"""The HTTP API behind ``eventwire serve`` (FastAPI; OpenAPI at ``/docs``), with the web UI mounted.

    >>> from eventwire.api import ServeSettings, create_app
    >>> app = create_app(ServeSettings(db="eventwire.db"))   # an ASGI app; nothing opened yet

Names are imported on first use (PEP 562) so the command line can read the settings module
without importing FastAPI. See docs/serve.md for the routes, the pages and the security rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "ServeSettings": "eventwire.api.settings",
    "create_app": "eventwire.api.app",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'eventwire.api' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
