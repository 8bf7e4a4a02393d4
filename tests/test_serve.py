"""A real `ictgraph serve` on a loopback port: protocol, formats, safety limits, load and the query page."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import require_tool, rows_by_value, start_server, stop_server
from rdflib import Graph

from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import find_query, list_queries
from ictgraph.query.stores import Answer, open_store, result_from_answer

DATA = Path(__file__).parent / "data" / "serve"
pytestmark = pytest.mark.slow

TIMEOUT = 2.0
MAX_RESULTS = 5000
NAMED = list_queries()


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    base, process = start_server("--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS), "--workers", "2")
    yield base, process
    stop_server(process)


@pytest.fixture(scope="module")
def local():
    with open_store("oxigraph") as store:
        yield store


def _rows(response: httpx.Response) -> list[tuple[object, ...]]:
    assert response.status_code == 200, response.text
    return rows_by_value(result_from_answer(Answer("solutions", response.content)))


def test_get_post_form_and_direct_post_agree(server, local) -> None:
    base, _ = server
    text = bind_query(find_query("cq01"), {})
    expected = rows_by_value(local.query(text))
    got = [
        httpx.get(f"{base}/sparql", params={"query": text}),
        httpx.post(f"{base}/sparql", data={"query": text}),
        httpx.post(f"{base}/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}),
    ]
    for response in got:
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert _rows(response) == expected
    brazil = [row for row in expected if row[1] == ("literal", "Brazil")]
    assert brazil and ("literal", "2006-06") in brazil[0]


@pytest.mark.browser
@pytest.mark.parametrize("query", NAMED, ids=[q.id for q in NAMED])
def test_named_queries_answer_as_in_process(server, local, query) -> None:
    base, _ = server
    text = bind_query(query, {})
    response = httpx.post(f"{base}/sparql", data={"query": text}, timeout=30,
                          headers={"Accept": "application/sparql-results+json, application/n-triples"})
    assert response.status_code == 200, response.text
    graph = response.headers["content-type"].startswith("application/n-triples")
    answer = Answer("graph" if graph else "solutions", response.content)
    assert rows_by_value(result_from_answer(answer)) == rows_by_value(local.query(text))


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_solution_formats(server, accept: str) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("country-count.rq")}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    if accept == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        value = rows[1][0]
    else:
        fmt = ox.QueryResultsFormat.XML if "xml" in accept else ox.QueryResultsFormat.TSV
        value = next(iter(ox.parse_query_results(response.content, format=fmt)))["countries"].value
    assert int(value) >= 30


def test_ask_answers_a_boolean(server) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("has-brazil.rq")})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_graph_formats(server, accept: str, rdflib_format: str) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("brazil.rq")}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    labels = {(str(o), getattr(o, "language", None)) for o in graph.objects()}
    assert {("Brazil", "en"), ("ブラジル", "ja")} <= labels


def test_unacceptable_type_is_406(server) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("brazil.rq")}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "CONSTRUCT/DESCRIBE result can be sent as text/turtle" in response.text


def test_malformed_query_is_400_with_the_parser_message(server) -> None:
    # The guard parses every query before the store does, so the message is its parser's (rdflib's).
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("malformed.rq")})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: error at 1:19: Expected SelectQuery")


@pytest.mark.parametrize("how", ["update-param", "update-content-type", "update-as-query"])
def test_update_is_refused(server, how: str) -> None:
    base, _ = server
    update = _text("update.ru")
    if how == "update-param":
        response = httpx.post(f"{base}/sparql", data={"update": update})
    elif how == "update-content-type":
        response = httpx.post(f"{base}/sparql", content=update.encode(),
                              headers={"Content-Type": "application/sparql-update"})
    else:
        response = httpx.post(f"{base}/sparql", data={"query": update})
    assert response.status_code == 403
    assert "read-only" in response.text
    # and nothing was written
    count = httpx.post(f"{base}/sparql", data={"query": _text("country-count.rq")}).json()
    assert count["results"]["bindings"][0]["countries"]["value"] == _country_count()


def _country_count() -> str:
    with open_store("oxigraph") as store:
        return str(next(iter(store.query(_text("country-count.rq"))))[0])


def test_service_is_refused(server) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("service.rq")})
    assert response.status_code == 403
    assert response.text.strip() == "federated queries (SERVICE) are refused by this endpoint"


def test_oversized_request_is_413(server) -> None:
    base, _ = server
    padding = "#" + "x" * (300 * 1024) + "\n"
    response = httpx.post(f"{base}/sparql", data={"query": padding + _text("country-count.rq")})
    assert response.status_code == 413


def test_result_over_the_limit_is_refused(server) -> None:
    base, _ = server
    response = httpx.post(f"{base}/sparql", data={"query": _text("all-triples.rq")})
    assert response.status_code == 400
    assert f"more than this server's limit of {MAX_RESULTS}" in response.text


def test_slow_query_times_out_while_others_answer(server) -> None:
    """How fast each answer comes is measured by bench/run.py; here, what happens in which order."""
    base, _ = server
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(httpx.post, f"{base}/sparql", data={"query": _text("cross-join.rq")}, timeout=30)
        time.sleep(0.3)  # let the slow query take a worker first
        quick = httpx.post(f"{base}/sparql", data={"query": _text("country-count.rq")}, timeout=30)
        answered_while_the_slow_one_ran = not slow.done()
        slow_response = slow.result()
        slow_seconds = time.monotonic() - started
    assert quick.status_code == 200
    assert answered_while_the_slow_one_ran  # the other worker answered; nothing waited for the slow query
    assert slow_response.status_code == 504
    assert "timeout" in slow_response.text
    assert slow_seconds >= TIMEOUT  # stopped by the timeout, not before it
    # The killed worker is replaced: both workers answer again.
    time.sleep(1.5)
    for _ in range(4):
        assert httpx.post(f"{base}/sparql", data={"query": _text("has-brazil.rq")}).json()["boolean"] is True


def test_load_has_no_failures(server) -> None:
    """Memory growth and throughput under this load are measured by bench/run.py."""
    base, _ = server
    queries = [bind_query(q, {}) for q in NAMED] + [_text("country-count.rq"), _text("has-brazil.rq")]

    def hammer(n: int) -> list[int]:
        with httpx.Client(timeout=10) as client:
            return [client.post(f"{base}/sparql", data={"query": queries[i % len(queries)]}).status_code
                    for i in range(n)]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for batch in pool.map(hammer, [50] * 8) for s in batch]
    assert statuses.count(200) == len(statuses) == 400
    # 2 general workers + 1 for short queries. A query that outgrows the short lane's budget on a busy
    # machine costs that worker its life (it is killed and replaced), so the pool is whole again soon
    # after the load, not necessarily at the instant it ends.
    deadline = time.monotonic() + 15
    while len(workers := httpx.get(f"{base}/health").json()["workers"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) == 3


def test_query_page_is_offline(server) -> None:
    base, _ = server
    page = httpx.get(f"{base}/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    # No external URL at all in the HTML: scripts, styles and examples come from this server.
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page.text)
    assert "/static/yasgui/yasgui.min.js" in page.text
    assert httpx.get(f"{base}/static/yasgui/yasgui.min.js").status_code == 200
    assert httpx.get(f"{base}/static/yasgui/LICENSE").text.count("MIT") >= 1
    examples = httpx.get(f"{base}/queries.json").json()
    assert [e["name"] for e in examples] == [q.name for q in NAMED]


def test_query_page_runs_an_example_in_a_browser(server) -> None:
    require_tool("chromium")
    driver_path = require_tool("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server
    options = webdriver.ChromeOptions()
    options.binary_location = require_tool("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(f"{base}/sparql")
        wait = WebDriverWait(driver, 30)
        link = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'a[data-name="cq01-isdbt-adoption"]')))
        link.click()
        wait.until(lambda d: "Brazil" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
        requested = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert requested and all(url.startswith(base) for url in requested), requested
    finally:
        driver.quit()
