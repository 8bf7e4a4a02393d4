"""The `ictgraph` command line: each subcommand imports only what it needs, so start-up stays fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


class UserError(Exception):
    """An error the user can fix: printed as one line, without a traceback."""


def _cmd_corpus(args: argparse.Namespace) -> int:
    from ictgraph.corpus import iter_outline, load_corpus

    corpus = load_corpus()
    for line in iter_outline(corpus, width=args.width):
        print(line)
    print(f"\n{len(corpus.passages)} passages, sha256 {corpus.sha256}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from ictgraph.pipeline import run_build

    facts = Path(args.facts) if args.facts else None
    if facts and not facts.is_dir():
        raise UserError(f"{facts} is not a folder of fact files")
    return run_build(check_only=args.check, facts_dir=facts,
                     out=Path(args.out) if args.out else None)


def _cmd_validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from ictgraph import paths
    from ictgraph.validate import validate_graph

    path = Path(args.path) if args.path else paths.GRAPH_TTL
    if not path.exists():
        raise UserError(f"{path} does not exist: run `ictgraph build` first")
    violations = validate_graph(Graph().parse(path, format="turtle"))
    for v in violations:
        print(v)
    if violations:
        print(f"{path}: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"{path}: conforms (SHACL shapes and every QC query)")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from ictgraph.pipeline import print_summary
    from ictgraph.store import load

    print_summary(load())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ictgraph",
        description="A grounded RDF knowledge graph of Japan's 2020 ICT white paper, ch. 6 sec. 8.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands: list[tuple[str, str, Callable[[argparse.Namespace], int]]] = [
        ("corpus", "print the outline of the source with passage ids", _cmd_corpus),
        ("build", "check the facts, build and validate the graph, write graph/", _cmd_build),
        ("validate", "re-check a built graph (SHACL + QC queries)", _cmd_validate),
        ("stats", "print what is in the built graph", _cmd_stats),
    ]
    parsers = {}
    for name, help_text, func in commands:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        parsers[name] = p
    parsers["corpus"].add_argument("--width", type=int, default=60, help="snippet width")
    parsers["build"].add_argument("--check", action="store_true",
                                  help="check the facts only; write nothing")
    parsers["build"].add_argument("--facts", metavar="DIR", help="fact folder (default facts/)")
    parsers["build"].add_argument("--out", metavar="PATH", help="output (default graph/ict.ttl)")
    parsers["validate"].add_argument("path", nargs="?", help="graph file (default graph/ict.ttl)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"ictgraph {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
