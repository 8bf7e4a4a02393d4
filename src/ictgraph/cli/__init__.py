"""The `ictgraph` command line; subcommands live in `ictgraph.commands` and import lazily."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from ictgraph import commands
from ictgraph.commands.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    """Collect every `ictgraph.commands.*` module's subcommands into one parser."""
    parser = argparse.ArgumentParser(
        prog="ictgraph",
        description="A grounded RDF knowledge graph of Japan's 2020 ICT white paper, ch. 6 sec. 8.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # The pipeline's commands (corpus, build, validate, stats) first: they are where a user starts.
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: (m.name != "pipeline", m.name)):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"ictgraph {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`ictgraph stats | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
