"""The endpoint under attack and faults, measured: cheap-query latency while slow queries run, memory
under the CONCAT bomb and a cross join, and 8 clients for 30 s while workers are killed.

Run `python bench/hardening.py` (about 2 minutes); it writes bench/hardening.md. Every server is a
real `ictgraph serve` with its default limits on a loopback port.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

HERE = Path(__file__).parent
DATA = HERE.parent / "tests" / "data" / "serve"
RESULTS = HERE / "hardening.md"
CHEAP = "ASK {}"


def start_server(*args: str) -> tuple[str, subprocess.Popen[bytes]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "ictgraph.cli", "serve", "--port", str(port), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return base, process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("ictgraph serve did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


def post(base: str, query: str) -> tuple[int, float]:
    started = time.perf_counter()
    status = httpx.post(f"{base}/sparql", data={"query": query}, timeout=60).status_code
    return status, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def family_rss(pid: int) -> int:
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def peak_worker_rss(base: str, pid: int, run: Callable[[], tuple[int, float]]) -> tuple[int, float, int]:
    """Run `run` while sampling the largest worker's RSS every 10 ms: (status, seconds, peak bytes)."""
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            for child in psutil.Process(pid).children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    peak = max(peak, child.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    status, seconds = run()
    done.set()
    sampler.join()
    return status, seconds, peak


def cheap_under_slow_load() -> dict[str, object]:
    """Issue 10's case: 12 slow queries against 2 workers, cheap queries from 0.2 s on."""
    base, process = start_server("--workers", "2")
    slow = (DATA / "cross-join.rq").read_text(encoding="utf-8")
    try:
        idle = [post(base, CHEAP)[1] for _ in range(50)]
        with ThreadPoolExecutor(12) as pool, ThreadPoolExecutor(32) as cheap_pool:
            slows = [pool.submit(post, base, slow) for _ in range(12)]
            time.sleep(0.2)
            sent = []
            while not all(f.done() for f in slows):
                sent.append(cheap_pool.submit(post, base, CHEAP))
                time.sleep(0.1)
            cheap = [f.result() for f in sent]
            slow_statuses = [f.result()[0] for f in slows]
    finally:
        stop(process)
    latencies = [seconds for _, seconds in cheap]
    return {"idle_p99": percentile(idle, 99), "n": len(cheap), "failed": sum(s != 200 for s, _ in cheap),
            "p50": statistics.median(latencies), "p99": percentile(latencies, 99), "max": max(latencies),
            "slow": {s: slow_statuses.count(s) for s in sorted(set(slow_statuses))}}


def memory_attacks() -> dict[str, object]:
    base, process = start_server()
    bomb = (DATA / "concat-bomb.rq").read_text(encoding="utf-8")
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    try:
        bomb_result = peak_worker_rss(base, process.pid, lambda: post(base, bomb))
        cross_result = peak_worker_rss(base, process.pid, lambda: post(base, cross))
    finally:
        stop(process)
    return {"bomb": bomb_result, "cross": cross_result}


def fault_and_load(clients: int = 8, seconds: float = 30, kill_every: float = 3) -> dict[str, object]:
    base, process = start_server("--timeout", "5", "--workers", "2")
    queries = [(DATA / "country-count.rq").read_text(encoding="utf-8"), CHEAP,
               (DATA / "has-brazil.rq").read_text(encoding="utf-8")]

    def client(duration: float) -> list[tuple[int, float]]:
        results = []
        end = time.monotonic() + duration
        with httpx.Client(timeout=60) as http:
            while time.monotonic() < end:
                started = time.perf_counter()
                status = http.post(f"{base}/sparql", data={"query": queries[len(results) % 3]}).status_code
                results.append((status, time.perf_counter() - started))
        return results

    try:
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, [3] * clients))
            before = family_rss(process.pid)
            futures = [pool.submit(client, seconds) for _ in range(clients)]
            kills = 0
            while not all(f.done() for f in futures):
                time.sleep(kill_every)
                workers = httpx.get(f"{base}/health").json()["workers"]
                if workers and not all(f.done() for f in futures):
                    os.kill(random.choice(workers), signal.SIGKILL)
                    kills += 1
            results = [r for f in futures for r in f.result()]
        time.sleep(1)
        after = family_rss(process.pid)
    finally:
        stop(process)
    latencies = [s for _, s in results]
    return {"n": len(results), "rate": len(results) / seconds, "failed": sum(st != 200 for st, _ in results),
            "p50": statistics.median(latencies), "p99": percentile(latencies, 99), "kills": kills,
            "before": before, "after": after}


def main() -> None:
    if sys.argv[1:] == ["--admission"]:
        print(cheap_under_slow_load())
        return
    print("cheap queries under 12 slow ones ...", file=sys.stderr)
    slow = cheap_under_slow_load()
    print("memory attacks ...", file=sys.stderr)
    memory = memory_attacks()
    print("8 clients for 30 s with workers killed ...", file=sys.stderr)
    load = fault_and_load()
    bomb_status, bomb_s, bomb_peak = memory["bomb"]
    cross_status, cross_s, cross_peak = memory["cross"]
    ms = 1000
    lines = [
        "# Endpoint hardening figures",
        "",
        f"`python bench/hardening.py` on {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        "`ictgraph serve` with its defaults unless said (2 general workers + 1 for short queries, "
        "timeout 10 s, short-query budget 0.25 s, 1 GiB per worker).",
        "",
        "| measure | result |",
        "|---|---|",
        f"| cheap `ASK {{}}`, idle server, p99 | {slow['idle_p99'] * ms:.0f} ms |",
        f"| cheap `ASK {{}}` sent every 100 ms while 12 slow cross joins run (from 0.2 s after them) | "
        f"{slow['n']} sent, {slow['failed']} failed; p50 {slow['p50'] * ms:.0f} ms, p99 {slow['p99'] * ms:.0f} ms, "
        f"max {slow['max'] * ms:.0f} ms |",
        f"| the 12 slow queries | {', '.join(f'{n}× {s}' for s, n in slow['slow'].items())} |",
        f"| CONCAT bomb (tests/data/serve/concat-bomb.rq) | {bomb_status} after {bomb_s:.1f} s; "
        f"worker peak RSS {bomb_peak >> 20} MiB |",
        f"| cross join `SELECT *` (321 M rows) | {cross_status} after {cross_s:.2f} s; "
        f"worker peak RSS {cross_peak >> 20} MiB |",
        f"| 8 clients for 30 s, a worker SIGKILLed every 3 s (timeout 5 s) | {load['n']} queries "
        f"({load['rate']:.0f}/s), {load['failed']} failed, {load['kills']} workers killed; "
        f"p50 {load['p50'] * ms:.0f} ms, p99 {load['p99'] * ms:.0f} ms |",
        f"| memory of server + workers, before / after that load | {load['before'] >> 20} MiB / "
        f"{load['after'] >> 20} MiB |",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
