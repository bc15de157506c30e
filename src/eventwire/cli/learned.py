"""``eventwire learned``: review the people the store learned from full mentions."""

from __future__ import annotations

import json
import sys

import click

from eventwire.cli.app import EXIT_ERROR, db_option, open_existing
from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store.learning import STATUSES, LearnedActor, learned_actors, review


@click.group()
def learned() -> None:
    """Review the people the store learned ("US Secretary of State Antony Blinken" -> USAGOV).

    A person named in full with a title and a country is remembered, so later articles that
    name them alone ("Blinken said") are coded right. Confirm, correct or reject what was learned.

    \b
    Examples:
        eventwire learned list --status learned
        eventwire learned reject 12
        eventwire learned edit 7 --country IND --title "Defence Minister"
    """


def _open(db: str) -> Store:
    return open_existing(db)


@learned.command(name="list")
@db_option
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only people with this status.")
@click.option("--name", default=None, help="Only people whose name contains this text.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for tools.",
)
def list_cmd(db: str, status: str | None, name: str | None, fmt: str) -> None:
    """List learned people with the evidence of where each was learned.

    \b
    Example:
        eventwire learned list --name Okonkwo --format json
    """
    try:
        with _open(db) as store, store.connect() as conn:
            rows = learned_actors(conn, status=status, name=name)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from exc
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("nothing learned yet" if status is None and name is None else "no learned people match")
        return
    for r in rows:
        click.echo(_line(r))


def _line(r: LearnedActor) -> str:
    seen = r.first_seen if r.first_seen == r.last_seen else f"{r.first_seen}..{r.last_seen}"
    head = (
        f"{r.id:>5}  {r.status:<9}  {r.name} — {r.title or '?'}, {r.country or '?'} ({r.code or '?'})  {seen}"
    )
    return f"{head}\n       learned from {r.article_id}: {r.evidence or ''}"


def _review(db: str, actor_id: int, **changes: str | None) -> None:
    try:
        with _open(db) as store, store.begin() as conn:
            row = review(conn, actor_id, **changes)
    except EventwireError as exc:
        click.echo(f"eventwire: error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(_line(row))


@learned.command()
@click.argument("actor_id", type=int)
@db_option
def confirm(actor_id: int, db: str) -> None:
    """Mark a learned person as checked.

    \b
    Example:
        eventwire learned confirm 7
    """
    _review(db, actor_id, status="confirmed")


@learned.command()
@click.argument("actor_id", type=int)
@db_option
def reject(actor_id: int, db: str) -> None:
    """Never use a learned person again (a wrong title or country, or not a person).

    \b
    Example:
        eventwire learned reject 12
    """
    _review(db, actor_id, status="rejected")


@learned.command()
@click.argument("actor_id", type=int)
@db_option
@click.option("--title", default=None, help="The correct title.")
@click.option("--country", default=None, help="The correct country (ISO3).")
@click.option("--sector", default=None, help="The correct CAMEO sector (GOV, MIL, OPP ...).")
def edit(actor_id: int, db: str, title: str | None, country: str | None, sector: str | None) -> None:
    """Correct what was learned about a person (the change also confirms it).

    \b
    Example:
        eventwire learned edit 7 --country IND --title "Defence Minister"
    """
    if title is None and country is None and sector is None:
        raise click.UsageError("give at least one of --title, --country, --sector")
    _review(db, actor_id, title=title, country=country, sector=sector)
