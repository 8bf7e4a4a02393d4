"""`ictgraph serve` before it serves: loopback only unless asked, and a taken port found before any banner."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from ictgraph.endpoint.server import bind_socket
from ictgraph.errors import UsageError


def test_a_taken_port_is_one_line_and_no_banner() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""  # no "serving at" banner for a server that never served
    assert done.stderr.startswith(f"ictgraph serve: cannot listen on 127.0.0.1:{port}: ")
    assert len(done.stderr.strip().splitlines()) == 1


def test_only_loopback_unless_public() -> None:
    with pytest.raises(UsageError, match="not a loopback address: add --public"):
        bind_socket("0.0.0.0", 0)
    with bind_socket("127.0.0.1", 0) as sock:
        assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0


@pytest.mark.slow
@pytest.mark.parametrize(("args", "words"), [
    (["--base", "ftp://example.org/"], "--base ftp://example.org/: give the http(s) address"),
    (["--input", "{tmp}/ict.ttl"], "void.ttl does not exist: run `ictgraph build` first"),
])
def test_a_base_that_is_no_web_address_or_a_graph_without_its_description_is_one_line(tmp_path, args, words) -> None:
    (tmp_path / "ict.ttl").write_text("", encoding="utf-8")  # a graph, but not one the build wrote
    args = [a.format(tmp=tmp_path) for a in args]
    done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "serve", "--port", "0", *args],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("ictgraph serve: ") and words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "line"), [
    (["--port", "70000"], "argument --port: '70000' is not a TCP port (0 to 65535)"),
    (["--port", "-1"], "argument --port: '-1' is not a TCP port (0 to 65535)"),
    (["--workers", "0"], "argument --workers: '0' is not a number of query processes (1 to 64)"),
    (["--workers", "1000"], "argument --workers: '1000' is not a number of query processes (1 to 64)"),
    (["--timeout", "nan"], "argument --timeout: 'nan' is not a positive number of seconds"),
    (["--short-timeout", "inf"], "argument --short-timeout: 'inf' is not a positive number of seconds"),
    (["--max-results", "0"], "argument --max-results: '0' is not a number of results (1 to 1000000000)"),
    (["--max-memory", "inf"], "--max-memory inf: give a size such as 1G or 512M (0 for no cap)"),
])
def test_a_limit_out_of_range_is_refused_before_anything_starts(args: list[str], line: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A port past 65535 was bound modulo 65536, --workers -1 started none and hung, nan and inf were
    accepted as timeouts, and --max-memory inf was a traceback."""
    from ictgraph.cli import main

    try:
        status = main(["serve", *args])
    except SystemExit as exc:  # argparse's own refusal
        status = exc.code
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.rstrip("\n").splitlines()[-1] in (f"ictgraph serve: error: {line}", f"ictgraph serve: {line}")
