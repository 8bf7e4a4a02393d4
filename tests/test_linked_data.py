"""The graph's IRIs resolve on a running `ictgraph serve`: content negotiation, 303s, the service
description, the VoID, 404s, CORS and --base, every answer read by an RDF parser or compared to the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import pick_free_port, start_server, stop_server
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID
from test_render import browser  # noqa: F401  (the Chromium fixture)

from ictgraph import resources
from ictgraph.build.void import DATASET
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import find_query

pytestmark = pytest.mark.slow

ICT = Namespace("https://w3id.org/ictgraph/ontology#")
ID = "https://w3id.org/ictgraph/id/"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    base, process = start_server("--workers", "1")
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def rebased(server: str) -> Iterator[str]:
    """A second server whose --base is its own address, as a server reached without w3id would be."""
    port = pick_free_port()
    base, process = start_server("--workers", "1", "--base", f"http://127.0.0.1:{port}/", port=port)
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def site(server: str, explorer_cache: Path) -> Path:
    """The explorer the server built (one per session: every server shares the test session's cache)."""
    (built,) = explorer_cache.glob("site-*")
    return built


@pytest.fixture(scope="module")
def graph() -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(resources.GRAPH_TTL), format=ox.RdfFormat.TURTLE)
    return store


def _get(url: str, accept: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers={"Accept": accept, **headers}, timeout=30)


def test_a_browser_is_sent_to_the_record_page_of_the_site(server: str, site: Path) -> None:
    answer = _get(f"{server}/id/country/BR", BROWSER)
    assert answer.status_code == 303 and answer.headers["location"] == "/en/id/country/BR.html"
    assert "Accept" in answer.headers["vary"]
    page = httpx.get(f"{server}{answer.headers['location']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.content == (site / "en" / "id" / "country" / "BR.html").read_bytes()
    assert 'href="../../../sparql"' in page.text  # the explorer's menu links the query page
    japanese = _get(f"{server}/id/country/BR", BROWSER, **{"Accept-Language": "ja,en;q=0.8"})
    assert japanese.headers["location"] == "/ja/id/country/BR.html"


@pytest.mark.parametrize("media_type", list(RDFLIB_FORMATS))
def test_an_rdf_client_gets_the_record_with_its_quotations(server: str, graph: ox.Store, media_type: str) -> None:
    answer = _get(f"{server}/id/country/BR", media_type)
    assert answer.status_code == 303 and "Accept" in answer.headers["vary"]
    document = httpx.get(f"{server}{answer.headers['location']}", headers={"Accept": media_type})
    assert document.status_code == 200 and document.headers["content-type"].startswith(media_type)
    g = Graph().parse(data=document.content, format=RDFLIB_FORMATS[media_type])
    brazil = URIRef(f"{ID}country/BR")
    assert (brazil, RDF.type, ICT.Country) in g
    quotes = {str(q) for q in g.objects(None, PROV.value)}
    expected = {row["quote"].value for row in graph.query(
        f"SELECT ?quote WHERE {{ <{brazil}> <{ICT.evidence}> ?q . ?q <{PROV.value}> ?quote }}")}
    assert quotes == expected and len(expected) >= 2
    assert set(g.subjects(RDF.subject, brazil)), "its reference statements come with it"


def test_no_preference_means_turtle_and_an_unacceptable_type_is_406(server: str) -> None:
    assert _get(f"{server}/id/country/BR", "*/*").headers["location"] == "/id/country/BR.ttl"
    assert httpx.get(f"{server}/id/country/BR").headers["location"] == "/id/country/BR.ttl"
    refused = _get(f"{server}/id/country/BR", "image/png")
    assert refused.status_code == 406 and refused.text.count("\n") == 1


def _node_of(graph: ox.Store, record: str, prop: str) -> str:
    """The path of one node a record owns (a quotation, a proposed date), as the graph names it."""
    (row, *_) = graph.query(f"SELECT ?n WHERE {{ <{ID}{record}> <{ICT}{prop}> ?n }} ORDER BY ?n")
    return row["n"].value[len("https://w3id.org/ictgraph/"):]


def test_a_quotation_and_a_passage_resolve_to_what_describes_them(server: str, graph: ox.Store) -> None:
    quotation = _node_of(graph, "country/BR", "evidence")
    turtle = _get(f"{server}/{quotation}", "text/turtle")
    assert turtle.headers["location"] == "/id/country/BR.ttl"
    g = Graph().parse(data=httpx.get(f"{server}/id/country/BR.ttl").content, format="turtle")
    assert (URIRef(f"https://w3id.org/ictgraph/{quotation}"), RDF.type, ICT.Quotation) in g
    assert _get(f"{server}/{quotation}", BROWSER).headers["location"] == "/en/id/country/BR.html"
    proposed = _node_of(graph, "event/itu-t-wtsa-2020", "proposedDate")
    document = httpx.get(server + _get(f"{server}/{proposed}", "application/n-triples").headers["location"])
    d = Graph().parse(data=document.content, format="nt")
    assert (URIRef(f"https://w3id.org/ictgraph/{proposed}"), RDF.type, ICT.ProposedDate) in d
    passage = "1.1.u.pi.A.p1"
    assert _get(f"{server}/id/passage/{passage}", BROWSER).headers["location"] == f"/en/text.html#{passage}"
    document = httpx.get(server + _get(f"{server}/id/passage/{passage}", "text/turtle").headers["location"])
    p = Graph().parse(data=document.content, format="turtle")
    assert (URIRef(f"{ID}passage/{passage}"), RDF.type, ICT.Passage) in p


@pytest.mark.parametrize("path", ["id/country/XX", "id/country/BR/ev/0000", "id/../graph/ict.ttl", "id/", "nowhere"])
def test_an_unknown_iri_is_404_with_a_search_box_for_a_browser_and_one_line_otherwise(server: str, path: str) -> None:
    page = _get(f"{server}/{path}", BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<base href="/en/404.html">' in page.text and 'role="search"' in page.text and 'name="q"' in page.text
    plain = _get(f"{server}/{path}", "text/turtle")
    assert plain.status_code == 404 and plain.headers["content-type"].startswith("text/plain")
    assert plain.text.count("\n") == 1


@pytest.mark.browser
def test_the_404_page_works_at_any_depth_in_a_browser(server: str, browser) -> None:  # noqa: F811
    """Its style, links and search run from the <base> the server adds: the search box finds Brazil,
    and every request stays on the server."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/id/country/brazil")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    hits = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li a")]
    assert f"{server}/en/id/country/BR.html" in hits
    style = browser.execute_script("return getComputedStyle(document.querySelector('header.site')).borderBottomStyle")
    assert style == "solid"  # the site's stylesheet loaded
    requested = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert requested and all(url.startswith(server) for url in requested), requested


def test_ontology_and_dataset_iris_negotiate(server: str) -> None:
    assert _get(f"{server}/ontology", BROWSER).headers["location"] == "/en/ontology.html"
    for media_type, fmt in RDFLIB_FORMATS.items():
        answer = _get(f"{server}/ontology", media_type)
        assert answer.status_code == 303
        g = Graph().parse(data=httpx.get(server + answer.headers["location"]).content, format=fmt)
        assert (ICT.Country, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g
    answer = _get(f"{server}/dataset/class/ict-Country", "application/n-triples")
    assert answer.headers["location"] == "/downloads/void.nt"
    assert _get(f"{server}/dataset/no-such-part", "text/turtle").status_code == 404


def test_get_sparql_without_a_query_describes_the_service(server: str) -> None:
    answer = _get(f"{server}/sparql", "text/turtle")
    assert answer.status_code == 200 and "Accept" in answer.headers["vary"]
    g = Graph().parse(data=answer.content, format="turtle")
    (service,) = g.subjects(RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == URIRef("https://w3id.org/ictgraph/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    formats = {str(f).rsplit("/", 1)[-1] for f in g.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle", "JSON-LD"} <= formats
    dataset = g.value(service, SD.defaultDataset)
    assert g.value(dataset, SD.defaultGraph) is not None
    named = g.value(dataset, SD.namedGraph)
    assert g.value(named, SD.name) == DATASET
    assert URIRef("https://w3id.org/ictgraph/.well-known/void") in set(g.objects(dataset, None))
    jsonld = Graph().parse(data=_get(f"{server}/sparql", "application/ld+json").content, format="json-ld")
    assert len(jsonld) == len(g)
    page = _get(f"{server}/sparql", BROWSER)
    assert page.status_code == 200 and "yasgui" in page.text


def test_the_void_is_served_and_queryable_without_changing_the_default_graph(server: str) -> None:
    answer = httpx.get(f"{server}/.well-known/void")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=answer.content, format="turtle")
    assert (DATASET, RDF.type, DCAT.Dataset) in void and void.value(DATASET, VOID.sparqlEndpoint) is not None
    query = (f"SELECT ?title WHERE {{ GRAPH <{DATASET}> {{ <{DATASET}> <{DCTERMS.title}> ?title }} }}")
    rows = httpx.post(f"{server}/sparql", data={"query": query}).json()["results"]["bindings"]
    assert {Literal(r["title"]["value"], lang=r["title"].get("xml:lang")) for r in rows} == \
        set(void.objects(DATASET, DCTERMS.title))
    default = httpx.post(f"{server}/sparql", data={"query": f"ASK {{ <{DATASET}> ?p ?o }}"}).json()
    assert default["boolean"] is False  # the description sits in its named graph only
    named = bind_query(find_query("cq01"), {})
    assert httpx.post(f"{server}/sparql", data={"query": named}).status_code == 200


def test_cors_preflight_answers_as_documented(server: str) -> None:
    preflight = httpx.options(f"{server}/id/country/BR", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Accept"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert set(re.split(r",\s*", preflight.headers["access-control-allow-methods"])) == {"GET", "POST"}
    assert "access-control-allow-credentials" not in preflight.headers
    refused = httpx.options(f"{server}/id/country/BR", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"})
    assert refused.status_code == 400
    simple = _get(f"{server}/id/country/BR.ttl", "text/turtle", Origin="https://example.org")
    assert simple.headers["access-control-allow-origin"] == "*"


def test_the_iris_answer_only_to_a_loopback_host(server: str) -> None:
    answer = _get(f"{server}/id/country/BR", "text/turtle", Host="evil.example")
    assert answer.status_code == 421


def test_base_changes_the_iris_the_server_maps(rebased: str) -> None:
    own = f"{rebased}/"
    answer = _get(f"{rebased}/id/country/BR", "text/turtle")
    g = Graph().parse(data=httpx.get(rebased + answer.headers["location"]).content, format="turtle")
    brazil = URIRef(f"{own}id/country/BR")
    assert (brazil, RDF.type, URIRef(f"{own}ontology#Country")) in g
    assert not [t for t in g if any(str(term).startswith("https://w3id.org/ictgraph/") for term in t)]
    for quotation in g.objects(brazil, URIRef(f"{own}ontology#evidence")):
        assert _get(str(quotation), "text/turtle").headers["location"] == "/id/country/BR.ttl"
    sd = Graph().parse(data=_get(f"{rebased}/sparql", "text/turtle").content, format="turtle")
    assert set(sd.objects(None, SD.endpoint)) == {URIRef(f"{own}sparql")}
    assert set(sd.objects(None, SD.name)) == {DATASET}  # the graph's name in the store is the data's own
    void = Graph().parse(data=httpx.get(f"{rebased}/.well-known/void").content, format="turtle")
    mine = URIRef(f"{own}dataset")
    assert str(void.value(mine, VOID.uriSpace)) == f"{own}id/"
    assert void.value(mine, VOID.sparqlEndpoint) == URIRef(f"{own}sparql")
    rows = httpx.post(f"{rebased}/sparql", data={"query": bind_query(find_query("cq01"), {})}).json()
    assert any(b["country"]["value"].startswith(ID) for b in rows["results"]["bindings"] if "country" in b)
