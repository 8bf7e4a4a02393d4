"""The RDF exports read back by other parsers and compared with the built graph; what export refuses."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from conftest import export_with_cli, oxigraph_store, require_tool
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from ictgraph import resources
from ictgraph.cli import main
from ictgraph.cli.publish import FORMATS as CLI_FORMATS
from ictgraph.publish.network_export import NETWORK_FORMATS
from ictgraph.publish.rdf_export import RDF_FORMATS, load_export_graph
from ictgraph.vocab import ICT, ID

QUERIES = Path(__file__).parent / "data" / "export"
BRAZIL_ADOPTION = f"{ID}adoption/isdbt-BR"


def _plain(graph: Graph) -> set[tuple]:
    """The triples with "x"^^xsd:string written as "x": the same RDF 1.1 literal, which rdflib keeps apart."""
    def norm(term):
        if isinstance(term, Literal) and term.datatype == XSD.string:
            return Literal(str(term))
        return term
    return {tuple(norm(t) for t in triple) for triple in graph}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_export_graph()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("export")
    return {fmt: export_with_cli(tmp, fmt) for fmt in RDF_FORMATS}


def test_the_cli_offers_exactly_the_formats_the_exporter_writes() -> None:
    assert set(CLI_FORMATS) == set(RDF_FORMATS + NETWORK_FORMATS)


@pytest.mark.slow
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


@pytest.mark.slow
def test_ntriples_are_sorted_isomorphic_and_read_by_oxigraph(graph: Graph, exported: dict[str, Path],
                                                             tmp_path: Path) -> None:
    lines = exported["nt"].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)
    assert isomorphic(Graph().parse(exported["nt"], format="nt"), graph)
    assert len(oxigraph_store(exported["nt"])) == len(graph)
    again = export_with_cli(tmp_path, "nt")
    assert again.read_bytes() == exported["nt"].read_bytes()


@pytest.mark.slow
def test_jsonld_has_a_compact_context_and_the_same_triples(graph: Graph, exported: dict[str, Path]) -> None:
    import json

    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"]["ict"] == str(ICT)
    brazil = next(n for n in doc["@graph"] if n["@id"] == BRAZIL_ADOPTION)
    assert brazil["@type"] == "ict:StandardAdoption"
    assert _plain(Graph().parse(exported["jsonld"], format="json-ld")) == _plain(graph)
    # Oxigraph's JSON-LD parser is a second, independent reader.
    assert len(oxigraph_store(exported["jsonld"])) == len(graph)


@pytest.mark.slow
def test_inferred_adds_superclass_types_on_a_copy(tmp_path: Path) -> None:
    before = hashlib.sha256(resources.GRAPH_TTL.read_bytes()).hexdigest()
    out = export_with_cli(tmp_path, "nt", "--inferred")
    assert hashlib.sha256(resources.GRAPH_TTL.read_bytes()).hexdigest() == before
    data, inferred = Graph().parse(resources.GRAPH_TTL), Graph().parse(out, format="nt")
    memoranda = set(data.subjects(RDF.type, ICT.MemorandumOfCooperation))
    assert memoranda, "the graph has memoranda of cooperation"
    assert all((m, RDF.type, ICT.Agreement) not in data for m in memoranda)
    assert all((m, RDF.type, ICT.Agreement) in inferred for m in memoranda)
    assert (URIRef(f"{ID}country/BR"), RDF.type, ICT.Place) in inferred
    assert set(data) <= set(inferred) and len(inferred) > len(data)
    assert not any((None, RDFS.subClassOf, None) in g for g in (data, inferred))  # ontology not added


@pytest.mark.slow
def test_with_ontology_adds_the_tbox(graph: Graph, tmp_path: Path) -> None:
    out = export_with_cli(tmp_path, "ttl", "--with-ontology")
    both = Graph().parse(out, format="turtle")
    assert (ICT.MemorandumOfCooperation, RDFS.subClassOf, ICT.Agreement) in both
    assert len(both) == len(graph) + len(Graph().parse(resources.ONTOLOGY))


@pytest.mark.parametrize("target", ["blocker/ict.ttl", "blocker/sub/csv"])
def test_an_unwritable_path_is_one_line_and_leaves_nothing(target: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "blocker").write_text("a file where a folder is needed\n")
    fmt = "csv" if target.endswith("csv") else "ttl"
    assert main(["export", "-f", fmt, "-o", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert err == (f"ictgraph export: {tmp_path / target}: {tmp_path / 'blocker'} is a file, not a folder; "
                   "give a path in a folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_export_refuses_graph_folder_and_foreign_csv_folders(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-f", "nt", "-o", str(resources.GRAPH_DIR / "ict.nt")]) == 2
    assert "inside graph/" in capsys.readouterr().err
    assert not (resources.GRAPH_DIR / "ict.nt").exists()
    (tmp_path / "notes.txt").write_text("keep me\n")
    assert main(["export", "-f", "csv", "-o", str(tmp_path)]) == 2
    assert "holds other files (notes.txt)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
