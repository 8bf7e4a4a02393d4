"""The explorer in a real headless Chromium: no outside request, the language switch, text ↔ record, search."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render import browser, open_page  # noqa: F401  (the Chromium fixture and its request log)

from ictgraph.publish.site.build import build_site

ARTIFACTS = Path(__file__).parent / "artifacts"
# One page of each kind, with the name its screenshot gets.
PAGES = {
    "home": "en/index.html",
    "record": "en/id/series/jp-eu-ict-policy-dialogue.html",
    "country": "en/id/country/VN.html",
    "record-ja": "ja/id/country/BR.html",
    "reading": "en/text.html",
    "timeline": "en/timeline.html",
    "index": "en/browse/agreements.html",
    "ontology": "en/ontology.html",
    "queries": "en/queries/index.html",
    "query": "en/queries/cq08-funding-amounts.html",
    "topic": "ja/topic/5g.html",
    "search": "en/search.html?q=Brazl",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("explorer") / "site", lang="en").out


def uri(site: Path, rel: str) -> str:
    path, _, rest = rel.partition("?")
    return (site / path).as_uri() + (f"?{rest}" if rest else "")


def wait(driver, condition, seconds: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def test_every_kind_of_page_stays_inside_the_site(browser, site: Path) -> None:  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    inside = site.resolve().as_uri() + "/"
    for name, rel in PAGES.items():
        browser.set_window_size(1280, 900)
        urls = open_page(browser, Path(site / rel.partition("?")[0])) if "?" not in rel else _open_with_query(
            browser, uri(site, rel))
        stray = [u for u in urls if not u.startswith((inside, "data:", "about:"))]
        assert stray == [], f"{name}: requests left the site: {stray}"
        assert browser.execute_script("return document.fonts.check('16px \"Noto Sans CJK JP\"', 'ベトナム')")
        browser.save_screenshot(str(ARTIFACTS / f"site-{name}.png"))
    browser.set_window_size(400, 900)
    open_page(browser, site / PAGES["record"])
    # Narrow screens reflow rather than scroll sideways.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.save_screenshot(str(ARTIFACTS / "site-record-narrow.png"))
    browser.set_window_size(1280, 900)


def _open_with_query(driver, url: str) -> list[str]:
    """open_page for a URL with a query string (open_page takes a file path)."""
    import json

    driver.get_log("performance")
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and not message["params"].get(
                "documentURL", "").startswith("chrome://"):
            urls.append(message["params"]["request"]["url"])
    return urls


def test_language_switch_keeps_the_place(browser, site: Path) -> None:  # noqa: F811
    browser.get(uri(site, "en/text.html") + "#1.1.u.pa.C.p1")
    wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    browser.find_element("id", "lang-switch").click()
    wait(browser, lambda d: "/ja/" in d.current_url)
    assert browser.current_url == uri(site, "ja/text.html") + "#1.1.u.pa.C.p1"
    assert browser.execute_script("return document.documentElement.lang") == "ja"
    browser.find_element("id", "lang-switch").click()
    wait(browser, lambda d: "/en/" in d.current_url)
    assert browser.current_url == uri(site, "en/text.html") + "#1.1.u.pa.C.p1"


def test_a_highlight_leads_to_its_record_and_the_quote_back_to_it(browser, site: Path) -> None:  # noqa: F811
    browser.get(uri(site, "en/text.html"))
    wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    # The first span of Brazil's passage that one record alone quotes.
    seg = browser.execute_script(
        "return Array.from(document.getElementById('1.1.u.pi.A.p1').querySelectorAll('a.seg'))"
        ".find(a => !a.dataset.r.includes(' '));")
    assert seg is not None
    record, quote = seg.get_attribute("data-r"), seg.get_attribute("data-q").split()[0]
    label = browser.execute_script(
        "return document.getElementById('1.1.u.pi.A.p1-records')"
        ".querySelector('li[data-key=\"' + arguments[0] + '\"] a').textContent", record)
    assert label in seg.get_attribute("title")  # hovering names the record
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", seg)
    seg.click()
    wait(browser, lambda d: d.current_url.endswith(f"/en/id/{record}.html"))
    assert browser.find_element("tag name", "h1").text.startswith(label)
    back = browser.find_element("css selector", f"ol.quotes a[href$='#q/{quote}']")
    back.click()
    wait(browser, lambda d: d.current_url.endswith(f"/en/text.html#q/{quote}"))
    lit = browser.execute_script(
        "return Array.from(document.querySelectorAll('a.seg.flash')).map(a => a.dataset.q.split(' '));")
    assert lit and all(quote in q for q in lit)
    passage = browser.execute_script(f"return document.getElementById('q/{quote}').closest('.passage').id")
    assert passage == "1.1.u.pi.A.p1"


def test_a_span_of_several_records_lists_them(browser, site: Path) -> None:  # noqa: F811
    browser.get(uri(site, "en/text.html"))
    wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    seg = browser.execute_script(
        "return Array.from(document.querySelectorAll('a.seg')).find(a => a.dataset.r.split(' ').length === 3);")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", seg)
    seg.click()
    popover = browser.find_element("id", "popover")
    wait(browser, lambda d: popover.is_displayed())
    links = popover.find_elements("css selector", "a.rec")
    assert len(links) == 3
    links[0].click()
    wait(browser, lambda d: "/en/id/" in d.current_url)


def test_search_finds_japanese_english_and_a_typo(browser, site: Path) -> None:  # noqa: F811
    browser.get(uri(site, "en/index.html"))
    wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    box = browser.find_element("id", "q")
    box.send_keys("ブラジル")
    wait(browser, lambda d: d.find_element("id", "suggest").is_displayed())
    hrefs = [a.get_attribute("href") for a in browser.find_elements("css selector", "#suggest a")]
    assert hrefs[0].endswith("/en/id/country/BR.html")
    for query in ("Brazil", "Brazl", "ラジル"):  # a Japanese substring, and a typo in Latin script
        browser.get(uri(site, f"en/search.html?q={query}"))
        wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
        found = [a.get_attribute("href") for a in browser.find_elements("css selector", "#search-results a")]
        assert any(h.endswith("/en/id/country/BR.html") for h in found[:3]), (query, found[:5])


def test_timeline_filters_by_country_and_flag(browser, site: Path) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import Select

    browser.get(uri(site, "en/timeline.html"))
    wait(browser, lambda d: d.execute_script("return window.ictgraphSettled === true"))
    total = len(browser.find_elements("css selector", "#timeline > li"))
    Select(browser.find_element("name", "country")).select_by_value("country/VN")
    shown = browser.find_elements("css selector", "#timeline > li:not([hidden])")
    assert 0 < len(shown) < total
    assert all("country/VN" in li.get_attribute("data-countries").split() for li in shown)
    assert browser.find_element("id", "timeline-count").text.startswith(f"{len(shown)} of {total}")
    Select(browser.find_element("name", "country")).select_by_value("")
    # The status filter names what the graph says (planned, suspended, a proposed date), nothing it no
    # longer says (no record is flagged postponed), and keeps only the records with such a status.
    status = browser.find_element("name", "flagged")
    assert status.find_element("xpath", "..").text == "only: planned, suspended, proposed date"
    status.click()
    flagged = browser.find_elements("css selector", "#timeline > li:not([hidden])")
    assert flagged and all(li.find_elements("css selector", ".badge") for li in flagged)
    badges = {b.text for li in flagged for b in li.find_elements("css selector", ".badge")}
    assert {"planned", "suspended", "proposed date: 2021年2月 · under discussion"} <= badges
    assert "Trade in Services Agreement (TiSA)" in {li.find_element("css selector", "a").text for li in flagged}
