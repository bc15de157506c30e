"""JSON Lines (and JSON) input: DESIGN.md's input contract.

One JSON object per line::

    {"text": "...", "id": "a1", "title": "...", "date": "2023-11-10", "url": "...", "source": "DW"}

``text`` is required; the others are optional (null counts as absent). ``date`` is the publication
date, ``YYYY-MM-DD``; an ISO timestamp ("2023-11-10T08:30:00Z") is accepted and cut to its date.
A bad line becomes an :class:`~eventwire.errors.InputError` naming ``path:line`` and the reason,
and the lines after it are read on.

The text is read as the article body: no headline is looked for (the title is its own field, and
a first line repeating it is dropped), but the clean-up of plain text runs on it — a dateline at
the start, sub-headings on lines of their own, credit lines at the end. These rules only take
whole lines of a fixed shape, so they are safe on text that has none; pass ``clean=False`` to keep
the text verbatim (evaluation sets whose offsets point into the given text need that).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from eventwire.errors import EmptyInput, InputError
from eventwire.ingest.document import RawArticle
from eventwire.ingest.text import read_text

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_STRING_FIELDS = ("title", "url", "source")
# JSON may escape a lone UTF-16 surrogate ("\ud800"); json.loads gives it back as a str that no
# codec encodes, so spaCy, the store and every writer would fail on the article. It stands for no
# character: it becomes U+FFFD, as an undecodable byte of a file does.
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(
    lines: Iterable[str],
    origin: str,
    *,
    published: str | None = None,
    clean: bool = True,
) -> Iterator[RawArticle | InputError]:
    """Yield one article per non-blank line of ``lines``, or an InputError for a line that breaks
    the contract. ``origin`` names the file; items are named ``origin:line``.

    ``published`` (``--date``) applies to lines without a ``date``. Blank lines are skipped; a
    file with no line at all yields one :class:`~eventwire.errors.EmptyInput`.
    """
    seen = 0
    for number, line in enumerate(lines, 1):
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        seen += 1
        name = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(
                name, f"not valid JSON ({e.msg}, column {e.colno}); each line must be one JSON object"
            )
            continue
        except (ValueError, RecursionError) as e:
            yield InputError(name, f"not valid JSON ({e})")
            continue
        try:
            yield article_from_record(record, name, published=published, clean=clean)
        except InputError as e:
            yield e
    if not seen:
        yield EmptyInput(origin, "it holds no JSON lines")


def read_json(
    content: str,
    origin: str,
    *,
    published: str | None = None,
    clean: bool = True,
) -> Iterator[RawArticle | InputError]:
    """Read a ``.json`` file: one object, or a list of objects, each following the JSONL contract.

    Items of a list are named ``origin[i]`` (counting from 0) in errors.
    """
    try:
        data = json.loads(content.lstrip("\ufeff"))
    except json.JSONDecodeError as e:
        yield InputError(origin, f"not valid JSON ({e.msg}, line {e.lineno}, column {e.colno})")
        return
    except (ValueError, RecursionError) as e:
        yield InputError(origin, f"not valid JSON ({e})")
        return
    if isinstance(data, dict):
        items: list[tuple[str, Any]] = [(origin, data)]
    elif isinstance(data, list):
        items = [(f"{origin}[{i}]", item) for i, item in enumerate(data)]
        if not items:
            yield EmptyInput(origin, "it holds an empty list")
            return
    else:
        yield InputError(origin, f"a JSON input must be an object or a list of objects, not {_kind(data)}")
        return
    for name, record in items:
        try:
            yield article_from_record(record, name, published=published, clean=clean)
        except InputError as e:
            yield e


def article_from_record(
    record: object,
    name: str,
    *,
    published: str | None = None,
    clean: bool = True,
) -> RawArticle:
    """Turn one decoded JSON object into an article; raise InputError naming ``name`` if it is bad.

    The record's own ``date`` wins over ``published``, which wins over a dateline in the text.
    """
    if not isinstance(record, dict):
        raise InputError(name, f'expected a JSON object with a "text" field, found {_kind(record)}')
    if "text" not in record or record["text"] is None:
        raise InputError(name, 'no "text" field: every record needs the article text')
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(name, f'"text" must be a string, found {_kind(text)}')
    if not text.strip():
        raise EmptyInput(name, '"text" is empty')
    text = _SURROGATE.sub("\ufffd", text)
    fields: dict[str, str | None] = {}
    for key in _STRING_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(name, f'"{key}" must be a string, found {_kind(value)}')
        fields[key] = (_SURROGATE.sub("\ufffd", value).strip() or None) if isinstance(value, str) else None
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise InputError(name, f'"id" must be a string or an integer, found {_kind(raw_id)}')
    if isinstance(raw_id, str):
        raw_id = _SURROGATE.sub("\ufffd", raw_id)
    record_date = _check_date(record.get("date"), name)
    when = record_date or published
    if clean:
        article = read_text(text, name, published=when, title=fields["title"], detect_headline=False)
    else:
        article = RawArticle(text=text, origin=name, title=fields["title"], published=when)
    article.id = str(raw_id) if raw_id is not None else None
    article.url = fields["url"]
    article.source = fields["source"]
    return article


def _check_date(value: object, name: str) -> str | None:
    """The record's ``date`` as YYYY-MM-DD, None when absent; InputError when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        m = _DATE.fullmatch(value.strip())
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                pass
    raise InputError(name, f'"date" must be a date as YYYY-MM-DD, found {json.dumps(value)[:40]}')


def _kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
