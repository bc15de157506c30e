"""The JSON API: `/health` and `/v1/...` over the store's queries and the coding pipeline.

Read routes are plain functions, which FastAPI runs in its thread pool: the store's queries are
blocking SQLAlchemy calls and must not stall the event loop. `POST /v1/code` is async only to
read the body; reading, coding and storing run in the thread pool as well.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from eventwire import __version__
from eventwire.api.app import ServerState, server_state
from eventwire.api.coding import Hints, raw_article, store_coded
from eventwire.api.guard import ApiError, check_token
from eventwire.api.params import event_filter, events_csv
from eventwire.api.settings import MAX_PAGE_SIZE
from eventwire.errors import QueryError
from eventwire.store import queries

router = APIRouter()
State = Annotated[ServerState, Depends(server_state)]
MAX_ID = 200  # longer than any stored id (article ids are at most 64 characters)

Opt = Annotated[str | None, Query()]


class CodeRequest(BaseModel):
    """An article to code (the JSONL input contract)."""

    text: str = Field(description="The article's body text.")
    title: str | None = None
    date: str | None = Field(None, description="Publication date, YYYY-MM-DD; resolves 'on Friday'.")
    url: str | None = None
    source: str | None = Field(None, description="The outlet ('Reuters').")
    id: str | None = Field(None, description="An id to keep; by default one is made from the text.")


CODE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CodeRequest.model_json_schema()},
            "text/html": {"schema": {"type": "string", "description": "A web page holding the article."}},
            "text/plain": {"schema": {"type": "string", "description": "An article as a text file."}},
        },
    }
}


class FastJSON(JSONResponse):
    """JSON by `json.dumps` straight from the rows.

    FastAPI's default path runs every value through `jsonable_encoder`, which took 38 ms for one
    page of 100 events here (the query itself 7 ms); the rows hold only JSON types already, and
    the few a driver may add (PostgreSQL's Decimal, dates) are converted by `_plain`.
    """

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_plain).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def _wants_csv(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt is not None:
        if fmt not in ("json", "csv"):
            raise QueryError(f"format: {fmt!r} is not a format of events: give json or csv")
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def _checked_id(value: str, what: str) -> str:
    if not value or len(value) > MAX_ID or any(ord(ch) < 32 for ch in value):
        raise ApiError(404, "not_found", f"no {what} with this id")
    return value


@router.get("/health", tags=["server"])
def health(state: State) -> Response:
    """Whether the server can read its store; also says if the coding model is loaded yet."""
    with state.connect() as conn:
        conn.execute(text("SELECT 1"))
    return FastJSON({"status": "ok", "version": __version__, "model_loaded": state.coding.loaded})


@router.post("/v1/code", tags=["coding"], openapi_extra=CODE_BODY, status_code=200)
async def code(
    request: Request,
    state: State,
    store: Annotated[bool, Query(description="Also write the record to the store.")] = False,
    title: Annotated[str | None, Query(description="Title (text/plain bodies).")] = None,
    date: Annotated[str | None, Query(description="Publication date YYYY-MM-DD (HTML and text).")] = None,
    url: Annotated[str | None, Query(description="The page's URL (HTML and text).")] = None,
) -> Response:
    """Code one article and answer its record (the `eventwire code` output contract).

    Send JSON `{"text", "title"?, "date"?, "url"?}`, an HTML page (`Content-Type: text/html`)
    or a text file (`text/plain`). With `?store=true` the record is also stored (201, with a
    `Location`); a copy of a stored article is kept as its duplicate (200). Beyond loopback the
    server's token is required.
    """
    check_token(state.settings, request)
    body = await request.body()
    hints = Hints(title=title, date=date, url=url)
    raw = await run_in_threadpool(raw_article, body, request.headers.get("content-type"), hints)
    article = await state.coding.code_async(raw)
    record = article.to_dict()
    if not store:
        return FastJSON(record)
    await run_in_threadpool(state.open)
    outcome = await run_in_threadpool(store_coded, state, raw, record)
    headers = {"Location": f"/v1/articles/{outcome.article_id}", "X-Eventwire-Stored": outcome.kind}
    return FastJSON(record, status_code=201 if outcome.kind == "stored" else 200, headers=headers)


@router.get("/v1/events", tags=["events"], response_model=None)
def list_events(
    request: Request,
    state: State,
    source: Opt = None,
    target: Opt = None,
    dyad: Annotated[list[str] | None, Query(description="Two countries, either direction: USA,IND")] = None,
    root: Opt = None,
    code: Opt = None,
    quad: Opt = None,
    since: Opt = None,
    until: Opt = None,
    q: Annotated[str | None, Query(description="Words that must all be in the event's sentence.")] = None,
    actor: Opt = None,
    story: Opt = None,
    article: Opt = None,
    negated: Opt = None,
    limit: Opt = None,
    cursor: Opt = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
) -> Response:
    """Events matching the filters, newest first: `{"items": [...], "next": cursor|null}`.

    Pass `next` back as `cursor` for the following page. `format=csv` (or
    `Accept: text/csv`) answers CSV, with the next cursor in the `X-Next-Cursor` header.
    """
    filt = event_filter(_params(request), default_limit=state.settings.page_size, max_limit=MAX_PAGE_SIZE)
    with state.connect() as conn:
        page = queries.select_events(conn, filt)
    if _wants_csv(request):
        headers = {"X-Next-Cursor": page.next} if page.next else {}
        return Response(events_csv(page.items), media_type="text/csv; charset=utf-8", headers=headers)
    return FastJSON(page.to_dict())


@router.get("/v1/events/{event_id:path}", tags=["events"])
def get_event(event_id: str, state: State) -> Response:
    """One event with its evidence (sentence, rule, explanation), article and story."""
    with state.connect() as conn:
        found = queries.get_event(conn, _checked_id(event_id, "event"))
    if found is None:
        raise ApiError(404, "not_found", "no event with this id")
    return FastJSON(found)


@router.get("/v1/actors", tags=["actors"])
def list_actors(
    state: State,
    country: Annotated[str | None, Query(description="ISO3 country or CAMEO actor code prefix.")] = None,
    name: Annotated[str | None, Query(description="Part of the actor's name.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
) -> Response:
    """Actors across articles, most widely reported first, with their event counts."""
    with state.connect() as conn:
        return FastJSON({"items": queries.select_actors(conn, country=country, name=name, limit=limit)})


@router.get("/v1/stories", tags=["stories"])
def list_stories(
    request: Request,
    state: State,
    source: Opt = None,
    target: Opt = None,
    dyad: Annotated[list[str] | None, Query()] = None,
    root: Opt = None,
    code: Opt = None,
    quad: Opt = None,
    since: Opt = None,
    until: Opt = None,
    story: Opt = None,
    limit: Opt = None,
    cursor: Opt = None,
    order: Annotated[Literal["recent", "size"], Query()] = "recent",
) -> Response:
    """Stories (one happening reported by several articles), newest or largest first."""
    params = {k: v for k, v in _params(request).items() if k != "order"}
    filt = event_filter(params, default_limit=state.settings.page_size, max_limit=MAX_PAGE_SIZE)
    with state.connect() as conn:
        return FastJSON(queries.select_stories(conn, filt, order=order).to_dict())


@router.get("/v1/articles/{article_id:path}", tags=["articles"])
def get_article(article_id: str, state: State) -> Response:
    """The stored record of one article."""
    with state.connect() as conn:
        found = queries.get_article(conn, _checked_id(article_id, "article"))
    if found is None:
        raise ApiError(404, "not_found", "no article with this id")
    return FastJSON(found)


@router.get("/v1/dyads/{a}/{b}/timeline", tags=["events"])
def dyad_timeline(
    a: str,
    b: str,
    state: State,
    since: Opt = None,
    until: Opt = None,
    top: Annotated[int, Query(ge=1, le=100, description="How many stories and quotes.")] = 5,
) -> Response:
    """Events between `a` and `b` (either direction) month by month, by QuadClass with the
    mean Goldstein score, plus the dyad's largest stories and recent quotes of its speakers."""
    with state.connect() as conn:
        return FastJSON(queries.dyad_timeline(conn, a, b, since=since, until=until, top=top).to_dict())


@router.get("/v1/stats", tags=["server"])
def store_stats(state: State) -> Response:
    """Counts of articles, events, stories, actors, quotes, failures and the span of event dates."""
    with state.connect() as conn:
        return FastJSON(queries.stats(conn))
