"""A wheel built from the repository installs into a fresh environment and answers in any folder."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import wait_until_serving

from ictgraph import resources

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DATA = ("ontology/ict.ttl", "ontology/shapes.ttl", "queries/cq01-isdbt-adoption.rq", "queries/qc",
        "queries/network/record-links.rq", "graph/ict.ttl", "graph/void.ttl", "corpus/wp2020-ch6-sec8.txt",
        "facts/README.md", "linking/wikidata.tsv", "audit/exclusions.yaml")


def _run(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False)
    assert done.returncode == 0, f"{args}: {done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # The build backend (hatchling) comes from this environment, as `make install` uses it.
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", dist, REPO,
         cwd=dist)
    (built,) = dist.glob("ictgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment outside the checkout (no system site-packages) with the wheel installed;
    its dependencies come at the versions of requirements.lock."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env)
    _run(env / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", REPO / "requirements.lock", wheel,
         cwd=env.parent)
    return env / "bin"


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with nothing of the project in it."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    return tmp_path


def test_the_wheel_carries_the_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    missing = [d for d in DATA if not any(n.startswith(f"ictgraph/data/{d}") for n in names)]
    assert missing == []
    assert "ictgraph/endpoint/static/yasgui/LICENSE" in names and "ictgraph/publish/count-triples.rq" in names
    graph = zipfile.ZipFile(wheel).read("ictgraph/data/graph/ict.ttl")
    assert graph == resources.GRAPH_TTL.read_bytes()


def test_a_named_query_answers_from_any_folder(installed: Path, elsewhere: Path) -> None:
    done = _run(installed / "ictgraph", "query", "cq01", "--format", "csv", cwd=elsewhere, timeout=120)
    japan = next(line for line in done.stdout.splitlines() if line.startswith("https://w3id.org/ictgraph/id/country/JP,"))
    assert ",Japan," in japan and ",2003-12," in japan
    assert list(elsewhere.iterdir()) == []  # it wrote nothing where it ran


@pytest.fixture()
def served(installed: Path, elsewhere: Path) -> Iterator[str]:
    server = subprocess.Popen([installed / "ictgraph", "serve", "--port", "0", "--workers", "2"], cwd=elsewhere,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()  # printed once the port is bound
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/sparql", banner)
        assert match, f"no banner: {banner!r} {server.stderr.read() if server.poll() is not None else ''}"
        base = match.group(1)
        assert wait_until_serving(base, seconds=120), server.stderr.read() if server.poll() is not None else ""
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_endpoint_serves_from_any_folder(served: str) -> None:
    query = ("PREFIX ict: <https://w3id.org/ictgraph/ontology#>\n"
             "SELECT ?date WHERE { ?a ict:adopter <https://w3id.org/ictgraph/id/country/BR> ; ict:date ?date }")
    response = httpx.post(f"{served}/sparql", data={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    dates = {b["date"]["value"] for b in response.json()["results"]["bindings"]}
    assert "2006-06" in dates
    examples = httpx.get(f"{served}/queries.json", timeout=30).json()
    assert "cq01-isdbt-adoption" in {e["name"] for e in examples}
    assert httpx.get(f"{served}/sparql", headers={"Accept": "text/html"}, timeout=30).status_code == 200
    page = httpx.get(f"{served}/id/country/BR", headers={"Accept": "text/html"}, follow_redirects=True, timeout=30)
    assert page.status_code == 200 and "ブラジル" in page.text  # the explorer, built from the wheel's data
