"""Shared fixtures and helpers: the real corpus and ontology loaded once, free ports, store answers compared."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.query import Result

from ictgraph.authoring.ontology import Ontology, load_ontology
from ictgraph.cli import main
from ictgraph.source.corpus import Corpus, load_corpus

IN_CI = os.environ.get("CI") == "true"
TEST_DATA = Path(__file__).parent / "data"
EXPORT_QUERIES = TEST_DATA / "export"


def require_tool(name: str, install: str = "make system-deps") -> str:
    """The path of a system tool; in CI a missing tool fails the test, elsewhere it skips it."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: run `{install}` (as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def rows_by_value(result: Result) -> list[tuple[object, ...]]:
    """A result's rows as sorted tuples of plain values, to compare answers of different stores.

    Stores agree on values but not on spelling: Virtuoso writes a COUNT as xsd:int, another store
    writes 1.50 where one writes 1.5, rows tied under ORDER BY may come in any order, and so may the
    parts of a GROUP_CONCAT (split here on the separators the named queries use: " | ", ", " and "; ")
    whose language tag stores also disagree on; so literals are compared by their sorted parts.
    """
    def value(term: object) -> object:
        if isinstance(term, Literal):
            python = term.toPython()
            if isinstance(python, bool | int | float) or type(python).__name__ == "Decimal":
                return ("number", float(python))
            return ("literal", *sorted(re.split(r" \| |, |; ", str(term))))
        return ("term", str(term)) if term is not None else ("unbound",)

    if result.type == "ASK":
        return [(result.askAnswer,)]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return sorted((tuple(value(t) for t in triple) for triple in result.graph), key=repr)
    return sorted((tuple(value(t) for t in row) for row in result), key=repr)


def facts_folder(tmp: Path, *examples: str) -> Path:
    """A folder `tmp`/facts holding copies of example fact files (`valid/isdbt-brazil.yaml`, ...) of
    tests/data, to give a child `ictgraph build --facts`."""
    facts = tmp / "facts"
    facts.mkdir()
    for example in examples:
        shutil.copyfile(TEST_DATA / example, facts / Path(example).name)
    return facts


def graph_copy(g: Graph) -> Graph:
    """A copy of `g` for a test to break on purpose, leaving the module's graph whole."""
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


def oxigraph_store(*files: Path) -> pyoxigraph.Store:
    """A fresh pyoxigraph store holding the files: an independent reader of what the package wrote."""
    store = pyoxigraph.Store()
    for f in files:
        store.load(path=str(f), format=pyoxigraph.RdfFormat.from_extension(f.suffix.lstrip(".")))
    return store


def sparql_count(store: pyoxigraph.Store, name: str) -> int:
    """The single number a test query of tests/data/export returns, computed by Oxigraph."""
    (row,) = list(store.query((EXPORT_QUERIES / name).read_text(encoding="utf-8")))
    return int(row["n"].value)


def export_with_cli(tmp: Path, fmt: str, *flags: str) -> Path:
    """Run `ictgraph export` in this process into `tmp`; the path written (a folder for csv)."""
    out = tmp / ("csv" if fmt == "csv" else f"ict.{fmt}")
    assert main(["export", "--format", fmt, "--output", str(out), *flags]) == 0
    return out


def wait_until_serving(base: str, seconds: float = 60) -> bool:
    """Poll `base`/health until an `ictgraph serve` there answers; False if it never did."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.2)
    return False


def pick_free_port() -> int:
    """A loopback TCP port nobody listens on (for servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(*args: str, port: int | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    """A real `ictgraph serve` with `args` on a loopback port (a free one unless given), once /health
    answers: its address and process. A server that never answers fails the test with its stderr."""
    port = port or pick_free_port()
    process = subprocess.Popen([sys.executable, "-m", "ictgraph.cli", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    # A first server of the session builds the explorer before it answers: minutes on a loaded machine.
    if not wait_until_serving(base, seconds=180):
        process.kill()
        assert process.stderr is not None
        pytest.fail(f"ictgraph serve did not start: {process.stderr.read().decode()[-800:]}")
    return base, process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session", autouse=True)
def explorer_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the servers the tests start keep the explorer they build: one build per test session,
    shared by every server (the environment passes to them), and never in the user's own cache."""
    path = tmp_path_factory.mktemp("cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(path)
    yield path / "ictgraph" / "explorer"
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A function that returns a loopback TCP port nobody listens on (for servers the tests start)."""
    return pick_free_port


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def onto() -> Ontology:
    return load_ontology()
