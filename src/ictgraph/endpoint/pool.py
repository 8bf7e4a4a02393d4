"""Worker processes that each hold a loaded store, and the admission policy that shares them out.

Neither pyoxigraph nor rdflib can cancel a running query: the only way to stop one is to end the
process that runs it. So queries run in workers, forked from a server process that has imported
the engines already (a replacement is ready in about 0.1 s), and a worker past its time is killed.

Admission, so that slow queries cannot starve cheap ones:

- `workers` general workers run any query for up to `timeout` seconds, taking waiting queries
  oldest first;
- one more worker is kept for short queries: it takes a query only when every general worker is
  busy, the newest waiting one first, and gives it `short_timeout` seconds; a query that needs more
  goes back to wait for a general worker in its place in line (it is not failed), and its text is
  remembered as slow, so that the same text sent again (a client repeating a heavy query) never
  takes the short worker from the cheap queries waiting behind it;
- a query waits at most `timeout` seconds for a worker, and at most `max_waiting` wait at once;
  past either, 503 with Retry-After.

A worker that dies is told apart from a timeout: out of memory (its address space is capped) is
507, a crash is 500, and a worker killed from outside (SIGKILL) gets its query retried once. A
replacement that fails to start is logged and retried with backoff; shutdown starts none.
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import itertools
import logging
import multiprocessing as mp
import shutil
import signal
import socket
import tempfile
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictgraph.endpoint import worker as worker_main
from ictgraph.endpoint.formats import Choice
from ictgraph.endpoint.guard import Verdict, named_query_verdicts
from ictgraph.endpoint.worker import StoreConfig, WorkerSetup, died_of_memory
from ictgraph.errors import IctgraphError

__all__ = ["PoolLimits", "QueryFailed", "QueryPool", "StoreConfig"]

LOG = logging.getLogger("ictgraph.endpoint")
# Workers are forked from a clean single-threaded server process ("forkserver"), never from the
# threaded web server itself; it imports the engines once, so a replacement starts in about 0.1 s.
_CONTEXT = mp.get_context("forkserver")
#: Imported once by the fork server, so that a new worker only loads its store (rdflib's SPARQL
#: grammar alone takes 0.4 s of CPU to build).
_PRELOAD = [
    "ictgraph.endpoint.worker", "ictgraph.query.stores", "pyoxigraph", "oxrdflib", "rdflib.plugins.sparql.parser",
]
_START_TIMEOUT = 300.0  # seconds for a worker to load its store
_SLOW_TEXTS = 4096  # query texts remembered as too slow for the short worker (digests, least recent dropped)
_GENERAL, _SHORT = "general", "short"


class QueryFailed(IctgraphError):
    """A query the pool could not answer; `status` is the HTTP status, `retry_after` seconds or None."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class PoolLimits:
    """How many workers of each kind, how long a query may run on each, and how much memory."""

    workers: int = 2
    timeout: float = 10.0
    short_timeout: float = 0.25
    short_workers: int = 1
    max_memory: int | None = 1 << 30
    max_waiting: int = 64


class _Worker:
    """One worker process, the pipe to it, and the pipe whose closing tells it the server is gone."""

    def __init__(self, setup: WorkerSetup, lane: str) -> None:
        self.lane = lane
        self.log_path = setup.log_path
        self.state = "starting"  # then "idle", "busy" or "gone"
        self.killed = False  # by the pool (a timeout), as opposed to from outside
        self.conn, child = _CONTEXT.Pipe()
        lifeline_child, self._lifeline = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(target=worker_main.main, args=(setup, child, lifeline_child), daemon=True,
                                        name=f"ictgraph-{lane}-worker")
        self.process.start()
        child.close()
        lifeline_child.close()
        try:
            if not self.conn.poll(_START_TIMEOUT):
                raise RuntimeError(f"did not load its store within {_START_TIMEOUT:g} s")
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RuntimeError(f"exited while starting ({_exit_reason(self.process.exitcode)})") from None
        if status != "ready":
            self.kill()
            raise RuntimeError(str(payload))
        self.protection: dict[str, Any] = payload

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def kill(self) -> None:
        self.killed = True
        self.process.kill()
        self.process.join()
        self.conn.close()
        self._lifeline.close()


@dataclass(eq=False)
class _Job:
    seq: int
    deadline: float  # loop time after which the job stops waiting for a worker
    future: asyncio.Future[_Worker] = field(repr=False)
    text: bytes = b""  # a digest of the query's text, to recognise a text already known to be slow
    tried_short: bool = False
    retried: bool = False


class QueryPool:
    """The workers and the admission policy (see the module docstring)."""

    def __init__(self, config: StoreConfig, limits: PoolLimits) -> None:
        self.config = config
        self.limits = limits
        self.protection: dict[str, Any] | None = None
        short = limits.short_workers if limits.workers > 0 else 0
        self._lanes = {_GENERAL: limits.workers, _SHORT: short}
        self._threads = ThreadPoolExecutor(max_workers=limits.workers + short + 4, thread_name_prefix="ictgraph-pool")
        self._all: set[_Worker] = set()
        self._idle: dict[str, list[_Worker]] = {_GENERAL: [], _SHORT: []}
        self._waiting: list[_Job] = []
        self._slow: OrderedDict[bytes, None] = OrderedDict()  # texts that ran past the short budget
        self._seq = itertools.count()
        self._closing = False
        self._restarts: set[asyncio.Task[None]] = set()
        self._logs = Path(tempfile.mkdtemp(prefix="ictgraph-serve-"))
        self._log_names = itertools.count()
        # A loopback listener that no worker may reach: each worker tries at start, to prove its wall.
        self._probe = socket.create_server(("127.0.0.1", 0))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._verdicts: dict[str, Verdict] = {}

    # -- starting and stopping ---------------------------------------------------------------

    def _setup(self) -> WorkerSetup:
        log_path = str(self._logs / f"worker-{next(self._log_names)}.log")
        return WorkerSetup(self.config, self.limits.max_memory, self._probe.getsockname()[1], log_path,
                           self._verdicts)

    async def start(self) -> None:
        """Reach the guard's verdicts on the named queries, then start every worker (in parallel) with
        them and wait until each has loaded its store.

        The verdicts go to every worker started later too (`_setup`): a replacement for a worker
        killed at its budget starts with them rather than parsing each named query again.
        """
        self._loop = asyncio.get_running_loop()
        self._verdicts = await self._loop.run_in_executor(self._threads, named_query_verdicts, self.config.readings)
        _CONTEXT.set_forkserver_preload(_PRELOAD)
        lanes = [lane for lane, count in self._lanes.items() for _ in range(count)]
        workers = await asyncio.gather(*(self._loop.run_in_executor(self._threads, _Worker, self._setup(), lane)
                                         for lane in lanes), return_exceptions=True)
        failures = [w for w in workers if isinstance(w, BaseException)]
        if failures:
            for w in workers:
                if isinstance(w, _Worker):
                    w.kill()
            raise RuntimeError(f"a query worker failed to start: {failures[0]}")
        for w in workers:
            self._adopt(w)  # type: ignore[arg-type]

    async def close(self) -> None:
        """Stop every worker (they hold nothing that needs saving); start no replacement."""
        self._closing = True
        for task in list(self._restarts):
            task.cancel()
        for job in self._waiting:
            job.future.cancel()
        for w in list(self._all):
            self._forget(w)
            w.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._probe.close()
        shutil.rmtree(self._logs, ignore_errors=True)

    def status(self) -> dict[str, object]:
        """For /health: worker process ids, lanes, queue and network protection."""
        return {
            "workers": self.pids(),
            "lanes": {lane: sorted(w.pid for w in self._all if w.lane == lane and w.pid) for lane in self._lanes},
            "busy": sorted(w.pid for w in self._all if w.state == "busy" and w.pid),
            "waiting": len(self._waiting),
            "network_block": self.protection,
        }

    def pids(self) -> list[int]:
        """The worker process ids (for memory measurements)."""
        return sorted(w.pid for w in self._all if w.pid is not None)

    # -- running a query ---------------------------------------------------------------------

    async def run(self, sparql: str, choice: Choice, max_results: int) -> tuple[bytes, str]:
        """Answer one query on a worker under the admission policy; raise `QueryFailed` otherwise."""
        loop = asyncio.get_running_loop()
        if len(self._waiting) >= self.limits.max_waiting:
            raise QueryFailed(503, f"{len(self._waiting)} queries are already waiting for a worker: try again later",
                              retry_after=max(1, round(self.limits.timeout)))
        job = _Job(next(self._seq), loop.time() + self.limits.timeout, loop.create_future(),
                   hashlib.sha256(sparql.encode("utf-8", "surrogatepass")).digest())
        while True:
            worker = await self._acquire(job)
            budget = self.limits.timeout if worker.lane == _GENERAL else min(self.limits.short_timeout,
                                                                              self.limits.timeout)
            outcome, reply = await self._execute(worker, (sparql, choice, max_results), budget)
            if outcome == "answer":
                status, payload, retire = reply
                self._replace(worker) if retire else self._release(worker)
                if status != "ok":
                    raise QueryFailed(status, payload)
                return payload
            self._replace(worker)
            if outcome == "unavailable":  # the worker was already dead: not the query's doing
                continue
            if outcome == "timeout":
                if worker.lane == _SHORT:
                    job.tried_short = True  # back in line for a general worker, in its place
                    self._remember_slow(job.text)
                    continue
                raise QueryFailed(504, f"the query ran past the {self.limits.timeout:g} s timeout and was stopped")
            if died_of_memory(worker.log_path):
                mib = (self.limits.max_memory or 0) >> 20
                raise QueryFailed(507, f"the query needed more than the {mib} MiB each query worker may use, and was "
                                       "stopped: simplify it, or restart the server with a larger --max-memory")
            if worker.process.exitcode == -signal.SIGKILL and not job.retried:
                job.retried = True  # killed from outside (an administrator, the kernel): try once more
                continue
            raise QueryFailed(500, f"the worker running this query crashed ({_exit_reason(worker.process.exitcode)})"
                                   " and was replaced")

    async def _acquire(self, job: _Job) -> _Worker:
        """A worker for `job`: at once if one is free, else after waiting in line until its deadline."""
        loop = asyncio.get_running_loop()
        job.future = loop.create_future()
        bisect.insort(self._waiting, job, key=lambda j: j.seq)
        self._dispatch()
        if not job.future.done():
            await asyncio.wait({job.future}, timeout=max(job.deadline - loop.time(), 0.0))
        if not job.future.done():
            self._waiting.remove(job)
            job.future.cancel()
            raise QueryFailed(503, f"every worker stayed busy for {self.limits.timeout:g} s: try again later",
                              retry_after=max(1, round(self.limits.timeout)))
        return job.future.result()

    def _dispatch(self) -> None:
        """Hand free workers to waiting jobs: general workers oldest job first, the short one newest first."""
        while self._idle[_GENERAL] and self._waiting:
            self._hand(self._idle[_GENERAL].pop(), self._waiting.pop(0))
        while self._idle[_SHORT]:
            eligible = [j for j in self._waiting if not j.tried_short and j.text not in self._slow]
            if not eligible:
                break
            job = eligible[-1]
            self._waiting.remove(job)
            job.tried_short = True
            self._hand(self._idle[_SHORT].pop(), job)

    def _remember_slow(self, text: bytes) -> None:
        self._slow[text] = None
        self._slow.move_to_end(text)
        if len(self._slow) > _SLOW_TEXTS:
            self._slow.popitem(last=False)

    def _hand(self, worker: _Worker, job: _Job) -> None:
        worker.state = "busy"
        job.future.set_result(worker)

    async def _execute(self, worker: _Worker, message: tuple[str, Choice, int],
                       budget: float) -> tuple[str, Any]:
        """("answer", reply), ("timeout", None), ("died", None) or ("unavailable", None).

        One trip to a pool thread for the whole exchange (send, wait, receive): under load each trip
        waits for the event loop again, and a query of a few milliseconds made three.
        """
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, _exchange, worker, message, budget)

    # -- the life of workers -----------------------------------------------------------------

    def _adopt(self, worker: _Worker) -> None:
        self._all.add(worker)
        if self.protection is None:
            self.protection = worker.protection
        assert self._loop is not None
        self._loop.add_reader(worker.process.sentinel, self._exited, worker)
        self._release(worker)

    def _release(self, worker: _Worker) -> None:
        if worker.state == "gone":
            return
        worker.state = "idle"
        self._idle[worker.lane].append(worker)
        self._dispatch()

    def _exited(self, worker: _Worker) -> None:
        """A worker process ended. An idle one is replaced now; a busy one by the query that sees it."""
        assert self._loop is not None
        self._loop.remove_reader(worker.process.sentinel)
        if worker.state == "idle":
            LOG.warning("ictgraph serve: an idle %s worker (pid %s) ended (%s); starting another",
                        worker.lane, worker.pid, _exit_reason(worker.process.exitcode))
            self._replace(worker)

    def _forget(self, worker: _Worker) -> None:
        if worker.state == "gone":
            return
        if worker in self._idle[worker.lane]:
            self._idle[worker.lane].remove(worker)
        worker.state = "gone"
        self._all.discard(worker)
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(worker.process.sentinel)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background; the pool is one short meanwhile."""
        if worker.state == "gone":
            return
        self._forget(worker)
        assert self._loop is not None
        self._loop.run_in_executor(self._threads, worker.kill)  # waiting for the exit must not block the loop
        if self._closing:
            return
        task = self._loop.create_task(self._start_replacement(worker.lane))
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)

    async def _start_replacement(self, lane: str) -> None:
        """Start a worker for `lane`, retrying with backoff (0.5 s doubling to 30 s) while it fails."""
        delay = 0.5
        loop = asyncio.get_running_loop()
        while not self._closing:
            try:
                worker = await loop.run_in_executor(self._threads, _Worker, self._setup(), lane)
            except Exception as exc:
                LOG.warning("ictgraph serve: a replacement %s worker failed to start (%s); retrying in %g s",
                            lane, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closing:
                worker.kill()
                return
            self._adopt(worker)
            return


def _exchange(worker: _Worker, message: tuple[str, Choice, int], budget: float) -> tuple[str, Any]:
    """Send a query to a worker and wait up to `budget` seconds for its reply (see `QueryPool._execute`)."""
    try:
        worker.conn.send(message)
    except OSError:
        return "unavailable", None
    try:
        if not worker.conn.poll(budget):
            return "timeout", None
        return "answer", worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(5)
        return "died", None


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"

