"""Options several commands share: where the graph is read from, `--param name=value`, the language, output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from ictgraph.errors import UsageError


def positive_seconds(text: str) -> float:
    """An argparse type: a positive, finite number of seconds (`--timeout`).

    >>> positive_seconds("2.5")
    2.5
    >>> positive_seconds("nan")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: 'nan' is not a positive number of seconds
    """
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, `what` saying what it counts.

    >>> whole_number(0, 65535, "a TCP port")("70000")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: '70000' is not a TCP port (0 to 65535)
    """
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} ({low} to {high})")
        return value
    return parse


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
            raise UsageError(f"--param {pair[:60]!r} is not name=value (e.g. --param country=Brazil)")
        params[name.strip()] = value
    return params


#: The label languages, and the one every command uses unless told (`--lang`, or ICTGRAPH_LANG).
Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = ("en", "ja")
DEFAULT_LANG: Lang = "en"
LANG_VARIABLE = "ICTGRAPH_LANG"


def add_lang_argument(parser: argparse.ArgumentParser, what: str = "label language") -> None:
    """`--lang ja|en`, defaulting to the one language of every command (see `chosen_lang`)."""
    parser.add_argument("--lang", choices=LANGS, default=None,
                        help=f"{what} (default {DEFAULT_LANG}, or the {LANG_VARIABLE} environment variable)")


def chosen_lang(args: argparse.Namespace) -> Lang:
    """`--lang` if given, else ICTGRAPH_LANG if set, else English; a bad ICTGRAPH_LANG is a usage error.

    >>> chosen_lang(argparse.Namespace(lang="ja"))
    'ja'
    """
    value = str(args.lang or os.environ.get(LANG_VARIABLE, "").strip() or DEFAULT_LANG).lower()
    if value == "ja":
        return "ja"
    if value == "en":
        return "en"
    raise UsageError(f"{LANG_VARIABLE}={value[:20]!r}: set it to {' or '.join(LANGS)}, or unset it")


def emit(text: str, out: Path | None, what: str) -> None:
    """Print, or write the whole output at once (a failed run leaves no partial file) and say so in one line:
    the path, what it holds (`what`, e.g. "21 rows as csv") and its size."""
    if out is None:
        sys.stdout.write(text)
        return
    from ictgraph.io import write_atomic

    data = text.encode("utf-8")
    write_atomic(out, data)
    print(f"wrote {out}: {what}, {_size(len(data))}")


def _size(n: int) -> str:
    """A byte count as a person reads it.

    >>> _size(512), _size(2300), _size(5_000_000)
    ('512 bytes', '2.2 KiB', '4.8 MiB')
    """
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"
