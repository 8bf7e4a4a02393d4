"""ictgraph: a grounded RDF knowledge graph of the 2020 Japanese ICT white paper, ch. 6 sec. 8."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph

__all__ = ["load", "run_query"]


def load(*args: Any, **kwargs: Any) -> Graph:
    """Open the built graph (`graph/ict.ttl`) as an rdflib Graph; see `ictgraph.query.stores.load`."""
    from ictgraph.query.stores import load as _load

    return _load(*args, **kwargs)


def run_query(*args: Any, **kwargs: Any) -> pd.DataFrame | str | bool:
    """Run a named SPARQL query from `queries/` (`run_query("cq01")`); see `ictgraph.query.run.run_query`."""
    from ictgraph.query.run import run_query as _run_query

    return _run_query(*args, **kwargs)
