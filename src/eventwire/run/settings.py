"""What an ingest run is told and what it tells: settings in; progress and a summary out.

Kept apart from the run itself (and light to import) so that the command line can build settings
and draw progress without importing the run's heavier modules.

Progress: the library reports, the caller draws (the CLI a tqdm bar on stderr).
:func:`count_articles` gives the caller a total, and so an ETA, when the inputs are files whose
articles can be counted without parsing them; otherwise the total is None, and a bar shows a
count and a rate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from eventwire.options import Options

# Articles per transaction. A batch is also what a worker codes at a time: 32 keeps spaCy's
# batching efficient (DESIGN.md: 32-64) while a kill loses at most one batch of work.
BATCH_SIZE = 32


@dataclass(frozen=True, kw_only=True)
class IngestSettings:
    """Settings of an ingest run.

    ``workers``: coding processes on this machine (1 codes in this process). ``scheduler``: the
    address of a dask.distributed scheduler (``tcp://host:port``) whose workers code instead;
    ``workers`` is then ignored. ``options`` are the coding options (date, KB and lexicon files,
    input format), as for ``eventwire code``.
    """

    batch_size: int = BATCH_SIZE
    workers: int = 1
    scheduler: str | None = None
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")


@dataclass
class IngestSummary:
    """What a run did. Every input read is counted once in ``stored``, ``skipped_known``,
    ``duplicates`` or ``failed``; ``events`` are those of the stored articles."""

    read: int = 0
    stored: int = 0
    skipped_known: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    pipelines_loaded: int = 0  # pipelines (spaCy models) the run had to load: 0 when nothing was new

    @property
    def accounted(self) -> int:
        """Inputs with a known fate; equals ``read`` at the end of a run."""
        return self.stored + self.skipped_known + self.duplicates + self.failed

    @property
    def rate(self) -> float:
        """Inputs gone through per second."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


# Counting JSON Lines reads the files once more; past this many bytes in all, a total is not
# worth a second pass over the corpus.
MAX_COUNT_BYTES = 2 * 1024**3
_CHUNK = 1024 * 1024
_ONE_PER_FILE = frozenset({"text", "html"})


class Progress(Protocol):
    """Receives the state of a run: once at the start, after every batch, once at the end."""

    def start(self, total: int | None) -> None:
        """The run begins; ``total`` is the number of inputs to go through, None when unknown."""
        ...

    def advance(self, done: int, summary: IngestSummary) -> None:
        """``done`` more inputs were accounted for (stored, skipped, duplicate or failed)."""
        ...

    def finish(self, summary: IngestSummary) -> None:
        """The run ended (also when it stopped on an error)."""
        ...


def count_articles(paths: Sequence[str], input_format: str = "auto") -> int | None:
    """How many articles ``paths`` hold, counted from file names and lines; None when it cannot
    be told cheaply: standard input, URLs, JSON arrays, WARC and SGML files (their articles are
    counted only by parsing them), or more JSON Lines than :data:`MAX_COUNT_BYTES`.

    Text and HTML files hold one article each, JSON Lines files one per non-blank line.
    """
    from eventwire.ingest.sources import extension_format  # the readers are heavy to import

    total = 0
    budget = MAX_COUNT_BYTES
    for name in paths:
        if name == "-" or "://" in name:
            return None
        path = Path(name)
        files: Iterator[Path]
        if path.is_dir():
            files = _files(path, input_format)
        elif path.is_file():
            files = iter([path])
        else:
            total += 1  # a missing path is one failed input
            continue
        for file in files:
            kind = input_format if input_format != "auto" else extension_format(file)
            if kind in _ONE_PER_FILE:
                total += 1
            elif kind == "jsonl":
                try:
                    size = file.stat().st_size
                except OSError:
                    total += 1
                    continue
                budget -= size
                if budget < 0:
                    return None
                total += max(1, _lines(file))
            else:
                return None
    return total


def _files(folder: Path, input_format: str) -> Iterator[Path]:
    """The files :func:`eventwire.ingest.iter_inputs` reads in ``folder``, in any order."""
    from eventwire.ingest.sources import extension_format

    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root) / name
            if input_format != "auto" or extension_format(path) is not None:
                yield path


def _lines(path: Path) -> int:
    """Non-blank lines of a file, read in binary chunks (JSON Lines articles are one a line)."""
    count = 0
    tail = b""
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                lines = (tail + chunk).split(b"\n")
                tail = lines.pop()
                count += sum(1 for line in lines if line.strip())
    except OSError:
        return 1
    return count + (1 if tail.strip() else 0)
