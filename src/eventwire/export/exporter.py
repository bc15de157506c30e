"""Running an export: a store and a format in, a file (or stdout) out, written atomically.

:func:`export` streams the rows a format needs from the store (see :mod:`eventwire.export.rows`)
into the format's writer. A file is written to a temporary file beside the destination and
renamed over it only when the export has finished, so a failed or interrupted export leaves the
destination as it was (absent, or the previous file) and no half-written file behind. ``"-"``
writes to the given text stream (stdout) for the text formats; Parquet needs a file.

    FORMATS   gdelt  GDELT 2.0 Events TSV (one line per event)
              gkg    GDELT GKG 2.1 TSV (one line per article)
              plover PLOVER JSON lines (one per event that has a PLOVER type)
              csv    events joined with their article and story (header, RFC 4180)
              parquet  the same table, typed (needs pyarrow)
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import ExportError, StoreError
from eventwire.export.geo import GeoFacts
from eventwire.export.rows import DEFAULT_CHUNK, article_conditions, article_rows, event_rows
from eventwire.store import Store
from eventwire.store.engine import driver_reason
from eventwire.store.filters import EventFilter, event_conditions

__all__ = ["FORMATS", "TEXT_FORMATS", "ExportSummary", "atomic_path", "export"]

TEXT_FORMATS = ("gdelt", "gkg", "plover", "csv")
FORMATS = (*TEXT_FORMATS, "parquet")
STDOUT = "-"


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: ``rows`` lines/records, ``left_out`` events the format cannot hold."""

    format: str
    destination: str
    rows: int
    left_out: int = 0
    unit: str = "events"  # "articles" for the GKG


@contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """A temporary path beside ``destination`` that replaces it when the block ends without error.

    On an error the temporary file is removed and ``destination`` is untouched. The temporary
    file is in the same folder so the final rename is atomic (same file system).
    """
    folder = destination.parent
    if not folder.is_dir():
        raise ExportError(f"{destination}: folder {folder} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"{destination}: cannot write in {folder}: {exc.strerror or exc}") from exc
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _text_output(output: str | Path, stdout: TextIO | None, *, newline: str | None) -> Iterator[TextIO]:
    """A text stream for ``output``: the given stdout for ``-``, else an atomically replaced file."""
    if str(output) == STDOUT:
        yield stdout if stdout is not None else sys.stdout
        return
    with atomic_path(Path(output)) as temporary:
        handle: IO[str]
        with open(temporary, "w", encoding="utf-8", newline=newline) as handle:
            yield handle


def export(
    store: Store,
    fmt: str,
    output: str | Path,
    *,
    filters: EventFilter | None = None,
    header: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    facts: GeoFacts | None = None,
    stdout: TextIO | None = None,
) -> ExportSummary:
    """Export the store's events (or articles, for ``gkg``) in ``fmt`` to ``output``.

    ``output`` is a file path or ``"-"`` (``stdout``, default ``sys.stdout``; not for parquet).
    ``header`` adds a header line to the GDELT and GKG files, which have none by GDELT's format.
    Raises :class:`~eventwire.errors.ExportError` for an unknown format or unwritable destination,
    :class:`~eventwire.errors.QueryError` for bad filters, :class:`~eventwire.errors.StoreError`
    when the store cannot be read.
    """
    from eventwire.export import gdelt, gkg, plover, tabular

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and str(output) == STDOUT:
        raise ExportError("Parquet is a binary format and cannot go to stdout: give --output FILE")
    if fmt == "parquet":
        tabular.arrow_schema()  # fail on a missing pyarrow before touching the store
    filters = filters or EventFilter()
    # Check the filters (QueryError names a bad one) before a file is opened or a row read.
    if fmt == "gkg":
        article_conditions(filters)
    else:
        event_conditions(filters)
    facts = facts or GeoFacts()
    destination = str(output)
    try:
        with store.connect() as conn:
            if fmt == "gkg":
                articles = article_rows(conn, filters, chunk_size=chunk_size)
                with _text_output(output, stdout, newline="\n") as out:
                    n = gkg.write_gkg(articles, out, facts=facts, header=header)
                return ExportSummary(fmt, destination, n, unit="articles")
            events = event_rows(conn, filters, chunk_size=chunk_size)
            if fmt == "parquet":
                with atomic_path(Path(output)) as temporary:
                    n = tabular.write_parquet(events, temporary, batch_size=max(chunk_size, 1000))
                return ExportSummary(fmt, destination, n)
            left_out = 0
            with _text_output(output, stdout, newline="" if fmt == "csv" else "\n") as out:
                if fmt == "gdelt":
                    n = gdelt.write_gdelt(events, out, facts=facts, header=header)
                elif fmt == "plover":
                    n, left_out = plover.write_plover(events, out, facts=facts)
                else:
                    n = tabular.write_csv(events, out)
            return ExportSummary(fmt, destination, n, left_out=left_out)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"{store.display}: cannot read the store for the export: {driver_reason(exc)}"
        ) from exc
    except OSError as exc:
        raise ExportError(f"{destination}: cannot write the export: {exc.strerror or exc}") from exc
