"""``eventwire ingest``: a corpus into the store; ``eventwire failures``: what could not be stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from eventwire.cli.app import DATE, EXIT_ERROR, EXIT_INPUT_FAILED, db_option, input_options
from eventwire.errors import EventwireError, StoreError
from eventwire.options import Options
from eventwire.run.settings import BATCH_SIZE
from eventwire.store import Store
from eventwire.store.writer import now

if TYPE_CHECKING:
    from eventwire.run.settings import IngestSummary


class _Bar:
    """The run's progress as a tqdm bar on stderr: articles done, articles/s and, when the inputs
    could be counted, the total and an ETA."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self._bar: Any = None

    def start(self, total: int | None) -> None:
        if self.quiet:
            return
        from tqdm import tqdm

        # disable=None: no bar when stderr is not a terminal (a log file would fill with redraws)
        self._bar = tqdm(
            total=total, unit="article", desc="ingest", file=sys.stderr, dynamic_ncols=True, disable=None
        )

    def advance(self, done: int, summary: IngestSummary) -> None:
        if self._bar is None:
            return
        self._bar.set_postfix(
            stored=summary.stored,
            known=summary.skipped_known,
            dup=summary.duplicates,
            failed=summary.failed,
            refresh=False,
        )
        self._bar.update(done)

    def finish(self, summary: IngestSummary) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def summary_line(s: IngestSummary) -> str:
    """The one-line report of a run, as printed at its end."""
    failed = f"{s.failed} failed" + (" (see `eventwire failures`)" if s.failed else "")
    return (
        f"stored {s.stored}, skipped {s.skipped_known} already stored, {s.duplicates} duplicates, "
        f"{failed} in {s.seconds:.1f} s, {s.rate:.1f} articles/s ({s.events} events)"
    )


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes coding in parallel on this machine (about one per core).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Code on the workers of a running dask.distributed cluster (tcp://host:port) instead.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    help="Articles per transaction (and per batch sent to a worker).",
)
@click.option("--date", type=DATE, default=None, help="Publication date (YYYY-MM-DD) for inputs without one.")
@input_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; errors only.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    workers: int,
    scheduler: str | None,
    batch_size: int,
    date: Any,
    input_format: str,
    kb_paths: tuple[Path, ...],
    lexicon_paths: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Code a corpus into the store: files, folders, URLs or - (stdin).

    Articles already stored (same URL or same text) are skipped before anything is parsed, so an
    interrupted run is resumed by running it again. Near-duplicates (syndicated copies) are stored
    as copies of their original and not coded again. Each batch is written in one transaction. A
    bad input is recorded with its reason (`eventwire failures`) and the run goes on; the exit
    status is 1 when any input failed, 3 when the store or the cluster cannot be used.

    \b
    Examples:
        eventwire ingest corpus/ --date 2024-03-04
        eventwire ingest feeds/*.jsonl --workers 2 --db postgresql://me@localhost/events
        eventwire ingest shard-*.warc.gz --scheduler tcp://10.0.0.5:8786
        eventwire failures
    """
    from eventwire.run.ingest import Ingester
    from eventwire.run.settings import IngestSettings

    if scheduler and workers > 1:
        raise click.UsageError("--workers and --scheduler exclude each other: the cluster's workers code")
    options = Options(
        date=date.strftime("%Y-%m-%d") if date else None,
        input_format=input_format,
        kb_paths=kb_paths,
        lexicon_paths=lexicon_paths,
    )
    settings = IngestSettings(batch_size=batch_size, workers=workers, scheduler=scheduler, options=options)
    started = now()
    ingester = Ingester(db, settings, progress=_Bar(quiet=quiet))
    try:
        summary = ingester.run(list(paths), stdin=sys.stdin)
    except EventwireError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo(
            "eventwire: interrupted; the batches written so far are kept: run again to go on", err=True
        )
        sys.exit(130)
    if summary.failed:
        _name_failures(ingester.store, since=started)
    if not quiet:
        click.echo(summary_line(summary), err=True)
    if summary.read == 0:
        click.echo("eventwire: no articles found in the inputs", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    if summary.failed:
        sys.exit(EXIT_INPUT_FAILED)


# More failures than this in one run are counted, not listed: `eventwire failures` lists them all.
MAX_FAILURES_SHOWN = 50


def _name_failures(store: Store, *, since: str) -> None:
    """Name each input that failed in this run, with its reason, on stderr."""
    from eventwire.run.writing import list_failures

    try:
        rows = [r for r in list_failures(store) if r["last_seen"] >= since]
    except StoreError:
        return  # the summary still counts them; the store's own error was or will be reported
    for row in rows[:MAX_FAILURES_SHOWN]:
        reason = str(row["reason"])
        named = reason if reason.startswith(str(row["input_name"])) else f"{row['input_name']}: {reason}"
        click.echo(f"eventwire: error: {named}", err=True)
    if len(rows) > MAX_FAILURES_SHOWN:
        click.echo(
            f"eventwire: ... and {len(rows) - MAX_FAILURES_SHOWN} more (see `eventwire failures`)", err=True
        )


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for tools.",
)
def failures(db: str, fmt: str) -> None:
    """List the inputs that could not be stored, with the reason, newest first.

    An input that is stored by a later run leaves this list.

    \b
    Examples:
        eventwire failures
        eventwire failures --db postgresql://me@localhost/events --format json
    """
    from eventwire.run.writing import list_failures
    from eventwire.store.engine import existing_store

    try:
        with existing_store(db) as store:
            rows = list_failures(store)
    except StoreError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no failures")
        return
    for row in rows:
        name, reason = row["input_name"], row["reason"]
        if reason.startswith(f"{name}: "):  # the input heads its entry already
            reason = reason[len(name) + 2 :]
        tries = f", {row['attempts']} attempts" if row["attempts"] > 1 else ""
        click.echo(f"{name}\n    {row['code'] or ''} {reason}  ({row['last_seen']}{tries})")
