"""`ictgraph push` under careless and hostile targets: it replaces only a store it wrote, a killed push
leaves the old store whole, and a store that refuses, fails or never answers is one line.

Every refusal is checked as the user reads it (the exact line, exit 2) and on disk (a snapshot of every
file under the test's folder before and after). The remote stores are real sockets on loopback.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from disk import dead_pid, snapshot

from ictgraph.cli import main
from ictgraph.errors import StoreError
from ictgraph.io import owned_prefix
from ictgraph.query.stores import open_store

CLI = [sys.executable, "-m", "ictgraph.cli"]
MARKER = ".ictgraph-store.json"
TRIPLES = "".join(f"<https://example.org/s{i}> <https://example.org/p> \"{i}\" .\n" for i in range(3))
NOT_OURS = "give a new or empty folder, or one push filled before"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    """A three-triple graph: what is pushed matters less here than where it goes."""
    path = tmp_path / "in" / "tiny.ttl"
    path.parent.mkdir()
    path.write_text(TRIPLES)
    return path


def _push(graph_file: Path, *target: str) -> list[str]:
    return ["push", *target, "--input", str(graph_file), "--no-ontology"]


def _refused(argv: list[str], line: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`argv` exits 2 with exactly `line` and leaves every file under `folder` as it was."""
    before = snapshot(folder)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", line + "\n")
    assert snapshot(folder) == before


def _folder_with_notes(tmp: Path) -> tuple[str, str]:
    (tmp / "d").mkdir()
    (tmp / "d" / "notes.txt").write_text("precious\n")
    return f"{tmp}/d", f"{tmp}/d: not an Oxigraph store that `ictgraph push` wrote (it holds notes.txt); {NOT_OURS}"


def _regular_file(tmp: Path) -> tuple[str, str]:
    (tmp / "f").write_text("precious\n")
    return f"{tmp}/f", f"{tmp}/f: is a file, not a folder; give a new or empty folder"


def _below_a_file(tmp: Path) -> tuple[str, str]:
    (tmp / "f").write_text("precious\n")
    return f"{tmp}/f/store", f"{tmp}/f/store: {tmp}/f is a file, not a folder; give a path in a folder"


def _fifo(tmp: Path) -> tuple[str, str]:
    os.mkfifo(tmp / "pipe")
    return f"{tmp}/pipe", f"{tmp}/pipe: is a named pipe (FIFO), not a folder; give a new or empty folder"


def _link_to_a_foreign_folder(tmp: Path) -> tuple[str, str]:
    (tmp / "home").mkdir()
    (tmp / "home" / "thesis.tex").write_text("precious\n")
    (tmp / "link").symlink_to("home")
    return f"{tmp}/link", (f"{tmp}/link: not an Oxigraph store that `ictgraph push` wrote (it holds thesis.tex); "
                           f"{NOT_OURS}")


def _forged_marker(tmp: Path) -> tuple[str, str]:
    (tmp / "d").mkdir()
    (tmp / "d" / MARKER).write_text(json.dumps({"what": "store", "state": "complete"}))  # not written by ictgraph
    (tmp / "d" / "CURRENT").write_text("someone else's RocksDB\n")
    return f"{tmp}/d", (f"{tmp}/d: an Oxigraph store without the mark of `ictgraph push` (.ictgraph-store.json); "
                        "remove it yourself if it can be rebuilt, or give a new or empty folder")


def _link_into_sys(tmp: Path) -> tuple[str, str]:
    (tmp / "k").symlink_to("/sys/kernel")
    return f"{tmp}/k/store", f"{tmp}/k/store: is under /sys, a kernel file system; give a path elsewhere"


def _under_proc(tmp: Path) -> tuple[str, str]:
    return "/proc/ictgraph-store", "/proc/ictgraph-store: is under /proc, a kernel file system; give a path elsewhere"


def _parent_under_proc(tmp: Path) -> tuple[str, str]:
    return "/proc/self/store", "/proc/self/store: is under /proc, a kernel file system; give a path elsewhere"


def _under_sys(tmp: Path) -> tuple[str, str]:
    return "/sys/ictgraph/store", "/sys/ictgraph/store: is under /sys, a kernel file system; give a path elsewhere"


# Each sets up a target in an empty folder and returns (the DIR of --store oxigraph:DIR, the line after
# "ictgraph push: ").
TARGETS: dict[str, Callable[[Path], tuple[str, str]]] = {
    "folder-with-a-file": _folder_with_notes, "regular-file": _regular_file, "below-a-file": _below_a_file,
    "fifo": _fifo, "link-to-a-foreign-folder": _link_to_a_foreign_folder, "forged-marker": _forged_marker,
    "link-into-sys": _link_into_sys, "under-proc": _under_proc, "parent-under-proc": _parent_under_proc,
    "under-sys": _under_sys,
}


@pytest.mark.parametrize("case", TARGETS)
def test_push_refuses_what_is_not_its_store_and_touches_nothing(case: str, tmp_path: Path, graph_file: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    place = tmp_path / "place"
    place.mkdir()
    directory, why = TARGETS[case](place)
    _refused(_push(graph_file, "--store", f"oxigraph:{directory}"), f"ictgraph push: {why}", tmp_path, capsys)


def test_an_empty_store_path_is_refused_not_the_current_folder(tmp_path: Path, graph_file: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("precious\n")
    _refused(_push(graph_file, "--store", "oxigraph:"),
             "ictgraph push: --store oxigraph:: names no folder (an unset variable?); give oxigraph:DIR",
             tmp_path, capsys)


@pytest.mark.slow
def test_a_new_path_and_an_empty_folder_become_marked_stores(tmp_path: Path, graph_file: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    empty = tmp_path / "empty"
    empty.mkdir()
    for store in (tmp_path / "new" / "store", empty):
        assert main(_push(graph_file, "--store", f"oxigraph:{store}")) == 0
        assert capsys.readouterr().out == f"{store}: 3 triples\n"
        marker = json.loads((store / MARKER).read_text())
        assert marker["written_by"] == "ictgraph" and marker["state"] == "complete" and marker["triples"] == 3
        assert marker["sources"] == [{"file": str(graph_file),
                                      "sha256": hashlib.sha256(graph_file.read_bytes()).hexdigest()}]
        with open_store(f"oxigraph:{store}") as opened:
            assert len(opened.native) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "in", "new"]  # nothing left aside


@pytest.mark.slow
def test_a_second_push_replaces_the_store_through_a_link(tmp_path: Path, graph_file: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert main(_push(graph_file, "--store", f"oxigraph:{store}")) == 0
    (tmp_path / "link").symlink_to("store")
    first = store.stat().st_ino
    assert main(_push(graph_file, "--store", f"oxigraph:{tmp_path / 'link'}")) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{store}: 3 triples"  # the real folder, not doubled
    assert store.stat().st_ino != first and (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "link", "store"]


@pytest.mark.slow
def test_a_store_someone_added_a_file_to_is_refused(tmp_path: Path, graph_file: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert main(_push(graph_file, "--store", f"oxigraph:{store}")) == 0
    capsys.readouterr()
    (store / "notes.txt").write_text("precious\n")
    _refused(_push(graph_file, "--store", f"oxigraph:{store}"),
             f"ictgraph push: {store}: a store that `ictgraph push` wrote, but it also holds notes.txt, which "
             "neither Oxigraph nor push wrote; move that out, or give a new or empty folder", tmp_path, capsys)


def test_an_input_that_is_not_turtle_is_one_line_and_leaves_no_staging_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "in" / "bad.ttl"
    bad.parent.mkdir()
    bad.write_bytes(b"\xff\xfe not Turtle\n")
    _refused(_push(bad, "--store", f"oxigraph:{tmp_path / 'store'}"),
             f"ictgraph push: {bad}: not Turtle that Oxigraph reads (Parser error at line 1 column 1: Invalid UTF-8 "
             "character encoding); fix the file or give another --input", tmp_path, capsys)


def _staging_named(store: Path, pid: int, tail: str) -> Path:
    head, host, _, _ = owned_prefix(store, "staging").rsplit(".", 3)
    return store.parent / f"{head}.{host}.{pid}.{tail}"


def test_a_push_removes_the_staging_folders_killed_pushes_left_and_nothing_else(
        tmp_path: Path, graph_file: Path) -> None:
    store = tmp_path / "store"
    gone = dead_pid()
    killed = _staging_named(store, gone, "k1ll3d00")
    killed.mkdir()
    (killed / MARKER).write_text(json.dumps({"written_by": "ictgraph", "what": "store", "state": "loading"}))
    (killed / "000012.sst").write_bytes(b"half a store")
    running = _staging_named(store, os.getpid(), "runn1ng0")  # this process is alive: a push in progress
    running.mkdir()
    foreign = _staging_named(store, gone, "f0re1gn0")  # named like ours, but holds a file we never write
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious\n")
    lookalike = tmp_path / ".store.backup"
    lookalike.mkdir()
    before = {path: snapshot(path) for path in (running, foreign, lookalike)}
    assert main(_push(graph_file, "--store", f"oxigraph:{store}")) == 0
    assert not killed.exists()
    assert {path: snapshot(path) for path in before} == before


def test_reading_a_folder_push_did_not_write_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("precious\n")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=r"holds no Oxigraph store: run `ictgraph push --store oxigraph:"):
        open_store(f"oxigraph:{tmp_path}")
    assert snapshot(tmp_path) == before  # RocksDB was never opened there, so it wrote nothing


@pytest.mark.parametrize("command", ["query cq01", "serve --port 0"])
def test_query_and_serve_open_only_a_store_push_marked(command: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.txt").write_text("precious\n")
    name, folder = command.split()[0], f"{tmp_path}/d"
    _refused([*command.split(), "--store", f"oxigraph:{folder}"],
             f"ictgraph {name}: {folder} holds no Oxigraph store: run `ictgraph push --store oxigraph:{folder}` first",
             tmp_path, capsys)


@pytest.mark.slow
def test_a_push_killed_during_the_load_leaves_the_old_store_and_the_next_push_cleans_up(
        tmp_path: Path, graph_file: Path) -> None:
    store = tmp_path / "store"
    done = subprocess.run([*CLI, *_push(graph_file, "--store", f"oxigraph:{store}")], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    before = snapshot(store)
    big = tmp_path / "in" / "big.ttl"  # a load that takes seconds, so the kill lands inside it
    with big.open("w") as fh:
        for i in range(0, 600_000, 1000):
            fh.write("".join(f"<https://example.org/s{j}> <https://example.org/p> \"{j}\" .\n"
                             for j in range(i, i + 1000)))
    child = subprocess.Popen([*CLI, *_push(big, "--store", f"oxigraph:{store}")], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staging: Path | None = None
    while staging is None and child.poll() is None and time.monotonic() < deadline:
        staging = next((p for p in tmp_path.glob(".store.ictgraph-staging.*") if any(p.glob("*.log"))), None)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert staging is not None and staging.is_dir(), "the push ended before it could be killed in its load"
    assert json.loads((staging / MARKER).read_text())["state"] == "loading"
    assert snapshot(store) == before  # the old store, byte for byte
    with open_store(f"oxigraph:{store}") as opened:
        assert len(opened.native) == 3
    done = subprocess.run([*CLI, *_push(graph_file, "--store", f"oxigraph:{store}")], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "store"]  # the killed push's folder is gone


# --- remote stores ---------------------------------------------------------------------------------

class _Store(BaseHTTPRequestHandler):
    """A tiny SPARQL store: answers each method with the (status, body) the test set on the server."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(self.command)  # type: ignore[attr-defined]
        status, body = self.server.answers[self.command]  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json" if body.startswith(b"{") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_store() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    server.requests, server.answers = [], {}  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _remote(graph_file: Path, query: str, gsp: str, *extra: str) -> list[str]:
    return _push(graph_file, "--endpoint", query, "--graph-store", gsp, "--graph", "https://example.org/g", *extra)


COUNT = json.dumps({"head": {"vars": ["triples"]},
                    "results": {"bindings": [{"triples": {"type": "literal", "value": "3"}}]}}).encode()


def test_a_push_to_a_store_that_answers_is_one_put_and_a_count(graph_file: Path, http_store: ThreadingHTTPServer,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    base = f"http://127.0.0.1:{http_store.server_port}"
    http_store.answers.update({"PUT": (204, b""), "POST": (200, COUNT)})  # type: ignore[attr-defined]
    assert main(_remote(graph_file, f"{base}/sparql", f"{base}/gsp")) == 0
    assert capsys.readouterr().out == f"https://example.org/g at {base}/sparql: 3 triples\n"
    assert http_store.requests == ["PUT", "POST"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("answers", "line"), [
    ({"PUT": (500, b"\n<p>disk full</p>\n<p>more</p>")},
     "PUT {base}/gsp answered 500 (<p>disk full</p>); check the --graph-store URL and the store's log"),
    ({"PUT": (401, b"")},
     "PUT {base}/gsp answered 401; set $ICTGRAPH_SPARQL_USER and $ICTGRAPH_SPARQL_PASSWORD, or a line in ~/.netrc"),
    ({"PUT": (204, b""), "POST": (500, b"Internal Server Error")},
     "POST {base}/sparql answered 500 (Internal Server Error); check the URL and the store's log"),
    ({"PUT": (204, b""), "POST": (200, b"<html>a login page</html>")},
     "{base}/sparql: the count of triples came back as no number; check that --endpoint is the store's SPARQL "
     "query URL"),
])
def test_a_store_that_fails_is_one_line(answers: dict[str, tuple[int, bytes]], line: str, graph_file: Path,
                                        http_store: ThreadingHTTPServer, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRC", os.devnull)
    base = f"http://127.0.0.1:{http_store.server_port}"
    http_store.answers.update(answers)  # type: ignore[attr-defined]
    assert main(_remote(graph_file, f"{base}/sparql", f"{base}/gsp")) == 2
    assert capsys.readouterr().err == f"ictgraph push: {line.format(base=base)}\n"


def test_a_closed_port_is_one_line(graph_file: Path, free_port: Callable[[], int],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    assert main(_remote(graph_file, f"{base}/sparql", f"{base}/gsp")) == 2
    assert capsys.readouterr().err == (f"ictgraph push: PUT {base}/gsp: cannot connect (Connection refused); "
                                       "check that the store runs and the URL\n")


@pytest.mark.parametrize(("query", "gsp", "option"), [
    ("ftp://127.0.0.1/sparql", "http://127.0.0.1/gsp", "--endpoint"),
    ("http://127.0.0.1/sparql", "file:///etc/passwd", "--graph-store"),
    ("http:///sparql", "http://127.0.0.1/gsp", "--endpoint"),
])
def test_only_http_urls_are_accepted(query: str, gsp: str, option: str, graph_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_remote(graph_file, query, gsp)) == 2
    url = query if option == "--endpoint" else gsp
    assert capsys.readouterr().err == (f"ictgraph push: {option} {url}: not an http:// or https:// URL; "
                                       "give the store's http(s) URL\n")


@pytest.fixture
def silent_store() -> Iterator[str]:
    """A listener that accepts every connection and never answers: the store that hung a push 300 s."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for conn in held:
        conn.close()


def test_a_store_that_never_answers_is_given_up_after_the_timeout(graph_file: Path, silent_store: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_remote(graph_file, f"{silent_store}/sparql", f"{silent_store}/gsp", "--timeout", "0.2")) == 2
    assert capsys.readouterr().err == (f"ictgraph push: PUT {silent_store}/gsp: no answer within 0.2 s; "
                                       "raise --timeout if the store is slow, or check it\n")


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_the_timeout_is_a_positive_number(value: str, graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(_remote(graph_file, "http://127.0.0.1/sparql", "http://127.0.0.1/gsp", "--timeout", value))
    assert exit_.value.code == 2
    assert f"argument --timeout: {value!r} is not a positive number of seconds" in capsys.readouterr().err
