"""The query page of `ictgraph serve` in a real Chromium: values not RDF terms, result views, a link that reopens."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from test_render import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture, logging every request)
from test_serve import server  # noqa: F401  (a real `ictgraph serve` on a loopback port)

from ictgraph.endpoint.app import STATIC
from ictgraph.vocab import PREFIXES

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WAIT = 30  # seconds for a page or a result to appear


def _wait(driver, condition) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(condition)


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and \
                not message["params"].get("documentURL", "").startswith("chrome://"):
            urls.append(message["params"]["request"]["url"])
    return urls


def _open(driver, url: str) -> None:
    driver.get_log("performance")
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.examples === 'ready'"))


def _run_named(driver, name: str) -> str:
    """Click a named query in the list and wait for its answer; the text of the results area."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f'a[data-name="{name}"]').click()
    _wait(driver, lambda d: d.execute_script("return !!(yasgui.getTab().getYasr().results)")
          and "results in" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
    return str(driver.find_element(By.CSS_SELECTOR, ".yasr").text)


def _show(driver, view: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f".yasr .select_{view}").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .ictgraph-view"))
    driver.execute_script("document.querySelector('.yasr .yasr_header').scrollIntoView()")


def test_cq01_shows_values_not_terms_and_its_link_reopens_it(browser, server) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    _open(browser, f"{base}/sparql")
    _run_named(browser, "cq01-isdbt-adoption")
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    assert "Brazil" in table and "2006-06" in table and "id:country/BR" in table
    assert "^^" not in table and "@en" not in table and "http://www.w3.org/2001/XMLSchema" not in table
    assert browser.execute_script("return window.ictgraphPrefixes") == {p: str(ns) for p, ns in PREFIXES.items()}
    # What a reader sees: every header whole and named as the query names it, labels before their IRI
    # (the country's label is the first column), and no cell cut short (dates, years, labels, quotes).
    headers = browser.execute_script(
        "return Array.from(document.querySelectorAll('.yasr table thead th'))"
        ".filter(function (th) { return th.offsetWidth > 0; })"
        ".map(function (th) { return [th.innerText.trim(), th.scrollWidth <= th.clientWidth]; })")
    variables = browser.execute_script("return yasgui.getTab().getYasr().results.getVariables()")
    assert [name for name, _ in headers][:3] == ["countryLabel", "countryName", "country"]
    assert sorted(name for name, _ in headers) == sorted(variables) and all(whole for _, whole in headers)
    cut = browser.execute_script(
        "return Array.from(document.querySelectorAll('.yasr table tbody td > div'))"
        ".filter(function (d) { return d.scrollWidth > d.clientWidth + 1; }).map(function (d) { return d.innerText; })")
    assert cut == [] and "…" not in table
    first = browser.execute_script(
        "return Array.from(document.querySelectorAll('.yasr table tbody tr:first-child td'))"
        ".map(function (td) { return td.innerText; })")
    assert first[:2] == ["Japan", "Japan"] and "2003-12" in first and "2003年12月" in first
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "query-page-cq01.png"))
    link = browser.find_element(By.ID, "share-link").get_attribute("value")
    assert link.startswith(f"{base}/sparql#query=") and browser.current_url == link
    assert all(url.startswith(base) for url in _requests(browser))
    # The link, opened afresh, holds the query and runs it.
    browser.get("about:blank")
    _open(browser, link)
    _wait(browser, lambda d: "Brazil" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
    assert "ISDB-T adoption by country" in browser.execute_script("return yasgui.getTab().getQuery()")


def test_an_address_cannot_send_queries_elsewhere(browser, server) -> None:  # noqa: F811
    base, _ = server
    # (a `query` in the query string is the protocol's: /sparql answers it, and shows no page)
    _open(browser, f"{base}/sparql?endpoint=http://example.invalid/sparql#query={quote('ASK {}')}")
    _wait(browser, lambda d: "True" in d.find_element("css selector", ".yasr").text)  # ASK {} answered here
    assert browser.execute_script("return yasgui.getTab().getEndpoint()") == f"{base}/sparql"
    assert all(url.startswith(base) for url in _requests(browser))


def test_result_views_draw_a_timeline_a_chart_and_graphs(browser, server) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = server
    _open(browser, f"{base}/sparql")
    _run_named(browser, "cq01-isdbt-adoption")
    _show(browser, "timeline")
    dots = browser.find_elements(By.CSS_SELECTOR, ".ictgraph-timeline circle")
    assert len(dots) == 21  # every adoption row has a date
    assert "2006-06 · 2006年6月" in browser.find_element(By.CSS_SELECTOR, ".ictgraph-timeline").text
    browser.save_screenshot(str(ARTIFACTS / "query-page-timeline.png"))

    _run_named(browser, "cq13-events-per-year")
    _show(browser, "chart")
    bars = browser.find_elements(By.CSS_SELECTOR, ".ictgraph-chart rect title")
    assert bars and "2019" in browser.find_element(By.CSS_SELECTOR, ".ictgraph-chart").text
    browser.save_screenshot(str(ARTIFACTS / "query-page-chart.png"))

    for name, shot in (("cq06-organisation-hierarchy", "graph"), ("describe-entity", "construct")):
        _run_named(browser, name)
        _show(browser, "graph")
        _wait(browser, lambda d: d.execute_script(
            "var g = document.querySelector('.ictgraph-graph'); return g && g.dataset.settled === 'true'"))
        note = browser.find_element(By.CSS_SELECTOR, ".ictgraph-note").text
        assert " links" in note and not note.startswith("0 nodes")
        browser.save_screenshot(str(ARTIFACTS / f"query-page-{shot}.png"))
    # A CONSTRUCT names its nodes by their labels where it has them.
    assert "ブラジル" in browser.execute_script(
        "return Object.values(yasgui.getTab().getYasr().plugins.graph.network.body.nodes)"
        ".map(function (n) { return n.options.label; }).join(' ')")
    assert all(url.startswith(base) for url in _requests(browser))


def test_favicon_and_vendored_vis_network(server) -> None:  # noqa: F811
    base, _ = server
    icon = httpx.get(f"{base}/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert httpx.get(f"{base}/static/vis-network/LICENSE").text.count("MIT License") >= 1


@pytest.mark.slow
def test_vendored_vis_network_is_pyvis_copy() -> None:
    """One vis-network in the project: the query page's copy is the one pyvis bundles for graph pages."""
    import pyvis

    bundled = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(
        encoding="utf-8")
    vendored = (Path(str(STATIC)) / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    assert bundled.rstrip().rsplit("\n", 1)[0].rstrip() == vendored.rstrip()
