"""ictgraph: a grounded RDF knowledge graph of the 2020 Japanese ICT white paper, ch. 6 sec. 8."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph

__all__ = ["load", "load_ipython_extension", "run_query"]


def load(*args: Any, **kwargs: Any) -> Graph:
    """Open the built graph (`graph/ict.ttl`) as an rdflib Graph; see `ictgraph.query.stores.load`."""
    from ictgraph.query.stores import load as _load

    return _load(*args, **kwargs)


def run_query(*args: Any, **kwargs: Any) -> pd.DataFrame | str | bool:
    """Run a named SPARQL query from `queries/` (`run_query("cq01")`); see `ictgraph.query.run.run_query`."""
    from ictgraph.query.run import run_query as _run_query

    return _run_query(*args, **kwargs)


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext ictgraph`: the `%sparql` and `%%sparql` magics; see `ictgraph.analysis.magics`."""
    from ictgraph.analysis.magics import load_ipython_extension as _load_extension

    _load_extension(ipython)
