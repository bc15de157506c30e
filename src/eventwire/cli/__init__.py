"""The ``eventwire`` command line: thin commands over the library, errors translated to exit codes.

Each command lives in its own module and is registered on the group here.
"""

from __future__ import annotations

from eventwire.cli.app import main
from eventwire.cli.code import code
from eventwire.cli.eval import eval_cmd
from eventwire.cli.learned import learned

main.add_command(code)
main.add_command(eval_cmd)
main.add_command(learned)

__all__ = ["main"]
