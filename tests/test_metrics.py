"""Metrics on the tiny fixture's actor network, against values worked out by hand (see tiny.ttl)."""

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


# The actor network of the fixture (see test_projections.py): the ITU conference links ITU, JP, VN, TH
# and BR pairwise, MIC–VN-MIC share two records, TH–MIC one, and Peru is isolated.
# Betweenness: TH lies on the 4 shortest paths MIC–{ITU,JP,VN,BR} and the 4 VN-MIC–{…}: 8; MIC on
# VN-MIC–TH and VN-MIC–{ITU,JP,VN,BR}: 5. Normalised by (n-1)(n-2)/2 = 21 for n = 8.
HAND_METRICS = {
    # node: (degree, weighted degree, betweenness)
    "country/TH": (5, 5, 8 / 21),
    "org/mic": (2, 3, 5 / 21),
    "org/vn-mic": (1, 2, 0.0),
    "country/JP": (4, 4, 0.0),
    "org/itu": (4, 4, 0.0),
    "country/PE": (0, 0, 0.0),
}


def test_centrality_matches_the_hand_values(tiny: Graph) -> None:
    df = nw.compute_centrality(nw.build_actor_graph(tiny), lang="ja").set_index("node")
    for node, (degree, weighted, betweenness) in HAND_METRICS.items():
        row = df.loc[node]
        assert (row["degree"], row["weighted_degree"]) == (degree, weighted), node
        assert row["betweenness"] == pytest.approx(betweenness), node
    assert df.loc["country/TH", "label"] == "タイ"
    # PageRank ranks the bridge first. The isolate gets the teleport share plus its own mass spread as a
    # dangling node: p = (1 - a)/n + a p/n, so p = (1 - a)/n / (1 - a/n) with a = 0.85, n = 8.
    assert df["pagerank"].idxmax() == "country/TH"
    assert df.loc["country/PE", "pagerank"] == pytest.approx((0.15 / 8) / (1 - 0.85 / 8), rel=1e-4)


def test_communities_split_the_ministries_from_the_conference(tiny: Graph) -> None:
    df = nw.detect_communities(nw.build_actor_graph(tiny))
    groups = df.groupby("community")["node"].apply(sorted).tolist()
    assert groups == [["country/BR", "country/JP", "country/TH", "country/VN", "org/itu"],
                      ["org/mic", "org/vn-mic"], ["country/PE"]]
