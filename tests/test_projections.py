"""Network projections: hand-worked edges on a tiny fixture, and answers from the real text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import ictgraph
from ictgraph import analysis as nw

TINY = Path(__file__).parent / "data" / "network" / "tiny.ttl"


@pytest.fixture(scope="module")
def tiny() -> Graph:
    return ictgraph.load(TINY, with_ontology=True)  # the ontology gives the classes their groups


@pytest.fixture(scope="module")
def real() -> Graph:
    return ictgraph.load(with_ontology=True)


# -- the fixture, worked out by hand (see the comments in tiny.ttl) -------------------------------------
# Actor edges: MoC + JWG give MIC–VN-MIC weight 2; the visit gives TH–MIC; the ITU conference links
# ITU, JP, VN, TH, BR pairwise (10 edges); the adoptions involve one actor each, so Peru is isolated.


def test_actor_graph_edges_match_the_hand_count(tiny: Graph) -> None:
    A = nw.build_actor_graph(tiny)
    assert (A.number_of_nodes(), A.number_of_edges()) == (8, 12)
    edge = A.edges["org/mic", "org/vn-mic"]
    assert edge["weight"] == 2 and edge["years"] == [2018]
    assert sorted(edge["records"]) == ["agreement/moc-jp-vn", "event/jwg-1"]
    assert "city/hanoi" not in A  # a city is a place, not an actor
    assert A.nodes["org/vn-mic"]["label_ja"] == "ベトナム情報通信省"
    assert A.nodes["org/mic"]["group"] == "GovernmentOrganization"


def test_country_topic_graph_reaches_countries_through_ministries_and_cities(tiny: Graph) -> None:
    B = nw.build_country_topic_graph(tiny)
    # JP only through MIC (ministryOf JP); VN through its ministry and Hanoi: one edge per record, not per path.
    assert B.edges["country/JP", "ict:topic-5g"]["weight"] == 2  # the JWG and the visit
    assert B.edges["country/VN", "ict:topic-5g"]["records"] == {"event/jwg-1": 2018}
    assert sorted(B["country/JP"]) == ["ict:topic-5g", "ict:topic-cybersecurity", "ict:topic-smart-city",
                                       "ict:topic-standardisation"]
    assert B.number_of_edges() == 11
    assert B.nodes["ict:topic-smart-city"]["label_en"] == "smart city"
    P = nw.project_countries(B)
    shared = {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
    assert shared == {
        frozenset(("country/JP", "country/VN")): 3, frozenset(("country/JP", "country/TH")): 3,
        frozenset(("country/JP", "country/BR")): 1, frozenset(("country/VN", "country/TH")): 2,
        frozenset(("country/VN", "country/BR")): 1, frozenset(("country/TH", "country/BR")): 1,
    }


def test_diffusion_keeps_first_adoption_and_slices_by_year(tiny: Graph) -> None:
    D = nw.build_diffusion_graph(tiny)
    peru = D.edges["standard/isdb-t", "country/PE"]
    assert (peru["order"], peru["year"], peru["kind"], peru["weight"]) == (3, 2009, "decision", 2)
    assert sorted(nw.slice_by_year(D, 2006).nodes) == ["country/BR", "country/JP", "standard/isdb-t"]
    assert nw.slice_by_year(D, 2010).edges["standard/isdb-t", "country/PE"]["weight"] == 1


# -- the real graph: answers the text gives ---------------------------------------------------------------
def test_isdbt_diffusion_follows_the_text(real: Graph) -> None:
    D = nw.build_diffusion_graph(real)
    edges = {v: d for _, v, d in D.out_edges("standard/isdb-t", data=True)}
    assert len(edges) == 20  # CQ01: 20 countries including Japan
    assert (edges["country/JP"]["order"], edges["country/JP"]["date"], edges["country/JP"]["kind"]) == (
        1, "2003-12", "start")
    assert (edges["country/BR"]["order"], edges["country/BR"]["date"]) == (2, "2006-06")  # first abroad
    philippines = edges["country/PH"]  # decision Jun 2010, re-affirmed Nov 2013
    assert (philippines["date"], philippines["weight"], philippines["years"]) == ("2010-06", 2, [2010, 2013])
    assert len(nw.slice_by_year(D, 2009).edges) == 6  # JP, BR, PE, AR, CL, VE by the end of 2009


def test_org_hierarchy_follows_the_text(real: Graph) -> None:
    tree = nw.build_org_hierarchy(real)
    assert {"org/itu-r", "org/itu-t", "org/itu-d"} <= set(tree.predecessors("org/itu"))  # CQ06
    assert list(tree.successors("org/oecd-cdep")) == ["org/oecd"]


def test_actor_network_of_vietnam_and_its_hubs(real: Graph) -> None:
    A = nw.build_actor_graph(real)
    # The MIC–Viet Nam MIC MoC (and its 2020 revision) links the two ministries (CQ02/CQ03).
    assert A.has_edge("org/jp-mic", "org/vn-mic")
    top = nw.compute_centrality(A).head(2)["node"].tolist()
    assert set(top) == {"gov/JP", "org/jp-mic"}  # Japan's government and MIC are on most records
    ego = nw.ego_network(nw.build_record_graph(real), "country/VN")
    assert {"event/jp-vn-jwg-1", "event/jp-vn-jwg-2", "event/jp-vn-jwg-3",
            "event/takaichi-visit-vn-2020-01", "city/hanoi"} <= set(ego.nodes)  # CQ03


def test_country_topics_of_vietnam(real: Graph) -> None:
    B = nw.build_country_topic_graph(real)
    assert {"ict:topic-fire-service", "ict:topic-postal", "ict:topic-statistics",
            "ict:topic-smart-city"} <= set(B["country/VN"])  # CQ09 / CQ03
    assert B.nodes["ict:topic-fire-service"]["label_ja"] == "消防"


