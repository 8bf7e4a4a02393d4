"""NetworkX projections of the graph, their metrics and views, and offline HTML rendering."""

# The functions notebooks call are importable from here, networkx-style
# (`from ictgraph import analysis as nw; nw.build_actor_graph(g)`); each lives in the module of its
# concern: nodes (keys, classes, attributes), projections, metrics, views, render, notebook; each
# module's __all__ says what it offers here.

from ictgraph.analysis import metrics, nodes, projections
from ictgraph.analysis.metrics import *  # noqa: F403  (its __all__)
from ictgraph.analysis.nodes import *  # noqa: F403
from ictgraph.analysis.projections import *  # noqa: F403
from ictgraph.analysis.views import VIEWS, build_view, find_node

__all__ = [*metrics.__all__, *nodes.__all__, *projections.__all__, "VIEWS", "build_view", "find_node"]
