"""An article record as HTML: the text with its actors, event triggers and quotes marked (in the
manner of displaCy), then a table of its events.

    >>> from eventwire.render import article_html
    >>> html = article_html(article)            # doctest: +SKIP

Jupyter shows an :class:`~eventwire.records.Article` this way (``Article._repr_html_``), and the
web UI's article page reuses :func:`article_html`. Every piece of text is HTML-escaped. Marks may
overlap (an actor inside a quote, a quote that starts inside a name): they are nested, and a mark
that crosses the end of another is split into pieces, so the tags always balance; the label goes
on its last piece. The look is in :data:`CSS` and hangs on class names only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventwire.records import Article, Event, Side

# The styling, by class: the web UI includes this string in its page as it is. Colours are
# pastel backgrounds (readable in light and dark notebook themes) and differ by what is marked.
CSS = """
.ew-article { font-family: system-ui, sans-serif; line-height: 2.2; max-width: 60em; }
.ew-title { font-size: 1.2em; font-weight: 600; margin: 0 0 .2em; line-height: 1.4; }
.ew-meta { color: #666; font-size: .85em; margin: 0 0 .6em; line-height: 1.4; }
.ew-text { white-space: pre-wrap; }
.ew-mark { padding: .1em .3em; margin: 0 .1em; border-radius: .35em; color: #111; }
.ew-actor { background: #bfe1ff; }
.ew-actor.ew-country { background: #c8f0c8; }
.ew-actor.ew-organization { background: #ffe4b3; }
.ew-actor.ew-group { background: #e8d5ff; }
.ew-trigger { background: #ffb3b3; font-weight: 600; }
.ew-quote { background: #f4f4d0; }
.ew-label { font-size: .65em; font-weight: 700; text-transform: uppercase; margin-left: .4em;
  vertical-align: middle; color: #333; }
.ew-events { border-collapse: collapse; margin-top: 1em; font-size: .85em; line-height: 1.4; }
.ew-events th, .ew-events td { border-bottom: 1px solid #ddd; padding: .25em .5em; text-align: left;
  vertical-align: top; }
.ew-cameo { font-family: ui-monospace, monospace; font-weight: 700; }
.ew-flag { font-size: .8em; color: #a33; margin-left: .3em; }
.ew-muted { color: #888; }
""".strip()

EVENT_COLUMNS = ("source", "event", "target", "date", "location", "explanation")


@dataclass(frozen=True)
class Mark:
    """A span of the text to highlight. ``classes`` go on the ``<mark>`` (after ``ew-mark``)."""

    start: int
    end: int
    classes: str
    label: str
    title: str = ""


def article_html(article: Article, *, css: bool = True) -> str:
    """The article as one HTML fragment: title, marked text, and the table of events.

    ``css=False`` leaves out the ``<style>`` element, for a page that includes :data:`CSS` once.
    """
    parts = [f"<style>{CSS}</style>"] if css else []
    parts.append('<div class="ew-article">')
    if article.title:
        parts.append(f'<div class="ew-title">{escape(article.title)}</div>')
    meta = [m for m in (article.published, article.source, article.url) if m]
    if meta:
        parts.append(f'<div class="ew-meta">{" · ".join(escape(m) for m in meta)}</div>')
    parts.append(f'<div class="ew-text">{highlight(article.text, article_marks(article))}</div>')
    parts.append(events_table(article))
    parts.append("</div>")
    return "".join(parts)


def article_marks(article: Article) -> list[Mark]:
    """Marks for every actor mention, event trigger and quote of the article."""
    marks: list[Mark] = []
    for quote in article.quotes:
        speaker = (quote.speaker or {}).get("name")
        marks.append(
            Mark(*quote.span, "ew-quote", f"quote: {speaker}" if speaker else "quote", f"{quote.kind} quote")
        )
    for actor in article.actors:
        label = actor.code or actor.kind
        title = actor.name + (f", {actor.title}" if actor.title else "") + f" ({actor.id})"
        for start, end in actor.mentions:
            marks.append(Mark(start, end, f"ew-actor ew-{actor.kind}", label, title))
    for event in article.events:
        marks.append(Mark(*event.span, "ew-trigger", event.cameo, event.evidence.explanation))
    return marks


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with each mark as ``<mark>`` tags that nest properly.

    Walks the boundaries of all marks left to right keeping a stack of open marks. At a mark's
    end, the marks opened inside it that go on are closed with it and opened again at once (one
    mark becomes two pieces); at a start, the longest mark opens first so that shorter ones nest
    inside it. Marks outside the text or empty are left out.
    """
    kept = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    starting: dict[int, list[Mark]] = defaultdict(list)
    for m in kept:
        starting[m.start].append(m)
    points = sorted({0, len(text)} | {m.start for m in kept} | {m.end for m in kept})
    out: list[str] = []
    stack: list[Mark] = []
    for n, point in enumerate(points):
        reopen: list[Mark] = []
        while any(m.end == point for m in stack):
            m = stack.pop()
            out.append(_close(m, last=m.end == point))
            if m.end != point:
                reopen.append(m)
        for m in reversed(reopen):  # outermost first, as they were
            out.append(_open(m, first=False))
            stack.append(m)
        for m in sorted(starting.get(point, []), key=lambda m: -m.end):
            out.append(_open(m, first=True))
            stack.append(m)
        if n + 1 < len(points):
            out.append(escape(text[point : points[n + 1]]))
    return "".join(out)


def _open(mark: Mark, *, first: bool) -> str:
    title = f' title="{escape(mark.title)}"' if mark.title and first else ""
    return f'<mark class="ew-mark {escape(mark.classes)}"{title}>'


def _close(mark: Mark, *, last: bool) -> str:
    label = f'<span class="ew-label">{escape(mark.label)}</span>' if last and mark.label else ""
    return f"{label}</mark>"


# ---- the table of events ------------------------------------------------------------------------
def events_table(article: Article) -> str:
    """A compact table of the article's events (or a line saying there are none)."""
    if not article.events:
        return '<p class="ew-muted">No events coded.</p>'
    names = {a.id: a.name for a in article.actors}
    cameo_names = _cameo_names(e.cameo for e in article.events)
    head = "".join(f"<th>{c}</th>" for c in EVENT_COLUMNS)
    rows = [_event_row(e, names, cameo_names) for e in article.events]
    return f'<table class="ew-events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _event_row(event: Event, names: dict[str, str], cameo_names: dict[str, str]) -> str:
    flags = [
        *(["negated"] if event.negated else []),
        *([event.modality] if event.modality != "asserted" else []),
        *(["background"] if event.historical else []),
    ]
    what = (
        f'<span class="ew-cameo">{escape(event.cameo)}</span> {escape(cameo_names.get(event.cameo, ""))}'
        f' <span class="ew-muted">“{escape(event.trigger)}”</span>'
        + "".join(f'<span class="ew-flag">{escape(f)}</span>' for f in flags)
    )
    when = escape(event.date or "")
    if event.date_text:
        when += f' <span class="ew-muted">({escape(event.date_text)})</span>'
    where = escape(str((event.location or {}).get("name") or ""))
    cells = [
        _side(event.source, names),
        what,
        _side(event.target, names),
        when,
        where,
        escape(event.evidence.explanation),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _side(side: Side | None, names: dict[str, str]) -> str:
    if side is None:
        return '<span class="ew-muted">–</span>'
    name = names.get(side.actor or "") or side.text
    code = f'<span class="ew-cameo">{escape(side.code)}</span> ' if side.code else ""
    return f"{code}{escape(name)}"


def _cameo_names(codes: Iterable[str]) -> dict[str, str]:
    """CAMEO names of the codes (the record carries only the code); unknown codes get none."""
    from eventwire.extract.cameo import default_cameo

    table = default_cameo()
    return {c: table.get(c).name for c in set(codes) if c in table}
