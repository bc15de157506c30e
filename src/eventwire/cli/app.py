"""The ``eventwire`` command group and what its commands share: exit codes, option types, paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from eventwire import __version__
from eventwire.errors import StoreError

if TYPE_CHECKING:
    from eventwire.store import Store

EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_ERROR = 3

DATE = click.DateTime(formats=["%Y-%m-%d"])
DB_HELP = "The store: an SQLite file or a postgresql:// URL (default: eventwire.db in the current folder)."


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--db`` option every command on the store takes."""
    return click.option("--db", default="eventwire.db", show_default=True, help=DB_HELP)(fn)


def input_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--input-format``, ``--kb`` and ``--lexicon``: how ``code`` and ``ingest`` read and code inputs."""
    from eventwire.ingest.sources import FORMATS

    options = [
        click.option(
            "--input-format",
            type=click.Choice(FORMATS),
            default="auto",
            show_default=True,
            help="How to read the inputs; auto looks at extension and content.",
        ),
        click.option(
            "--kb",
            "kb_paths",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="An extra knowledge-base file (CSV); repeatable.",
        ),
        click.option(
            "--lexicon",
            "lexicon_paths",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="An extra frames file (CSV) for the event coder; repeatable.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def open_existing(db: str) -> Store:
    """The store at ``db`` for reading; a missing one is a usage error naming it."""
    from eventwire.store.engine import existing_store

    try:
        return existing_store(db)
    except StoreError as exc:
        raise click.ClickException(exc.message) from exc


def default_shared() -> Path:
    """``../shared`` beside the project checkout, where the labelled sets live in development."""
    return Path(__file__).resolve().parents[3] / ".." / "shared"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: turn news into political event data (CAMEO, PLOVER), offline.

    \b
    Example:
        eventwire code samples/ --format table
    """
