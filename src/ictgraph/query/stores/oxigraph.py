"""Oxigraph stores, in memory or on disk: queried bare for the endpoint, through oxrdflib for rdflib rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.query.stores.base import Answer, AnswerKind, GraphStore

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph


class OxigraphStore(GraphStore):
    """A pyoxigraph Store, queried bare for the endpoint and through oxrdflib for rdflib Results."""

    def __init__(self, native: pyoxigraph.Store, spec: str) -> None:
        from oxrdflib import OxigraphStore as RdflibAdapter
        from rdflib import Graph
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self.native = native
        # The data sits in the store's default graph; an rdflib Graph over it must say so, or it
        # would query a graph named by a fresh blank node and see nothing.
        super().__init__(Graph(store=RdflibAdapter(store=native), identifier=DATASET_DEFAULT_GRAPH_ID), spec)

    def answer(self, sparql: str) -> Answer:
        import pyoxigraph as ox

        result = self.native.query(sparql)
        if isinstance(result, ox.QueryTriples):
            data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
            return Answer("graph", data or b"")  # None only when written to a file
        kind: AnswerKind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        return Answer(kind, result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

    def close(self) -> None:
        self.native.flush()
        del self.native


def load_oxigraph(sources: list[Path], directory: Path | None = None) -> pyoxigraph.Store:
    """Bulk-load Turtle files into the default graph of a new pyoxigraph Store (on disk if `directory`)."""
    import pyoxigraph as ox

    native = ox.Store(str(directory)) if directory else ox.Store()
    for src in sources:
        native.bulk_load(path=str(src), format=ox.RdfFormat.TURTLE)
    return native


def on_oxigraph(graph: Graph) -> Graph:
    """A copy of an rdflib graph on Oxigraph, for queries that rdflib's own engine answers in seconds
    (such as a filter over every triple) and Oxigraph in milliseconds."""
    from rdflib import Graph

    copy = Graph(store="Oxigraph")
    copy.parse(data=graph.serialize(format="nt", encoding="utf-8"), format="ox-nt")
    return copy
