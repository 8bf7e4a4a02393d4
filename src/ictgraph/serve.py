"""Run the SPARQL endpoint with uvicorn, refusing non-loopback addresses unless asked."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from ictgraph.commands.errors import UserError
from ictgraph.endpoint.app import Limits, create_app
from ictgraph.endpoint.pool import StoreConfig


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_workers() -> int:
    """Two workers at least, so that one slow query never blocks the next; at most four by default."""
    return max(2, min(4, os.cpu_count() or 2))


def run_server(host: str, port: int, config: StoreConfig, limits: Limits, public: bool = False) -> None:
    """Serve until interrupted. A non-loopback `host` needs `public`, because the data and the CPU are exposed."""
    import uvicorn

    if not public and not is_loopback(host):
        raise UserError(f"{host} is not a loopback address: add --public to serve other machines")
    if config.path is not None and not Path(config.path).exists():
        raise UserError(f"{config.path} does not exist: run `ictgraph build` first")
    from ictgraph.endpoint.protocol import HEAD_ALLOWANCE, LimitedH11Protocol

    # Workers for an on-disk store open it one at a time (RocksDB's lock): no extra short-query worker.
    short_workers = 0 if config.spec.startswith("oxigraph:") else 1
    memory = f"{limits.max_memory >> 20} MiB" if limits.max_memory else "no cap"
    print(f"ictgraph serve: {config.spec} at http://{host}:{port}/sparql (query page http://{host}:{port}/); "
          f"timeout {limits.timeout:g} s, at most {limits.max_results} results, {limits.workers} workers"
          f"{' + 1 for short queries' if short_workers else ''}, {memory} of memory each", flush=True)

    def announce(line: str) -> None:
        print(f"ictgraph serve: {line}", flush=True)

    app = create_app(config, limits, port=None if public else port, announce=announce, short_workers=short_workers)
    uvicorn.run(app, host=host, port=port, log_level="warning", http=LimitedH11Protocol,
                h11_max_incomplete_event_size=limits.max_request_bytes + HEAD_ALLOWANCE)
