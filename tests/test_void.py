"""The dataset's VoID/DCAT description: reproducible bytes, counts equal to what SPARQL counts, DCAT-AP."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import oxigraph_store, require_tool, rows_by_value, sparql_count
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, SH, VOID, XSD

from ictgraph import resources
from ictgraph.build.void import DATASET, WIKIDATA_LINKS, describe_dataset, read_dataset_entry, write_description
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import list_queries
from ictgraph.query.stores import load, open_store
from ictgraph.vocab import ICT, ID

QUERIES = Path(__file__).parent / "data" / "export"
DCAT_AP = Path(__file__).parent / "data" / "dcat-ap"
ASK_DESCRIPTION = f"ASK {{ GRAPH <{DATASET}> {{ <{DATASET}> a <{DCAT.Dataset}> }} }}"
BRAZIL_ADOPTION = f"{ID}adoption/isdbt-BR"


def test_void_description_counts_what_sparql_counts(tmp_path: Path) -> None:
    graph = load(store="memory")
    out = tmp_path / "void.ttl"
    write_description(graph, out)
    first = out.read_bytes()
    write_description(graph, out)
    assert out.read_bytes() == first  # no clock, no git: byte-reproducible
    d = Graph().parse(out, format="turtle")
    assert int(d.value(DATASET, VOID.triples)) == len(graph)
    assert str(d.value(DATASET, VOID.sparqlEndpoint)).endswith("/sparql")
    entry = read_dataset_entry()
    assert d.value(DATASET, DCTERMS.modified) == Literal(entry["modified"], datatype=XSD.date)
    assert URIRef(BRAZIL_ADOPTION) in set(d.objects(DATASET, VOID.exampleResource))
    store = oxigraph_store(resources.GRAPH_TTL)
    query = (QUERIES / "class-counts.rq").read_text(encoding="utf-8")
    by_sparql = {row["class"].value: int(row["n"].value) for row in store.query(query)}
    partitions = {str(d.value(p, VOID["class"])): int(d.value(p, VOID.entities))
                  for p in d.objects(DATASET, VOID.classPartition)}
    assert partitions == by_sparql and partitions[str(ICT.Country)] == 51
    records = URIRef(f"{DATASET}/records")
    assert int(d.value(records, VOID.entities)) == sparql_count(store, "records.rq")
    assert int(d.value(WIKIDATA_LINKS, VOID.triples)) == sparql_count(store, "wikidata-links.rq") > 50
    assert d.value(WIKIDATA_LINKS, VOID.linkPredicate) == OWL.sameAs
    (years,) = store.query((QUERIES / "date-years.rq").read_text(encoding="utf-8"))
    period = d.value(DATASET, DCTERMS.temporal)
    assert str(d.value(period, DCAT.startDate)) == f"{years['first'].value}-01-01"
    assert str(d.value(period, DCAT.endDate)) == f"{years['last'].value}-12-31"
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "warning" not in result.stderr.lower(), result.stderr
    assert len(describe_dataset(graph)) == len(d)


@pytest.fixture(scope="module")
def description() -> Graph:
    return Graph().parse(resources.VOID_TTL, format="turtle")


@pytest.mark.parametrize("shapes", ["dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_shapes_recommended.ttl",
                                    "dcat-ap_2.1.1_shacl_range.ttl"])
def test_void_meets_dcat_ap_mandatory_recommended_and_ranges(description: Graph, shapes: str) -> None:
    """No violation and no warning under DCAT-AP 2.1.1's shapes, recommended properties included."""
    conforms, report, text = validate(description, shacl_graph=Graph().parse(DCAT_AP / shapes), inference="none")
    assert conforms and not _results(report), text


def test_void_uses_the_eu_vocabularies_where_dcat_ap_asks(description: Graph) -> None:
    """Formats, languages, themes, availability, licence and publisher types from the controlled lists;
    the one warning left is the publisher's not being an EU corporate body, which it is not."""
    shapes = Graph().parse(DCAT_AP / "dcat-ap_2.1.1_shacl_mdr-vocabularies.shape.ttl")
    _, report, text = validate(description, shacl_graph=shapes, inference="none")
    found = [(report.value(r, SH.resultSeverity), report.value(r, SH.resultPath)) for r in _results(report)]
    assert found == [(SH.Warning, DCTERMS.publisher)], text


def _results(report: Graph) -> list[URIRef]:
    """The top-level results of a SHACL report (not the details nested under them)."""
    (node,) = report.subjects(SH.conforms, None)
    return list(report.objects(node, SH.result))


def test_the_description_in_its_named_graph_changes_no_named_query() -> None:
    """What `ictgraph serve` loads beside the graph: every named query answers exactly as without it,
    and the description answers a query of its named graph."""
    with open_store() as plain, open_store(named={str(DATASET): resources.VOID_TTL}) as served:
        for query in list_queries():
            text = bind_query(query, {})
            assert rows_by_value(served.query(text)) == rows_by_value(plain.query(text)), query.name
        assert served.query(ASK_DESCRIPTION).askAnswer and not plain.query(ASK_DESCRIPTION).askAnswer


@pytest.mark.slow
def test_rdflib_memory_store_holds_the_description_apart_too() -> None:
    with open_store("memory", named={str(DATASET): resources.VOID_TTL}) as served:
        assert served.query(ASK_DESCRIPTION).askAnswer
        assert len(served.graph.default_context) == len(load(store="memory", with_ontology=True))
