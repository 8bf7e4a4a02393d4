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
        return ego_network(R, find_node(R, arg), radius)
    if kind == "query" and arg:
        from ictgraph.query.run import run_query

        table = run_query(arg, g, **params)
        if isinstance(table, str | bool):
            raise ViewError(f"query {arg!r} is not a SELECT query: only tables can be drawn")
        return graph_from_table(table, g, name=f"query:{arg}")
    builders: dict[str, Callable[[Graph], nx.Graph]] = {
        "actors": build_actor_graph, "topics": build_country_topic_graph,
        "countries": lambda gr: project_countries(build_country_topic_graph(gr)),
        "orgs": build_org_hierarchy, "diffusion": build_diffusion_graph}
    if view not in builders:
        raise ViewError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    return builders[view](g)


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
