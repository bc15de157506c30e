"""Events as a table: CSV (RFC 4180, with a header) and Parquet (typed columns, via pyarrow).

One row per event: the ``events`` columns, the article's URL, title, outlet and date, and the
story's counts (1/1/1 for an event no story holds). Both formats share :data:`COLUMNS`, so a CSV
and a Parquet file of the same store have the same columns in the same order.

Parquet needs pyarrow (``pip install 'eventwire[parquet]'``); without it :func:`write_parquet`
raises :class:`~eventwire.errors.ExportError` saying so. Rows are written one row group per
``batch_size`` events, so memory holds one batch, never the export.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ExportError

__all__ = ["COLUMNS", "table_row", "write_csv", "write_parquet"]

# (column, type): type is one of string, int, float, bool — mapped to Arrow types for Parquet.
# fmt: off
COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"), ("article_id", "string"), ("story_id", "int"),
    ("date", "string"), ("day", "int"), ("month", "int"),
    ("sentence", "int"), ("start", "int"), ("end", "int"), ("trigger", "string"),
    ("cameo", "string"), ("root", "string"), ("quad_class", "int"), ("goldstein", "float"),
    ("plover_type", "string"), ("plover_mode", "string"),
    ("source_actor", "string"), ("source_name", "string"), ("source_actor_name", "string"),
    ("source_code", "string"), ("source_country", "string"), ("source_sector", "string"),
    ("target_actor", "string"), ("target_name", "string"), ("target_actor_name", "string"),
    ("target_code", "string"), ("target_country", "string"), ("target_sector", "string"),
    ("location_name", "string"), ("location_country", "string"), ("location_kind", "string"),
    ("lat", "float"), ("lon", "float"), ("geonameid", "int"),
    ("negated", "bool"), ("modality", "string"), ("historical", "bool"),
    ("confidence", "float"), ("tone", "float"), ("sentence_text", "string"), ("rule", "string"),
    ("article_url", "string"), ("article_title", "string"), ("article_source", "string"),
    ("article_published", "string"),
    ("num_mentions", "int"), ("num_articles", "int"), ("num_sources", "int"),
)
# fmt: on
NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)

# Where a column's value comes from when it is not the row's column of the same name.
_FROM = {"event_id": "id", "source_sector": "source_actor_sector", "target_sector": "target_actor_sector"}
_STORY = {"num_mentions": "story_mentions", "num_articles": "story_articles", "num_sources": "story_sources"}
_CASTS: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "bool": bool, "string": str}
# (column, row key, cast) for the columns read straight from the row, resolved once.
_PLAIN = tuple((name, _FROM.get(name, name), _CASTS[kind]) for name, kind in COLUMNS if name not in _STORY)


def table_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One event row as the table's typed values (None where unknown), in :data:`COLUMNS` order."""
    out: dict[str, Any] = {}
    for name, key, cast in _PLAIN:
        value = row.get(key)
        out[name] = None if value is None else cast(value)
    in_story = row.get("story_mentions") is not None
    for name, key in _STORY.items():
        out[name] = int(row[key]) if in_story else 1
    return {name: out[name] for name in NAMES}


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write the events as CSV with a header; return how many rows were written.

    ``out`` should be opened with ``newline=""`` (the csv module writes RFC 4180 CRLF line ends
    and quotes fields holding commas, quotes or line breaks). Booleans are ``true``/``false``,
    unknown values empty.
    """
    writer = csv.writer(out)
    writer.writerow(NAMES)
    n = 0
    for row in rows:
        values = table_row(row)
        writer.writerow(
            [
                "" if v is None else ("true" if v else "false") if isinstance(v, bool) else v
                for v in values.values()
            ]
        )
        n += 1
    return n


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(table_row(row))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def arrow_schema() -> Any:
    """The Parquet schema of :data:`COLUMNS` (needs pyarrow)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS])


def write_parquet(rows: Iterable[Mapping[str, Any]], path: Path, *, batch_size: int = 10_000) -> int:
    """Write the events to a Parquet file at ``path``, one row group per batch; return the row count."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in _batches(rows, batch_size):
            columns = {name: [r[name] for r in batch] for name in NAMES}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            n += len(batch)
    return n


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ExportError(
            "Parquet export needs pyarrow, which is not installed: pip install 'eventwire[parquet]'"
        ) from exc
    return pyarrow
