"""`ictgraph export | diff | push`: the graph in other formats, changes between builds, copies in other stores."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.cli.options import (
    add_graph_argument,
    add_input_argument,
    add_lang_argument,
    chosen_lang,
    positive_seconds,
)
from ictgraph.errors import ExportError, UsageError

if TYPE_CHECKING:
    from rdflib import Graph

# Kept here as well as in ictgraph.publish so that `ictgraph --help` need not import rdflib.
RDF_FORMATS = ("ttl", "nt", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS


def _export(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.io import check_output_file
    from ictgraph.publish.network_export import check_network_target, export_network
    from ictgraph.publish.rdf_export import export_rdf, load_export_graph

    if not args.output:
        raise UsageError("-o '': names no file (an unset variable?); give a path, or - for standard output")
    to_stdout = args.output == "-"
    out = Path(args.output)
    if to_stdout and args.format == "csv":
        raise UsageError("-o -: csv export writes a folder of two files; give a folder name")
    if not to_stdout and out.resolve().is_relative_to(resources.GRAPH_DIR.resolve()):
        raise ExportError(f"{out} is inside graph/, which holds the build's output only: write exports elsewhere")
    if args.input and not args.input.is_file():
        raise UsageError(f"{args.input} is not a file: give a Turtle graph or leave --input out")
    if args.with_ontology and args.format in NETWORK_FORMATS:
        raise UsageError(f"--with-ontology applies to {', '.join(RDF_FORMATS)}: a {args.format} network has the "
                         "records as nodes, each with its classes in the `class` attribute")
    # A FIFO, a device, a link or a foreign folder is refused before the slow part.
    if not to_stdout and args.format in NETWORK_FORMATS:
        check_network_target(out, args.format)
    elif not to_stdout:
        check_output_file(out)
    graph = load_export_graph(args.input, with_ontology=args.with_ontology, inferred=args.inferred)
    if to_stdout:
        _export_to_stdout(graph, args.format)
        return 0
    export = export_rdf if args.format in RDF_FORMATS else export_network
    print(export(graph, args.format, out))
    return 0


def _export_to_stdout(graph: Graph, fmt: str) -> None:
    """`-o -`: the bytes on standard output, the account on standard error (so a pipe gets data only)."""
    from ictgraph.publish.network_export import serialize_network, to_entity_network
    from ictgraph.publish.rdf_export import serialize_rdf

    if fmt in RDF_FORMATS:
        data, what = serialize_rdf(graph, fmt), f"{len(graph)} triples"
    else:
        network = to_entity_network(graph)
        data = serialize_network(network, fmt)
        what = f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges"
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    print(f"wrote standard output ({what}, {len(data) / 1024:.0f} KiB)", file=sys.stderr)


def _diff(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.publish.diff import diff_graphs, format_diff, read_graph

    old, new = (read_graph(Path(p)) for p in (args.old, args.new))
    changes = diff_graphs(old, new)
    ontology = read_graph(resources.ONTOLOGY) if changes else None  # labels of properties, classes, topics
    for line in format_diff(changes, old, new, chosen_lang(args), ontology):
        print(line)
    return 1 if changes else 0


def _push(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.publish.push import count_triples, push_to_directory, push_to_graph_store
    from ictgraph.query.stores.remote import check_http_url

    source = args.input or resources.GRAPH_TTL
    if not source.is_file():
        raise UsageError(f"{source} is not a file: run `ictgraph build` first, or give a Turtle file to --input")
    sources = [source] if args.no_ontology else [source, resources.ONTOLOGY]
    if args.store is not None:
        if not args.store.startswith("oxigraph:"):
            raise UsageError(f"--store {args.store}: push writes only to oxigraph:DIR (or use --endpoint)")
        name = args.store.removeprefix("oxigraph:")
        if not name:
            raise UsageError("--store oxigraph:: names no folder (an unset variable?); give oxigraph:DIR")
        directory, count = push_to_directory(sources, Path(name))
        print(f"{directory}: {count} triples")
        return 0
    if not (args.endpoint and args.graph_store and args.graph):
        raise UsageError("push needs --store oxigraph:DIR, or --endpoint QUERY_URL --graph-store GSP_URL --graph IRI")
    check_http_url(args.endpoint, "--endpoint")  # both URLs are checked before anything is sent
    push_to_graph_store(sources, check_http_url(args.graph_store, "--graph-store"), args.graph, args.timeout)
    print(f"{args.graph} at {args.endpoint}: {count_triples(args.endpoint, args.graph, args.timeout)} triples")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write the graph as ttl, nt, jsonld, or as a network (graphml, gexf, csv)")
    p.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    p.add_argument("--output", "-o", required=True, metavar="PATH",
                   help="output file (a new path or a regular file, replaced atomically; - writes to standard "
                        "output); for csv a folder (not a .csv name) that gets nodes.csv and edges.csv")
    p.add_argument("--with-ontology", action="store_true",
                   help="add ontology/ict.ttl (ttl, nt and jsonld only; refused for network formats)")
    p.add_argument("--inferred", action="store_true",
                   help="add what OWL 2 RL entails from the ontology (computed on a copy)")
    add_input_argument(p, "graph to export (default graph/ict.ttl)")
    p.set_defaults(func=_export)

    p = sub.add_parser("diff", help="which records appeared, disappeared or changed between two builds (and how); "
                                    "exit 1 if they differ")
    p.add_argument("old", help="the earlier graph (Turtle)")
    p.add_argument("new", help="the later graph (Turtle)")
    add_lang_argument(p, "language of the labels shown")
    p.set_defaults(func=_diff)

    p = sub.add_parser("push", help="copy the graph into an on-disk Oxigraph store or a remote SPARQL store")
    p.add_argument("--store", metavar="oxigraph:DIR",
                   help="an on-disk Oxigraph folder: new, empty, or one push filled before (replaced whole); "
                        "any other folder is refused")
    p.add_argument("--endpoint", metavar="QUERY_URL", help="the remote store's SPARQL query URL (to check the load)")
    p.add_argument("--graph-store", metavar="GSP_URL", help="its SPARQL 1.1 Graph Store Protocol URL")
    add_graph_argument(p, "the named graph to replace")
    add_input_argument(p)
    p.add_argument("--no-ontology", action="store_true", help="push the instance data only")
    p.add_argument("--timeout", type=positive_seconds, default=60.0, metavar="SECONDS",  # push.DEFAULT_TIMEOUT
                   help="give up on a remote store silent this long (connecting: at most 10 s); default 60")
    p.set_defaults(func=_push)
