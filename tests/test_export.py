"""Every export is read back by another parser and compared with the built graph; the VoID file too."""

from __future__ import annotations

import csv
import hashlib
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from conftest import require_tool
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, VOID, XSD

from ictgraph import paths
from ictgraph.cli import main
from ictgraph.commands.export import FORMATS as CLI_FORMATS
from ictgraph.describe import DATASET, describe_dataset, write_description
from ictgraph.export import FORMATS, load_export_graph
from ictgraph.namespaces import ICT, ID

QUERIES = Path(__file__).parent / "data" / "export"
BRAZIL_ADOPTION = f"{ID}adoption/isdbt-BR"


def _oxigraph_store(*files: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for f in files:
        store.load(path=str(f), format=pyoxigraph.RdfFormat.from_extension(f.suffix.lstrip(".")))
    return store


def _count(store: pyoxigraph.Store, name: str) -> int:
    """The single number a test query of tests/data/export returns, computed by Oxigraph."""
    (row,) = list(store.query((QUERIES / name).read_text(encoding="utf-8")))
    return int(row["n"].value)


def _plain(graph: Graph) -> set[tuple]:
    """The triples with "x"^^xsd:string written as "x": the same RDF 1.1 literal, which rdflib keeps apart."""
    def norm(term):
        if isinstance(term, Literal) and term.datatype == XSD.string:
            return Literal(str(term))
        return term
    return {tuple(norm(t) for t in triple) for triple in graph}


def _export(tmp: Path, fmt: str, *flags: str) -> Path:
    out = tmp / ("csv" if fmt == "csv" else f"ict.{fmt}")
    assert main(["export", "--format", fmt, "--output", str(out), *flags]) == 0
    return out


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_export_graph()


@pytest.fixture(scope="module")
def expected() -> dict[str, int]:
    """Record and link counts computed by Oxigraph's SPARQL engine from graph/ict.ttl, not by the exporter."""
    store = _oxigraph_store(paths.GRAPH_TTL)
    return {"nodes": _count(store, "records.rq"), "edges": _count(store, "record-links.rq")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("export")
    return {fmt: _export(tmp, fmt) for fmt in FORMATS}


def test_the_cli_offers_exactly_the_formats_the_exporter_writes() -> None:
    assert set(CLI_FORMATS) == set(FORMATS)


def test_turtle_is_isomorphic_and_raptor_reads_it_without_warnings(graph: Graph, exported: dict[str, Path]) -> None:
    text = exported["ttl"].read_text(encoding="utf-8")
    assert "@prefix ict: <https://w3id.org/ictgraph/ontology#> ." in text
    assert isomorphic(Graph().parse(exported["ttl"], format="turtle"), graph)
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(exported["ttl"])],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower(), result.stderr
    assert f"returned {len(graph)} triples" in result.stderr


def test_ntriples_are_sorted_isomorphic_and_read_by_oxigraph(graph: Graph, exported: dict[str, Path],
                                                             tmp_path: Path) -> None:
    lines = exported["nt"].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)
    assert isomorphic(Graph().parse(exported["nt"], format="nt"), graph)
    assert len(_oxigraph_store(exported["nt"])) == len(graph)
    again = _export(tmp_path, "nt")
    assert again.read_bytes() == exported["nt"].read_bytes()


def test_jsonld_has_a_compact_context_and_the_same_triples(graph: Graph, exported: dict[str, Path]) -> None:
    import json

    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"]["ict"] == str(ICT)
    brazil = next(n for n in doc["@graph"] if n["@id"] == BRAZIL_ADOPTION)
    assert brazil["@type"] == "ict:StandardAdoption"
    assert _plain(Graph().parse(exported["jsonld"], format="json-ld")) == _plain(graph)
    # Oxigraph's JSON-LD parser is a second, independent reader.
    assert len(_oxigraph_store(exported["jsonld"])) == len(graph)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_have_one_node_per_record_and_one_edge_per_link(fmt: str, exported: dict[str, Path],
                                                                      expected: dict[str, int]) -> None:
    network = nx.read_graphml(exported[fmt]) if fmt == "graphml" else nx.read_gexf(exported[fmt])
    assert (network.number_of_nodes(), network.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert all(node.startswith(str(ID)) for node in network.nodes)  # literals never become nodes
    brazil = network.nodes[BRAZIL_ADOPTION]
    assert brazil["label_en"] == "Brazil's decision on ISDB-T (June 2006)"
    assert brazil["label_ja"] == "ブラジルの方式決定"
    assert (brazil["class"], brazil["date"], int(brazil["year"])) == ("ict:StandardAdoption", "2006-06", 2006)
    relations = {(v, d["relation"]) for _, v, d in network.out_edges(BRAZIL_ADOPTION, data=True)}
    assert (f"{ID}country/BR", "ict:adopter") in relations
    assert (f"{ID}standard/isdb-t", "ict:standard") in relations


def test_csv_tables_count_records_and_links(exported: dict[str, Path], expected: dict[str, int]) -> None:
    assert sorted(p.name for p in exported["csv"].iterdir()) == ["edges.csv", "nodes.csv"]
    with (exported["csv"] / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = {row["id"]: row for row in csv.DictReader(fh)}
    with (exported["csv"] / "edges.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert (len(nodes), len(edges)) == (expected["nodes"], expected["edges"])
    assert nodes[f"{ID}country/BR"]["label_ja"] == "ブラジル"
    assert all(e["source"] in nodes and e["target"] in nodes for e in edges)


def test_inferred_adds_superclass_types_on_a_copy(tmp_path: Path) -> None:
    before = hashlib.sha256(paths.GRAPH_TTL.read_bytes()).hexdigest()
    out = _export(tmp_path, "nt", "--inferred")
    assert hashlib.sha256(paths.GRAPH_TTL.read_bytes()).hexdigest() == before
    data, inferred = Graph().parse(paths.GRAPH_TTL), Graph().parse(out, format="nt")
    memoranda = set(data.subjects(RDF.type, ICT.MemorandumOfCooperation))
    assert memoranda, "the graph has memoranda of cooperation"
    assert all((m, RDF.type, ICT.Agreement) not in data for m in memoranda)
    assert all((m, RDF.type, ICT.Agreement) in inferred for m in memoranda)
    assert (URIRef(f"{ID}country/BR"), RDF.type, ICT.Place) in inferred
    assert set(data) <= set(inferred) and len(inferred) > len(data)
    assert not any((None, RDFS.subClassOf, None) in g for g in (data, inferred))  # ontology not added


def test_with_ontology_adds_the_tbox(graph: Graph, tmp_path: Path) -> None:
    out = _export(tmp_path, "ttl", "--with-ontology")
    both = Graph().parse(out, format="turtle")
    assert (ICT.MemorandumOfCooperation, RDFS.subClassOf, ICT.Agreement) in both
    assert len(both) == len(graph) + len(Graph().parse(paths.ONTOLOGY))


@pytest.mark.parametrize("target", ["blocker/ict.ttl", "blocker/sub/csv"])
def test_an_unwritable_path_is_one_line_and_leaves_nothing(target: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "blocker").write_text("a file where a folder is needed\n")
    fmt = "csv" if target.endswith("csv") else "ttl"
    assert main(["export", "-f", fmt, "-o", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {tmp_path / target}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_export_refuses_graph_folder_and_foreign_csv_folders(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-f", "nt", "-o", str(paths.GRAPH_DIR / "ict.nt")]) == 2
    assert "inside graph/" in capsys.readouterr().err
    assert not (paths.GRAPH_DIR / "ict.nt").exists()
    (tmp_path / "notes.txt").write_text("keep me\n")
    assert main(["export", "-f", "csv", "-o", str(tmp_path)]) == 2
    assert "holds other files (notes.txt)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_void_description_counts_what_sparql_counts(graph: Graph, tmp_path: Path) -> None:
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
    store = _oxigraph_store(paths.GRAPH_TTL)
    query = (QUERIES / "class-counts.rq").read_text(encoding="utf-8")
    by_sparql = {row["class"].value: int(row["n"].value) for row in store.query(query)}
    partitions = {str(d.value(p, VOID["class"])): int(d.value(p, VOID.entities))
                  for p in d.objects(DATASET, VOID.classPartition)}
    assert partitions == by_sparql and partitions[str(ICT.Country)] == 51
    (records,) = d.objects(DATASET, VOID.subset)
    assert int(d.value(records, VOID.entities)) == _count(store, "records.rq")
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "warning" not in result.stderr.lower(), result.stderr
    assert len(describe_dataset(graph)) == len(d)
