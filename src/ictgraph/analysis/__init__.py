"""NetworkX projections of the graph, their metrics and views, and offline HTML rendering."""

# The functions notebooks call are importable from here, networkx-style
# (`from ictgraph import analysis as nw; nw.build_actor_graph(g)`); each lives in the module of its
# concern: nodes (keys, classes, attributes), projections, metrics, views, render, notebook.

from ictgraph.analysis.metrics import (
    compute_centrality,
    detect_communities,
    label_of,
    tabulate_diffusion,
    tabulate_neighbours,
)
from ictgraph.analysis.nodes import (
    CLASS_GROUPS,
    OTHER_GROUP,
    classify,
    describe_nodes,
    node_iri,
    node_key,
    superclasses,
)
from ictgraph.analysis.projections import (
    build_actor_graph,
    build_country_topic_graph,
    build_diffusion_graph,
    build_org_hierarchy,
    build_record_graph,
    ego_network,
    graph_from_table,
    project_countries,
    record_links,
    slice_by_year,
)
from ictgraph.analysis.views import VIEWS, build_view, find_node

__all__ = [
    "CLASS_GROUPS", "OTHER_GROUP", "VIEWS", "build_actor_graph", "build_country_topic_graph", "build_diffusion_graph",
    "build_org_hierarchy", "build_record_graph", "build_view", "classify", "compute_centrality", "describe_nodes",
    "detect_communities", "ego_network", "find_node", "graph_from_table", "label_of", "node_iri", "node_key",
    "project_countries", "record_links", "slice_by_year", "superclasses", "tabulate_diffusion", "tabulate_neighbours",
]
