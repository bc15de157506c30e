"""Reading a store from the command line: ``eventwire events``, ``actors``, ``stories``, ``dyad``, ``stats``.

Each command is a thin wrapper over :mod:`eventwire.store.queries`. A bad filter value is a usage
error (exit 2) naming the option and the reason; a store that cannot be read, or does not exist,
exits 3. A store is never created by these commands.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

import click
from sqlalchemy import Connection

from eventwire.cli.app import (
    EXIT_ERROR,
    EXIT_INPUT_FAILED,
    EXIT_USAGE,
    db_option,
)
from eventwire.errors import ExportError, QueryError, StoreError

COUNTRY_HELP = "ISO3 country (USA) or CAMEO actor code prefix (USAGOV, IGO)"
QUAD_NAMES = ("verbal coop", "material coop", "verbal conflict", "material conflict")
# One character per QuadClass in the month bars, cooperation light, conflict heavy.
QUAD_BARS = ("+", "=", "-", "#")
BAR_WIDTH = 40


FORMAT_HELP = {"table": "table: for people", "json": "json: for tools", "csv": "csv: one row per line"}


def format_option(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default="table",
        show_default=True,
        help="; ".join(FORMAT_HELP[f] for f in formats) + ".",
    )


def filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The filters events and stories share."""
    options = [
        click.option("--source", metavar="C", help=f"Source actor: {COUNTRY_HELP}."),
        click.option("--target", metavar="C", help=f"Target actor: {COUNTRY_HELP}."),
        click.option("--dyad", nargs=2, metavar="A B", help="Events between A and B, either direction."),
        click.option("--root", metavar="NN", help="CAMEO root, two digits (04 consult, 19 fight)."),
        click.option("--code", metavar="NNN", help="CAMEO code with its sub-codes (042; 023 takes 0231)."),
        click.option(
            "--quad", type=int, metavar="N", help="QuadClass 1-4 (1 verbal coop ... 4 material conflict)."
        ),
        click.option(
            "--since", metavar="DATE", help="From this date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY)."
        ),
        click.option("--until", metavar="DATE", help="Up to this date, inclusive."),
        click.option(
            "--limit", type=int, default=100, show_default=True, help="Rows per page (at most 10000)."
        ),
        click.option("--cursor", help="Continue after the page that printed this cursor."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@contextmanager
def reading(db: str) -> Iterator[Connection]:
    """A connection to an existing store; errors become messages and exit codes."""
    from eventwire.store.engine import existing_store

    try:
        store = existing_store(db)
        try:
            with store.connect() as conn:
                yield conn
        finally:
            store.close()
    except QueryError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_USAGE)
    except StoreError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)


def _more(cursor: str | None) -> None:
    if cursor:
        click.echo(f"more rows: add --cursor {cursor}", err=True)


# ---- events ------------------------------------------------------------------------------------------------


@click.command("events")
@db_option
@filter_options
@click.option("--text", metavar="WORDS", help="Words that must all be in the event's sentence.")
@click.option("--actor", metavar="NAME", help="Part of the source or target actor's name.")
@click.option("--story", type=int, help="Events of this story id.")
@click.option("--article", help="Events of this article id.")
@click.option("--include-negated", is_flag=True, help="Also events said not to happen.")
@click.option("--no-historical", is_flag=True, help="Leave out events told as background history.")
@format_option("table", "json", "csv")
def events_cmd(
    db: str, fmt: str, dyad: tuple[str, ...], include_negated: bool, no_historical: bool, **kw: Any
) -> None:
    """List coded events from the store, newest first.

    json prints {"items": [...], "next": cursor}; with table and csv the cursor for the next page
    is printed on stderr.

    \b
    Examples:
        eventwire events --dyad USA CHN --since 2024-01-01 --limit 20
        eventwire events --source RUS --root 19 --format csv > attacks.csv
        eventwire events --text "ceasefire talks" --format json
    """
    from eventwire.store.filters import EventFilter
    from eventwire.store.queries import select_events

    filt = EventFilter(
        dyad=(dyad[0], dyad[1]) if dyad else None,
        include_negated=include_negated,
        include_historical=not no_historical,
        **kw,
    )
    with reading(db) as conn:
        page = select_events(conn, filt)
    if fmt == "json":
        click.echo(json.dumps(page.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        from eventwire.store.corpus import EVENT_COLUMNS

        _write_csv(page.items, EVENT_COLUMNS, sys.stdout)
    else:
        click.echo(_events_table(page.items))
    _more(page.next)


def _side(code: str | None, name: str | None) -> str:
    return f"{code or '-'} {name or ''}".strip()


def _events_table(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no events"
    lines = [f"{'date':<10}  {'source':<24} {'target':<24} {'code':<4} q {'gold':>5}  trigger / article"]
    for r in rows:
        flags = " (negated)" if r["negated"] else ""
        title = (r["article_title"] or r["article_id"])[:36]
        lines.append(
            f"{r['date'] or '-':<10}  {_side(r['source_code'], r['source_name'])[:24]:<24} "
            f"{_side(r['target_code'], r['target_name'])[:24]:<24} {r['cameo']:<4} {r['quad_class']} "
            f"{r['goldstein']:>5.1f}  {r['trigger'] or ''}{flags} / {title}"
        )
    return "\n".join(lines)


def _write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


# ---- actors and stories ------------------------------------------------------------------------------------


@click.command("actors")
@db_option
@click.option("--country", metavar="C", help=f"Only actors of {COUNTRY_HELP}.")
@click.option("--name", help="Part of the actor's name.")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many actors.")
@format_option("table", "json", "csv")
def actors_cmd(db: str, country: str | None, name: str | None, limit: int, fmt: str) -> None:
    """List the actors in the store, those in the most articles first.

    Actors are grouped by name, CAMEO code and country, with the articles, mentions and events
    (as source, as target) they appear in.

    \b
    Examples:
        eventwire actors --country IND
        eventwire actors --name Blinken --format json
    """
    from eventwire.store.corpus import ACTOR_COLUMNS
    from eventwire.store.queries import select_actors

    with reading(db) as conn:
        rows = select_actors(conn, country=country, name=name, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _write_csv(rows, ACTOR_COLUMNS, sys.stdout)
    elif not rows:
        click.echo("no actors")
    else:
        head = f"{'name':<32} {'code':<10} {'ctry':<4} {'articles':>8} {'mentions':>8}"
        click.echo(f"{head} {'source':>7} {'target':>7}")
        for r in rows:
            click.echo(
                f"{r['name'][:32]:<32} {r['code'] or '-':<10} {r['country'] or '-':<4} {r['articles']:>8} "
                f"{r['mentions']:>8} {r['as_source']:>7} {r['as_target']:>7}"
            )


@click.command("stories")
@db_option
@filter_options
@click.option(
    "--order", type=click.Choice(["recent", "size"]), default="recent", show_default=True,
    help="recent: newest first; size: most articles first.",
)  # fmt: skip
@format_option("table", "json", "csv")
def stories_cmd(db: str, fmt: str, order: str, dyad: tuple[str, ...], **kw: Any) -> None:
    """List stories: the events of several articles that report one happening.

    \b
    Examples:
        eventwire stories --dyad ISR PSE --order size --limit 10
        eventwire stories --root 14 --since 2024-01 --format json
    """
    from eventwire.store.corpus import STORY_COLUMNS
    from eventwire.store.filters import EventFilter
    from eventwire.store.queries import select_stories

    filt = EventFilter(dyad=(dyad[0], dyad[1]) if dyad else None, **kw)
    with reading(db) as conn:
        page = select_stories(conn, filt, order="size" if order == "size" else "recent")
    if fmt == "json":
        click.echo(json.dumps(page.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        _write_csv(page.items, STORY_COLUMNS, sys.stdout)
    else:
        click.echo("\n".join(_story_line(s) for s in page.items) if page.items else "no stories")
    _more(page.next)


def _story_line(s: dict[str, Any]) -> str:
    when = s["first_date"] or "?"
    if s["last_date"] and s["last_date"] != s["first_date"]:
        when += f"..{s['last_date']}"
    dyad = (
        f"{s['source_code'] or s['source_country'] or '-'}->{s['target_code'] or s['target_country'] or '-'}"
    )
    return (
        f"#{s['id']:<6} {when:<22} {s['cameo']:<4} {dyad:<16} "
        f"{s['num_articles']:>3} art. {s['num_sources']:>3} src.  {(s['headline'] or '')[:60]}"
    )


# ---- a dyad over time --------------------------------------------------------------------------------------


def _plot_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --plot file name with an image extension, checked before the store is read."""
    from eventwire.plot import plot_format

    if value is not None:
        try:
            plot_format(value)
        except ExportError as exc:
            raise click.BadParameter(exc.message, ctx=ctx, param=param) from exc
    return value


@click.command("dyad")
@db_option
@click.argument("a")
@click.argument("b")
@click.option("--since", metavar="DATE", help="From this date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Up to this date, inclusive.")
@click.option("--top", type=int, default=5, show_default=True, help="How many stories and quotes to show.")
@click.option(
    "--plot", "plot_path", metavar="FILE", callback=_plot_path,
    help="Also draw the months as a chart to FILE, .png or .svg (needs pip install 'eventwire[plot]').",
)  # fmt: skip
@format_option("table", "json")
def dyad_cmd(
    db: str, a: str, b: str, since: str | None, until: str | None, top: int, plot_path: str | None, fmt: str
) -> None:
    """Show events between A and B (either direction) month by month, then top stories and quotes.

    A and B are ISO3 countries (USA) or CAMEO actor codes (USAGOV, IGO). Each month has its
    events per QuadClass, their total and mean Goldstein score, and a bar. --plot also draws
    the months as stacked bars by QuadClass with the mean Goldstein score as a line.

    \b
    Examples:
        eventwire dyad USA CHN --since 2023-01
        eventwire dyad RUS UKR --since 2022-02 --until 2022-12 --format json
        eventwire dyad USA CHN --since 2023-01 --plot usa-chn.png
    """
    from eventwire.store.queries import dyad_timeline

    with reading(db) as conn:
        line = dyad_timeline(conn, a, b, since=since, until=until, top=top)
    if fmt == "json":
        click.echo(json.dumps(line.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_timeline(line))
    if plot_path:
        try:
            line.plot(plot_path)
        except ExportError as exc:
            click.echo(f"eventwire: error: {exc.message}", err=True)
            sys.exit(EXIT_INPUT_FAILED)
        click.echo(f"eventwire: wrote the chart to {plot_path}", err=True)


def render_timeline(line: Any) -> str:
    """The timeline as text: a month table with bars, then stories and quotes."""
    span = f"{line.since or 'start'} to {line.until or 'end'}"
    head = f"{line.a.upper()}-{line.b.upper()}, {span}: {line.total:,} events, either direction"
    if not line.months and not line.undated:
        return head + "\nno events"
    legend = "  ".join(f"{c} {n}" for c, n in zip(QUAD_BARS, QUAD_NAMES, strict=True))
    out = [head, f"bars: {legend}", ""]
    out.append(f"{'month':<8} {'q1':>6} {'q2':>6} {'q3':>6} {'q4':>6} {'total':>7} {'gold':>6}")
    peak = max((m.total for m in line.months), default=0)
    for m in line.months:
        gold = f"{m.goldstein:>6.2f}" if m.goldstein is not None else f"{'':>6}"
        counts = " ".join(f"{n:>6}" for n in m.quad)
        out.append(f"{m.month:<8} {counts} {m.total:>7} {gold}  {_bar(m.quad, peak)}")
    if line.undated:
        out.append(f"dated only to a year (in no month): {line.undated}")
    if line.stories:
        out += ["", "top stories:"] + ["  " + _story_line(s) for s in line.stories]
    if line.quotes:
        out += ["", "quotes:"]
        for q in line.quotes:
            who = f"{q['speaker_name'] or '?'} ({q['speaker_code'] or q['speaker_country'] or '-'})"
            out.append(f"  {q['article_published'] or '':<10} {who}: \u201c{q['text'][:120]}\u201d")
            out.append(f"  {'':<10} {q['article_title'] or q['article_id']} ({q['article_source'] or '-'})")
    return "\n".join(out)


def _bar(quad: tuple[int, ...], peak: int) -> str:
    """A bar of BAR_WIDTH at the peak month, split by quad class (largest remainders keep its length)."""
    total = sum(quad)
    if not total or not peak:
        return ""
    length = max(1, round(total / peak * BAR_WIDTH))
    exact = [n * length / total for n in quad]
    sizes = [int(x) for x in exact]
    for i in sorted(range(4), key=lambda i: exact[i] - sizes[i], reverse=True)[: length - sum(sizes)]:
        sizes[i] += 1
    return "".join(c * n for c, n in zip(QUAD_BARS, sizes, strict=True))


# ---- the whole store ---------------------------------------------------------------------------------------


@click.command("stats")
@db_option
@format_option("table", "json")
def stats_cmd(db: str, fmt: str) -> None:
    """Count what the store holds: articles, duplicates, events, stories, actors, quotes, failures.

    \b
    Examples:
        eventwire stats
        eventwire stats --db postgresql://me@localhost/events --format json
    """
    from eventwire.store.queries import stats

    with reading(db) as conn:
        found = stats(conn)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2))
        return
    for key, value in found.items():
        shown = f"{value:,}" if isinstance(value, int) else (value or "-")
        click.echo(f"{key.replace('_', ' '):<12} {shown}")
