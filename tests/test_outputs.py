"""Every file a command writes obeys one rule; killed runs leave nothing the next run does not remove;
a build's graph and its VoID description switch together.

Each refusal is checked as the user reads it (the exact line, exit 2) and on disk (a snapshot of every
file before and after). The kills are real SIGKILLs of real processes at the moment their working
copies exist.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import facts_folder
from disk import dead_pid, snapshot
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from ictgraph.cli import main
from ictgraph.io import check_output_folder, owned_prefix, write_atomic, write_folder_atomic

CLI = [sys.executable, "-m", "ictgraph.cli"]
DATASET = URIRef("https://w3id.org/ictgraph/dataset")
NOT_A_FILE = "not a regular file; give a new path or a regular file"


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return f"{path}: is a named pipe (FIFO), {NOT_A_FILE}"


def _link_to_a_file(path: Path) -> str:
    (path.parent / "real.txt").write_text("keep me\n")
    path.symlink_to("real.txt")
    return f"{path}: is a symbolic link, {NOT_A_FILE}"


def _dangling_link(path: Path) -> str:
    path.symlink_to(path.parent / "nowhere")  # replacing it would write where the user did not say
    return f"{path}: is a symbolic link, {NOT_A_FILE}"


def _folder(path: Path) -> str:
    path.mkdir()
    (path / "notes.txt").write_text("keep me\n")
    return f"{path}: is a folder, {NOT_A_FILE}"


def _socket(path: Path) -> str:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return f"{path}: is a socket, {NOT_A_FILE}"


def _below_a_file(path: Path) -> str:
    blocker = path.parent / "blocker"
    blocker.write_text("a file where a folder is needed\n")
    return f"{blocker / path.name}: {blocker} is a file, not a folder; give a path in a folder"


def _link_into_proc(path: Path) -> str:
    (path.parent / "p").symlink_to("/proc/self")
    return f"{path.parent / 'p' / path.name}: is under /proc, a kernel file system; give a path elsewhere"


# Each makes something at (or around) a path in an empty folder and returns the line the user must read;
# the path written to is `path`, or for the last two the one their message names.
HOSTILE: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo, "link-to-a-file": _link_to_a_file, "dangling-link": _dangling_link, "folder": _folder,
    "socket": _socket, "below-a-file": _below_a_file, "link-into-proc": _link_into_proc,
}


def _target(case: str, path: Path) -> Path:
    if case == "below-a-file":
        return path.parent / "blocker" / path.name
    if case == "link-into-proc":
        return path.parent / "p" / path.name
    return path


def _refused(argv: list[str], line: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`argv` exits 2 with exactly `line` and leaves every file under `folder` as it was."""
    before = snapshot(folder)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == line + "\n"
    assert captured.out == ""
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("fmt", ["nt", "graphml"])
def test_export_writes_only_a_new_path_or_a_regular_file(case: str, fmt: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"out.{fmt}"
    line = HOSTILE[case](path)
    _refused(["export", "-f", fmt, "-o", str(_target(case, path))], f"ictgraph export: {line}", tmp_path, capsys)


@pytest.mark.parametrize(("path", "why"), [
    ("/dev/null", f"is a character device, {NOT_A_FILE}"),
    ("/dev/stdout", f"is a symbolic link, {NOT_A_FILE}"),
    ("/proc/ictgraph.nt", "is under /proc, a kernel file system; give a path elsewhere"),
    ("/sys/ictgraph.nt", "is under /sys, a kernel file system; give a path elsewhere"),
])
def test_export_refuses_devices_and_kernel_file_systems(path: str, why: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-f", "nt", "-o", path]) == 2
    assert capsys.readouterr().err == f"ictgraph export: {path}: {why}\n"


#: Graph files a user may give to --input (or validate, diff) that are not Turtle, and the reason each
#: parser gives: rdflib's (export, validate), Oxigraph's (render, diff).
NOT_TURTLE: dict[str, tuple[bytes, str, str]] = {
    "binary": (b"\xf4\x00\x01 not text", "not UTF-8 text (byte 0xf4 at offset 0)",
               "Parser error at line 1 between columns 1 and 1: Invalid UTF-8 character encoding"),
    "latin-1": ('<urn:a> <urn:b> "Brésil" .\n'.encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 19)",
                "Parser error at line 1 between columns 20 and 20: Invalid UTF-8"),
    "syntax": (b"<urn:a> <urn:b> .\n", "line 1: objectList expected",
               "Parser error at line 1 column 17: . is not a valid RDF object"),
}
READ_BY_RDFLIB = ("export", "validate")


@pytest.mark.parametrize("case", list(NOT_TURTLE))
@pytest.mark.parametrize("command", [["export", "-f", "ttl", "-o", "{out}/x.ttl", "--input", "{bad}"],
                                     ["export", "-f", "gexf", "-o", "{out}/x.gexf", "--input", "{bad}"],
                                     ["render", "--view", "orgs", "-o", "{out}/x.html", "--input", "{bad}"],
                                     ["validate", "{bad}"],
                                     ["diff", "{bad}", "{bad}"]], ids=lambda c: "-".join(c[:3:2]))
def test_a_graph_file_that_is_not_turtle_is_one_line(case: str, command: list[str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Whichever parser reads it, the user reads the file and the reason, never a traceback."""
    data, rdflib_reason, oxigraph_reason = NOT_TURTLE[case]
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(data)
    reason = rdflib_reason if command[0] in READ_BY_RDFLIB else oxigraph_reason
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(tmp_path)
    assert main([a.format(out=out, bad=bad) for a in command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ictgraph {command[0]}: {bad}: not valid Turtle: {reason}") and err.count("\n") == 1, err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ["fifo", "folder"])
@pytest.mark.parametrize("command", [["render", "--view", "orgs", "-o", "{out}/x.html", "--input", "{bad}"],
                                     ["validate", "{bad}"]])
def test_a_graph_file_that_is_a_pipe_or_a_folder_is_refused_not_read(kind: str, command: list[str], tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A parser would wait on a FIFO forever and fail on a folder with a traceback."""
    bad = tmp_path / "bad.ttl"
    os.mkfifo(bad) if kind == "fifo" else bad.mkdir()
    _refused([a.format(out=tmp_path, bad=bad) for a in command],
             f"ictgraph {command[0]}: {bad} is not a file: give a Turtle graph file", tmp_path, capsys)


@pytest.mark.parametrize("case", ["fifo", "dangling-link", "folder"])
@pytest.mark.parametrize(("command", "name"), [
    (["render", "--view", "orgs", "-o"], "page.html"),
    (["build", "--out"], "ict.ttl"),
])
def test_render_and_build_follow_the_same_rule(command: list[str], name: str, case: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    line = HOSTILE[case](path)
    _refused([*command, str(path)], f"ictgraph {command[0]}: {line}", tmp_path, capsys)


@pytest.mark.slow
def test_query_out_follows_the_same_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.csv"
    line = _fifo(path)
    _refused(["query", "cq01", "--format", "csv", "--out", str(path)], f"ictgraph query: {line}", tmp_path, capsys)


def test_an_empty_output_path_and_csv_to_stdout_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("keep me\n")
    _refused(["export", "-f", "nt", "-o", ""],
             "ictgraph export: -o '': names no file (an unset variable?); give a path, or - for standard output",
             tmp_path, capsys)
    _refused(["export", "-f", "csv", "-o", "-"],
             "ictgraph export: -o -: csv export writes a folder of two files; give a folder name", tmp_path, capsys)


@pytest.mark.slow
def test_export_to_stdout_writes_the_data_there_and_the_account_to_stderr(tmp_path: Path) -> None:
    import pyoxigraph as ox

    done = subprocess.run([*CLI, "export", "-f", "nt", "-o", "-"], capture_output=True, timeout=300, check=False,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    triples = list(ox.parse(done.stdout, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) > 15_000
    assert done.stderr.decode().startswith(f"wrote standard output ({len(triples)} triples, ")
    assert list(tmp_path.iterdir()) == []


def _named_like_ours(target: Path, kind: str, pid: int, host: str | None = None, tail: str = "k1ll3d00") -> Path:
    """A sibling named as a run with process id `pid` (on `host`, default this one) would name it."""
    head, this_host, _, _ = owned_prefix(target, kind).rsplit(".", 3)
    return target.parent / f"{head}.{host or this_host}.{pid}.{tail}"


def test_a_write_removes_the_temporary_files_killed_writes_left_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "ict.ttl"
    gone = dead_pid()
    killed = _named_like_ours(target, "tmp", gone)
    killed.write_bytes(b"half a graph")
    kept = {
        _named_like_ours(target, "tmp", os.getpid()): b"a write still running",  # this process is alive
        _named_like_ours(target, "tmp", gone, host="elsewhere"): b"a write on another host",
        _named_like_ours(tmp_path / "void.ttl", "tmp", gone): b"another file's write",
        tmp_path / ".ict.ttl.backup": b"the user's",
        tmp_path / ".ict.ttl.ictgraph-tmp.x": b"the user's too",
    }
    for path, data in kept.items():
        path.write_bytes(data)
    folder_like_ours = _named_like_ours(target, "tmp", gone, tail="f0ld3r00")  # ours by name, not a file
    folder_like_ours.mkdir()
    write_atomic(target, b"the graph\n")
    assert not killed.exists()
    assert {p: p.read_bytes() for p in kept} == kept
    assert folder_like_ours.is_dir()
    assert target.read_bytes() == b"the graph\n"


def _wait_for(pattern: str, folder: Path, child: subprocess.Popen[bytes], seconds: float = 60) -> Path | None:
    """The first entry of `folder` matching `pattern` while `child` runs; None if it ended first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.poll() is None:
        found = next(iter(folder.glob(pattern)), None)
        if found is not None:
            return found
    return None


@pytest.mark.slow
def test_a_killed_write_leaves_a_temporary_file_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "big.nt"
    target.write_bytes(b"the previous export\n")
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from ictgraph.io import write_atomic\n"
        "write_atomic(Path(sys.argv[1]), b'<x:s> <x:p> <x:o> .\\n' * 20_000_000)"), str(target)])
    leftover = _wait_for(".big.nt.ictgraph-tmp.*", tmp_path, child)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert leftover is not None and leftover.exists(), "the write ended before it could be killed"
    assert target.read_bytes() == b"the previous export\n"
    write_atomic(target, b"the next export\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.nt"]


WRITER = """
import hashlib, sys
from pathlib import Path
from ictgraph.io import write_folder_atomic
n = 0
while True:
    n += 1
    graph = str(n).encode() * 300_000
    write_folder_atomic(Path(sys.argv[1]), {"ict.ttl": graph, "void.ttl": hashlib.sha256(graph).hexdigest().encode()})
"""


def _pair_agrees(folder: Path) -> bool:
    """Read both files through one handle on the folder, as a careful reader does; True if they match."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with open("ict.ttl", "rb", opener=lambda p, f: os.open(p, f, dir_fd=fd)) as g, \
                open("void.ttl", "rb", opener=lambda p, f: os.open(p, f, dir_fd=fd)) as v:
            return hashlib.sha256(g.read()).hexdigest().encode() == v.read()
    finally:
        os.close(fd)


@pytest.mark.slow
def test_a_folder_of_files_switches_whole_under_readers_and_kills(tmp_path: Path) -> None:
    target = tmp_path / "graph"
    write_folder_atomic(target, {"ict.ttl": b"0", "void.ttl": hashlib.sha256(b"0").hexdigest().encode()})
    rng = random.Random(10)
    reads = staged_kills = 0
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
        stop = time.monotonic() + 0.4 + rng.random() * 0.6
        while time.monotonic() < stop:
            try:
                assert _pair_agrees(target), "a reader saw a graph with another graph's description"
                reads += 1
            except FileNotFoundError:
                pass  # the folder this reader held was switched out and removed under it: read again
        child.send_signal(signal.SIGKILL)
        child.wait()
        staged_kills += any(tmp_path.glob(".graph.ictgraph-staging.*"))
        assert _pair_agrees(target), "a kill left a graph with another graph's description"
    assert reads > 100
    assert staged_kills > 0, "no kill came while a staging folder existed"
    write_folder_atomic(target, {"ict.ttl": b"1", "void.ttl": hashlib.sha256(b"1").hexdigest().encode()})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph"]  # every killed run's leftover removed


def test_an_output_folder_with_other_files_is_refused_before_the_build(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "graph"
    out.mkdir()
    (out / "ict.ttl").write_text("previous\n")
    (out / "notes.txt").write_text("keep me\n")
    _refused(["build", "--out-dir", str(out)],
             f"ictgraph build: {out}: holds other files (notes.txt); move them out: this folder holds the "
             "build's outputs only", tmp_path, capsys)


def _described_triples(folder: Path) -> tuple[int, int]:
    """(triples in folder/ict.ttl, triples folder/void.ttl says it has)."""
    graph = Graph().parse(folder / "ict.ttl", format="turtle")
    void = Graph().parse(folder / "void.ttl", format="turtle")
    return len(graph), int(void.value(DATASET, VOID.triples))


@pytest.mark.slow
def test_a_build_stopped_and_killed_while_staging_leaves_the_old_pair_whole(tmp_path: Path) -> None:
    small = facts_folder(tmp_path, "valid/isdbt-brazil.yaml")
    out = tmp_path / "graph"
    subprocess.run([*CLI, "build", "--facts", str(small), "--out-dir", str(out)], check=True, capture_output=True)
    old = _described_triples(out)
    assert old[0] == old[1]
    caught = None
    for _ in range(5):  # the staging folder lives for milliseconds; catch it with a real SIGSTOP
        child = subprocess.Popen([*CLI, "build", "--out-dir", str(out)], stdout=subprocess.DEVNULL)
        caught = _wait_for(".graph.ictgraph-staging.*", tmp_path, child, seconds=300)
        if caught is not None:
            child.send_signal(signal.SIGSTOP)
            graph, described = _described_triples(out)
            assert graph == described  # stopped inside the build's last step: one pair, either one
            child.send_signal(signal.SIGKILL)
            child.wait()
            break
        child.wait()
        subprocess.run([*CLI, "build", "--facts", str(small), "--out-dir", str(out)], check=True,
                       capture_output=True)
    assert caught is not None, "no build was caught while its staging folder existed"
    graph, described = _described_triples(out)
    assert graph == described  # the old pair or (if the stop came after the switch) the new one
    assert any(tmp_path.glob(".graph.ictgraph-staging.*"))  # the killed build's leftover
    done = subprocess.run([*CLI, "build", "--out-dir", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    graph, described = _described_triples(out)
    assert graph == described > old[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts", "graph"]


def test_without_an_atomic_exchange_the_old_folder_is_set_aside_and_put_back_after_a_kill(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ictgraph.io

    monkeypatch.setattr(ictgraph.io, "_exchange", lambda staging, target: False)  # a file system without it
    target = tmp_path / "graph"
    write_folder_atomic(target, {"ict.ttl": b"1", "void.ttl": b"describes 1"})
    write_folder_atomic(target, {"ict.ttl": b"2", "void.ttl": b"describes 2"})
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"ict.ttl": b"2", "void.ttl": b"describes 2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph"]
    # A run killed between its two renames: the old folder set aside, no graph/ at all.
    target.rename(_named_like_ours(target, "old", dead_pid()))
    check_output_folder(target, ("ict.ttl", "void.ttl"))  # what every next write runs first
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"ict.ttl": b"2", "void.ttl": b"describes 2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph"]
