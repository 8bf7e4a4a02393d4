"""Oxigraph stores, in memory or on disk: queried bare for the endpoint, through oxrdflib for rdflib rows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.query.stores.base import Answer, AnswerKind, GraphStore

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph


class OxigraphStore(GraphStore):
    """A pyoxigraph Store: queried bare (`native`) by the endpoint and by `ictgraph.query.run`, and
    seen through oxrdflib as an rdflib Graph (`graph`, made on first use) by code that walks triples."""

    def __init__(self, native: pyoxigraph.Store, spec: str) -> None:
        self.native = native
        self.spec = spec
        self._view: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._view is None:
            from oxrdflib import OxigraphStore as RdflibAdapter
            from rdflib import Graph
            from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

            # The data sits in the store's default graph; an rdflib Graph over it must say so, or it
            # would query a graph named by a fresh blank node and see nothing.
            self._view = Graph(store=RdflibAdapter(store=self.native), identifier=DATASET_DEFAULT_GRAPH_ID)
        return self._view

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


def native_store(source: object) -> pyoxigraph.Store | None:
    """The pyoxigraph Store that answers for `source` when it is Oxigraph's: an `OxigraphStore`, or an
    rdflib Graph on Oxigraph's default graph (`ictgraph.load()`).

    Queries then run on Oxigraph directly, without building rdflib terms for every cell; anything
    else (rdflib's own store, a Graph on a named graph or on the union of graphs) gives None.
    """
    import sys

    if isinstance(source, OxigraphStore):
        return source.native
    adapter = sys.modules.get("oxrdflib.store")  # a Graph on Oxigraph exists only once it is imported
    store = getattr(source, "store", None)
    if adapter is None or not isinstance(store, adapter.OxigraphStore):
        return None
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph

    if not isinstance(source, Graph) or source.default_union or source.identifier != DATASET_DEFAULT_GRAPH_ID:
        return None
    inner: pyoxigraph.Store = store._inner
    return inner


def declared_prefixes(source: object) -> dict[str, str]:
    """The prefixes an rdflib Graph declares (none for a store): read only when a text needs one, since a
    Graph lists its namespaces anew each time (about 15 µs, as much as a small query)."""
    namespaces = getattr(source, "namespaces", None)
    if isinstance(source, OxigraphStore) or namespaces is None:
        return {}
    # For a Graph on Oxigraph the prefixes live in the adapter, as oxrdflib itself reads them for a query.
    return {prefix: str(ns) for prefix, ns in namespaces()}


#: The marker `ictgraph push` writes into an on-disk store folder (`.ictgraph-store.json`).
STORE_MARKER = "store"
#: The files RocksDB, Oxigraph's on-disk engine, keeps in its folder.
ROCKSDB_FILE = re.compile(r"\d+\.(sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+"
                          r"|\d+\.dbtmp|OPTIONS-\d+\.dbtmp")


def is_store_file(name: str) -> bool:
    """True for a name Oxigraph or `ictgraph push` writes into a store folder.

    >>> [is_store_file(n) for n in ("000012.sst", "MANIFEST-000017", ".ictgraph-store.json", "notes.txt")]
    [True, True, True, False]
    """
    from ictgraph.io import marker_path

    return name == marker_path(Path(), STORE_MARKER).name or ROCKSDB_FILE.fullmatch(name) is not None


def pushed_store(folder: Path) -> dict[str, object] | None:
    """The marker of a complete store `ictgraph push` wrote in `folder` (what, when, triples, sources), or None."""
    from ictgraph.io import read_marker

    marker = read_marker(folder, STORE_MARKER)
    return marker if marker is not None and marker.get("state") == "complete" else None


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
