"""``eventwire watch``: poll RSS/Atom feeds into the store, every 15 minutes like GDELT."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from eventwire.cli.app import EXIT_ERROR, db_option
from eventwire.cli.ingest import summary_line
from eventwire.errors import EventwireError
from eventwire.options import Options

if TYPE_CHECKING:
    from eventwire.run.watch import PollReport


def _interval(_ctx: click.Context, _param: click.Parameter, value: str) -> float:
    from eventwire.run.watch import MIN_EVERY, parse_interval

    try:
        seconds = parse_interval(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    if seconds < MIN_EVERY:
        raise click.BadParameter(
            f"polling more often than every {MIN_EVERY} s is impolite to the feeds' hosts"
        )
    return seconds


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_interval,
    help="Time between polls: 90s, 15m, 1h, 1d.",
)
@db_option
@click.option("--once", is_flag=True, help="Poll once and exit (for cron or systemd timers).")
@click.option(
    "--min-interval",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to the same host (a longer robots.txt Crawl-delay wins).",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Coding processes.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def watch(
    feeds: tuple[str, ...], every: float, db: str, once: bool, min_interval: float, workers: int, quiet: bool
) -> None:
    """Poll RSS/Atom feeds, fetch new articles, code them and store them; again every --every.

    Polite: feeds are fetched with conditional requests (ETag, Last-Modified, kept in the store
    so a restart still asks "anything new?"), robots.txt is obeyed, one host gets one request per
    --min-interval, and entries already stored are never fetched again. Network errors and bad
    pages are reported (and recorded, see `eventwire failures`); the watcher goes on. Stop it with
    Ctrl-C: what was stored stays stored.

    \b
    Examples:
        eventwire watch https://example.org/world.rss --every 15m
        eventwire watch https://a.example/rss https://b.example/atom.xml --once --db news.db
    """
    from eventwire.ingest.fetch import Fetcher
    from eventwire.run.ingest import Ingester
    from eventwire.run.settings import IngestSettings
    from eventwire.run.watch import Watcher

    bad = [f for f in feeds if not f.startswith(("http://", "https://"))]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not an http(s) URL", param_hint="FEEDS")
    ingester = Ingester(db, IngestSettings(workers=workers, options=Options()))
    watcher = Watcher(ingester, feeds, every=every, fetcher=Fetcher(min_interval=min_interval))

    def report(n: int, poll: PollReport) -> None:
        for error in poll.feed_errors:
            click.echo(f"eventwire: error: {error.message}", err=True)
        if not quiet:
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
            feeds_line = f"{poll.feeds_changed} feeds changed, {poll.feeds_unchanged} unchanged"
            click.echo(f"[{stamp}] poll {n}: {feeds_line}; {summary_line(poll.summary)}", err=True)

    try:
        watcher.run(polls=1 if once else None, on_poll=report)
    except EventwireError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("eventwire: stopped; everything stored so far is kept", err=True)
    finally:
        watcher.close()
