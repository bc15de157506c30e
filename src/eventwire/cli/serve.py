"""``eventwire serve``: the HTTP API and the web UI over a store, through uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from eventwire.api.settings import (
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PAGE_SIZE,
    DEFAULT_PORT,
    DEFAULT_THREADS,
    TOKEN_ENV,
)
from eventwire.errors import EventwireError
from eventwire.store import DEFAULT_DB


@click.command()
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    help="The store: an SQLite file or a postgresql:// URL.",
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Anything but loopback needs --token.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    default=None,
    help=f"Bearer token that coding and writing requests must send (or set {TOKEN_ENV}).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Let scripts on this origin (https://example.org) call the API; repeatable. Default: none.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    help="Largest request body accepted, in bytes.",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, 1000),
    default=DEFAULT_PAGE_SIZE,
    show_default=True,
    help="Events per page when a request gives no limit.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=DEFAULT_THREADS,
    show_default=True,
    help="Queries run at once (more only contend for Python's lock on SQLite).",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="How much the server logs (each request is logged at info).",
)
def serve(
    db: str,
    host: str,
    port: int,
    token: str | None,
    cors_origins: tuple[str, ...],
    max_body: int,
    page_size: int,
    threads: int,
    log_level: str,
) -> None:
    """Serve the store: a JSON API (OpenAPI at /docs) and a web UI at /.

    Listens on 127.0.0.1 unless told otherwise. Beyond loopback it refuses to start without a
    token, and POST /v1/code then needs 'Authorization: Bearer TOKEN'. The store is opened on the
    first request; the coding model loads on the first POST /v1/code.

    \b
    Examples:
        eventwire serve --db eventwire.db
        open http://127.0.0.1:8000/   (the events explorer)
        curl 'http://127.0.0.1:8000/v1/events?source=USA&target=IND&limit=5'
        EVENTWIRE_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(24))') \\
            eventwire serve --host 0.0.0.0 --db postgresql://user@dbhost/events
    """
    import uvicorn

    from eventwire.api import ServeSettings, create_app

    if "://" not in db and not Path(db).expanduser().parent.is_dir():
        raise click.BadParameter(f"folder {Path(db).expanduser().parent} does not exist", param_hint="--db")
    try:
        settings = ServeSettings(
            db=db,
            host=host,
            port=port,
            token=token or None,
            cors_origins=cors_origins,
            max_body_bytes=max_body,
            page_size=page_size,
            threads=threads,
        )
    except EventwireError as exc:
        raise click.UsageError(exc.message) from exc
    app = create_app(settings)
    where = f"[{host}]" if ":" in host else host
    click.echo(f"eventwire: serving {db} on http://{where}:{port}/ (API docs at /docs)", err=True)
    # one worker process: the app keeps one coding pipeline and one connection pool
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
