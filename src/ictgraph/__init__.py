"""ictgraph: a grounded RDF knowledge graph of the 2020 Japanese ICT white paper, ch. 6 sec. 8."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["load"]


def load(*args: Any, **kwargs: Any) -> Graph:
    """Open the built graph (`graph/ict.ttl`) as an rdflib Graph; see `ictgraph.store.load`."""
    from ictgraph.store import load as _load

    return _load(*args, **kwargs)
