"""The `syndicate` console script.

Importing the CLI (click, dateutil and the rest) takes about a tenth of a second, before any of
its own handling of Ctrl-C exists; a Ctrl-C then printed Python's traceback. Here it exits 130
quietly, as it does once the command runs. Only the import is wrapped: everything after it is
the CLI's own business (syndicate/cli.py, SyndicateGroup).
"""
from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as cli
    except KeyboardInterrupt:
        print("error: interrupted; nothing was done.", file=sys.stderr)
        sys.exit(130)
    cli()
