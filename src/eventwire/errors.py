"""eventwire's exceptions: one hierarchy, translated to exit codes and messages by the CLI.

    EventwireError
    ├── InputError            an input cannot be read or parsed (names the input and the reason)
    │   ├── UnsupportedFormat     the format of an input is unknown or not handled
    │   ├── EmptyInput            an input holds no article text
    │   ├── UnsupportedLanguage   the article is not in a language eventwire codes yet
    │   ├── FetchError            a URL cannot be fetched (network, HTTP status, robots.txt)
    │   ├── InputTooLarge         an input is larger than eventwire reads (memory stays bounded)
    │   └── CodingFailed          coding one article failed unexpectedly (a bug: the batch goes on)
    ├── DataFileError         a KB or lexicon file is malformed (names the file and the line)
    ├── ModelNotFound         no English spaCy model is installed
    ├── IncompatiblePipeline  a spaCy pipeline lacks what eventwire needs (a dependency parser, English)
    ├── DatasetError          an evaluation set is missing or malformed
    ├── StoreError            the database cannot be opened, migrated or written
    │   └── QueryError            a query filter is invalid (names the filter and the reason)
    ├── ExportError           an export format or destination cannot be written
    ├── ServeError            the HTTP server's settings are unsafe or invalid (e.g. no token off loopback)
    ├── InvalidRecord         a record does not follow the output schema (names the field and the rule)
    └── ClusterError          a dask cluster cannot be reached, or failed to code during a run

Each error has a number (``E0xx``) so users can search for it, and a message that says what went
wrong, why, and what to do about it.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # rebuilt from the constructor's own arguments: errors cross process boundaries with
        # spaCy's n_process (they travel as the context of a failed input)
        return (type(self), (self.message,))


class InputError(EventwireError):
    """An input (file, line, URL, stdin) cannot be turned into an article."""

    code = "E010"

    def __init__(self, name: str, reason: str) -> None:
        self.input_name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.input_name, self.reason))


class UnsupportedFormat(InputError):
    code = "E011"


class EmptyInput(InputError):
    code = "E012"


class UnsupportedLanguage(InputError):
    code = "E013"


class FetchError(InputError):
    code = "E014"


class InputTooLarge(InputError):
    code = "E015"


class CodingFailed(InputError):
    """Coding one article raised an unexpected error: a bug in eventwire, reported for that
    article alone so that the rest of the batch is still coded."""

    code = "E016"


class DataFileError(EventwireError):
    """A knowledge-base or lexicon file does not follow its format."""

    code = "E020"

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.path, self.line, self.reason))


class ModelNotFound(EventwireError):
    code = "E030"


class IncompatiblePipeline(EventwireError):
    """A spaCy pipeline handed to eventwire (``nlp.add_pipe("eventwire")``) cannot feed it: it
    has no dependency parser, or it is not English."""

    code = "E031"


class DatasetError(EventwireError):
    code = "E040"


class StoreError(EventwireError):
    """The store (SQLite or PostgreSQL) cannot be opened, migrated or written."""

    code = "E050"


class QueryError(StoreError):
    """A filter given to a query is invalid; the message names the filter and the reason."""

    code = "E051"


class ExportError(EventwireError):
    """An export cannot be written in the asked format or to the asked destination."""

    code = "E060"


class ServeError(EventwireError):
    """``eventwire serve`` was given settings it refuses: unsafe (no token beyond loopback) or invalid."""

    code = "E070"


class InvalidRecord(EventwireError):
    """A record does not follow the output schema (``eventwire schema``); the message names the
    field and the rule it breaks."""

    code = "E080"


class ClusterError(EventwireError):
    """The dask.distributed scheduler given with ``--scheduler`` cannot be reached or failed a run."""

    code = "E090"
