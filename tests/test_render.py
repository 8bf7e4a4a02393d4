"""Rendered pages: self-contained HTML, checked in a real headless Chromium with no network requests."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_tool

import ictgraph
from ictgraph import analysis as nw
from ictgraph.analysis.render import find_external_refs, render_html, write_html

TINY = Path(__file__).parent / "data" / "network" / "tiny.ttl"
ARTIFACTS = Path(__file__).parent / "artifacts"
RAW_QUOTE = '<b>協力覚書</b> & "署名"'  # the fixture's quote for the Japan–Viet Nam MoC


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium through chromedriver, isolated from the network and any profile, logging every request."""
    chromium, chromedriver = require_tool("chromium"), require_tool("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    with tempfile.TemporaryDirectory(prefix="ictgraph-chromium-") as profile:
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                    "--window-size=1280,900", "about:blank"):
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(options=opts, service=Service(chromedriver))
        try:
            yield driver
        finally:
            driver.quit()


def open_page(driver, page: Path) -> list[str]:
    """Load a page, wait for its layout to settle, and return the URLs of the requests it made."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance")  # drain what the browser did before this page
    driver.get(page.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.ictgraphSettled === true"))
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        params = message["params"]
        # Chromium's own UI (its new-tab page) logs chrome:// requests in the same log; a file:// page
        # cannot load chrome:// URLs, so those are the browser's, not the page's.
        if params.get("documentURL", "").startswith("chrome://"):
            continue
        urls.append(params["request"]["url"])
    return urls


def assert_offline(urls: list[str], page: Path) -> None:
    assert page.as_uri() in urls
    stray = [u for u in urls if u != page.as_uri() and not u.startswith(("data:", "about:"))]
    assert stray == [], f"the page requested {stray}"


@pytest.mark.browser
def test_rendered_tiny_graph_in_chromium(browser, tmp_path: Path) -> None:
    G = nw.build_record_graph(ictgraph.load(TINY, with_ontology=True))
    page = write_html(G, tmp_path / "tiny.html", title="tiny", lang="ja")
    assert find_external_refs(page.read_text(encoding="utf-8")) == []
    assert_offline(open_page(browser, page), page)
    assert browser.execute_script("return network.body.data.nodes.length") == G.number_of_nodes() == 20
    assert browser.execute_script("return network.body.data.edges.length") == G.number_of_edges()
    assert browser.execute_script("return network.physics.physicsEnabled") is False  # settled, then off
    assert browser.execute_script("return network.body.data.edges.get()[0].arrows") == "to"
    # The tooltip shows the quote's markup as text: escaped in Python, parsed into a <blockquote> here.
    tip = browser.execute_script(
        "var t = nodes.get('agreement/moc-jp-vn').title;"
        "var q = t.querySelector('blockquote'); return [q.textContent, q.children.length, t.textContent];")
    assert tip[0] == RAW_QUOTE and tip[1] == 0
    assert "日越協力覚書" in tip[2] and "Japan–Viet Nam MoC" in tip[2] and "2018年10月" in tip[2]
    legend = browser.execute_script("return document.getElementById('ictgraph-legend').innerText")
    # A Japanese page names classes with the ontology's Japanese labels.
    assert "合意文書" in legend and "ノード 20" in legend and "Agreement" not in legend


@pytest.mark.slow
@pytest.mark.browser
def test_actor_view_of_the_real_graph_via_cli(browser, tmp_path: Path) -> None:
    page = tmp_path / "actors.html"
    done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "render", "--view", "actors", "--lang", "ja",
                           "-o", str(page)], capture_output=True, text=True, check=True)
    expected = nw.build_actor_graph(ictgraph.load(with_ontology=True)).number_of_nodes()
    assert f"{page}: {expected} nodes" in done.stdout
    assert_offline(open_page(browser, page), page)
    assert browser.execute_script("return network.body.data.nodes.length") == expected
    label = browser.execute_script("return nodes.get('org/jp-mic').label")
    assert label == "総務省"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "actors.png"))
    assert (ARTIFACTS / "actors.png").stat().st_size > 10_000


def test_page_escapes_script_endings_in_data() -> None:
    import networkx as nx

    G = nx.Graph()
    G.add_node("x", label_en="</script><script>alert(1)</script>", quote="</script>")
    page = render_html(G)
    assert "</script><script>alert(1)" not in page
    assert find_external_refs(page) == []


@pytest.mark.slow
def test_cli_reports_user_mistakes_in_one_line(tmp_path: Path) -> None:
    for args, message in (
        (["--view", "nope"], "unknown view 'nope'"),
        (["--view", "ego:country/XX"], "no node has the key, IRI or label"),
        (["--view", "actors", "--param", "a=1"], "--param applies to query: views only"),
    ):
        done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "render", *args, "-o", str(tmp_path / "x.html")],
                              capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "x.html").exists()
