"""``eventwire.code`` and ``eventwire.code_many``: the library in one call, for notebooks and scripts.

Both run on a default :class:`~eventwire.pipeline.Pipeline` made once per process (per number of
worker processes) by :func:`default_pipeline`, so the model and the tables load on the first call
only. For other settings (extra KB files, no people table) build a ``Pipeline(Options(...))`` and
call its methods: these functions take no options on purpose.

Nothing here imports spaCy at import time: ``import eventwire`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eventwire.errors import EmptyInput, InputError
from eventwire.options import Options

if TYPE_CHECKING:
    from eventwire.ingest.document import RawArticle
    from eventwire.pipeline import Failure, Pipeline
    from eventwire.records import Article

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def default_pipeline(workers: int = 1) -> Pipeline:
    """The pipeline ``code`` and ``code_many`` use: default :class:`~eventwire.options.Options`,
    parsing with ``workers`` processes. One per value of ``workers`` for the life of the process
    (in practice one or two), made on first use."""
    # lru_cache keys f() and f(1) apart: always pass the number, so that both reach one pipeline
    return _pipeline(workers)


# Each pipeline holds a model (about 100 MB once loaded): a few worker counts at most are kept.
@lru_cache(maxsize=4)
def _pipeline(workers: int) -> Pipeline:
    from eventwire.pipeline import Pipeline

    return Pipeline(Options(n_process=workers))


def code(
    text: str,
    *,
    date: str | dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Article:
    """Code one article body and return its :class:`~eventwire.records.Article`.

    ``date`` is the publication date (``YYYY-MM-DD`` or a ``datetime.date``): it resolves "on
    Friday" and dates the events. The text is coded as given, so every offset of the record
    points into ``text``. Raises :class:`~eventwire.errors.InputError` (or a subclass: empty or
    non-English text) when the text cannot be coded.
    """
    if not isinstance(text, str):
        raise TypeError(f"eventwire.code takes the article text as a string, not {type(text).__name__}")
    if not text.strip():
        raise EmptyInput("text", "the article text is empty")
    return default_pipeline().code_text(text, date=publication_day(date), title=title, url=url)


def code_many(
    items: Iterable[str | Mapping[str, Any]],
    *,
    workers: int = 1,
    date: str | dt.date | None = None,
) -> Iterator[Article | Failure]:
    """Code many articles, streaming: one result per item, in input order.

    Each item is an article text (coded as given, like :func:`code`) or a dict following the
    JSON Lines input contract: ``{"text", "title"?, "date"?, "url"?, "id"?, "source"?}``, read
    exactly as ``eventwire code --input-format jsonl`` reads a line (a dateline or credit line in
    the text is taken out of the body). ``date`` is the publication date of items that carry none.

    An item that cannot be coded (empty, not a string or dict, no ``"text"``, a bad ``"date"``,
    not English) does not stop the stream: a :class:`~eventwire.pipeline.Failure` comes out in
    its place, with ``origin`` naming the item (``"items[3]"``) and ``error`` saying why. So
    results line up with the inputs; keep the articles with
    ``isinstance(result, eventwire.Article)``. Broken configuration (a malformed KB file) still
    raises, once.

    ``workers > 1`` parses in that many processes (spaCy's ``n_process``); the first such call
    loads a second copy of the pipeline in this process. Items are read lazily, so a generator
    over a large corpus is never held in memory.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of processes, 1 or more; found {workers!r}")
    if isinstance(items, str | Mapping):
        # a lone article would be iterated character by character (or key by key)
        raise TypeError("code_many takes an iterable of articles; for one article call eventwire.code")
    # checked here, not in a generator, so that a wrong argument fails at the call
    published = publication_day(date)
    return default_pipeline(workers).code_stream(_raw_items(items, published))


def _raw_items(
    items: Iterable[str | Mapping[str, Any]], published: str | None
) -> Iterator[RawArticle | InputError]:
    """The items as the pipeline's input: raw articles, or the error that stops one."""
    from eventwire.ingest.document import RawArticle
    from eventwire.ingest.jsonl import article_from_record

    for i, item in enumerate(items):
        name = f"items[{i}]"
        if isinstance(item, str):
            if not item.strip():
                yield EmptyInput(name, "the article text is empty")
            else:
                yield RawArticle(text=item, origin=name, published=published)
        elif isinstance(item, Mapping):
            record = dict(item)
            if isinstance(record.get("date"), dt.date):  # the JSON contract has strings only
                record["date"] = publication_day(record["date"])
            try:
                yield article_from_record(record, name, published=published)
            except InputError as exc:
                yield exc
        else:
            yield InputError(
                name, f'expected an article text or a dict with a "text" field, found {type(item).__name__}'
            )


def publication_day(value: str | dt.date | None) -> str | None:
    """A publication date given as ``YYYY-MM-DD`` or a ``datetime.date``, as ``YYYY-MM-DD``;
    :class:`~eventwire.errors.InputError` naming ``date`` when it is not one."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InputError("date", f"the publication date must be YYYY-MM-DD or a datetime.date, found {value!r}")
