"""``eventwire schema``: print the JSON Schema of the article record, or check records against it."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click

from eventwire.cli.app import EXIT_INPUT_FAILED


@click.command()
@click.option(
    "--check",
    "check",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Validate the records of this JSON Lines file (or - for stdin) instead of printing the schema.",
)
def schema(check: TextIO | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the records `eventwire code` writes.

    With --check, validate records instead: each line that breaks the schema is named with the
    field and the rule on stderr, and the exit status is 1 when any does.

    \b
    Examples:
        eventwire schema > article.schema.json
        eventwire code samples/ | eventwire schema --check -
    """
    from eventwire.schema import record_problems, schema_text

    if check is None:
        click.echo(schema_text(), nl=False)
        return
    name = getattr(check, "name", "<stdin>")
    checked = failed = 0
    for number, line in enumerate(check, 1):
        if not line.strip():
            continue
        checked += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems = [f"not valid JSON ({exc.msg}, column {exc.colno})"]
        else:
            problems = record_problems(record)
        if problems:
            failed += 1
            for problem in problems:
                click.echo(f"eventwire: {name}:{number}: {problem}", err=True)
    click.echo(f"{checked - failed} of {checked} record(s) follow the schema", err=True)
    if failed or not checked:
        sys.exit(EXIT_INPUT_FAILED)
