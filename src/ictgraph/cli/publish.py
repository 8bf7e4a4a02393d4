"""`ictgraph export | diff | push`: the graph in other formats, changes between builds, copies in other stores."""

from __future__ import annotations

import argparse
from pathlib import Path

from ictgraph.cli.options import add_graph_argument, add_input_argument
from ictgraph.errors import ExportError, UsageError

# Kept here as well as in ictgraph.publish so that `ictgraph --help` need not import rdflib.
RDF_FORMATS = ("ttl", "nt", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS


def _export(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.publish.network_export import export_network
    from ictgraph.publish.rdf_export import export_rdf, load_export_graph

    out = Path(args.output)
    if out.resolve().is_relative_to(resources.GRAPH_DIR.resolve()):
        raise ExportError(f"{out} is inside graph/, which holds the build's output only: write exports elsewhere")
    if args.input and not args.input.is_file():
        raise UsageError(f"{args.input} is not a file: give a Turtle graph or leave --input out")
    if args.with_ontology and args.format in NETWORK_FORMATS:
        raise UsageError(f"--with-ontology applies to {', '.join(RDF_FORMATS)}: a {args.format} network has the "
                         "records as nodes, each with its classes in the `class` attribute")
    graph = load_export_graph(args.input, with_ontology=args.with_ontology, inferred=args.inferred)
    export = export_rdf if args.format in RDF_FORMATS else export_network
    try:
        print(export(graph, args.format, out))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}; nothing was written") from exc
    return 0


def _diff(args: argparse.Namespace) -> int:
    from ictgraph.publish.diff import diff_graphs, format_diff, read_graph

    old, new = (read_graph(Path(p)) for p in (args.old, args.new))
    changes = diff_graphs(old, new)
    for line in format_diff(changes, old, new):
        print(line)
    return 1 if changes else 0


def _push(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.publish.push import count_triples, push_to_directory, push_to_graph_store

    source = args.input or resources.GRAPH_TTL
    if not source.exists():
        raise UsageError(f"{source} does not exist: run `ictgraph build` first")
    sources = [source] if args.no_ontology else [source, resources.ONTOLOGY]
    if args.store:
        if not args.store.startswith("oxigraph:"):
            raise UsageError(f"--store {args.store}: push writes only to oxigraph:DIR (or use --endpoint)")
        directory = Path(args.store.removeprefix("oxigraph:"))
        print(f"{directory}: {push_to_directory(sources, directory)} triples")
        return 0
    if not (args.endpoint and args.graph_store and args.graph):
        raise UsageError("push needs --store oxigraph:DIR, or --endpoint QUERY_URL --graph-store GSP_URL --graph IRI")
    push_to_graph_store(sources, args.graph_store, args.graph)
    print(f"{args.graph} at {args.endpoint}: {count_triples(args.endpoint, args.graph)} triples")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write the graph as ttl, nt, jsonld, or as a network (graphml, gexf, csv)")
    p.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    p.add_argument("--output", "-o", required=True, metavar="PATH",
                   help="output file; for csv a folder (not a .csv name) that gets nodes.csv and edges.csv")
    p.add_argument("--with-ontology", action="store_true",
                   help="add ontology/ict.ttl (ttl, nt and jsonld only; refused for network formats)")
    p.add_argument("--inferred", action="store_true",
                   help="add what OWL 2 RL entails from the ontology (computed on a copy)")
    add_input_argument(p, "graph to export (default graph/ict.ttl)")
    p.set_defaults(func=_export)

    p = sub.add_parser("diff", help="what changed between two builds, by entity; exit 1 if they differ")
    p.add_argument("old", help="the earlier graph (Turtle)")
    p.add_argument("new", help="the later graph (Turtle)")
    p.set_defaults(func=_diff)

    p = sub.add_parser("push", help="copy the graph into an on-disk Oxigraph store or a remote SPARQL store")
    p.add_argument("--store", metavar="oxigraph:DIR", help="an on-disk Oxigraph folder (replaced whole)")
    p.add_argument("--endpoint", metavar="QUERY_URL", help="the remote store's SPARQL query URL (to check the load)")
    p.add_argument("--graph-store", metavar="GSP_URL", help="its SPARQL 1.1 Graph Store Protocol URL")
    add_graph_argument(p, "the named graph to replace")
    add_input_argument(p)
    p.add_argument("--no-ontology", action="store_true", help="push the instance data only")
    p.set_defaults(func=_push)
