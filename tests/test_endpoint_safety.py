"""The endpoint under attack and faults: a real `ictgraph serve`, real sockets, real worker processes.

Nothing fetched: disguised SERVICE/LOAD/FROM queries against a loopback listener that must hear
nothing, the guard compared with what pyoxigraph really does, and the workers' own network wall.
Nothing stalled: big bodies, deep nesting, slow queries, memory bombs, dead workers, kill -9.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox
import pytest
from conftest import pick_free_port, start_server, stop_server, wait_until_serving
from service_disguises import HARMLESS_TO_OXIGRAPH, OXIGRAPH_REACHES, corpus

from ictgraph import resources
from ictgraph.endpoint.guard import Refused, check_query
from ictgraph.query.safety import inspect, run_with_deep_stack

# Every test here starts real servers or worker processes and waits for them: seconds each.
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "serve"
TIMEOUT = 2.0
CHEAP = "ASK {}"


class Listener:
    """A loopback TCP listener that counts the connections it receives (it answers none)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    base, process = start_server("--timeout", str(TIMEOUT), "--max-results", "5000", "--workers", "2",
                                 "--max-memory", "512M")
    yield base, process
    stop_server(process)


def _post(base: str, query: str, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{base}/sparql", data={"query": query}, timeout=30, **kwargs)


def _still_answers(base: str) -> None:
    response = _post(base, (DATA / "country-count.rq").read_text(encoding="utf-8"))
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["countries"]["value"]) >= 30


# -- nothing fetched -------------------------------------------------------------------------

DISGUISES = corpus("127.0.0.1:1")


@pytest.mark.parametrize("name", list(DISGUISES))
def test_disguised_service_is_refused_and_reaches_nothing(server, listener, name: str) -> None:
    base, _ = server
    text = corpus(f"127.0.0.1:{listener.port}")[name]
    response = _post(base, text)
    if name in HARMLESS_TO_OXIGRAPH:
        assert response.status_code in (200, 400), response.text
    else:
        assert response.status_code in (400, 403), response.text
        assert response.text.count("\n") == 1  # one line
    assert listener.connections == 0
    _still_answers(base)


def test_the_same_texts_by_get_and_direct_post_reach_nothing(server, listener) -> None:
    base, _ = server
    for name, text in corpus(f"127.0.0.1:{listener.port}").items():
        for response in (httpx.get(f"{base}/sparql", params={"query": text}, timeout=30),
                         httpx.post(f"{base}/sparql", content=text.encode(), timeout=30,
                                    headers={"Content-Type": "application/sparql-query"})):
            assert response.status_code in ((200, 400) if name in HARMLESS_TO_OXIGRAPH else (400, 403)), name
    assert listener.connections == 0
    _still_answers(base)


def _oxigraph_reaches(store: ox.Store, text: str, listener: Listener) -> bool:
    """Run `text` on bare pyoxigraph, as query and as update; True if the listener heard from it."""
    before = listener.connections
    for run in (store.query, store.update):
        try:
            result = run(text)
            if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                list(result)
        except (SyntaxError, OSError, RuntimeError):
            pass
    # A connection is made before query() returns; the listener's thread needs a moment to count it.
    deadline = time.monotonic() + 0.1
    while listener.connections == before and time.monotonic() < deadline:
        time.sleep(0.01)
    return listener.connections > before


def _guard_refuses(text: str) -> bool:
    try:
        run_with_deep_stack(lambda: check_query(text))
    except Refused:
        return True
    return False


def test_guard_agrees_with_what_oxigraph_does() -> None:
    """Differential: every text that makes bare pyoxigraph reach the listener is refused by the guard."""
    listener = Listener()
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c")))
    try:
        reached = {name for name, text in corpus(f"127.0.0.1:{listener.port}").items()
                   if _oxigraph_reaches(store, text, listener)}
        expected = OXIGRAPH_REACHES | {name for name in DISGUISES if name.startswith("break-")}
        assert reached == expected  # the corpus says which texts really reach the network
        texts = corpus(f"127.0.0.1:{listener.port}")
        assert [name for name in reached if not _guard_refuses(texts[name])] == []
        # Random mutations of a SERVICE query with the tokens readers disagree on.
        rng = random.Random(10)
        url = f"<http://127.0.0.1:{listener.port}/sparql>"
        pieces = ["SELECT", "*", "WHERE", "{", "SERVICE", url, "{", "?s", "?p", "?o", "}", "}"]
        noise = ["#", "<", ">", "'", '"', "'''", "\r", "\n", "\\u000A", "\\u0022", "\\", "0<1", "(", ")", "{", "}",
                 "FILTER(0<1)", "#>", "<a'", "'>", "ex:a\\'"]
        escaped = []
        for _ in range(300):
            mutated = list(pieces)
            for _ in range(rng.randint(1, 3)):
                mutated.insert(rng.randrange(len(mutated) + 1), rng.choice(noise))
            text = "PREFIX ex: <urn:x:> " + rng.choice([" ", "", "\n"]).join(mutated)
            if _oxigraph_reaches(store, text, listener) and not _guard_refuses(text):
                escaped.append(text)
        assert escaped == []
    finally:
        listener.close()


def test_rdflib_reading_refuses_what_rdflib_would_fetch() -> None:
    # rdflib applies \u escapes before parsing: for a store it runs, those texts are SERVICE.
    texts = corpus("127.0.0.1:1")
    for name in ("escaped-keyword", "escaped-newline-in-comment"):
        assert run_with_deep_stack(lambda t=texts[name]: inspect(t, ("rdflib",))).service, name


_BLOCKED_WORKER = """
import json, sys
import pyoxigraph as ox
from ictgraph.endpoint.sandbox import isolate
protection = isolate(int(sys.argv[1]))
store = ox.Store()
store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c")))
errors = 0
for text in json.load(sys.stdin):
    for run in (store.query, store.update):
        try:
            result = run(text)
            if not isinstance(result, ox.QueryBoolean) and result is not None:
                list(result)
        except Exception:
            errors += 1
print(json.dumps({"protection": protection.as_dict(), "errors": errors}))
"""


@pytest.mark.parametrize("user", ["current", "nobody"])
def test_a_walled_worker_cannot_reach_the_network_even_without_the_guard(user: str) -> None:
    """The second wall alone: raw SERVICE/LOAD on pyoxigraph in a walled process reach nothing."""
    prefix: list[str] = []
    if user == "nobody":
        if os.getuid() != 0 or not shutil.which("setpriv"):
            pytest.skip("dropping to an unprivileged user needs root and setpriv")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    listener = Listener()
    try:
        texts = json.dumps([corpus(f"127.0.0.1:{listener.port}")[n] for n in sorted(OXIGRAPH_REACHES)])
        done = subprocess.run([*prefix, sys.executable, "-c", _BLOCKED_WORKER, str(listener.port)], input=texts,
                              capture_output=True, text=True, timeout=120, check=True)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        assert report["protection"]["verified"], report
        assert report["protection"]["namespace"] and report["protection"]["seccomp"], report
        assert listener.connections == 0
    finally:
        listener.close()


def test_health_and_banner_say_how_workers_are_walled(server) -> None:
    base, _ = server
    health = httpx.get(f"{base}/health").json()
    assert health["network_block"]["verified"] is True
    assert health["limits"]["max_depth"] == 64
    assert len(health["lanes"]["general"]) == 2 and len(health["lanes"]["short"]) == 1


# -- where requests come from ----------------------------------------------------------------

def test_non_loopback_host_is_refused(server) -> None:
    base, _ = server
    port = base.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "127.0.0.1:1", "localhost"):
        response = _post(base, CHEAP, headers={"Host": host})
        assert response.status_code == 421, host
        assert "loopback Host" in response.text and response.text.count("\n") == 1
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"127.0.0.2:{port}"):
        assert _post(base, CHEAP, headers={"Host": host}).status_code == 200, host


def test_cors_allows_reads_from_any_origin_without_credentials(server) -> None:
    base, _ = server
    origin = {"Origin": "https://example.org"}
    answer = _post(base, CHEAP, headers=origin)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    preflight = httpx.options(f"{base}/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    # A route that could change state does not exist: a cross-site form can only run a read.
    assert httpx.put(f"{base}/sparql", content=b"x").status_code == 405
    assert httpx.delete(f"{base}/sparql").status_code == 405


# -- bad input is one line, never a traceback ------------------------------------------------

def test_non_utf8_is_400_with_one_line(server) -> None:
    base, _ = server
    bad = b"SELECT * { ?s ?p \"\xff\" }"
    direct = httpx.post(f"{base}/sparql", content=bad, headers={"Content-Type": "application/sparql-query"})
    form = httpx.post(f"{base}/sparql", content=b"query=" + bad.replace(b" ", b"+"),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    percent = httpx.post(f"{base}/sparql", content=b"query=ASK%20%7B%7D%FF",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    get = httpx.get(f"{base}/sparql?query=ASK%20%7B%7D%FF")
    for response in (direct, form, percent, get):
        assert response.status_code == 400, response.text
        assert "not UTF-8" in response.text and response.text.count("\n") == 1
        assert "Traceback" not in response.text


def _raw_get(base: str, target: str) -> tuple[int, str]:
    """GET through a bare socket (HTTP clients refuse URLs this long); the status and the body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()


@pytest.mark.parametrize("size", [300 * 1024, 600 * 1024])
def test_long_query_string_is_414(server, size: int) -> None:
    # 300 KiB reaches the app (its limit is 256 KiB); 600 KiB is past what the HTTP parser buffers.
    base, _ = server
    status, body = _raw_get(base, "/sparql?query=" + "a" * size)
    assert status == 414
    assert "POST the query" in body and body.count("\n") == 1
    _still_answers(base)


def test_oversized_body_is_413(server) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", content=b"#" * (300 * 1024),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


# -- nothing stalls --------------------------------------------------------------------------

def test_deep_nesting_is_400_and_the_server_still_answers(server) -> None:
    base, _ = server
    for text in ("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
                 "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
                 "ASK { ?s <urn:x:p> " + "[ <urn:x:p> " * 5000 + "1" + " ]" * 5000 + " }"):
        response = _post(base, text)
        assert response.status_code == 400
        assert response.text.startswith("the query nests brackets more than 64 deep")
    health = httpx.get(f"{base}/health").json()
    assert len(health["workers"]) == 3  # no worker crashed
    _still_answers(base)


@pytest.mark.parametrize("kilobytes", [64, 128])
def test_big_bodies_do_not_block_a_cheap_query(server, kilobytes: int) -> None:
    base, _ = server
    big = "a." * (kilobytes * 512)
    with ThreadPoolExecutor(3) as pool:
        bigs = [pool.submit(_post, base, big) for _ in range(2)]
        cheap = _post(base, CHEAP)
        assert cheap.status_code == 200 and cheap.json()["boolean"] is True
        assert all(f.result().status_code == 400 for f in bigs)


def test_long_operator_chains_do_not_crash_a_worker(server) -> None:
    # Oxigraph recurses once per operator; workers run it on a deep stack, so this ends in an
    # answer, a refusal or the timeout, never a crash.
    base, _ = server
    for text in ("SELECT * WHERE { FILTER(" + "||".join(["true"] * 40_000) + ") }",
                 "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 14_000) + " }",
                 "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS {?s ?p ?o}"] * 14_000) + " }"):
        response = httpx.post(f"{base}/sparql", content=text.encode(), timeout=60,
                              headers={"Content-Type": "application/sparql-query"})
        assert response.status_code in (200, 400, 504), response.text
        assert "crashed" not in response.text
    _still_answers(base)


def test_memory_bomb_is_507_not_timeout() -> None:
    # A timeout far longer than the bomb needs to fill 512 MiB, so that on a busy machine the
    # memory cap, not the clock, is what stops it.
    base, process = start_server("--timeout", "120", "--workers", "1", "--max-memory", "512M")
    try:
        response = httpx.post(f"{base}/sparql", data={"query": (DATA / "concat-bomb.rq").read_text(encoding="utf-8")},
                              timeout=150)
        assert response.status_code == 507, response.text
        assert "512 MiB" in response.text and "--max-memory" in response.text
        _still_answers(base)
    finally:
        stop_server(process)


def test_result_limit_is_counted_while_streaming(server) -> None:
    base, _ = server
    # 17920² rows: refused at the 5001st, long before the timeout (it used to be built whole).
    response = _post(base, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert response.status_code == 400
    assert "more than this server's limit of 5000 rows" in response.text
    construct = _post(base, "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
                      headers={"Accept": "text/turtle"})
    assert construct.status_code == 400 and "5000 triples" in construct.text


def test_slow_queries_do_not_starve_a_cheap_one(server) -> None:
    """12 slow queries against 2 workers; a cheap one sent 0.2 s later is answered (issue 10)."""
    base, _ = server
    slow = (DATA / "cross-join.rq").read_text(encoding="utf-8")
    with ThreadPoolExecutor(16) as pool:
        slows = [pool.submit(_post, base, slow) for _ in range(12)]
        time.sleep(0.2)
        cheap = [pool.submit(_post, base, CHEAP) for _ in range(3)]
        cheap_statuses = [f.result().status_code for f in cheap]
        slow_statuses = [f.result().status_code for f in slows]
    assert cheap_statuses == [200, 200, 200]
    assert set(slow_statuses) <= {503, 504}
    _still_answers(base)


def test_a_text_known_to_be_slow_never_takes_the_short_worker_again() -> None:
    """A client repeating a heavy query cannot keep the short worker from cheap queries: once a text
    has run past the short budget, copies of it wait for a general worker (the short one is not
    killed again), and a cheap query still gets the short worker."""
    base, process = start_server("--timeout", "20", "--workers", "1")
    slow = (DATA / "cross-join.rq").read_text(encoding="utf-8")

    def health() -> dict:
        return httpx.get(f"{base}/health").json()

    try:
        with ThreadPoolExecutor(4) as pool:
            (first_short,) = health()["lanes"]["short"]
            pool.submit(_post, base, slow)  # takes the general worker
            _wait_for(lambda: health()["busy"])
            pool.submit(_post, base, slow)  # tried on the short worker, which is killed after its budget
            short = _wait_for(lambda: [p for p in health()["lanes"]["short"] if p != first_short])
            for _ in range(2):
                pool.submit(_post, base, slow)  # the same text again: it must wait, not take the short worker
            _wait_for(lambda: health()["waiting"] == 3)
            assert health()["lanes"]["short"] == short and short[0] not in health()["busy"]
            cheap = _post(base, CHEAP)
            assert cheap.status_code == 200, cheap.text
            assert health()["lanes"]["short"] == short  # the cheap query ran there; nothing killed it
            process.kill()  # at once: a stopping server would wait for the queries still running
            process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_crashed_worker_is_reported_as_a_crash(server) -> None:
    base, _ = server
    slow = (DATA / "cross-join.rq").read_text(encoding="utf-8")
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(_post, base, slow)
        busy = _wait_for(lambda: httpx.get(f"{base}/health").json()["busy"])
        os.kill(busy[0], signal.SIGSEGV)
        response = pending.result()
    assert response.status_code == 500
    assert response.text == "the worker running this query crashed (SIGSEGV) and was replaced\n"
    _wait_for(lambda: len(httpx.get(f"{base}/health").json()["workers"]) == 3)
    _still_answers(base)


def _wait_for(check, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail("the condition did not come true in time")


# -- the life of workers ---------------------------------------------------------------------

def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


@pytest.mark.slow
def test_kill_9_of_the_server_leaves_no_worker_running() -> None:
    base, process = start_server("--timeout", "30", "--workers", "2")
    slow = (DATA / "cross-join.rq").read_text(encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        pool.submit(_post, base, slow)  # a worker is busy with a query when its server dies
        _wait_for(lambda: httpx.get(f"{base}/health").json()["busy"])
        family = _descendants(process.pid)
        assert len(family) >= 4  # the fork server and three workers
        process.kill()
        process.wait()
        _gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == []


def test_a_replacement_that_fails_is_logged_and_retried(tmp_path) -> None:
    graph = tmp_path / "ict.ttl"
    shutil.copy(resources.GRAPH_TTL, graph)
    shutil.copy(resources.VOID_TTL, tmp_path / "void.ttl")  # a built graph comes with its description
    base, process = start_server("--timeout", "2", "--workers", "2", "--input", str(graph))
    try:
        hidden = tmp_path / "hidden.ttl"
        graph.rename(hidden)  # a worker started now cannot load its store
        victim = httpx.get(f"{base}/health").json()["lanes"]["general"][0]
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: len(httpx.get(f"{base}/health").json()["workers"]) == 2)
        time.sleep(1.5)  # at least two failed attempts
        hidden.rename(graph)
        _wait_for(lambda: len(httpx.get(f"{base}/health").json()["workers"]) == 3)
        _still_answers(base)
    finally:
        stop_server(process)
    log = process.stderr.read().decode()
    assert re.search(r"a replacement general worker failed to start \(.*does not exist.*\); retrying in 0\.5 s", log)
    assert "retrying in 1 s" in log


def test_shutdown_starts_no_replacement() -> None:
    _base, process = start_server("--timeout", "2", "--workers", "2")
    family = _descendants(process.pid)
    process.terminate()
    process.wait(timeout=20)
    _gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == []
    assert "failed to start" not in process.stderr.read().decode()


def test_ctrl_c_stops_the_server_and_its_workers_without_replacing_them() -> None:
    """Ctrl-C in a terminal signals the whole foreground process group, workers included."""
    port = pick_free_port()
    # A server started from a terminal hears Ctrl-C. Tests run as a background job of a script inherit
    # SIGINT ignored (the shell's rule for `&`), and so would the server: give it the terminal's case.
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        process = subprocess.Popen([sys.executable, "-m", "ictgraph.cli", "serve", "--port", str(port), "--workers",
                                    "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert wait_until_serving(f"http://127.0.0.1:{port}", seconds=180)
        family = _descendants(process.pid)
        alive_before = process.poll() is None
        os.killpg(process.pid, signal.SIGINT)
        status = process.wait(timeout=60)
        # 130 is the shell's status for an interrupted command; the server's words say why if not.
        assert (alive_before, status) == (True, 130), process.stderr.read().decode()[-2000:]
        _gone, alive = psutil.wait_procs(family, timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert alive == []
    log = process.stderr.read().decode()
    assert "starting another" not in log and "Traceback" not in log, log


@pytest.mark.slow
def test_fault_and_load_8_clients_for_30_s(capsys) -> None:
    """8 clients send cheap queries for 30 s while a worker is SIGKILLed every 3 s: none fails."""
    base, process = start_server("--timeout", "5", "--workers", "2")
    queries = [(DATA / "country-count.rq").read_text(encoding="utf-8"), CHEAP,
               (DATA / "has-brazil.rq").read_text(encoding="utf-8")]
    try:
        def client(seconds: float) -> list[int]:
            statuses = []
            end = time.monotonic() + seconds
            with httpx.Client(timeout=30) as http:
                while time.monotonic() < end:
                    statuses.append(http.post(f"{base}/sparql", data={"query": queries[len(statuses) % 3]})
                                    .status_code)
            return statuses

        def rss() -> int:
            return sum(p.memory_info().rss for p in [psutil.Process(process.pid), *_descendants(process.pid)])

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(client, [3] * 8))  # warm-up
            before = rss()
            futures = [pool.submit(client, 30) for _ in range(8)]
            kills = 0
            for _ in range(10):
                time.sleep(3)
                workers = httpx.get(f"{base}/health").json()["workers"]
                if workers:
                    os.kill(random.choice(workers), signal.SIGKILL)
                    kills += 1
            statuses = [s for f in futures for s in f.result()]
        _wait_for(lambda: len(httpx.get(f"{base}/health").json()["workers"]) == 3)
        after = rss()
    finally:
        stop_server(process)
    failed = len(statuses) - statuses.count(200)
    with capsys.disabled():
        print(f"\nfault-and-load: {len(statuses)} queries in 30 s by 8 clients, {kills} workers killed, "
              f"{failed} failed; memory {before >> 20} MiB before, {after >> 20} MiB after")
    assert failed == 0
    assert kills >= 8
    assert after - before < 64 << 20, f"memory grew from {before >> 20} MiB to {after >> 20} MiB"
