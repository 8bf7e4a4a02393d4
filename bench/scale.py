"""The graph replicated x10, x100 and x1000: load time, memory and every named query, per store.

Copy 0 of the graph keeps its IRIs, so that the named queries with their default parameters find
their rows; copy k>0 has every instance IRI moved under id/cK/. A query is *bounded* when its
answer does not grow with the data: the same answer at x10 as at x1 (a count that grows, or more
rows, is a growing answer). Each store runs in a
fresh child process (`python bench/scale.py SPEC DATA REPEAT KEYS`), so that its peak memory is its
own; it prints one JSON line per step as it goes.

Virtuoso (a private instance on loopback, as tests/test_virtuoso.py starts one) answers the same
queries over HTTP, loaded with its bulk loader.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ictgraph import resources
from ictgraph.query.catalogue import list_queries
from ictgraph.query.results import Table
from ictgraph.query.run import answer, prepare_query

ID_PREFIX = "<https://w3id.org/ictgraph/id/"
HERE = Path(__file__).parent
VIRTUOSO_INI = HERE.parent / "tests" / "data" / "serve" / "virtuoso.ini"
GRAPH = "https://w3id.org/ictgraph/graph/bench"


def replicate(factor: int, out: Path) -> int:
    """Write the graph `factor` times as N-Triples into `out`; the number of triples written."""
    import pyoxigraph as ox

    nt = ox.serialize(ox.parse(path=str(resources.GRAPH_TTL), format=ox.RdfFormat.TURTLE),
                      format=ox.RdfFormat.N_TRIPLES).decode()
    with out.open("w", encoding="utf-8") as fh:
        for k in range(factor):
            fh.write(nt if k == 0 else nt.replace(ID_PREFIX, f"{ID_PREFIX}c{k}/"))
    return nt.count("\n") * factor


def size(result: Table | str | bool) -> int:
    """Rows of a table, lines of Turtle, 1 for a boolean."""
    if isinstance(result, Table):
        return len(result)
    return result.count("\n") if isinstance(result, str) else 1


def digest(result: Table | str | bool) -> str:
    """A fingerprint of the whole answer (rows in any order): what tells whether an answer grew. A count
    that grows with the data is a growing answer, though its number of rows stays the same."""
    import hashlib

    if isinstance(result, Table):
        text = "\n".join(sorted(repr(row) for row in result.rows))
    else:
        text = "\n".join(sorted(result.splitlines())) if isinstance(result, str) else str(result)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> tuple[float, float]:
    """User and system CPU seconds of this process so far, every thread included: what tells a load
    that waits from one that computes, and on how many cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def child(spec: str, data: Path, repeat: int, keys: list[str]) -> None:
    """Load `data` and the ontology into one store, then time each named query in `keys` through the
    library (`ictgraph.query.run.answer`): the median of `repeat` runs after one warm-up."""
    import pyoxigraph as ox

    from ictgraph.query.stores import open_store
    from ictgraph.query.stores.oxigraph import OxigraphStore

    started, (user, system) = time.perf_counter(), _cpu()
    # The copies are the built graph's own triples, already validated, so the parser is told not to
    # check IRIs and language tags again (lenient). On disk the bulk loader builds the indexes on both
    # cores; in memory it is slower than a plain load at this size (87 s against 62 s at x1000).
    if spec == "oxigraph-disk":
        directory = Path(tempfile.mkdtemp(prefix="ictgraph-bench-")) / "store"
        native = ox.Store(str(directory))
        native.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        native.bulk_load(path=str(resources.ONTOLOGY), format=ox.RdfFormat.TURTLE)
        native.flush()
        store: object = OxigraphStore(native, f"oxigraph:{directory}")
    elif spec.startswith("http"):
        directory = None
        store = open_store(spec, graph=GRAPH)
    else:
        directory = None
        native = ox.Store()
        native.load(path=str(data), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        native.load(path=str(resources.ONTOLOGY), format=ox.RdfFormat.TURTLE)
        store = OxigraphStore(native, "oxigraph")
    load, (user_after, system_after) = time.perf_counter() - started, _cpu()
    print(json.dumps({"load": load, "load_user": user_after - user, "load_system": system_after - system,
                      "peak_mib": _peak_mib()}), flush=True)
    by_id = {q.id: q for q in list_queries()}
    try:
        for key in keys:
            query, bound = prepare_query(by_id[key].name)
            times: list[float] = []
            for _ in range(repeat + 1):
                t0 = time.perf_counter()
                result = answer(bound, store, source=str(query.path))  # type: ignore[arg-type]
                times.append(time.perf_counter() - t0)
            times = sorted(times[1:])
            print(json.dumps({"query": key, "seconds": times[len(times) // 2], "rows": size(result),
                              "digest": digest(result), "peak_mib": _peak_mib()}), flush=True)
    finally:
        if directory is not None:
            shutil.rmtree(directory.parent, ignore_errors=True)


def run_child(spec: str, data: Path, repeat: int, keys: list[str], timeout: float) -> dict[str, object]:
    """`child` in a fresh process, stopped after `timeout` seconds with what it had reported."""
    process = subprocess.Popen([sys.executable, __file__, spec, str(data), str(repeat), ",".join(keys)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        complete = process.returncode == 0
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        complete = False
    result: dict[str, object] = {"load": None, "load_cpu": None, "peak_mib": None, "seconds": {}, "rows": {},
                                 "digests": {}, "complete": complete,
                                 "error": "" if complete else (stderr.strip().splitlines() or [""])[-1]}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        step = json.loads(line)
        result["peak_mib"] = step["peak_mib"]
        if "load" in step:
            result["load"] = step["load"]
            result["load_cpu"] = [step["load_user"], step["load_system"]]
        else:
            result["seconds"][step["query"]] = step["seconds"]  # type: ignore[index]
            result["rows"][step["query"]] = step["rows"]  # type: ignore[index]
            result["digests"][step["query"]] = step["digest"]  # type: ignore[index]
    return result


@contextmanager
def virtuoso(folder: Path, buffers: int = 200_000) -> Iterator[tuple[str, str]]:
    """A private Virtuoso with a new database in `folder`: (its HTTP base, its isql port); stopped after."""
    import socket

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text().format(dir=folder, sql_port=sql_port, http_port=http_port)
    ini = ini.replace("NumberOfBuffers    = 10000", f"NumberOfBuffers    = {buffers}")
    ini = ini.replace("MaxDirtyBuffers    = 6000", f"MaxDirtyBuffers    = {buffers * 3 // 4}")
    (folder / "virtuoso.ini").write_text(ini)
    subprocess.run(["virtuoso-t", "+configfile", str(folder / "virtuoso.ini"), "+wait"], cwd=folder, check=True,
                   timeout=300, capture_output=True)
    try:
        yield f"http://127.0.0.1:{http_port}", f"127.0.0.1:{sql_port}"
    finally:
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", "exec=shutdown;"], timeout=120,
                       capture_output=True, check=False)


def virtuoso_load(isql: str, folder: Path) -> float:
    """Bulk-load every .nt file of `folder` into GRAPH; the seconds it took."""
    started = time.perf_counter()
    script = (f"ld_dir('{folder}', '*.nt', '{GRAPH}'); rdf_loader_run(); checkpoint; "
              "select count(*) from DB.DBA.LOAD_LIST where ll_error is not null;")
    done = subprocess.run(["isql-vt", isql, "dba", "dba", f"exec={script}"], capture_output=True, text=True,
                          timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Virtuoso's bulk load failed: {done.stdout[-300:]} {done.stderr[-300:]}")
    return time.perf_counter() - started


def have_virtuoso() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def main() -> None:
    spec, data, repeat, keys = sys.argv[1:5]
    child(spec, Path(data), int(repeat), keys.split(","))


if __name__ == "__main__":
    main()
