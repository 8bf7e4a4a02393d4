"""docs/w3id.htaccess in a real Apache (as w3id.org runs it): each kind of IRI and client is sent to a
file the built explorer site really has."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from conftest import require_tool

from ictgraph import resources
from ictgraph.publish.site.cache import ensure_site

pytestmark = pytest.mark.slow

RULES = Path(__file__).parents[1] / "docs" / "w3id.htaccess"
SITE = "https://example.org/ictgraph"  # the placeholder the file ships with
MODULES = Path("/usr/lib/apache2/modules")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def w3id(free_port: Callable[[], int]) -> Iterator[str]:
    """A private Apache on loopback serving the rules as w3id.org/ictgraph/.htaccess."""
    apache = require_tool("apache2", "make system-deps")
    root = Path(tempfile.mkdtemp(prefix="ictgraph-w3id-"))
    try:
        (root / "www" / "ictgraph").mkdir(parents=True)
        shutil.copy(RULES, root / "www" / "ictgraph" / ".htaccess")
        for path in [root, *root.rglob("*")]:  # Apache reads the rules as an unprivileged user
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = free_port()
        user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
        (root / "httpd.conf").write_text(f"""ServerRoot {root}
Listen 127.0.0.1:{port}
ServerName localhost
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
DefaultRuntimeDir {root}
LoadModule mpm_event_module {MODULES}/mod_mpm_event.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
LoadModule rewrite_module {MODULES}/mod_rewrite.so
{user}DocumentRoot {root}/www
<Directory {root}/www>
  AllowOverride All
  Require all granted
</Directory>
""")
        process = subprocess.Popen([apache, "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}/ictgraph"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        if process.poll() is not None:
            pytest.fail(f"apache2 did not start: {process.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
        yield base
        process.terminate()
        process.wait(timeout=20)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def site(explorer_cache: Path) -> Path:
    return ensure_site(explorer_cache, resources.GRAPH_TTL, resources.ONTOLOGY, "en")


@pytest.mark.parametrize(("path", "accept", "target"), [
    ("id/country/BR", BROWSER, "en/id/country/BR.html"),
    ("id/country/BR", "text/turtle", "id/country/BR.ttl"),
    ("id/country/BR", "application/ld+json", "id/country/BR.jsonld"),
    ("id/country/BR/ev/bb99c50a8a6b", "text/turtle", "id/country/BR.ttl"),
    ("id/country/BR/ref/0123abcd", BROWSER, "en/id/country/BR.html"),
    ("id/event/itu-t-wtsa-2020/proposed-date/2021-02", "application/ld+json", "id/event/itu-t-wtsa-2020.jsonld"),
    ("id/agreement/itr-revision-2012/quantity", "application/ld+json", "id/agreement/itr-revision-2012.jsonld"),
    ("id/passage/1.1.u.pi.A.p1", BROWSER, "en/text.html#1.1.u.pi.A.p1"),
    ("id/passage/1.1.u.pi.A.p1", "text/turtle", "id/passage/1.1.u.pi.A.p1.ttl"),
    ("id/source/wp2020-ch6-sec8", "text/turtle", "id/source/wp2020-ch6-sec8.ttl"),
    ("id/source/wp2020-ch6-sec8", BROWSER, "en/index.html"),
    ("ontology", BROWSER, "en/ontology.html"),
    ("ontology", "application/rdf+xml", "downloads/ontology.rdf"),
    ("ontology", "application/n-triples", "downloads/ontology.nt"),
    ("dataset", "text/turtle", "downloads/void.ttl"),
    ("dataset/class/ict-Country", BROWSER, "en/index.html#h-downloads"),
    (".well-known/void", "*/*", "downloads/void.ttl"),
])
def test_each_iri_and_client_reaches_a_file_of_the_site(w3id: str, site: Path, path: str, accept: str,
                                                        target: str) -> None:
    answer = httpx.get(f"{w3id}/{path}", headers={"Accept": accept})
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"{SITE}/{target}"
    assert (site / target.split("#")[0]).is_file()


def test_anything_else_keeps_its_path(w3id: str, site: Path) -> None:
    answer = httpx.get(f"{w3id}/downloads/ict.ttl")
    assert answer.status_code == 302 and answer.headers["location"] == f"{SITE}/downloads/ict.ttl"
    assert (site / "downloads" / "ict.ttl").is_file()
