"""The web UI: server-rendered pages over the same queries as the API.

    /                      events explorer (filter form, pages of events, CSV/JSON links)
    /events/{id}           one event: who, what, whom, when, where, and the evidence
    /articles/{id}         an article with its actors, triggers and quotes marked, and its events
    /dyads, /dyads/{a}/{b} a pair of countries month by month, with top stories and quotes
    /network               countries joined by their events, cooperation green, conflict red
    /actors                actors across the store
    /code                  paste an article and see it coded

Templates autoescape everything; the only HTML not written by a template is the article view of
:func:`eventwire.render.article_html`, which escapes the text itself. No script or style comes
from elsewhere: the stylesheet and one small script are package data, so the UI works offline.
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from eventwire.api.app import ServerState, server_state
from eventwire.api.coding import check_day
from eventwire.api.guard import ApiError, check_same_origin, check_token
from eventwire.api.params import event_filter, query_pairs
from eventwire.api.settings import MAX_PAGE_SIZE
from eventwire.errors import InputError, QueryError
from eventwire.ingest.jsonl import article_from_record
from eventwire.render import CSS as ARTICLE_CSS
from eventwire.render import article_html
from eventwire.schema import article_from_dict
from eventwire.store import queries
from eventwire.store.filters import actor_match
from eventwire.web.charts import QUAD_NAMES, Month, goldstein_colour, timeline_chart
from eventwire.web.network import dyad_counts, network

router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(server_state)]
STATIC_FILES = {"style.css": "text/css", "app.js": "text/javascript"}
# The explorer shows fewer rows than the API's default page: a screenful reads better.
EXPLORER_PAGE = 50
SECURITY_HEADERS = {
    # Only our own stylesheet and script; the article view's <style> is inline, so styles allow it.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class Pages:
    """The Jinja environment and the lookups pages share; one per app, made on the first page."""

    @cached_property
    def env(self) -> Environment:
        env = Environment(
            loader=PackageLoader("eventwire.web", "templates"),
            autoescape=True,  # every template, .svg partials included
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(quad_names=QUAD_NAMES, goldstein_colour=goldstein_colour, qs=_qs)
        env.filters["safe_url"] = safe_url
        return env

    @cached_property
    def country_names(self) -> dict[str, str]:
        from eventwire.kb.loader import load_tables

        return {c.iso3: c.name for c in load_tables(people=False).countries}

    def cameo_name(self, code: str | None) -> str:
        """CAMEO's name of an event code ("" for an unknown code)."""
        from eventwire.extract.cameo import default_cameo  # read once per process, on first use

        table = default_cameo()
        return table.get(code).name if code and code in table else ""

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        state = server_state(request)
        html = self.env.get_template(name).render(
            request=request,
            path=request.url.path,
            token_required=state.settings.token_required,
            countries=self.country_names,
            cameo_name=self.cameo_name,
            **context,
        )
        return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def _pages(request: Request) -> Pages:
    pages = server_state(request).pages
    assert isinstance(pages, Pages)
    return pages


PagesDep = Annotated[Pages, Depends(_pages)]


def _qs(pairs: list[tuple[str, str]] | dict[str, Any]) -> str:
    """A query string from pairs (the template helper ``qs``)."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return urlencode([(k, v) for k, v in items if v not in (None, "")])


def safe_url(url: object) -> str:
    """``url`` when it is http(s), else "#": a stored ``javascript:`` URL must not become a link."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else "#"


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def render_error(request: Request, status: int, code: str, message: str) -> Response:
    """The HTML error page (the guard's renderer for the UI's paths)."""
    try:
        return _pages(request).render(
            request, "error.html", status, status=status, code=code, message=message
        )
    except Exception:  # the error page must not fail in turn (templates missing, state broken)
        return HTMLResponse(f"<h1>Error {status}</h1>", status_code=status)


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The UI's stylesheet and script, from the package (a fixed list: no path reaches the disk)."""
    if name not in STATIC_FILES:
        raise ApiError(404, "not_found", "no such file")
    data = resources.files("eventwire.web").joinpath("static", name).read_bytes()
    return Response(data, media_type=STATIC_FILES[name], headers={"Cache-Control": "max-age=3600"})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, pages: PagesDep) -> Response:
    """The API reference, rendered from the app's OpenAPI document (works offline)."""
    spec = request.app.openapi()
    routes = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": prm.get("name"),
                            "where": prm.get("in"),
                            "required": prm.get("required", False),
                            "description": prm.get("description", ""),
                        }
                        for prm in op.get("parameters", [])
                    ],
                    "bodies": sorted((op.get("requestBody") or {}).get("content", {})),
                }
            )
    return pages.render(request, "api_docs.html", spec=spec, routes=routes)


@router.get("/", response_class=HTMLResponse)
def explorer(request: Request, state: State, pages: PagesDep) -> Response:
    """The events explorer: the filter form, one page of events, links to the next page."""
    params = _params(request)
    try:
        filt = event_filter(params, default_limit=EXPLORER_PAGE, max_limit=MAX_PAGE_SIZE, strict=False)
        with state.connect() as conn:
            page = queries.select_events(conn, filt)
    except QueryError as exc:
        return pages.render(request, "events.html", 422, form=_form(params), page=None, error=exc.message)
    return pages.render(
        request,
        "events.html",
        form=_form(params),
        page=page,
        error=None,
        next_query=_qs(query_pairs(params, cursor=page.next)) if page.next else None,
        first_query=_qs(query_pairs(params, cursor=None)) if filt.cursor else None,
        api_query=_qs(query_pairs(params)),
    )


def _form(params: dict[str, list[str]]) -> dict[str, str]:
    return {k: ",".join(v) if k == "dyad" else v[-1] for k, v in params.items() if v}


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event_page(event_id: str, request: Request, state: State, pages: PagesDep) -> Response:
    """One event with its evidence and links to its article, story and dyad."""
    with state.connect() as conn:
        found = queries.get_event(conn, event_id[:200])
    if found is None:
        raise ApiError(404, "not_found", f"no event with the id {event_id[:80]!r}")
    return pages.render(request, "event.html", event=found)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, state: State, pages: PagesDep) -> Response:
    """An article with its marks and its events' explanations."""
    with state.connect() as conn:
        record = queries.get_article(conn, article_id[:200])
    if record is None:
        raise ApiError(404, "not_found", f"no article with the id {article_id[:80]!r}")
    article = article_from_dict(record, validate=False)
    return pages.render(
        request,
        "article.html",
        record=record,
        article_view=Markup(article_html(article, css=False)),
        article_css=Markup(ARTICLE_CSS),
    )


@router.get("/dyads", response_class=HTMLResponse)
def dyad_form(request: Request, pages: PagesDep, a: str | None = None, b: str | None = None) -> Response:
    """Pick two countries; with both given, go to their page."""
    if a and b:
        try:
            actor_match("a", a), actor_match("b", b)
        except QueryError as exc:
            return pages.render(request, "dyad_form.html", 422, a=a, b=b, error=exc.message)
        return RedirectResponse(f"/dyads/{a.strip().upper()}/{b.strip().upper()}", status_code=303)
    return pages.render(request, "dyad_form.html", a=a or "", b=b or "", error=None)


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dyad_page(
    a: str,
    b: str,
    request: Request,
    state: State,
    pages: PagesDep,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    """A dyad's month-by-month chart, its largest stories and its speakers' quotes."""
    since, until = since or None, until or None
    try:
        with state.connect() as conn:
            timeline = queries.dyad_timeline(conn, a, b, since=since, until=until, top=8)
    except QueryError as exc:
        return pages.render(request, "dyad_form.html", 422, a=a, b=b, error=exc.message)
    months = [Month(m.month, m.quad, m.goldstein) for m in timeline.months]
    return pages.render(
        request,
        "dyad.html",
        a=a.upper(),
        b=b.upper(),
        since=since or "",
        until=until or "",
        timeline=timeline,
        chart=timeline_chart(months),
        events_query=_qs({"dyad": f"{a.upper()},{b.upper()}", "since": since, "until": until}),
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    state: State,
    pages: PagesDep,
    since: str | None = None,
    until: str | None = None,
    quad: str | None = None,
    root: str | None = None,
) -> Response:
    """Countries as nodes, their events as edges coloured by mean Goldstein score."""
    form = {"since": since or "", "until": until or "", "quad": quad or "", "root": root or ""}
    try:
        filt = event_filter(_params(request), default_limit=1, max_limit=1, strict=False)
        with state.connect() as conn:
            dyads = dyad_counts(conn, filt)
    except QueryError as exc:
        return pages.render(request, "network.html", 422, form=form, net=None, error=exc.message)
    net = network(dyads, names=pages.country_names)
    return pages.render(request, "network.html", form=form, net=net, error=None)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, state: State, pages: PagesDep, country: str | None = None, name: str | None = None
) -> Response:
    """The most widely reported actors, filtered by country and name."""
    form = {"country": country or "", "name": name or ""}
    try:
        with state.connect() as conn:
            rows = queries.select_actors(conn, country=country or None, name=name or None, limit=100)
    except QueryError as exc:
        return pages.render(request, "actors.html", 422, form=form, rows=[], error=exc.message)
    return pages.render(request, "actors.html", form=form, rows=rows, error=None)


@router.get("/code", response_class=HTMLResponse)
def code_form(request: Request, pages: PagesDep) -> Response:
    """A form to paste an article into."""
    return pages.render(request, "code.html", form={}, record=None, article_view=None, error=None)


@router.post("/code", response_class=HTMLResponse)
async def code_submit(request: Request, state: State, pages: PagesDep) -> Response:
    """Code the pasted article and show it marked, with each event's explanation (nothing is stored)."""
    check_same_origin(request)
    form_data = await request.form()
    form = {k: str(v) for k, v in form_data.items() if isinstance(v, str)}
    check_token(state.settings, request, form_token=form.get("token"))
    form.pop("token", None)  # never echoed back into the page
    try:
        record_in = {
            "text": form.get("text", ""),
            "title": form.get("title") or None,
            "url": form.get("url") or None,
            "date": check_day(form.get("date"), "date"),
        }
        raw = article_from_record(record_in, "the pasted text")
        article = await state.coding.code_async(raw)
    except InputError as exc:
        return pages.render(
            request, "code.html", 422, form=form, record=None, article_view=None, error=exc.message
        )
    return pages.render(
        request,
        "code.html",
        form=form,
        record=article.to_dict(),
        article_view=Markup(article_html(article, css=False)),
        article_css=Markup(ARTICLE_CSS),
        error=None,
    )
