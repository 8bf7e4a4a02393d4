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
