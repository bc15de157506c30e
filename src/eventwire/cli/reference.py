"""Render the CLI reference (docs/cli.md) from the commands' own ``--help``.

Regenerate with ``python -m eventwire.cli.reference > docs/cli.md``; a test fails when the file
is stale, so the reference cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

import click

from eventwire.cli import main

WIDTH = 100  # fixed, so the file does not depend on the terminal it was made in
SETTINGS: dict[str, Any] = {
    "terminal_width": WIDTH,
    "max_content_width": WIDTH,
    "help_option_names": ["-h", "--help"],
}


def render() -> str:
    """The Markdown reference of every command, from its help text."""
    parts = [
        "# CLI reference",
        "",
        "Generated from `--help` by `python -m eventwire.cli.reference > docs/cli.md`; do not edit by hand.",
        "",
    ]
    ctx = click.Context(main, info_name="eventwire", **SETTINGS)
    parts += ["## eventwire", "", "```", main.get_help(ctx), "```", ""]
    for name, command in walk(main):
        sub = click.Context(command, info_name=f"eventwire {name}", **SETTINGS)
        parts += [f"## eventwire {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(parts)


def walk(group: click.Command, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command under ``group`` as ``("name", command)``, sub-commands as ``"group sub"``."""
    found: list[tuple[str, click.Command]] = []
    if not isinstance(group, click.Group):
        return found
    for name in sorted(group.commands):
        command = group.commands[name]
        full = f"{prefix}{name}"
        found.append((full, command))
        found += walk(command, prefix=f"{full} ")
    return found


if __name__ == "__main__":
    click.echo(render(), nl=False)
