"""Metrics and tables on the projections: centrality, communities, neighbours, the diffusion timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from ictgraph.analysis.nodes import Lang

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compute_centrality", "detect_communities", "label_of", "tabulate_diffusion", "tabulate_neighbours"]


def label_of(G: nx.Graph, node: str, lang: Lang = "en") -> str:
    """A node's label in `lang`, else in the other language, else its key.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("country/VN", label_ja="ベトナム")
    >>> label_of(G, "country/VN", "en")
    'ベトナム'
    """
    other = "ja" if lang == "en" else "en"
    attrs = G.nodes[node]
    return attrs.get(f"label_{lang}") or attrs.get(f"label_{other}") or str(node)


def compute_centrality(G: nx.Graph, lang: Lang = "en") -> pd.DataFrame:
    """Degree, weighted degree, betweenness and PageRank of every node, most connected first.

    Betweenness ignores weights (normalised, as networkx does by default): a weight here counts shared
    records, a closeness, and betweenness would read it as a distance. PageRank uses the weights and,
    unlike eigenvector centrality, is defined on a graph with several components.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2)
    >>> G.add_edge("b", "c", weight=1)
    >>> df = compute_centrality(G)
    >>> df[["node", "degree", "weighted_degree", "betweenness"]].values.tolist()
    [['b', 2, 3, 1.0], ['a', 1, 2, 0.0], ['c', 1, 1, 0.0]]
    """
    import pandas as pd

    pagerank = nx.pagerank(G, weight="weight") if len(G) else {}
    betweenness = nx.betweenness_centrality(G)
    df = pd.DataFrame({
        "node": list(G.nodes),
        "label": [label_of(G, n, lang) for n in G.nodes],
        "class": [G.nodes[n].get("cls", "") for n in G.nodes],
        "degree": [G.degree(n) for n in G.nodes],
        "weighted_degree": [G.degree(n, weight="weight") for n in G.nodes],
        "betweenness": [betweenness[n] for n in G.nodes],
        "pagerank": [pagerank.get(n, 0.0) for n in G.nodes],
    })
    return df.sort_values(["weighted_degree", "degree", "node"], ascending=[False, False, True],
                          ignore_index=True)


def detect_communities(G: nx.Graph, seed: int = 7, lang: Lang = "en") -> pd.DataFrame:
    """Louvain communities (weighted, fixed seed so that reruns agree), numbered from the largest.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> df = detect_communities(G)
    >>> df.groupby("community")["node"].apply(sorted).tolist()
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    import pandas as pd

    found = nx.community.louvain_communities(G.to_undirected(as_view=True), weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    rows = [(n, label_of(G, n, lang), G.nodes[n].get("cls", ""), i, len(c))
            for i, c in enumerate(ordered) for n in sorted(c, key=str)]
    return pd.DataFrame(rows, columns=["node", "label", "class", "community", "size"])


def tabulate_neighbours(G: nx.Graph, node: str, lang: Lang = "en") -> pd.DataFrame:
    """The neighbours of `node` with label, class, edge weight and years, strongest link first.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("JP", "VN", weight=3, years=[2018, 2020])
    >>> G.add_edge("JP", "TH", weight=1, years=[2019])
    >>> tabulate_neighbours(G, "JP")[["neighbour", "weight", "years"]].values.tolist()
    [['VN', 3, '2018, 2020'], ['TH', 1, '2019']]
    """
    import pandas as pd

    rows = [(v, label_of(G, v, lang), G.nodes[v].get("cls", ""), attrs.get("weight", 1),
             ", ".join(map(str, attrs.get("years", []))), attrs.get("relation", ""))
            for v, attrs in ((v, G.edges[node, v]) for v in nx.all_neighbors(G, node))]
    df = pd.DataFrame(rows, columns=["neighbour", "label", "class", "weight", "years", "relation"])
    return df.sort_values(["weight", "neighbour"], ascending=[False, True], ignore_index=True)


def tabulate_diffusion(D: nx.DiGraph, lang: Lang = "en") -> pd.DataFrame:
    """The adopters of a diffusion graph in order, with date, kind and the running count of adopters.

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("std", "JP", order=1, year=2003, date="2003-12", date_text=None, kind="start", years=[2003])
    >>> D.add_edge("std", "BR", order=2, year=2006, date="2006-06", date_text=None, kind="decision", years=[2006])
    >>> tabulate_diffusion(D)[["order", "country", "date", "adopters"]].values.tolist()
    [[1, 'JP', '2003-12', 1], [2, 'BR', '2006-06', 2]]
    """
    import pandas as pd

    rows = sorted(((d["order"], v, label_of(D, v, lang), d["date"], d["date_text"], d["year"], d["kind"],
                    ", ".join(map(str, d["years"]))) for _, v, d in D.edges(data=True)), key=lambda r: r[0])
    df = pd.DataFrame(rows, columns=["order", "country", "label", "date", "date_text", "year", "kind", "years"])
    df["adopters"] = range(1, len(df) + 1)
    return df
