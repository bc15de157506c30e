"""``eventwire export``: the store's events in GDELT, GKG, PLOVER, CSV or Parquet files."""

from __future__ import annotations

import sys
from typing import Any

import click

from eventwire.cli.app import db_option, open_existing
from eventwire.errors import EventwireError

ACTOR_HELP = "ISO3 country (USA) or CAMEO actor code prefix (USAGOV, IGO)"
FORMAT_HELP = (
    "gdelt: GDELT 2.0 Events TSV; gkg: GDELT GKG 2.1 TSV (one line per article); "
    "plover: PLOVER JSON lines; csv / parquet: one typed row per event with its article and story."
)


@click.command(name="export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gdelt", "gkg", "plover", "csv", "parquet"]),
    required=True,
    help=FORMAT_HELP,
)
@click.option(
    "--output",
    "-o",
    required=True,
    help="The file to write (replaced only when the export succeeds), or - for stdout (not parquet).",
)
@click.option("--header", is_flag=True, help="gdelt/gkg: add a header line (GDELT's own files have none).")
@click.option("--since", default=None, help="Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Events on or before this date.")
@click.option("--source", default=None, help=f"Source actor: {ACTOR_HELP}.")
@click.option("--target", default=None, help=f"Target actor: {ACTOR_HELP}.")
@click.option(
    "--dyad", nargs=2, default=None, metavar="A B", help="Events between A and B, either direction."
)
@click.option("--root", default=None, help="CAMEO root, two digits (04 consult, 19 fight).")
@click.option("--code", default=None, help="CAMEO code with its sub-codes (042; 023 takes 0231).")
@click.option("--quad", type=int, default=None, help="QuadClass 1-4 (1 verbal coop ... 4 material conflict).")
@click.option("--text", default=None, help="Words that must all be in the event's sentence.")
@click.option("--actor", default=None, help="Part of the source or target actor's name.")
@click.option("--include-negated", is_flag=True, help='Also export negated events ("did not meet").')
@click.option("--no-historical", is_flag=True, help="Leave out events told as background history.")
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="Rows read from the store per round trip.",
)
def export_cmd(
    db: str,
    fmt: str,
    output: str,
    header: bool,
    dyad: tuple[str, str] | None,
    include_negated: bool,
    no_historical: bool,
    chunk_size: int,
    **filters: Any,
) -> None:
    """Export the store's events in the field's file formats.

    Reads the store in chunks (any size of store), writes to a temporary file beside --output and
    renames it at the end, so a failed export leaves no half-written file. The number of rows
    written goes to stderr; for PLOVER, also how many events were left out (CAMEO 01 statements
    and 02 appeals have no PLOVER category). The filters are those of `eventwire events`; for
    gkg, --since/--until compare the publication date and the others keep articles with a
    matching event. docs/exports.md explains every column.

    \b
    Examples:
        eventwire export --format gdelt --output events.tsv --since 2023-11-01
        eventwire export --db postgresql://me@localhost/events --format parquet -o events.parquet
        eventwire export --format plover -o - --source USA --target CHN | jq .event
        eventwire export --format gkg --header -o gkg.tsv
        eventwire export --format csv -o usa_chn.csv --dyad USA CHN --root 19 --include-negated
    """
    from eventwire.export import export
    from eventwire.store.filters import EventFilter

    store = open_existing(db)
    try:
        event_filter = EventFilter(
            dyad=(dyad[0], dyad[1]) if dyad else None,
            include_negated=include_negated,
            include_historical=not no_historical,
            **filters,
        )
        with store:
            summary = export(
                store,
                fmt,
                output,
                filters=event_filter,
                header=header,
                chunk_size=chunk_size,
                stdout=sys.stdout,
            )
    except EventwireError as exc:
        raise click.ClickException(exc.message) from exc
    where = "stdout" if output == "-" else output
    click.echo(f"eventwire: wrote {summary.rows} {summary.unit} ({fmt}) to {where}", err=True)
    if summary.left_out:
        click.echo(
            f"eventwire: left out {summary.left_out} events with no PLOVER category "
            "(CAMEO 01 statements, 02 appeals)",
            err=True,
        )
