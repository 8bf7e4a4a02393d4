"""Run the SPARQL endpoint with uvicorn on a socket bound first; non-loopback addresses only when asked."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path

from ictgraph.endpoint.app import Explorer, Limits, create_app
from ictgraph.endpoint.pool import StoreConfig
from ictgraph.errors import StoreError, UsageError
from ictgraph.query.stores.spec import store_folder


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


def bind_socket(host: str, port: int, public: bool = False) -> socket.socket:
    """A listening socket on `host:port`, so that a taken port is found before anything is announced.

    A non-loopback `host` needs `public`, because the data and the CPU are exposed.
    """
    if not public and not is_loopback(host):
        raise UsageError(f"{host} is not a loopback address: add --public to serve other machines")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise UsageError(f"{host} is not an address this machine can listen on: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
    return sock


def check_config(config: StoreConfig) -> None:
    """Refuse a graph file (or the description beside it) that does not exist, or a folder push did not
    fill, before any worker opens it."""
    for path in (config.path, *(p for _, p in config.named)):
        if path is not None and not Path(path).exists():
            raise StoreError(f"{path} does not exist: run `ictgraph build` first")
    if config.spec.startswith("oxigraph:"):
        store_folder(config.spec)


def short_workers_for(config: StoreConfig) -> int:
    """Workers kept for short queries: none for an on-disk store, whose folder one process opens at a time."""
    return 0 if config.spec.startswith("oxigraph:") else 1


def run_server(sock: socket.socket, config: StoreConfig, limits: Limits, explorer: Explorer, public: bool = False,
               announce: Callable[[str], None] | None = None) -> None:
    """Serve on the bound socket until interrupted; `announce` hears what the workers report once started.

    Unless `public`, the app answers only requests whose Host names this loopback port (DNS rebinding).
    """
    import uvicorn

    from ictgraph.endpoint.protocol import HEAD_ALLOWANCE, LimitedH11Protocol

    host, port = sock.getsockname()[:2]
    app = create_app(config, limits, explorer, port=None if public else port, announce=announce,
                     short_workers=short_workers_for(config))
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", http=LimitedH11Protocol,
                                           h11_max_incomplete_event_size=limits.max_request_bytes + HEAD_ALLOWANCE))
    server.run(sockets=[sock])
