"""Query strings into :class:`~eventwire.store.filters.EventFilter`, and event pages into CSV.

The API and the web UI's explorer read the same parameters, so a page of the explorer and its
``/v1/events`` link always show the same events:

    source, target        ISO3 country (USA) or CAMEO actor code (USAGOV, IGO)
    dyad                  two of those, either direction: ``dyad=USA,IND`` or ``dyad=USA&dyad=IND``
    root, code, quad      CAMEO root (04), CAMEO code with its sub-codes (042), QuadClass 1-4
    since, until          YYYY, YYYY-MM or YYYY-MM-DD, inclusive
    q                     words that must all appear in the event's sentence
    actor                 part of an actor's name
    story, article        a story id, an article id
    negated               "true" to include negated events ("did not meet")
    limit, cursor         page size, and the ``next`` cursor of the previous page

Values are only checked for shape here (a number where a number goes); what they mean is checked
by :func:`~eventwire.store.filters.event_conditions`, which raises QueryError (HTTP 422).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from eventwire.errors import QueryError
from eventwire.store import schema
from eventwire.store.filters import EventFilter, check_filter, check_limit

# The names a query string may use; anything else is refused so a typo ("sorce=USA") is not
# silently ignored and the whole store returned.
EVENT_PARAMS = frozenset(
    {
        "source",
        "target",
        "dyad",
        "root",
        "code",
        "quad",
        "since",
        "until",
        "q",
        "actor",
        "story",
        "article",
        "negated",
        "limit",
        "cursor",
        "format",
    }
)
MAX_VALUE = 200  # no filter value is longer; longer ones are mistakes or attacks
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off", ""})

# Columns of the CSV export, in order: the event row, then its article's fields.
EXTRA_COLUMNS = ("article_url", "article_title", "article_source", "article_published")
CSV_COLUMNS = tuple(schema.events.c.keys()) + EXTRA_COLUMNS


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in params.get(name, ()) if v.strip()]
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"{name}: given {len(values)} times; give it once")
    value = values[0].strip()
    if len(value) > MAX_VALUE:
        raise QueryError(f"{name}: the value is {len(value)} characters long; the limit is {MAX_VALUE}")
    return value


def _flag(params: Mapping[str, Sequence[str]], name: str) -> bool:
    value = (_one(params, name) or "").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise QueryError(f"{name}: {value!r} is not true or false")


def dyad_of(values: Iterable[str]) -> tuple[str, str] | None:
    """``["USA,IND"]`` or ``["USA", "IND"]`` -> ``("USA", "IND")``; QueryError for any other count."""
    parts = [p.strip() for v in values for p in v.split(",") if p.strip()]
    if not parts:
        return None
    if len(parts) != 2:
        raise QueryError(f"dyad: give two countries or actor codes (dyad=USA,IND), not {len(parts)}")
    return parts[0], parts[1]


def event_filter(
    params: Mapping[str, Sequence[str]], *, default_limit: int, max_limit: int, strict: bool = True
) -> EventFilter:
    """The filter a query string asks for (``params``: name -> all its values).

    ``strict`` refuses unknown parameter names (the API); the web form passes its own extras.
    """
    if strict:
        unknown = sorted(set(params) - EVENT_PARAMS)
        if unknown:
            raise QueryError(
                f"{unknown[0]}: not a filter of events; the filters are {', '.join(sorted(EVENT_PARAMS))}"
            )
    limit_text = _one(params, "limit")
    if limit_text is None:
        limit = default_limit
    elif limit_text.isdigit():
        limit = check_limit(int(limit_text), maximum=max_limit)
    else:
        raise QueryError(f"limit: {limit_text!r} is not a page size: give a whole number 1-{max_limit}")
    filt = EventFilter(
        source=_one(params, "source"),
        target=_one(params, "target"),
        dyad=dyad_of(params.get("dyad", ())),
        root=_one(params, "root"),
        code=_one(params, "code"),
        quad=_quad(_one(params, "quad")),
        since=_one(params, "since"),
        until=_one(params, "until"),
        text=_one(params, "q"),
        actor=_one(params, "actor"),
        story=_story(_one(params, "story")),
        article=_one(params, "article"),
        include_negated=_flag(params, "negated"),
        limit=limit,
        cursor=_one(params, "cursor"),
    )
    check_filter(filt)
    return filt


def _quad(value: str | None) -> int | None:
    if value is None:
        return None
    if value not in ("1", "2", "3", "4"):
        raise QueryError(f"quad: {value!r} is not a QuadClass: give 1, 2, 3 or 4")
    return int(value)


def _story(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 18:
        raise QueryError(f"story: {value!r} is not a story id: give a whole number")
    return int(value)


def query_pairs(params: Mapping[str, Sequence[str]], **changes: str | None) -> list[tuple[str, str]]:
    """The query string's pairs with ``changes`` applied (None removes), for links to other pages."""
    out = [(k, v) for k, values in params.items() if k not in changes for v in values if v != ""]
    out += [(k, v) for k, v in changes.items() if v is not None]
    return out


def events_csv(items: Iterable[Mapping[str, Any]]) -> str:
    """A CSV table of event rows (:data:`CSV_COLUMNS`), header first; booleans as true/false."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([_cell(item.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _numeric(value):
        # a sentence starting with "=" would run as a formula in a spreadsheet (CSV injection)
        return "'" + value
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
