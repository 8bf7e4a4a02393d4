"""`ictgraph corpus | passage | build | validate | stats`: the source, one passage to quote from, and the build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ictgraph.errors import UsageError


def _corpus(args: argparse.Namespace) -> int:
    from ictgraph.source.corpus import iter_outline, load_corpus

    corpus = load_corpus()
    for line in iter_outline(corpus, width=args.width):
        print(line)
    print(f"\n{len(corpus.passages)} passages, sha256 {corpus.sha256}")
    return 0


def _passage(args: argparse.Namespace) -> int:
    from ictgraph.source.corpus import iter_passage, load_corpus

    corpus = load_corpus()
    if args.id not in corpus:
        closest = corpus.closest(args.id)
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        raise UsageError(f"no passage {args.id!r}{hint} (`ictgraph corpus` lists the ids)")
    for line in iter_passage(corpus, args.id):
        print(line)
    return 0


def _build(args: argparse.Namespace) -> int:
    from ictgraph.build.pipeline import run_build
    from ictgraph.build.summary import format_summary
    from ictgraph.errors import BuildError

    if args.facts and not args.facts.is_dir():
        raise UsageError(f"{args.facts} is not a folder of fact files")
    if args.out and args.out_dir:
        raise UsageError("give --out FILE (the graph alone) or --out-dir DIR (graph and VoID), not both")
    try:
        result = run_build(check_only=args.check, facts_dir=args.facts, out=args.out, out_dir=args.out_dir)
    except BuildError as exc:
        # Every problem on a line of its own; the count line follows as the command's error (exit 2).
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise
    if result.path is None:
        print(f"facts check out: {len(result.graph)} triples would be written")
        return 0
    print(f"wrote {result.path} ({len(result.graph)} triples, "
          f"{result.size / 1024:.0f} KiB) in {result.seconds:.1f} s; SHACL and QC: conforms")
    print(format_summary(result.summary))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.authoring.ontology import load_ontology
    from ictgraph.build.validate import validate_graph
    from ictgraph.query.stores import load

    path = args.path or resources.GRAPH_TTL
    violations = validate_graph(load(path, store="memory"), load_ontology().graph)
    for v in violations:
        print(v)
    if violations:
        print(f"{path}: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"{path}: conforms (SHACL shapes and every QC query)")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from ictgraph.authoring.ontology import load_ontology
    from ictgraph.build.summary import format_summary, summarise
    from ictgraph.query.stores import load

    print(format_summary(summarise(load(), load_ontology().graph), markdown=args.markdown))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("corpus", help="print the outline of the source with passage ids")
    p.add_argument("--width", type=int, default=60, help="snippet width")
    p.set_defaults(func=_corpus)

    p = sub.add_parser("passage", help="print one passage's text, to copy quotes from")
    p.add_argument("id", help="passage id, e.g. 1.1.u.pa.D.p1 (`ictgraph corpus` lists them)")
    p.set_defaults(func=_passage)

    p = sub.add_parser("build", help="check the facts, build and validate the graph, write graph/")
    p.add_argument("--check", action="store_true", help="check the facts only; write nothing")
    p.add_argument("--facts", metavar="DIR", type=Path, help="fact folder (default facts/)")
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write the graph alone to FILE (a new path or a regular file) instead of graph/")
    p.add_argument("--out-dir", metavar="DIR", type=Path,
                   help="write ict.ttl and void.ttl into DIR instead of graph/ (a new or empty folder, or one "
                        "holding only these two); the pair is switched in together")
    p.set_defaults(func=_build)

    p = sub.add_parser("validate", help="re-check a built graph (SHACL shapes + QC queries)")
    p.add_argument("path", nargs="?", type=Path, help="graph file (default graph/ict.ttl)")
    p.set_defaults(func=_validate)

    p = sub.add_parser("stats", help="print what is in the built graph")
    p.add_argument("--markdown", action="store_true", help="a Markdown table (for the README)")
    p.set_defaults(func=_stats)
