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
