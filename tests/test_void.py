"""The dataset's VoID/DCAT description: reproducible bytes, counts equal to what SPARQL counts."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import oxigraph_store, require_tool, sparql_count
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from ictgraph import resources
from ictgraph.build.void import DATASET, describe_dataset, write_description
from ictgraph.query.stores import load
from ictgraph.vocab import ICT, ID

QUERIES = Path(__file__).parent / "data" / "export"
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
    assert str(d.value(DATASET, URIRef("http://purl.org/dc/terms/issued"))) == "2020"
    assert URIRef(BRAZIL_ADOPTION) in set(d.objects(DATASET, VOID.exampleResource))
    store = oxigraph_store(resources.GRAPH_TTL)
    query = (QUERIES / "class-counts.rq").read_text(encoding="utf-8")
    by_sparql = {row["class"].value: int(row["n"].value) for row in store.query(query)}
    partitions = {str(d.value(p, VOID["class"])): int(d.value(p, VOID.entities))
                  for p in d.objects(DATASET, VOID.classPartition)}
    assert partitions == by_sparql and partitions[str(ICT.Country)] == 51
    (records,) = d.objects(DATASET, VOID.subset)
    assert int(d.value(records, VOID.entities)) == sparql_count(store, "records.rq")
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "warning" not in result.stderr.lower(), result.stderr
    assert len(describe_dataset(graph)) == len(d)
