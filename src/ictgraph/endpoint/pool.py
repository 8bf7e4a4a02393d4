"""Worker processes that each hold a loaded store, so that a query past its timeout can be killed."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ictgraph.endpoint.formats import Choice, NotAcceptable, ResultTooLarge, render
from ictgraph.errors import IctgraphError

# Neither pyoxigraph nor rdflib can cancel a running query: the only way to stop one is to end the
# process that runs it. "spawn" because forking a server that already runs threads is unsafe.
_CONTEXT = mp.get_context("spawn")


class QueryFailed(IctgraphError):
    """A query the store rejected or could not answer; `status` is the HTTP status to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class StoreConfig:
    """What each worker opens: a store spec (see `ictgraph.query.stores.open_store`) and its options."""

    spec: str
    graph: str | None = None
    path: Path | None = None


def _work(config: StoreConfig, conn: Connection) -> None:
    """A worker's life: open the store once, then answer jobs until the pipe closes."""
    from ictgraph.query.stores import open_store

    store = open_store(config.spec, graph=config.graph, path=config.path)
    conn.send(("ready", None))
    while True:
        try:
            sparql, choice, max_results = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", render(store.answer(sparql), choice, max_results)))
        except SyntaxError as exc:
            conn.send((400, f"SPARQL syntax error: {exc}"))
        except (NotAcceptable, ResultTooLarge) as exc:
            conn.send((406 if isinstance(exc, NotAcceptable) else 400, str(exc)))
        except Exception as exc:  # any other store failure is the server's, not the client's
            message = str(exc).splitlines()[0] if str(exc) else ""
            conn.send((_status_for(exc), f"{type(exc).__name__}: {message}"))


def _status_for(exc: Exception) -> int:
    # rdflib reports syntax errors as pyparsing ParseException, which is not a SyntaxError.
    return 400 if type(exc).__name__ in ("ParseException", "ParseSyntaxException") else 500


class _Worker:
    def __init__(self, config: StoreConfig) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_work, args=(config, child), daemon=True)
        self.process.start()
        child.close()
        status, _ = self.conn.recv()  # blocks until the store is loaded, or raises EOFError
        if status != "ready":
            raise RuntimeError(f"worker failed to start: {status}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """A fixed number of workers; a job waits for a free one, and a worker past the timeout is replaced."""

    def __init__(self, config: StoreConfig, size: int, timeout: float) -> None:
        self.config = config
        self.size = size
        self.timeout = timeout
        # One thread per worker waits on its pipe, plus one to start replacements.
        self._threads = ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="ictgraph-pool")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each has loaded its store."""
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, _Worker, self.config)
                                         for _ in range(self.size)))
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    def pids(self) -> list[int]:
        """The worker process ids (for memory measurements)."""
        return [w.process.pid for w in self._all if w.process.pid is not None]

    async def run(self, sparql: str, choice: Choice, max_results: int) -> tuple[bytes, str]:
        """Run one query on a free worker within the timeout (waiting for a worker counts too)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryFailed(503, f"every worker stayed busy for {self.timeout:g} s: try again later") from None
        try:
            worker.conn.send((sparql, choice, max_results))
            remaining = max(deadline - loop.time(), 0.0)
            ready = await loop.run_in_executor(self._threads, worker.conn.poll, remaining)
            if not ready:
                raise TimeoutError
            status, payload = await loop.run_in_executor(self._threads, worker.conn.recv)
        except (TimeoutError, EOFError, OSError):
            self._replace(worker)
            raise QueryFailed(504, f"the query ran past the {self.timeout:g} s timeout and was stopped") from None
        self._idle.put_nowait(worker)
        if status != "ok":
            raise QueryFailed(status, payload)
        return payload

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background; the pool is one short meanwhile."""
        self._all.discard(worker)
        worker.kill()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, _Worker, self.config)
        future.add_done_callback(self._adopt)

    def _adopt(self, future: asyncio.Future[_Worker]) -> None:
        if future.exception() is None:
            worker = future.result()
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker (they hold nothing that needs saving)."""
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
