"""Benchmarks of ictgraph against the bare engine: each target measured as a ratio in the same run, or a time.

`python bench/run.py` (`make bench`) runs every part and prints each target with its figure and
"met" or "not met"; it writes bench/results.md and the README's Speed section (between its markers)
from bench/results.json, which keeps the last figures of each part, so one part can be run again
alone (`--parts api`). The parts, and about how long each takes on 2 CPUs:

- cold (1 min): a fresh `ictgraph query cq01` per output format against a fresh bare-pyoxigraph
  process doing the same work (bench/floor.py), run in turn, the ratio taken pair by pair;
  `ictgraph --help`.
- api (1 min): `ictgraph.run_query(name)` and `run_query(name, graph)` against bare pyoxigraph and a
  pandas DataFrame of the same rows (for a CONSTRUCT, the same triples as Turtle with the same
  prefixes), for every named query, interleaved in one process, each sample enough calls for 20 ms.
- build (30 s): a fresh `ictgraph build` into a temporary folder, three times; the bytes of each.
- endpoint (1 min): `ictgraph serve` under 8 clients; a cheap query while two slow ones run; the guard.
- scale (5 min; `--x1000` adds about 15): the graph replicated, every named query on Oxigraph in
  memory and on disk, and on Virtuoso over HTTP at x100 when it is installed.

Medians throughout; the machine's load average is printed with each part, because on a shared
machine wall-clock times also measure the neighbours (ratios taken in turn are steadier).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "results.md"
README = ROOT / "README.md"
README_START = "<!-- speed: written by bench/run.py -->"
README_END = "<!-- /speed -->"
PARTS = ("cold", "api", "build", "endpoint", "scale")
CLI = [sys.executable, "-m", "ictgraph.cli"]
#: Children run with bytecode caching on, as an installed package does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Targets (issue 15).
COLD_RATIO = 2.0
HELP_SECONDS = 0.100
API_RATIO = 1.5
BUILD_SECONDS = 1.5
ENDPOINT_P99 = 0.050
CHEAP_P99 = 0.100
X100_SECONDS = 0.5
X1000_MEMORY_SECONDS = 1.0
X1000_DISK_SECONDS = 2.0
X1000_LOAD_SECONDS = 60.0


class Part:
    """What one part measured: targets (name, figure, met), tables for results.md, and its circumstances."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.targets: list[dict[str, object]] = []
        self.lines: list[str] = []
        self.facts: dict[str, object] = {}  # figures the README's advice is written from
        self.started = time.monotonic()
        self.load_before = os.getloadavg()[0]

    def target(self, what: str, figure: str, met: bool) -> None:
        self.targets.append({"what": what, "figure": figure, "met": met})
        print(f"  {what}: {figure} — {'met' if met else 'NOT MET'}", flush=True)

    def done(self) -> dict[str, object]:
        return {"targets": self.targets, "lines": self.lines, "facts": self.facts,
                "seconds": time.monotonic() - self.started,
                "load": [self.load_before, os.getloadavg()[0]], "when": time.strftime("%Y-%m-%d %H:%M")}


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed_process(args: list[str]) -> tuple[float, float, int]:
    """Run a command to its end: (wall seconds, CPU seconds of it and its children, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def paired(a: list[str], b: list[str], repeat: int) -> dict[str, float]:
    """A and B in turn (A B A B …) after one warm-up each: medians, and the median of the pairwise ratios."""
    timed_process(a), timed_process(b)
    rows = [(timed_process(a), timed_process(b)) for _ in range(repeat)]
    if any(x[2] or y[2] for x, y in rows):
        raise SystemExit(f"a command failed: {a} or {b}")
    return {"a_wall": median([x[0] for x, _ in rows]), "b_wall": median([y[0] for _, y in rows]),
            "a_cpu": median([x[1] for x, _ in rows]), "b_cpu": median([y[1] for _, y in rows]),
            "wall_ratio": median([x[0] / y[0] for x, y in rows]), "cpu_ratio": median([x[1] / y[1] for x, y in rows])}


# -- cold command line -------------------------------------------------------------------------------------


def part_cold(repeat: int) -> Part:
    from ictgraph import resources
    from ictgraph.query.run import prepare_query

    part = Part("cold")
    _, bound = prepare_query("cq01")
    with tempfile.TemporaryDirectory() as tmp:
        query_file = Path(tmp) / "cq01.rq"
        query_file.write_text(bound.text, encoding="utf-8")
        part.lines += ["| command (fresh process) | ictgraph | bare pyoxigraph | ratio, wall (pairwise median) | "
                       "ratio, CPU |", "|---|---|---|---|---|"]
        for fmt in ("table", "csv", "json"):
            figures = paired([*CLI, "query", "cq01", "--format", fmt],
                             [sys.executable, str(HERE / "floor.py"), fmt, str(query_file),
                              str(resources.GRAPH_TTL), str(resources.ONTOLOGY)], repeat)
            part.lines.append(f"| `ictgraph query cq01 --format {fmt}` | {ms(figures['a_wall'])} | "
                              f"{ms(figures['b_wall'])} | {figures['wall_ratio']:.2f}x | {figures['cpu_ratio']:.2f}x |")
            part.target(f"cold `ictgraph query cq01 --format {fmt}` within {COLD_RATIO:g}x of bare pyoxigraph",
                        f"{figures['wall_ratio']:.2f}x ({ms(figures['a_wall'])} against {ms(figures['b_wall'])})",
                        figures["wall_ratio"] <= COLD_RATIO)
    helps = paired([*CLI, "--help"], [sys.executable, "-c", "pass"], repeat)
    part.lines.append(f"| `ictgraph --help` | {ms(helps['a_wall'])} | `python -c pass`: {ms(helps['b_wall'])} | "
                      f"{helps['wall_ratio']:.2f}x | {helps['cpu_ratio']:.2f}x |")
    part.target(f"`ictgraph --help` under {HELP_SECONDS * 1000:g} ms", ms(helps["a_wall"]),
                helps["a_wall"] < HELP_SECONDS)
    probe = ("import sys; from ictgraph.cli import main; main(['query', 'cq01', '--format', '{fmt}']); "
             "print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'pandas', 'rdflib'}}), file=sys.stderr)")
    heavy = {fmt: subprocess.run([sys.executable, "-c", probe.format(fmt=fmt)], capture_output=True, text=True,
                                 env=CHILD_ENV, check=True).stderr.strip().splitlines()[-1]
             for fmt in ("table", "csv", "json")}
    part.lines.append("\nImported by `ictgraph query` besides the engine: "
                      + "; ".join(f"{fmt}: {libs}" for fmt, libs in heavy.items())
                      + ". The floor (bench/floor.py) loads the same two files (graph/ict.ttl and the ontology, "
                        "which `ictgraph query` loads for labels of topics, flags and roles), runs the bound "
                        "query and prints its rows.")
    return part


# -- the Python API ----------------------------------------------------------------------------------------


def part_api(repeat: int) -> Part:
    import pandas as pd
    import pyoxigraph as ox

    import ictgraph
    from ictgraph import resources
    from ictgraph.query.catalogue import list_queries
    from ictgraph.query.run import prepare_query
    from ictgraph.vocab import NAMESPACES

    part = Part("api")
    native = ox.Store()
    for path in (resources.GRAPH_TTL, resources.ONTOLOGY):
        native.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    graph = ictgraph.load(with_ontology=True)

    def bare(text: str) -> object:
        result = native.query(text)
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            return pd.DataFrame([[None if t is None else t.value for t in row] for row in result], columns=columns)
        if isinstance(result, ox.QueryTriples):
            # The same triples as Turtle with the same prefixes, as `run_query` gives them (its writer
            # also sorts them, so that the same graph is always the same text).
            return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=NAMESPACES)
        return bool(result)

    part.lines += ["| query | bare pyoxigraph + DataFrame | `run_query(name)` | ratio | `run_query(name, g)` | ratio |",
                   "|---|---|---|---|---|---|"]
    worst: dict[str, tuple[float, str]] = {"name": (0.0, ""), "graph": (0.0, "")}
    over: dict[str, list[str]] = {"name": [], "graph": []}
    for query in list_queries():
        _, bound = prepare_query(query.name)
        runs: dict[str, Callable[[], object]] = {
            "bare": lambda t=bound.text: bare(t),
            "name": lambda n=query.name: ictgraph.run_query(n),
            "graph": lambda n=query.name: ictgraph.run_query(n, graph),
        }
        times: dict[str, list[float]] = {k: [] for k in runs}
        started = time.perf_counter()
        for run in runs.values():
            run()
        # Each sample is enough calls to last about 20 ms, so that a query of 0.1 ms is not measured
        # against the clock's and the scheduler's noise; samples of the three rotate in turn.
        calls = max(1, round(0.060 / (time.perf_counter() - started)))
        for i in range(repeat):
            order = list(runs)[i % 3:] + list(runs)[:i % 3]
            for key in order:
                run = runs[key]
                started = time.perf_counter()
                for _ in range(calls):
                    run()
                times[key].append((time.perf_counter() - started) / calls)
        base = median(times["bare"])
        ratios = {k: median(times[k]) / base for k in ("name", "graph")}
        for k, r in ratios.items():
            worst[k] = max(worst[k], (r, query.id))
            if r > API_RATIO:
                over[k].append(f"{query.id} {r:.2f}x")
        part.lines.append(f"| {query.id} | {ms(base)} | {ms(median(times['name']))} | {ratios['name']:.2f}x | "
                          f"{ms(median(times['graph']))} | {ratios['graph']:.2f}x |")
    for key, call in (("name", "run_query(name)"), ("graph", "run_query(name, g)")):
        ratio, which = worst[key]
        figure = f"worst {which} {ratio:.2f}x" + (f"; over: {', '.join(over[key])}" if over[key] else "")
        part.target(f"`{call}` within {API_RATIO:g}x of bare pyoxigraph + DataFrame, every named query",
                    figure, not over[key])
    return part


# -- the build ---------------------------------------------------------------------------------------------


def part_build(repeat: int) -> Part:
    from ictgraph import resources

    part = Part("build")
    walls, cpus, outputs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(max(3, repeat)):  # the machine drifts: a median of three builds moved by 0.3 s
            out = Path(tmp) / f"out{i}"
            wall, cpu, status = timed_process([*CLI, "build", "--out-dir", str(out)])
            if status:
                raise SystemExit("ictgraph build failed")
            walls.append(wall)
            cpus.append(cpu)
            outputs.append((out / "ict.ttl").read_bytes())
    same = len(set(outputs)) == 1
    committed = outputs[0] == resources.GRAPH_TTL.read_bytes()
    part.lines += [f"`ictgraph build --out-dir TMP`, {len(walls)} fresh processes: median {median(walls):.2f} s wall, "
                   f"{median(cpus):.2f} s CPU (min {min(walls):.2f} s, max {max(walls):.2f} s). The graph's bytes "
                   f"were {'identical' if same else 'DIFFERENT'} across runs"
                   f"{' and equal to graph/ict.ttl' if committed else ' (graph/ict.ttl differs: rebuild it)'}."]
    part.target(f"`ictgraph build` (check, build, SHACL, QC, write) under {BUILD_SECONDS:g} s",
                f"{median(walls):.2f} s wall, {median(cpus):.2f} s CPU", median(walls) < BUILD_SECONDS)
    part.target("the build's bytes identical across runs", "identical" if same else "different", same)
    return part


# -- the endpoint ------------------------------------------------------------------------------------------

# A query that runs until the server's timeout stops it, and a cheap one.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNTRY_COUNT = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/ictgraph/ontology#Country> }"


class Server:
    """`ictgraph serve --port 0` in a child process: the system picks a free port, the banner names it."""

    def __init__(self, *options: str) -> None:
        import httpx

        self.process = subprocess.Popen([*CLI, "serve", "--port", "0", *options], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, env=CHILD_ENV)
        assert self.process.stdout is not None
        banner = self.process.stdout.readline()
        self.base = banner.split(" at ", 1)[1].split("/sparql", 1)[0]
        for _ in range(600):
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def part_endpoint(seconds: float) -> Part:
    import httpx

    from ictgraph.endpoint.guard import check_query, named_query_verdicts, verdict
    from ictgraph.query.catalogue import list_queries
    from ictgraph.query.run import prepare_query

    part = Part("endpoint")
    texts = [prepare_query(q.name)[1].text for q in list_queries()]
    server = Server()
    try:
        def client(duration: float) -> tuple[list[float], int]:
            latencies, failures, i = [], 0, 0
            stop = time.perf_counter() + duration
            with httpx.Client(timeout=30) as http:
                while time.perf_counter() < stop:
                    started = time.perf_counter()
                    response = http.post(f"{server.base}/sparql", data={"query": texts[i % len(texts)]})
                    latencies.append(time.perf_counter() - started)
                    failures += response.status_code != 200
                    i += 1
            return latencies, failures

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(client, [2.0] * 8))  # warm-up
            results = list(pool.map(client, [seconds] * 8))
    finally:
        server.stop()
    latencies = [x for lat, _ in results for x in lat]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    part.lines.append(f"8 clients for {seconds:g} s, the {len(texts)} named queries in turn, `ictgraph serve` with its "
                      f"defaults: {len(latencies)} requests ({len(latencies) / seconds:.0f}/s), "
                      f"{sum(f for _, f in results)} failed, p50 {ms(p50)}, p99 {ms(p99)}.")
    part.target(f"endpoint p99 under {ENDPOINT_P99 * 1000:g} ms, named queries, 8 clients", ms(p99), p99 < ENDPOINT_P99)

    server = Server()
    try:
        cheap: list[float] = []
        with ThreadPoolExecutor(2) as pool:
            slow = [pool.submit(httpx.post, f"{server.base}/sparql", data={"query": CROSS_JOIN}, timeout=60)
                    for _ in range(2)]
            time.sleep(0.3)  # the slow queries take their workers first
            with httpx.Client(timeout=30) as http:
                while not all(f.done() for f in slow):
                    started = time.perf_counter()
                    http.post(f"{server.base}/sparql", data={"query": COUNTRY_COUNT})
                    cheap.append(time.perf_counter() - started)
                    time.sleep(0.05)
            statuses = sorted(f.result().status_code for f in slow)
    finally:
        server.stop()
    cheap_p99 = percentile(cheap, 99)
    part.lines.append(f"\nTwo slow queries (a cross join, stopped by the 10 s timeout: {statuses}) and a cheap one "
                      f"every 50 ms meanwhile: {len(cheap)} cheap answers, p50 {ms(percentile(cheap, 50))}, "
                      f"p99 {ms(cheap_p99)}.")
    part.target(f"cheap query p99 under {CHEAP_P99 * 1000:g} ms while two slow queries run", ms(cheap_p99),
                cheap_p99 < CHEAP_P99)

    check_query("ASK {}")  # the parser's caches, as a worker builds them before its first query
    parses, cached = [], []
    for text in texts:
        started = time.perf_counter()
        verdict(text, ("oxigraph",))
        parses.append(time.perf_counter() - started)
        check_query(text)
        started = time.perf_counter()
        check_query(text)
        cached.append(time.perf_counter() - started)
    started = time.perf_counter()
    named_query_verdicts(("oxigraph",))
    preload = time.perf_counter() - started
    part.lines.append(f"\nThe guard's verdict on a named query (rdflib's parse of the text): "
                      f"median {ms(median(parses))}, max {ms(max(parses))}; "
                      f"a text seen before: median {ms(median(cached))}. The server parses the {len(texts)} "
                      f"named queries once before it starts its workers ({ms(preload)}), and every worker, "
                      f"a replacement too, starts with their verdicts.")
    return part


# -- scale ------------------------------------------------------------------------------------------------


def part_scale(x1000: bool, with_virtuoso: bool) -> Part:
    import scale

    from ictgraph.query.catalogue import list_queries
    from ictgraph.query.run import answer, prepare_query
    from ictgraph.query.stores.shared import built_graph_store

    part = Part("scale")
    keys = [q.id for q in list_queries()]
    store = built_graph_store()
    answers_x1 = {q.id: scale.digest(answer(prepare_query(q.name)[1], store)) for q in list_queries()}
    part.lines += ["| scale | triples | store | load | load CPU, user + system | peak RSS | queries answered | median "
                   "| worst |", "|---|---|---|---|---|---|---|---|---|"]
    bounded: list[str] = keys
    per_scale: dict[tuple[int, str], dict[str, object]] = {}

    def report(factor: int, triples: int, label: str, result: dict[str, object], asked: list[str]) -> None:
        seconds: dict[str, float] = result["seconds"]  # type: ignore[assignment]
        worst = max(seconds, key=lambda k: seconds[k]) if seconds else None
        load = "–" if result["load"] is None else f"{result['load']:.1f} s"
        cpu = "–" if result["load_cpu"] is None else "{:.1f} s + {:.1f} s".format(*result["load_cpu"])  # type: ignore[misc]
        peak = "–" if result["peak_mib"] is None else f"{result['peak_mib']:.0f} MiB"
        answered = f"{len(seconds)}/{len(asked)}" + ("" if result["complete"] else f" (stopped: {result['error']})")
        part.lines.append(f"| x{factor} | {triples:,} | {label} | {load} | {cpu} | {peak} | {answered} | "
                          f"{ms(median(list(seconds.values()))) if seconds else '–'} | "
                          f"{f'{ms(seconds[worst])} ({worst})' if worst else '–'} |")
        per_scale[(factor, label)] = result
        part.facts[f"x{factor} {label}"] = {
            "triples": triples, "load": result["load"], "load_cpu": result["load_cpu"],
            "peak_mib": result["peak_mib"], "answered": len(seconds), "asked": len(asked),
            "median": median(list(seconds.values())) if seconds else None,
            "worst": seconds[worst] if worst else None, "worst_query": worst}

    factors = [10, 100] + ([1000] if x1000 else [])
    for factor in factors:
        with tempfile.TemporaryDirectory(prefix="ictgraph-scale-") as tmp:
            data = Path(tmp) / f"x{factor}.nt"
            triples = scale.replicate(factor, data)
            print(f"  x{factor}: {triples:,} triples", flush=True)
            asked = keys if factor == 10 else bounded
            repeat = 3 if factor <= 100 else 1
            stores = [("Oxigraph in memory", "oxigraph"), ("Oxigraph on disk", "oxigraph-disk")]
            for label, spec in stores:
                result = scale.run_child(spec, data, repeat, asked, timeout=3600)
                report(factor, triples, label, result, asked)
                if factor == 10 and spec == "oxigraph":
                    grown = {k for k, d in result["digests"].items() if d != answers_x1[k]}  # type: ignore[union-attr]
                    bounded = [k for k in keys if k not in grown]
                    part.lines.insert(0, "Unbounded (their answer at x10 differs from x1: more rows, or counts that "
                                         "grow with the data; so they are left out above x10): "
                                         f"{', '.join(sorted(grown)) or 'none'}.\n")
            if factor == 100 and with_virtuoso:
                report(factor, triples, "Virtuoso 7.2 over HTTP", _virtuoso(data, bounded), bounded)

    def check(factor: int, label: str, limit: float, what: str) -> None:
        result = per_scale.get((factor, label))
        if result is None:
            return
        seconds: dict[str, float] = result["seconds"]  # type: ignore[assignment]
        missing = [k for k in bounded if k not in seconds]
        over = [f"{k} {ms(v)}" for k, v in seconds.items() if v >= limit]
        worst = max(seconds.values(), default=0.0)
        figure = f"worst {ms(worst)}" + (f"; over: {', '.join(over)}" if over else "") + (
            f"; not answered: {', '.join(missing)}" if missing else "")
        part.target(what, figure, not over and not missing)

    check(100, "Oxigraph in memory", X100_SECONDS,
          f"x100, every bounded named query under {X100_SECONDS:g} s (in memory)")
    if x1000:
        check(1000, "Oxigraph in memory", X1000_MEMORY_SECONDS,
              f"x1000, every bounded named query under {X1000_MEMORY_SECONDS:g} s in memory")
        check(1000, "Oxigraph on disk", X1000_DISK_SECONDS,
              f"x1000, every bounded named query under {X1000_DISK_SECONDS:g} s on disk")
        loads = {label: per_scale[(1000, label)] for label in ("Oxigraph in memory", "Oxigraph on disk")}
        part.target(f"x1000 loads in under {X1000_LOAD_SECONDS:g} s",
                    ", ".join(f"{k} {_load_figure(r)}" for k, r in loads.items()),
                    all(r["load"] is not None and r["load"] < X1000_LOAD_SECONDS for r in loads.values()))  # type: ignore[operator]
    return part


def _load_figure(result: dict[str, object]) -> str:
    """A load's wall time and the CPU it took: 80 CPU-seconds in 86 s is one core computing, not waiting."""
    if result["load"] is None:
        return "–"
    if result["load_cpu"] is None:
        return f"{result['load']:.1f} s"
    user, system = result["load_cpu"]  # type: ignore[misc]
    return f"{result['load']:.1f} s (CPU {user:.0f} s user + {system:.0f} s system)"


def _virtuoso(data: Path, keys: list[str]) -> dict[str, object]:
    """Load `data` and the ontology into a private Virtuoso and time the queries over HTTP."""
    import pyoxigraph as ox
    import scale

    from ictgraph import resources

    with tempfile.TemporaryDirectory(prefix="ictgraph-virtuoso-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(data, folder / "data.nt")  # Virtuoso reads only from the folders its ini allows
        ontology = ox.serialize(ox.parse(path=str(resources.ONTOLOGY), format=ox.RdfFormat.TURTLE),
                                format=ox.RdfFormat.N_TRIPLES)
        (folder / "ontology.nt").write_bytes(ontology)
        with scale.virtuoso(folder) as (base, isql):
            load = scale.virtuoso_load(isql, folder)
            result = scale.run_child(f"{base}/sparql", data, 3, keys, timeout=3600)
            result["load"], result["load_cpu"] = load, None  # the server's CPU is not the client's
            return result


# -- results ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import pyoxigraph

    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"{platform.system()}")


TITLES = {"cold": "Cold command line", "api": "Python API, warm (medians, interleaved)", "build": "Build",
          "endpoint": "Endpoint", "scale": "Scale: the graph replicated (copy k>0 under id/cK/), plus the ontology"}


def write_results(results: dict[str, dict[str, object]]) -> None:
    """bench/results.md in full, and the README's Speed section between its markers."""
    from ictgraph.io import write_atomic

    md = [f"# Benchmarks\n\nMachine: {machine()}. `python bench/run.py` (`make bench`); each part as last run.\n"]
    rows = []
    for name in PARTS:
        if name not in results:
            continue
        part = results[name]
        before, after = part["load"]  # type: ignore[misc]
        md.append(f"## {TITLES[name]}\n\nRun {part['when']}, {part['seconds']:.0f} s; load average "
                  f"{before:.1f} before, {after:.1f} after.\n")
        md += [*part["lines"], ""]  # type: ignore[misc]
        md.append("Targets:\n")
        for t in part["targets"]:  # type: ignore[union-attr]
            md.append(f"- {t['what']}: {t['figure']} — **{'met' if t['met'] else 'not met'}**")
            rows.append(f"| {t['what']} | {t['figure']} | {'met' if t['met'] else '**not met**'} |")
        md.append("")
    write_atomic(RESULTS_MD, ("\n".join(md)).encode())
    loads = ", ".join(f"{name} {results[name]['load'][0]:.1f}" for name in PARTS if name in results)  # type: ignore[index]
    section = [README_START,
               f"On {machine()}, with the machine's load average at the start of each part {loads} "
               "(other processes were running: ratios are taken in turn, A B A B, to be fair to both):", "",
               "| target | measured | |", "|---|---|---|", *rows, "",
               "A ratio compares ictgraph with the bare engine doing the same work in the same run: 1.0x is no "
               "overhead. The bare floor loads the same files, runs the same query text and builds the same "
               "table (a pandas DataFrame from the API); ictgraph adds finding and binding the named query, "
               "vetting the text, and typed cells. Times are medians.", "",
               *_advice(results.get("scale", {}).get("facts", {})),  # type: ignore[union-attr]
               "bench/results.md has every figure: each named query through the API, every scale and store.",
               README_END]
    readme = README.read_text(encoding="utf-8")
    if README_START in readme and README_END in readme:
        head, rest = readme.split(README_START, 1)
        tail = rest.split(README_END, 1)[1]
        write_atomic(README, (head + "\n".join(section) + tail).encode())


def _advice(facts: dict[str, dict[str, object]]) -> list[str]:
    """When to move the graph into a server, in the figures of the last scale run (none if it has not run)."""
    def line(key: str) -> str | None:
        fact = facts.get(key)
        if not fact or fact["median"] is None:
            return None
        load = "" if fact["load"] is None else f"loads in {fact['load']:.0f} s, "
        in_process = fact["peak_mib"] is not None and "Virtuoso" not in key  # a server's memory is its own
        peak = f"{fact['peak_mib'] / 1024:.1f} GiB at its peak, " if in_process else ""  # type: ignore[operator]
        return (f"{key.split(' ', 1)[1]}: {load}{peak}median {ms(fact['median'])} "  # type: ignore[arg-type]
                f"and worst {ms(fact['worst'])} ({fact['worst_query']}) over the named queries whose answer does "  # type: ignore[arg-type]
                f"not grow with the data ({fact['answered']} of {fact['asked']} answered)")

    out = []
    for factor in ("x100", "x1000"):
        said = [s for s in (line(f"{factor} {label}") for label in
                            ("Oxigraph in memory", "Oxigraph on disk", "Virtuoso 7.2 over HTTP")) if s]
        if said:
            triples = next(f["triples"] for k, f in facts.items() if k.startswith(f"{factor} "))
            out.append(f"- The graph copied {factor[1:]} times ({triples:,} triples): " + "; ".join(said) + ".")
    if not out:
        return []
    return ["When to move the graph into a server: the built graph is small, and `ictgraph query`, the Python "
            "API and `ictgraph serve` keep it in memory. `bench/scale.py` copies it to see how the same queries "
            "fare on a graph 100 and 1000 times larger (copies under their own IRIs, so that a query about one "
            "country still finds one country):", "", *out, "",
            "Oxigraph in memory needs memory in proportion to the graph and loads it at every start; on disk "
            "it starts at once but reads slower, and one process holds the folder at a time. A graph of millions "
            "of triples that several people or programs query, or that must not be reloaded at every start, is "
            "better kept in a server such as Virtuoso (`ictgraph push --endpoint …`, then "
            "`ictgraph query --endpoint URL` or `ictgraph serve --endpoint URL`): the same named queries run "
            "there unchanged.", "", *_load_advice(facts)]


def _load_advice(facts: dict[str, dict[str, object]]) -> list[str]:
    """What bounds the x1000 load, from the CPU it took: cores busy = CPU seconds / wall seconds."""
    said = []
    for label, why in (("Oxigraph in memory", "its in-memory store takes one write at a time"),
                       ("Oxigraph on disk", "its bulk loader sorts the indexes in threads beside the parser")):
        fact = facts.get(f"x1000 {label}")
        if not fact or fact["load"] is None or fact.get("load_cpu") is None:
            continue
        user, system = fact["load_cpu"]  # type: ignore[misc]
        said.append(f"{label.split(' ', 1)[1]}, {user + system:.0f} CPU-seconds in {fact['load']:.0f} s "
                    f"({(user + system) / fact['load']:.1f} cores busy, {system:.0f} s of it in the kernel; {why})")  # type: ignore[operator]
    if not said:
        return []
    return [f"The x1000 load is Oxigraph parsing and indexing (no ictgraph code runs in it), and the CPU "
            f"bounds it: {'; '.join(said)}. Neither can use more of this machine's "
            f"{len(os.sched_getaffinity(0))} cores: the in-memory store is written from one thread, and the bulk "
            "loader parses in parallel only from 4 cores up.", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=f"which parts to run (default all: {','.join(PARTS)})")
    parser.add_argument("--repeat", type=int, default=11, help="pairs or rounds per figure (median; default 11)")
    parser.add_argument("--x1000", action="store_true", help="also the graph x1000 (15.7 M triples; ~15 min, ~8 GiB)")
    parser.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso out of the scale part")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import scale

    results: dict[str, dict[str, object]]
    runners: dict[str, Callable[[], Part]] = {
        "cold": lambda: part_cold(args.repeat),
        "api": lambda: part_api(args.repeat),
        "build": lambda: part_build(args.repeat),
        "endpoint": lambda: part_endpoint(10.0),
        "scale": lambda: part_scale(args.x1000, not args.no_virtuoso and scale.have_virtuoso()),
    }
    for name in args.parts.split(","):
        print(f"{name} (load average {os.getloadavg()[0]:.1f}) ...", flush=True)
        figures = runners[name]().done()
        # Read again: a part run meanwhile in another process (the long scale part) keeps its figures.
        results = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
        results[name] = figures
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        write_results(results)
    print(f"\nwrote {RESULTS_MD.relative_to(ROOT)} and the Speed section of README.md")


if __name__ == "__main__":
    main()
