"""Named views: ego networks and node look-up, the part-of tree, unknown views, query tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import ictgraph
from ictgraph import analysis as nw

TINY = Path(__file__).parent / "data" / "network" / "tiny.ttl"


@pytest.fixture(scope="module")
def real() -> Graph:
    return ictgraph.load(with_ontology=True)


@pytest.fixture(scope="module")
def tiny() -> Graph:
    return ictgraph.load(TINY, with_ontology=True)  # the ontology gives the classes their groups


def test_ego_network_and_node_lookup(tiny: Graph) -> None:
    R = nw.build_record_graph(tiny)
    assert nw.find_node(R, "ベトナム") == "country/VN"
    assert sorted(nw.ego_network(R, "country/VN").nodes) == ["city/hanoi", "country/VN", "event/itu-pp", "org/vn-mic"]
    with pytest.raises(KeyError, match="no node has the key"):
        nw.find_node(R, "country/XX")


def test_org_hierarchy_and_unknown_view(tiny: Graph) -> None:
    assert sorted(nw.build_org_hierarchy(tiny).edges) == [("org/itu-r", "org/itu"), ("org/itu-t", "org/itu")]
    with pytest.raises(ValueError, match="unknown view 'nope'"):
        nw.build_view(tiny, "nope")


def test_graph_from_query_table(real: Graph) -> None:
    G = nw.build_view(real, "query:cq06")
    assert G.edges["org/itu-r", "org/itu"]["relation"] == "parent"
