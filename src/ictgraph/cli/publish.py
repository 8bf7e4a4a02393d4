"""`ictgraph export | diff`: the graph in other formats, and what changed between two builds."""

from __future__ import annotations

import argparse
from pathlib import Path

from ictgraph.errors import UserError

# Kept here as well as in ictgraph.publish.rdf_export so that `ictgraph --help` need not import rdflib.
FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv")


def _export(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.publish.rdf_export import export_graph, load_export_graph

    out = Path(args.output)
    if out.resolve().is_relative_to(resources.GRAPH_DIR.resolve()):
        raise UserError(f"{out} is inside graph/, which holds the build's output only: write exports elsewhere")
    source = Path(args.graph) if args.graph else None
    if source and not source.is_file():
        raise UserError(f"{source} is not a file: give a Turtle graph or leave --graph out")
    try:
        graph = load_export_graph(source, with_ontology=args.with_ontology, inferred=args.inferred)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    try:
        print(export_graph(graph, args.format, out))
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}; nothing was written") from exc
    return 0


def _diff(args: argparse.Namespace) -> int:
    from ictgraph.publish.diff import diff_graphs, format_diff, read_graph

    old, new = (read_graph(Path(p)) for p in (args.old, args.new))
    changes = diff_graphs(old, new)
    for line in format_diff(changes, old, new):
        print(line)
    return 1 if changes else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the graph as ttl, nt, jsonld, or as a network (graphml, gexf, csv)")
    p.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    p.add_argument("--output", "-o", required=True, metavar="PATH", help="output file (a folder for csv)")
    p.add_argument("--with-ontology", action="store_true", help="add ontology/ict.ttl")
    p.add_argument("--inferred", action="store_true",
                   help="add what OWL 2 RL entails from the ontology (computed on a copy)")
    p.add_argument("--graph", metavar="PATH", help="graph to export (default graph/ict.ttl)")
    p.set_defaults(func=_export)

    p = sub.add_parser("diff", help="what changed between two builds, by entity; exit 1 if they differ")
    p.add_argument("old", help="the earlier graph (Turtle)")
    p.add_argument("new", help="the later graph (Turtle)")
    p.set_defaults(func=_diff)
