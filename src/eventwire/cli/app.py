"""The ``eventwire`` command group and what its commands share: exit codes, option types, paths."""

from __future__ import annotations

from pathlib import Path

import click

from eventwire import __version__

EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_ERROR = 3

DATE = click.DateTime(formats=["%Y-%m-%d"])


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
