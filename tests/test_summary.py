"""The build summary: counts by category agree with the graph, and the README table renders."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from ictgraph import resources
from ictgraph.build.summary import format_summary, summarise
from ictgraph.query.stores import load
from ictgraph.vocab import ICT


def test_categories_count_every_record_once(onto) -> None:
    graph = load(store="memory")
    summary = summarise(graph, onto.graph)
    records = set(graph.subjects(ICT.evidence, None))
    assert summary.records == len(records)
    assert sum(sum(c.values()) for c in summary.by_category.values()) >= len(records)
    assert summary.by_category["StandardAdoption"]["StandardAdoption"] == 21
    assert summary.by_category["Place"]["Country"] == len(set(graph.subjects(RDF.type, ICT.Country)))
    assert "Other" not in summary.by_category, "every record falls under a category of the ontology"
    assert summary.events_by_year[2019] > summary.events_by_year[2015] > 0


def test_markdown_table_for_the_readme(onto) -> None:
    text = format_summary(summarise(Graph().parse(resources.GRAPH_TTL), onto.graph), markdown=True)
    lines = text.splitlines()
    assert lines[2] == "| category | records | by class |"
    assert any(line.startswith("| Agreement | ") and "MemorandumOfCooperation" in line for line in lines)
