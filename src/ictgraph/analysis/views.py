"""Named views (`actors`, `ego:country/VN`, `query:cq04`, …): which projection a view string draws."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
from rdflib import Graph

from ictgraph.analysis.nodes import node_key
from ictgraph.analysis.projections import (
    build_actor_graph,
    build_country_topic_graph,
    build_diffusion_graph,
    build_org_hierarchy,
    build_record_graph,
    ego_network,
    graph_from_table,
    project_countries,
)
from ictgraph.errors import NodeNotFound, ViewError

VIEWS = ("actors", "topics", "countries", "orgs", "diffusion", "ego:NODE", "query:NAME")

#: The title each view's page shows, in each language (an ego or query view names its centre or query).
TITLES: dict[str, dict[str, str]] = {
    "actors": {"ja": "アクターのつながり：同じ記録に現れる国・政府・組織",
               "en": "Who works with whom: countries, governments and organisations in the same records"},
    "topics": {"ja": "国とトピック：どの国がどの分野に関わるか", "en": "Countries and the topics of their records"},
    "countries": {"ja": "共通のトピックでつながる国", "en": "Countries linked by the topics they share"},
    "orgs": {"ja": "組織の階層：どの組織に属するか", "en": "Organisations and the bodies they belong to"},
    "diffusion": {"ja": "ISDB-T（日本方式）の採用国：採用年順", "en": "Adopters of ISDB-T, by year of adoption"},
    "ego": {"ja": "{name}のまわりの記録", "en": "Records around {name}"},
    "query": {"ja": "クエリ {name}：{title}", "en": "Query {name}: {title}"},
}


def build_view(g: Graph, view: str, radius: int = 1, **params: str) -> nx.Graph:
    """The graph a named view shows (see `VIEWS`); `ego:` takes a key, IRI or label, `query:` a query name.

    Raises `ViewError` (a ValueError) for an unknown view and `NodeNotFound` (a KeyError) for an ego
    centre not in the graph.

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/org/itu-r> "
    ...     "<https://w3id.org/ictgraph/ontology#partOf> <https://w3id.org/ictgraph/id/org/itu> .", format="nt")
    >>> sorted(build_view(g, "ego:org/itu").nodes)
    ['org/itu', 'org/itu-r']
    """
    kind, _, arg = view.partition(":")
    if kind == "ego" and arg:
        R = build_record_graph(g)
        E = ego_network(R, find_node(R, arg), radius)
        centre = E.nodes[E.graph["center"]]
        E.graph["title"] = {lang: TITLES["ego"][lang].format(name=centre.get(f"label_{lang}") or E.graph["center"])
                            for lang in ("ja", "en")}
        return E
    if kind == "query" and arg:
        from ictgraph.query.catalogue import find_query
        from ictgraph.query.run import run_query

        query = find_query(arg)
        table = run_query(arg, g, **params)
        if isinstance(table, str | bool):
            raise ViewError(f"query:{arg}: not a SELECT query: only a table of results can be drawn")
        Q = graph_from_table(table, g, name=f"query:{arg}")
        Q.graph["title"] = {lang: TITLES["query"][lang].format(name=query.id, title=query.title or query.name)
                            for lang in ("ja", "en")}
        return Q
    builders: dict[str, Callable[[Graph], nx.Graph]] = {
        "actors": build_actor_graph, "topics": build_country_topic_graph,
        "countries": lambda gr: project_countries(build_country_topic_graph(gr)),
        "orgs": build_org_hierarchy, "diffusion": build_diffusion_graph}
    if view not in builders:
        raise ViewError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    G = builders[view](g)
    G.graph["title"] = TITLES[view]
    return G


def find_node(G: nx.Graph, name: str) -> str:
    """The node of `G` that `name` designates: a key (`country/VN`), a full IRI or an exact label.

    Raises `NodeNotFound` (a KeyError) naming what was looked for when nothing (or more than one node) matches.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("country/VN", label_ja="ベトナム", label_en="Viet Nam")
    >>> find_node(G, "ベトナム"), find_node(G, "https://w3id.org/ictgraph/id/country/VN")
    ('country/VN', 'country/VN')
    """
    key = node_key(name)
    if key in G:
        return key
    hits = [n for n, d in G.nodes(data=True) if name in (d.get("label_ja"), d.get("label_en"))]
    if len(hits) == 1:
        return hits[0]
    reason = f"{len(hits)} nodes are labelled" if hits else "no node has the key, IRI or label"
    raise NodeNotFound(f"{name!r}: {reason} {name!r} in the {G.graph.get('name', '')} graph")
