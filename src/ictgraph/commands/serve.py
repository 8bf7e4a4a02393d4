"""`ictgraph serve | push`: a read-only SPARQL endpoint over the graph, and copies of it into other stores."""

from __future__ import annotations

import argparse
from pathlib import Path

from ictgraph.commands.errors import UserError


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """`--store` and `--endpoint`/`--graph`, shared by every command that reads a store."""
    parser.add_argument("--store", default="oxigraph", metavar="SPEC",
                        help="oxigraph (in memory, default) | oxigraph:DIR (on disk, filled by `push`) | memory "
                             "(rdflib) | a SPARQL query URL")
    parser.add_argument("--endpoint", metavar="QUERY_URL",
                        help="a remote SPARQL 1.1 query endpoint (same as --store URL)")
    parser.add_argument("--graph", metavar="IRI", help="the named graph to read on a remote endpoint")


def store_spec(args: argparse.Namespace) -> str:
    """The store named by `--store`/`--endpoint` (they exclude each other)."""
    if args.endpoint and args.store not in ("oxigraph", args.endpoint):
        raise UserError("give either --store or --endpoint, not both")
    return args.endpoint or args.store


def _serve(args: argparse.Namespace) -> int:
    from ictgraph.endpoint.app import Limits
    from ictgraph.endpoint.pool import StoreConfig
    from ictgraph.serve import default_workers, run_server

    if args.timeout <= 0 or args.max_results <= 0 or args.short_timeout <= 0:
        raise UserError("--timeout, --short-timeout and --max-results must be positive")
    spec = store_spec(args)
    if spec.startswith("oxigraph:") and (args.workers or default_workers()) > 1:
        # RocksDB lets one process open a folder read-write; the others would fail on its lock.
        args.workers = 1
    config = StoreConfig(spec, graph=args.graph, path=Path(args.path) if args.path else None)
    limits = Limits(timeout=args.timeout, max_results=args.max_results, workers=args.workers or default_workers(),
                    short_timeout=args.short_timeout, max_memory=_bytes(args.max_memory))
    run_server(args.host, args.port, config, limits, public=args.public)
    return 0


def _bytes(size: str) -> int | None:
    """`--max-memory`: 1G, 512M, 1073741824, or 0 for no cap."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = size.strip().upper().removesuffix("IB").removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise UserError(f"--max-memory {size}: give a size such as 1G or 512M (0 for no cap)") from None
    if value and value < 64 << 20:
        raise UserError(f"--max-memory {size}: a worker needs at least 64M")
    return value or None


def _push(args: argparse.Namespace) -> int:
    from ictgraph import paths
    from ictgraph.push import count_triples, push_to_directory, push_to_graph_store

    source = Path(args.path) if args.path else paths.GRAPH_TTL
    if not source.exists():
        raise UserError(f"{source} does not exist: run `ictgraph build` first")
    sources = [source] if args.no_ontology else [source, paths.ONTOLOGY]
    if args.store:
        if not args.store.startswith("oxigraph:"):
            raise UserError(f"--store {args.store}: push writes only to oxigraph:DIR (or use --endpoint)")
        directory = Path(args.store.removeprefix("oxigraph:"))
        print(f"{directory}: {push_to_directory(sources, directory)} triples")
        return 0
    if not (args.endpoint and args.graph_store and args.graph):
        raise UserError("push needs --store oxigraph:DIR, or --endpoint QUERY_URL --graph-store GSP_URL --graph IRI")
    push_to_graph_store(sources, args.graph_store, args.graph)
    print(f"{args.graph} at {args.endpoint}: {count_triples(args.endpoint, args.graph)} triples")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint and query page over the graph")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback unless --public)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--public", action="store_true", help="allow a non-loopback --host")
    add_store_arguments(p)
    p.add_argument("--path", metavar="TTL", help="graph file for in-memory stores (default graph/ict.ttl)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds before a query is stopped (default 10)")
    p.add_argument("--max-results", type=int, default=100_000, help="rows or triples per answer (default 100000)")
    p.add_argument("--workers", type=int, help="query processes (default: CPUs, 2 to 4), plus one for short queries")
    p.add_argument("--short-timeout", type=float, default=0.25,
                   help="seconds a query may run on the worker kept for short queries (default 0.25)")
    p.add_argument("--max-memory", default="1G", metavar="SIZE",
                   help="address space of each query worker, e.g. 1G or 512M; 0 for no cap (default 1G)")
    p.set_defaults(func=_serve)

    p = sub.add_parser("push", help="copy the graph into an on-disk Oxigraph store or a remote SPARQL store")
    p.add_argument("--store", metavar="oxigraph:DIR", help="an on-disk Oxigraph folder (replaced whole)")
    p.add_argument("--endpoint", metavar="QUERY_URL", help="the remote store's SPARQL query URL (to check the load)")
    p.add_argument("--graph-store", metavar="GSP_URL", help="its SPARQL 1.1 Graph Store Protocol URL")
    p.add_argument("--graph", metavar="IRI", help="the named graph to replace")
    p.add_argument("--path", metavar="TTL", help="graph file (default graph/ict.ttl)")
    p.add_argument("--no-ontology", action="store_true", help="push the instance data only")
    p.set_defaults(func=_push)
