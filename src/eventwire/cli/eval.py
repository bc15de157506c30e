"""``eventwire eval``: score the extractors against the labelled dev sets."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eventwire.cli.app import EXIT_INPUT_FAILED, default_shared
from eventwire.errors import EventwireError


@click.command(name="eval")
@click.argument("sets", nargs=-1)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The shared data folder (default: ../shared beside the project).",
)
@click.option("--limit", type=int, default=None, help="Score only the first N items of each set.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table for people, json for tools, markdown for a table per set.",
)
@click.option(
    "--markdown",
    "document",
    is_flag=True,
    help="Print the whole EVALUATION.md document (intro, summary, a table per set with baselines, "
    "floors and aims, how to reproduce) instead of --format.",
)
@click.option("--check-floors", is_flag=True, help="Exit 1 when a score is below its floor in floors.json.")
def eval_cmd(
    sets: tuple[str, ...],
    data: Path | None,
    limit: int | None,
    fmt: str,
    document: bool,
    check_floors: bool,
) -> None:
    """Score eventwire against the labelled dev sets and print precision, recall and F1.

    With no SETS, every set is scored. Each set is shown beside simple baselines (majority
    class, dateparser, most populous place...) computed on the same items.

    \b
    Examples:
        eventwire eval plover_gsr conflibert_class
        eventwire eval --format markdown --limit 100
        eventwire eval --markdown > EVALUATION.md
    """
    from eventwire.eval import run_cli_eval

    root = data or default_shared()
    try:
        text, failures = run_cli_eval(
            list(sets),
            shared_root=root,
            limit=limit,
            fmt="document" if document else fmt,
            check_floors=check_floors,
            progress=_progress,
        )
    except EventwireError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(text)
    for f in failures:
        click.echo(f"eventwire: below floor: {f}", err=True)
    if failures:
        sys.exit(EXIT_INPUT_FAILED)


def _progress(label: str, done: int, total: int) -> None:
    click.echo(f"\r{label}: {done}/{total}", err=True, nl=done >= total)
