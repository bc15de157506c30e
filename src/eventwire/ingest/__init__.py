"""Readers: inputs (text, HTML, JSON Lines, files, folders, standard input) -> RawArticle.

    >>> from eventwire.ingest import iter_inputs
    >>> for item in iter_inputs(["samples/"]):          # doctest: +SKIP
    ...     print(item.title if isinstance(item, RawArticle) else item)

Readers never raise for a bad input while iterating: they yield an
:class:`~eventwire.errors.InputError` naming it and go on.
"""

from eventwire.ingest.document import RawArticle, Section
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_json, read_jsonl
from eventwire.ingest.sources import iter_inputs, read_path
from eventwire.ingest.text import read_text

__all__ = [
    "RawArticle",
    "Section",
    "iter_inputs",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_path",
    "read_text",
]
