"""The `ictgraph` command line: one module per command group here, each importing its work lazily."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from ictgraph.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    """Collect the subcommands of every module of this package that defines `register` into one parser."""
    parser = argparse.ArgumentParser(
        prog="ictgraph",
        description="A grounded RDF knowledge graph of Japan's 2020 ICT white paper, ch. 6 sec. 8.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # The pipeline's commands (corpus, build, validate, stats) first: they are where a user starts.
    modules = [m for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    for info in sorted(modules, key=lambda m: (m.name != "pipeline", m.name)):
        module = importlib.import_module(f"{__name__}.{info.name}")
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
