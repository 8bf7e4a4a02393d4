"""`ictgraph serve`: a read-only SPARQL 1.1 endpoint and query page over the graph."""

from __future__ import annotations

import argparse

from ictgraph.cli.options import add_input_argument, add_store_arguments, store_spec
from ictgraph.errors import UsageError


def _serve(args: argparse.Namespace) -> int:
    from ictgraph.endpoint.app import Limits
    from ictgraph.endpoint.pool import StoreConfig
    from ictgraph.endpoint.server import bind_socket, check_config, default_workers, run_server, short_workers_for

    if args.timeout <= 0 or args.max_results <= 0 or args.short_timeout <= 0:
        raise UsageError("--timeout, --short-timeout and --max-results must be positive")
    spec = store_spec(args)
    workers = args.workers or default_workers()
    if spec.startswith("oxigraph:"):
        # RocksDB lets one process open a folder read-write; the others would fail on its lock.
        workers = 1
    config = StoreConfig(spec, graph=args.graph, path=args.input)
    limits = Limits(timeout=args.timeout, max_results=args.max_results, workers=workers,
                    short_timeout=args.short_timeout, max_memory=_bytes(args.max_memory))
    check_config(config)
    sock = bind_socket(args.host, args.port, public=args.public)  # a taken port is refused before the banner
    base = f"http://{args.host}:{sock.getsockname()[1]}"  # the port bound, also when --port 0 let the system pick
    short = " + 1 for short queries" if short_workers_for(config) else ""
    memory = f"{limits.max_memory >> 20} MiB" if limits.max_memory else "no cap"
    print(f"ictgraph serve: {spec} at {base}/sparql (query page {base}/); timeout {limits.timeout:g} s, "
          f"at most {limits.max_results} results, {workers} workers{short}, {memory} of memory each", flush=True)
    run_server(sock, config, limits, public=args.public, announce=_announce)
    return 0


def _announce(line: str) -> None:
    print(f"ictgraph serve: {line}", flush=True)


def _bytes(size: str) -> int | None:
    """`--max-memory`: 1G, 512M, 1073741824, or 0 for no cap."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = size.strip().upper().removesuffix("IB").removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise UsageError(f"--max-memory {size}: give a size such as 1G or 512M (0 for no cap)") from None
    if value and value < 64 << 20:
        raise UsageError(f"--max-memory {size}: a worker needs at least 64M")
    return value or None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint and query page over the graph")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback unless --public)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--public", action="store_true", help="allow a non-loopback --host")
    add_store_arguments(p)
    add_input_argument(p, "graph file for in-memory stores (default graph/ict.ttl)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds before a query is stopped (default 10)")
    p.add_argument("--max-results", type=int, default=100_000, help="rows or triples per answer (default 100000)")
    p.add_argument("--workers", type=int, help="query processes (default: CPUs, 2 to 4), plus one for short queries")
    p.add_argument("--short-timeout", type=float, default=0.25,
                   help="seconds a query may run on the worker kept for short queries (default 0.25)")
    p.add_argument("--max-memory", default="1G", metavar="SIZE",
                   help="address space of each query worker, e.g. 1G or 512M; 0 for no cap (default 1G)")
    p.set_defaults(func=_serve)
