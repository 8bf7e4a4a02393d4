"""The life of one query worker process: wall itself off, load the store, then vet and answer queries.

Everything here runs in the worker, never in the server's event loop: parsing a 256 KiB query with
rdflib takes seconds and Oxigraph recurses once per operator of a chain, so both run in a thread
with a deep stack, and the server bounds them with its timeout by killing the process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.endpoint.formats import Choice, NotAcceptable, ResultTooLarge, answer_query
from ictgraph.endpoint.guard import Refused, Verdict, check_query, remember_verdicts
from ictgraph.endpoint.sandbox import Protection, cap_memory, die_with_parent, isolate, limit_malloc_arenas
from ictgraph.query.safety import DEEP_STACK_BYTES, RECURSION_LIMIT, Reading

if TYPE_CHECKING:
    from ictgraph.query.stores import Store

#: What the parent reads after a worker died: the allocator's last words go to this file.
OUT_OF_MEMORY_MARKERS = ("memory allocation of", "MemoryError", "Cannot allocate memory", "out of memory")


@dataclass(frozen=True)
class StoreConfig:
    """What each worker opens: a store spec (see `ictgraph.query.stores.open_store`) and its options.

    `named`: (graph IRI, Turtle file) pairs an in-memory store loads into named graphs (the dataset
    description, so that it can be queried without changing any answer about the default graph).
    """

    spec: str
    graph: str | None = None
    path: Path | None = None
    named: tuple[tuple[str, Path], ...] = ()

    @property
    def remote(self) -> bool:
        """A remote store is reached over the network, so its workers cannot be walled off."""
        return self.spec.startswith(("http://", "https://"))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """How the engine behind this store reads a text (a remote engine: either way)."""
        if self.remote:
            return ("oxigraph", "rdflib")
        return ("rdflib",) if self.spec == "memory" else ("oxigraph",)


@dataclass(frozen=True)
class WorkerSetup:
    """Everything a worker needs to start, sent to it when it is forked."""

    config: StoreConfig
    max_memory: int | None  # bytes of address space, or None for no cap
    probe_port: int | None  # the server's loopback listener that the worker must fail to reach
    log_path: str  # the worker's stderr, read by the server when the worker dies
    verdicts: Mapping[str, Verdict]  # the guard's on the named queries, parsed once by the server


def main(setup: WorkerSetup, conn: Connection, lifeline: Connection) -> None:
    """Entry point of a worker process (forked by multiprocessing, single-threaded at this point)."""
    # Ctrl-C in a terminal signals every process of the foreground group: a worker that died of it
    # would be seen dying by the server it is stopping, and replaced. It ends when the server stops it,
    # or with the server (the lifeline below), never on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    limit_malloc_arenas()
    if setup.config.remote:
        protection = Protection(False, False, False, ("the store is remote, so workers need the network",))
    else:
        protection = isolate(setup.probe_port)  # before any thread exists: unshare needs one thread
    fd = os.open(setup.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115 - lives as long as the process
    threading.Thread(target=_exit_with_server, args=(lifeline,), daemon=True, name="ictgraph-lifeline").start()
    sys.setrecursionlimit(RECURSION_LIMIT)
    threading.stack_size(DEEP_STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(setup, conn, protection), name="ictgraph-query")
    runner.start()
    runner.join()


def _exit_with_server(lifeline: Connection) -> None:
    """Block on a pipe the server never writes to: it reads end-of-file when the server is gone."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()
    os._exit(0)


def _serve(setup: WorkerSetup, conn: Connection, protection: Protection) -> None:
    from ictgraph.query.stores import open_store

    try:
        store = open_store(setup.config.spec, graph=setup.config.graph, path=setup.config.path,
                           named=dict(setup.config.named))
        check_query("ASK {}", setup.config.readings)  # the parser's first use builds caches: not in a query
        remember_verdicts(setup.verdicts, setup.config.readings)
        if setup.max_memory:
            cap_memory(setup.max_memory)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", protection.as_dict()))
    readings = setup.config.readings
    while True:
        try:
            sparql, choice, max_results = conn.recv()
        except (EOFError, OSError):
            return
        _truncate_log()
        status, payload, retire = _answer(store, sparql, choice, max_results, readings)
        conn.send((status, payload, retire))
        if retire:
            return


def _answer(store: Store, sparql: str, choice: Choice, max_results: int,
            readings: tuple[Reading, ...]) -> tuple[object, object, bool]:
    """(status, payload, retire): "ok" and (body, media type), or an HTTP status and one line."""
    try:
        check_query(sparql, readings)
        return "ok", answer_query(store, sparql, choice, max_results), False
    except Refused as exc:
        return exc.status, str(exc), False
    except SyntaxError as exc:
        return 400, f"SPARQL syntax error: {exc}", False
    except NotAcceptable as exc:
        return 406, str(exc), False
    except ResultTooLarge as exc:
        return 400, str(exc), False
    except MemoryError:
        # The heap may be in any state after a failed allocation: answer, then make way for a new worker.
        return 507, "the query needed more memory than this server gives a query: simplify it", True
    except Exception as exc:  # any other store failure is the server's, not the client's
        message = str(exc).splitlines()[0] if str(exc) else ""
        status = 400 if type(exc).__name__ in ("ParseException", "ParseSyntaxException") else 500
        return status, f"{type(exc).__name__}: {message}", False


def _truncate_log() -> None:
    # The log explains the death of the worker during the current query only.
    try:
        os.ftruncate(2, 0)
        os.lseek(2, 0, os.SEEK_SET)
    except OSError:
        pass


def died_of_memory(log_path: str) -> bool:
    """True if a dead worker's last words say an allocation failed (RLIMIT_AS reached)."""
    try:
        with open(log_path, "rb") as handle:
            head = handle.read(4096)  # Rust writes its message first, then perhaps a long backtrace
            handle.seek(max(len(head), os.fstat(handle.fileno()).st_size - 4096))
            words = (head + handle.read()).decode("utf-8", "replace")
    except OSError:
        return False
    return any(marker in words for marker in OUT_OF_MEMORY_MARKERS)
