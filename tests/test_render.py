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


# Every view a reader can ask for, each as a Japanese page (and the actors also in English).
VIEWS = ("actors", "topics", "countries", "orgs", "diffusion", "ego:ブラジル", "query:cq06")


@pytest.fixture(scope="module")
def term_labels() -> dict[str, set[str]]:
    """The ontology's labels of classes, properties and concepts, by language: what pages may call things."""
    from ictgraph.analysis.nodes import describe_terms
    from ictgraph.authoring.ontology import load_ontology

    terms = describe_terms(load_ontology().graph)
    return {lang: {t[lang] for t in terms.values() if t[lang]} for lang in ("ja", "en")}


def render(view: str, lang: str, out: Path) -> Path:
    """`ictgraph render` in this process; the page written."""
    from ictgraph.cli import main

    page = out / f"{view.replace(':', '-')}-{lang}.html"
    assert main(["render", "--view", view, "--lang", lang, "-o", str(page)]) == 0
    return page


def page_data(driver) -> dict:
    return driver.execute_script("return JSON.parse(document.getElementById('ictgraph-data').textContent)")


def link_words(label: str) -> list[str]:
    """The names a link label is made of: `会合 ×2、協定` → [会合, 協定]; `5G; AI +3` → [5G, AI]."""
    import re

    parts = re.split(r"、|; ", label)
    return [re.sub(r" (×\d+|\+\d+)$", "", part).strip() for part in parts if part.strip()]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("view", "lang"), [(v, "ja") for v in VIEWS] + [("actors", "en")])
def test_each_view_reads_in_its_language(browser, tmp_path: Path, term_labels, view: str, lang: str) -> None:
    page = render(view, lang, tmp_path)
    assert_offline(open_page(browser, page), page)
    data = page_data(browser)
    assert browser.execute_script("return document.documentElement.lang") == lang
    assert browser.execute_script("return network.physics.physicsEnabled") is False
    panel = browser.find_element("id", "ictgraph-legend").text
    assert data["title"] and data["title"] in panel.replace("\n", "")
    # The legend names classes with the ontology's labels in the page's language, never local names.
    for group in data["groups"]:
        assert group["label"] in panel
        assert group["label"] in term_labels[lang] or group["id"] == "Other"
        if group["id"] != group["label"]:
            assert group["id"] not in panel, f"{group['id']} on a {lang} page"
    # Links say what they are: a property, the topics shared or the kinds of records, never a count.
    columns = {"parent"} if view.startswith("query:") else set()
    labels = [e["label"] for e in data["edges"]]
    assert labels and all(labels), "every link has a label"
    for label in labels:
        assert not label.strip().isdigit()
        assert set(link_words(label)) <= term_labels[lang] | columns, label
    # Every label drawn at the first view is at least 14 px on screen, and some are drawn.
    sizes = browser.execute_script(
        "var s = network.getScale(); return Object.values(network.body.nodes)"
        ".filter(function (n) { return n.labelModule.visible(); })"
        ".map(function (n) { return n.labelModule.fontOptions.size * s; });")
    assert sizes and min(sizes) >= 14, sizes
    # No name runs on: three lines at most (a fourth gives the date on the diffusion view), and every
    # label drawn lies inside the drawing, not under the panel or past the window's edge.
    assert all(len(n["label"].split("\n")) <= 4 and n["name"] for n in data["nodes"])
    assert browser.execute_script(LABELS_CUT_OFF) == []
    # No hairball: a dense view first shows its strongest links, at most 2.5 per node.
    shown_links = browser.execute_script("return edges.get().filter(function (e) { return !e.hidden; }).length")
    assert shown_links <= 2.5 * len(data["nodes"])
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"render-{page.stem}.png"))


# The labels drawn whose box reaches past the drawing's edges, as [node id, left, right, top, bottom].
LABELS_CUT_OFF = """
var box = document.getElementById('mynetwork').getBoundingClientRect(), out = [];
Object.values(network.body.nodes).forEach(function (n) {
  if (n.options.hidden || !n.labelModule.visible() || network.body.data.nodes.get(n.id) === null) { return; }
  var s = n.labelModule.size, a = network.canvasToDOM({x: s.left, y: s.top}),
      b = network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
  if (a.x < 0 || b.x > box.width || a.y < 0 || b.y > box.height) { out.push([n.id, a.x, b.x, a.y, b.y]); }
});
return out;
"""


@pytest.mark.slow
@pytest.mark.browser
def test_dense_view_shows_its_strongest_links_first(browser, tmp_path: Path) -> None:
    page = render("countries", "en", tmp_path)
    open_page(browser, page)
    data = page_data(browser)
    bar = browser.find_element("id", "ictgraph-weight")
    initial = int(bar.get_attribute("value"))
    assert initial > 1 and "Link weight" in browser.find_element("id", "ictgraph-legend").text
    hidden = browser.execute_script("return edges.get().filter(function (e) { return e.hidden; }).map("
                                    "function (e) { return e.id; })")
    assert hidden and all(data["edges"][i]["value"] < initial for i in hidden)
    browser.find_element("id", "ictgraph-reset").click()  # "Show all" shows every link
    assert browser.execute_script("return edges.get().filter(function (e) { return e.hidden; }).length") == 0


@pytest.mark.slow
@pytest.mark.browser
def test_actor_view_search_filters_and_isolated_nodes(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    page = render("actors", "ja", tmp_path)
    open_page(browser, page)
    box = browser.find_element("id", "ictgraph-search")
    for text in ("ブラジル", "Brazil", "ＢＲＡＺＩＬ", "brazil"):  # either language, any case or width
        box.clear()
        box.send_keys(text, Keys.ENTER)
        assert browser.execute_script("return network.getSelectedNodes()") == ["country/BR"], text
        first = browser.find_element("css selector", "#ictgraph-hits li").text
        assert first.startswith("ブラジル") and "Brazil" in first
    browser.save_screenshot(str(ARTIFACTS / "render-actors-search.png"))
    # The selected node's links show their labels; the tooltip of a link names its records and quotes.
    shown = browser.execute_script(
        "return edges.get().filter(function (e) { return (e.from === 'country/BR' || e.to === 'country/BR')"
        " && e.font.size > 0; }).length")
    assert shown > 0
    tip = browser.execute_script(
        "var e = edges.get().filter(function (e) { return e.from === 'gov/BR' && e.to === 'gov/JP'; })[0];"
        "return [e.title.querySelectorAll('li').length, e.title.querySelector('blockquote').textContent];")
    assert tip[0] >= 1 and "ブラジル" in tip[1]
    # Nodes with no link are gathered in rows under the drawing, and the panel counts them.
    data = page_data(browser)
    isolated = [n["id"] for n in data["nodes"] if n["isolated"]]
    positions = browser.execute_script("return network.getPositions()")
    lowest = max(positions[n["id"]]["y"] for n in data["nodes"] if not n["isolated"])
    assert isolated and all(positions[n]["y"] > lowest for n in isolated)
    assert f"つながりのないノード {len(isolated)}" in browser.find_element("id", "ictgraph-legend").text
    # Filters: a class, a span of years, a country.
    counts = browser.find_element("css selector", "#ictgraph-legend .counts")
    browser.find_element("css selector", "input[data-group='Country']").click()
    assert browser.execute_script(
        "return nodes.get().filter(function (n) { return !n.hidden && n.id.indexOf('country/') === 0; }).length") == 0
    assert counts.text.startswith("表示中")
    browser.find_element("id", "ictgraph-reset").click()
    browser.execute_script("var f = document.getElementById('ictgraph-from'); f.value = 2019;"
                           "f.dispatchEvent(new Event('input'));")
    years = browser.execute_script("return edges.get().filter(function (e) { return !e.hidden; }).map("
                                   "function (e) { return e.id; })")
    assert years and all(max(data["edges"][i]["years"] or [9999]) >= 2019 for i in years)
    browser.find_element("id", "ictgraph-reset").click()
    browser.execute_script("var c = document.getElementById('ictgraph-country'); c.value = 'country/VN';"
                           "c.dispatchEvent(new Event('change'));")
    visible = set(browser.execute_script("return nodes.get().filter(function (n) { return !n.hidden; }).map("
                                         "function (n) { return n.id; })"))
    assert {"country/VN", "gov/VN", "gov/JP"} <= visible and "country/BR" not in visible


@pytest.mark.slow
@pytest.mark.browser
def test_diffusion_view_is_a_timeline_with_years(browser, tmp_path: Path) -> None:
    page = render("diffusion", "ja", tmp_path)
    open_page(browser, page)
    data = page_data(browser)
    axis = data["axis"]
    assert axis["years"][0] == 2003 and axis["years"][-1] >= 2019
    positions = browser.execute_script("return network.getPositions()")

    def year_line(year: int) -> float:
        return axis["y"][axis["years"].index(year)]

    # Each country sits at its date: Brazil (Jun 2006) between the lines of 2006 and 2007, Angola last.
    assert year_line(2006) <= positions["country/BR"]["y"] < year_line(2007)
    assert positions["country/AO"]["y"] == max(p["y"] for p in positions.values())
    assert browser.execute_script("return nodes.get('country/BR').label") == "ブラジル\n2006年6月"
    assert browser.execute_script("return [document.getElementById('ictgraph-from').min,"
                                  " document.getElementById('ictgraph-to').max]") == ["2003", "2019"]


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
        (["--view", "query:cq04"], "only 'agreement' holds IRIs (columns: agreement, agreementLabel,"),
    ):
        done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "render", *args, "-o", str(tmp_path / "x.html")],
                              capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "x.html").exists()
