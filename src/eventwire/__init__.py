"""eventwire: news in, political event data out.

    >>> import eventwire
    >>> article = eventwire.code("Kenya's president met Tanzanian officials in Nairobi.", date="2024-03-04")
    >>> [(e.cameo, e.source.code, e.target.code) for e in article.events]      # doctest: +SKIP
    [('040', 'KENGOV', 'TZAGOV')]

Importing eventwire is cheap: spaCy, the model and the knowledge base load on the first call that
needs them (``Pipeline`` and ``Failure`` are imported on first access for that reason).
Everything public is listed in ``__all__``; the modules behind it are free to move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventwire.coding import code, code_many
from eventwire.errors import (
    ClusterError,
    CodingFailed,
    DataFileError,
    DatasetError,
    EmptyInput,
    EventwireError,
    ExportError,
    FetchError,
    IncompatiblePipeline,
    InputError,
    InputTooLarge,
    InvalidRecord,
    ModelNotFound,
    QueryError,
    ServeError,
    StoreError,
    UnsupportedFormat,
    UnsupportedLanguage,
)
from eventwire.options import Options
from eventwire.records import (
    SCHEMA,
    Actor,
    Article,
    Event,
    Evidence,
    Place,
    Plover,
    Quote,
    Side,
    TimeExpression,
)

if TYPE_CHECKING:
    from eventwire.pipeline import Failure, Pipeline
    from eventwire.store.corpus import open_store as open

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Actor",
    "Article",
    "ClusterError",
    "CodingFailed",
    "DataFileError",
    "DatasetError",
    "EmptyInput",
    "Event",
    "EventwireError",
    "Evidence",
    "ExportError",
    "Failure",
    "FetchError",
    "IncompatiblePipeline",
    "InputError",
    "InputTooLarge",
    "InvalidRecord",
    "ModelNotFound",
    "Options",
    "Pipeline",
    "Place",
    "Plover",
    "QueryError",
    "Quote",
    "ServeError",
    "Side",
    "StoreError",
    "TimeExpression",
    "UnsupportedFormat",
    "UnsupportedLanguage",
    "__version__",
    "code",
    "code_many",
    "open",
]

# Names whose modules import spaCy: loaded on first access (PEP 562), not by `import eventwire`.
# `open` (eventwire.open("eventwire.db").events(dyad=("USA", "IND")).to_pandas()) imports SQLAlchemy.
_LAZY = {
    "Pipeline": ("eventwire.pipeline", "Pipeline"),
    "Failure": ("eventwire.pipeline", "Failure"),
    "open": ("eventwire.store.corpus", "open_store"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
