"""The entity network exports (GraphML, GEXF, CSV) read back by networkx and csv, counted against SPARQL."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import networkx as nx
import pytest
from conftest import export_with_cli, oxigraph_store, sparql_count

from ictgraph import resources
from ictgraph.cli import main
from ictgraph.publish.network_export import NETWORK_FORMATS
from ictgraph.vocab import ID

BRAZIL_ADOPTION = f"{ID}adoption/isdbt-BR"


@pytest.fixture(scope="module")
def expected() -> dict[str, int]:
    """Record and link counts computed by Oxigraph's SPARQL engine from graph/ict.ttl, not by the exporter."""
    store = oxigraph_store(resources.GRAPH_TTL)
    return {"nodes": sparql_count(store, "records.rq"), "edges": sparql_count(store, "record-links.rq")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("export")
    return {fmt: export_with_cli(tmp, fmt) for fmt in NETWORK_FORMATS}


@pytest.mark.slow
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


@pytest.mark.slow
def test_csv_tables_count_records_and_links(exported: dict[str, Path], expected: dict[str, int]) -> None:
    assert sorted(p.name for p in exported["csv"].iterdir()) == ["edges.csv", "nodes.csv"]
    with (exported["csv"] / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = {row["id"]: row for row in csv.DictReader(fh)}
    with (exported["csv"] / "edges.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert (len(nodes), len(edges)) == (expected["nodes"], expected["edges"])
    assert nodes[f"{ID}country/BR"]["label_ja"] == "ブラジル"
    assert all(e["source"] in nodes and e["target"] in nodes for e in edges)


@pytest.mark.slow
def test_gexf_is_dynamic_with_the_records_dates(exported: dict[str, Path]) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(exported["gexf"]).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    graph = root.find("g:graph", ns)
    assert graph is not None and (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): n for n in root.iterfind(".//g:node", ns)}
    assert nodes[BRAZIL_ADOPTION].get("start") == "2006-06-01"  # gYearMonth 2006-06 as its first day
    assert nodes[f"{ID}country/BR"].get("start") is None  # undated: there throughout
    adopter = next(e for e in root.iterfind(".//g:edge", ns)
                   if (e.get("source"), e.get("target")) == (BRAZIL_ADOPTION, f"{ID}country/BR"))
    assert adopter.get("start") == "2006-06-01"  # a link starts when both its records exist


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_with_ontology_is_refused_for_networks(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-f", fmt, "-o", str(tmp_path / f"ict.{fmt}"), "--with-ontology"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--with-ontology applies to ttl, nt, jsonld" in err
    assert list(tmp_path.iterdir()) == []


def test_csv_to_a_csv_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-f", "csv", "-o", str(tmp_path / "z.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "csv export writes a folder holding nodes.csv and edges.csv" in err
    assert list(tmp_path.iterdir()) == []


def test_csv_folder_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        folder = export_with_cli(tmp_path, "csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
