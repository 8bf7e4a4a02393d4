"""`ictgraph corpus | build | validate | stats`: the source outline and the build pipeline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ictgraph.errors import UserError


def _corpus(args: argparse.Namespace) -> int:
    from ictgraph.source.corpus import iter_outline, load_corpus

    corpus = load_corpus()
    for line in iter_outline(corpus, width=args.width):
        print(line)
    print(f"\n{len(corpus.passages)} passages, sha256 {corpus.sha256}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from ictgraph.build.pipeline import run_build

    facts = Path(args.facts) if args.facts else None
    if facts and not facts.is_dir():
        raise UserError(f"{facts} is not a folder of fact files")
    return run_build(check_only=args.check, facts_dir=facts,
                     out=Path(args.out) if args.out else None)


def _validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from ictgraph import resources
    from ictgraph.build.validate import validate_graph

    path = Path(args.path) if args.path else resources.GRAPH_TTL
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


def _stats(args: argparse.Namespace) -> int:
    from ictgraph.build.pipeline import print_summary
    from ictgraph.query.stores.spec import load

    print_summary(load(), markdown=args.markdown)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("corpus", help="print the outline of the source with passage ids")
    p.add_argument("--width", type=int, default=60, help="snippet width")
    p.set_defaults(func=_corpus)

    p = sub.add_parser("build", help="check the facts, build and validate the graph, write graph/")
    p.add_argument("--check", action="store_true", help="check the facts only; write nothing")
    p.add_argument("--facts", metavar="DIR", help="fact folder (default facts/)")
    p.add_argument("--out", metavar="PATH", help="output file (default graph/ict.ttl)")
    p.set_defaults(func=_build)

    p = sub.add_parser("validate", help="re-check a built graph (SHACL shapes + QC queries)")
    p.add_argument("path", nargs="?", help="graph file (default graph/ict.ttl)")
    p.set_defaults(func=_validate)

    p = sub.add_parser("stats", help="print what is in the built graph")
    p.add_argument("--markdown", action="store_true", help="a Markdown table (for the README)")
    p.set_defaults(func=_stats)
