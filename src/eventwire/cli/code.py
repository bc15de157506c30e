"""``eventwire code``: articles in, article records out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

import click

from eventwire.cli.app import DATE, EXIT_INPUT_FAILED, input_options
from eventwire.errors import EventwireError
from eventwire.options import Options


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="json: one array; jsonl: one record per line; table: for people.",
)
@input_options
@click.option("--date", type=DATE, default=None, help="Publication date (YYYY-MM-DD) for inputs without one.")
@click.option("--explain", is_flag=True, help="With --format table: say why each event was coded.")
@click.option("--no-people", is_flag=True, help="Do not use the packaged table of office-holders.")
@click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write records here instead of stdout.",
)
def code(
    paths: tuple[str, ...],
    fmt: str,
    input_format: str,
    date: Any,
    explain: bool,
    kb_paths: tuple[Path, ...],
    lexicon_paths: tuple[Path, ...],
    no_people: bool,
    output: TextIO,
) -> None:
    """Code articles: files, folders, URLs or - (stdin) in; coded events out.

    A bad input is named with its reason on stderr; the others are coded; the exit status is 1
    when any input failed.

    \b
    Examples:
        eventwire code article.txt --date 2023-11-10 --format table --explain
        eventwire code corpus/ --format jsonl -o events.jsonl
        eventwire code https://example.org/world.rss crawl.warc.gz reut2-000.sgm
        cat feed.jsonl | eventwire code - --input-format jsonl
    """
    from eventwire.ingest import iter_inputs
    from eventwire.pipeline import Failure, Pipeline

    options = Options(
        date=date.strftime("%Y-%m-%d") if date else None,
        input_format=input_format,
        kb_paths=kb_paths,
        lexicon_paths=lexicon_paths,
        use_people=not no_people,
    )
    pipeline = Pipeline(options)
    failed = 0
    coded = 0
    first = True
    try:
        items = iter_inputs(list(paths), input_format=input_format, published=options.date, stdin=sys.stdin)
        if fmt == "json":
            output.write("[")
        for item in pipeline.code_stream(items):
            if isinstance(item, Failure):
                failed += 1
                click.echo(f"eventwire: error: {item.error.message}", err=True)
                continue
            coded += 1
            if fmt == "jsonl":
                output.write(item.to_json() + "\n")
            elif fmt == "json":
                output.write(("" if first else ",\n") + item.to_json(indent=2))
            else:
                output.write(_table(item.to_dict(), explain=explain))
            first = False
            output.flush()
        if fmt == "json":
            output.write("]\n")
    except EventwireError as exc:
        raise click.ClickException(exc.message) from exc
    if coded == 0 and failed == 0:
        click.echo("eventwire: no articles found in the inputs", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    if failed:
        click.echo(f"eventwire: {failed} input(s) failed, {coded} coded", err=True)
        sys.exit(EXIT_INPUT_FAILED)


def _table(rec: dict[str, Any], *, explain: bool) -> str:
    """A plain-text view of one article record for people."""
    actors = {a["id"]: a for a in rec["actors"]}
    lines = [f"== {rec.get('title') or rec['id']}  ({rec.get('published') or 'no date'})"]
    if rec.get("credits"):
        lines.append(f"   credits: {', '.join(rec['credits'])}")
    lines.append("   actors:")
    for a in rec["actors"]:
        lines.append(
            f"     {a['id']:<4} {a['name'][:40]:<40} {a['kind']:<12} {a.get('code') or '-':<8} "
            f"{a.get('title') or ''}  ({len(a['mentions'])} mentions)"
        )
    lines.append("   events:")
    if not rec["events"]:
        lines.append("     (none)")
    for e in rec["events"]:

        def side(s: dict[str, Any] | None) -> str:
            if not s:
                return "-"
            a = actors.get(s.get("actor") or "")
            return f"{s.get('code') or '?'} ({(a or {}).get('name') or s.get('text')})"

        flags = (
            [e["modality"]]
            + (["negated"] if e["negated"] else [])
            + (["background"] if e["historical"] else [])
        )
        lines.append(
            f"     {e['date']:<10} {side(e['source'])[:34]:<34} -> {side(e['target'])[:34]:<34} "
            f"{e['cameo']:<4} q{e['quad_class']} {e['trigger']!r} [{', '.join(flags)}]"
        )
        if explain:
            where = (e.get("location") or {}).get("name")
            if where:
                lines.append(f"                where: {where}")
            lines.append(f"                {e['evidence']['explanation']}")
            lines.append(f"                rule {e['evidence']['rule']}; confidence {e['confidence']}")
    return "\n".join(lines) + "\n\n"
