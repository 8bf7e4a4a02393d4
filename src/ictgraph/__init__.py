"""ictgraph: a grounded RDF knowledge graph of the 2020 Japanese ICT white paper, ch. 6 sec. 8."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

    from ictgraph.query.run import run_query as run_query

__all__ = ["load", "load_ipython_extension", "run_query"]


def load(*args: Any, **kwargs: Any) -> Graph:
    """Open the built graph (`graph/ict.ttl`) as an rdflib Graph; see `ictgraph.query.stores.load`."""
    from ictgraph.query.stores import load as _load

    return _load(*args, **kwargs)


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext ictgraph`: the `%sparql` and `%%sparql` magics; see `ictgraph.analysis.magics`."""
    from ictgraph.analysis.magics import load_ipython_extension as _load_extension

    _load_extension(ipython)


def __getattr__(name: str) -> Any:
    """`ictgraph.run_query`, imported on first use (`import ictgraph` stays light) and then kept as the
    module's own attribute, so that a call in a loop goes straight to `ictgraph.query.run.run_query`."""
    if name == "run_query":
        from ictgraph.query.run import run_query

        globals()[name] = run_query
        return run_query
    raise AttributeError(f"module 'ictgraph' has no attribute {name!r}")
