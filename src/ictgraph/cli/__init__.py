"""The `ictgraph` command line: the only place that parses arguments, prints and picks exit codes."""

# One module per command group, in the order of the data flow; each registers its subcommands and
# imports its work lazily, so that `ictgraph --help` starts fast. Any IctgraphError the library raises
# becomes one line, "ictgraph COMMAND: <message>", and exit status 2.

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from ictgraph.errors import IctgraphError

#: The command groups, in the order of the data flow (the help lists them so).
COMMAND_MODULES = ("pipeline", "audit", "query", "analysis", "publish", "site", "serve")


def build_parser() -> argparse.ArgumentParser:
    """One parser with the subcommands of every command group."""
    parser = argparse.ArgumentParser(
        prog="ictgraph",
        description="A grounded RDF knowledge graph of Japan's 2020 ICT white paper, ch. 6 sec. 8.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit status (2 for a mistake the user can fix)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except IctgraphError as exc:
        print(f"ictgraph {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`ictgraph stats | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        # Ctrl-C is how a user stops `serve` (uvicorn re-raises it once it has shut down) or a long
        # build: no traceback, the shell's status for an interrupted command. Outputs are written
        # atomically, so nothing is left half written.
        return 130
