"""`ictgraph serve`: a read-only SPARQL 1.1 endpoint and query page, the explorer, and the graph's IRIs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ictgraph.cli.options import (
    add_input_argument,
    add_lang_argument,
    add_store_arguments,
    chosen_lang,
    positive_seconds,
    store_spec,
    whole_number,
)
from ictgraph.errors import UsageError
from ictgraph.vocab import BASE

#: Query processes at most: each holds a copy of the store in memory.
MAX_WORKERS = 64


def _serve(args: argparse.Namespace) -> int:
    from ictgraph import resources
    from ictgraph.build.void import DATASET
    from ictgraph.endpoint.app import Explorer, Limits
    from ictgraph.endpoint.pool import StoreConfig
    from ictgraph.endpoint.server import bind_socket, check_config, default_workers, run_server, short_workers_for
    from ictgraph.publish.site.cache import default_cache, ensure_site
    from ictgraph.query.stores import IN_MEMORY

    spec = store_spec(args)
    workers = args.workers or default_workers()
    if spec.startswith("oxigraph:"):
        # RocksDB lets one process open a folder read-write; the others would fail on its lock.
        workers = 1
    public = _base(args.base)
    lang = chosen_lang(args)
    graph = args.input or resources.GRAPH_TTL
    # In memory, the dataset description sits in a named graph beside the data (see README, Design notes).
    named = ((str(DATASET), graph.parent / "void.ttl"),) if spec in IN_MEMORY else ()
    config = StoreConfig(spec, graph=args.graph, path=args.input, named=named)
    limits = Limits(timeout=args.timeout, max_results=args.max_results, workers=workers,
                    short_timeout=args.short_timeout, max_memory=_bytes(args.max_memory))
    check_config(config)
    sock = bind_socket(args.host, args.port, public=args.public)  # a taken port is refused before the banner
    try:
        site = ensure_site(Path(args.site_cache) if args.site_cache else default_cache(), graph,
                           resources.ONTOLOGY, lang, progress=_progress)
    except BaseException:
        sock.close()
        raise
    base = f"http://{args.host}:{sock.getsockname()[1]}"  # the port bound, also when --port 0 let the system pick
    short = " + 1 for short queries" if short_workers_for(config) else ""
    memory = f"{limits.max_memory >> 20} MiB" if limits.max_memory else "no cap"
    print(f"ictgraph serve: {spec} at {base}/sparql, the explorer at {base}/, IRIs under {public} resolve; "
          f"timeout {limits.timeout:g} s, at most {limits.max_results} results, {workers} workers{short}, "
          f"{memory} of memory each", flush=True)
    run_server(sock, config, limits, Explorer(site, public, lang), public=args.public, announce=_announce)
    return 0


def _base(url: str) -> str:
    """`--base`: an http(s) URL, ending in a slash so that a path appends to it.

    >>> _base("https://example.org/kg"), _base("https://w3id.org/ictgraph/")
    ('https://example.org/kg/', 'https://w3id.org/ictgraph/')
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base {url}: give the http(s) address the server's paths are public under, "
                         f"such as {BASE}")
    return url if url.endswith("/") else url + "/"


def _announce(line: str) -> None:
    print(f"ictgraph serve: {line}", flush=True)


def _progress(line: str) -> None:
    # On stderr, so that the first line on stdout is still the banner (scripts read the port from it).
    print(f"ictgraph serve: {line}", file=sys.stderr, flush=True)


def _bytes(size: str) -> int | None:
    """`--max-memory`: 1G, 512M, 1073741824, or 0 for no cap."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = size.strip().upper().removesuffix("IB").removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except (ValueError, OverflowError):  # not a number; inf or nan
        raise UsageError(f"--max-memory {size}: give a size such as 1G or 512M (0 for no cap)") from None
    if value and value < 64 << 20:
        raise UsageError(f"--max-memory {size}: a worker needs at least 64M")
    return value or None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint, the explorer, and the graph's IRIs resolving")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback unless --public)")
    p.add_argument("--port", type=whole_number(0, 65535, "a TCP port"), default=7878,
                   help="TCP port (default 7878; 0 lets the system pick a free one)")
    p.add_argument("--public", action="store_true", help="allow a non-loopback --host")
    p.add_argument("--base", default=BASE, metavar="URL",
                   help=f"the address this server's paths are public under: /id/... answers for the IRI URL + id/... "
                        f"(default {BASE}, for a server the w3id redirect points at)")
    add_lang_argument(p, "the explorer's language for browsers that prefer neither Japanese nor English")
    p.add_argument("--site-cache", metavar="DIR",
                   help="where the server keeps the explorer it builds (default $XDG_CACHE_HOME/ictgraph/explorer)")
    add_store_arguments(p)
    add_input_argument(p, "graph file for in-memory stores (default graph/ict.ttl)")
    p.add_argument("--timeout", type=positive_seconds, default=10.0,
                   help="seconds before a query is stopped (default 10)")
    p.add_argument("--max-results", type=whole_number(1, 10**9, "a number of results"), default=100_000,
                   help="rows or triples per answer (default 100000)")
    p.add_argument("--workers", type=whole_number(1, MAX_WORKERS, "a number of query processes"),
                   help="query processes (default: CPUs, 2 to 4), plus one for short queries")
    p.add_argument("--short-timeout", type=positive_seconds, default=0.25,
                   help="seconds a query may run on the worker kept for short queries (default 0.25)")
    p.add_argument("--max-memory", default="1G", metavar="SIZE",
                   help="address space of each query worker, e.g. 1G or 512M; 0 for no cap (default 1G)")
    p.set_defaults(func=_serve)
