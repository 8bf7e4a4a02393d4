"""Options several commands share: where the graph is read from, `--param name=value`, and output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ictgraph.errors import UsageError


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """`--store` and `--endpoint`/`--graph`, shared by every command that reads a store."""
    parser.add_argument("--store", default="oxigraph", metavar="SPEC",
                        help="oxigraph (in memory, default) | oxigraph:DIR (on disk, filled by `push`) | memory "
                             "(rdflib) | a SPARQL query URL")
    parser.add_argument("--endpoint", metavar="QUERY_URL",
                        help="a remote SPARQL 1.1 query endpoint (same as --store URL)")
    add_graph_argument(parser, "the named graph to read on a remote endpoint")


def add_graph_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """`--graph IRI`: always a named graph's IRI, never a file (a file is `--input`)."""
    parser.add_argument("--graph", metavar="IRI", help=help)


def add_input_argument(parser: argparse.ArgumentParser, help: str = "graph file (default graph/ict.ttl)") -> None:
    """`--input FILE`: the Turtle graph a command reads instead of graph/ict.ttl."""
    parser.add_argument("--input", metavar="FILE", type=Path, help=help)


def store_spec(args: argparse.Namespace) -> str:
    """The store named by `--store`/`--endpoint` (they exclude each other)."""
    if args.endpoint and args.store not in ("oxigraph", args.endpoint):
        raise UsageError("give either --store or --endpoint, not both")
    return str(args.endpoint or args.store)


def add_param_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """`--param NAME=VALUE`, repeatable."""
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help=help)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` pairs from repeated --param options; a pair without "=" is a usage error.

    >>> parse_params(["country=id:country/VN", "text=a=b"])
    {'country': 'id:country/VN', 'text': 'a=b'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {pair!r} is not name=value (e.g. --param country=id:country/VN)")
        params[name.strip()] = value
    return params


def emit(text: str, out: Path | None) -> None:
    """Print, or write the whole output at once so that a failed run leaves no partial file."""
    if out is None:
        sys.stdout.write(text)
        return
    from ictgraph.io import write_atomic

    write_atomic(out, text.encode("utf-8"))
