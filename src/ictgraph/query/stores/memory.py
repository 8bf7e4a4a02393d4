"""rdflib's own in-memory store, the reference implementation of rdflib SPARQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ictgraph.query.stores.base import Answer, GraphStore, answer_from_result

if TYPE_CHECKING:
    from rdflib import Graph


class RdflibStore(GraphStore):
    """rdflib's own in-memory store: slow on joins, but the reference implementation of rdflib SPARQL."""

    def __init__(self, graph: Graph, spec: str = "memory") -> None:
        super().__init__(graph, spec)

    def answer(self, sparql: str) -> Answer:
        return answer_from_result(self._graph.query(sparql))

    def close(self) -> None:
        self._graph.close()
