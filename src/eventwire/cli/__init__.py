"""The ``eventwire`` command line: thin commands over the library, errors translated to exit codes.

Each command lives in its own module and is registered on the group here.
"""

from __future__ import annotations

from eventwire.cli.app import main
from eventwire.cli.code import code
from eventwire.cli.eval import eval_cmd
from eventwire.cli.export import export_cmd
from eventwire.cli.ingest import failures, ingest
from eventwire.cli.learned import learned
from eventwire.cli.query import actors_cmd, dyad_cmd, events_cmd, stats_cmd, stories_cmd
from eventwire.cli.schema import schema
from eventwire.cli.serve import serve
from eventwire.cli.watch import watch

main.add_command(code)
main.add_command(eval_cmd)
main.add_command(export_cmd)
main.add_command(ingest)
main.add_command(failures)
main.add_command(learned)
main.add_command(events_cmd)
main.add_command(actors_cmd)
main.add_command(stories_cmd)
main.add_command(dyad_cmd)
main.add_command(stats_cmd)
main.add_command(schema)
main.add_command(serve)
main.add_command(watch)

__all__ = ["main"]
