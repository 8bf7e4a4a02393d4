"""The built graph loaded once per process, for `run_query(name)` called without a graph.

Loading `graph/ict.ttl` and the ontology into Oxigraph costs tens of milliseconds, many times the
cost of a named query, so the loaded store is kept and reused. It is loaded again when either file
changes (another inode, size or modification time: `ictgraph build` replaces the file), so a
notebook that rebuilds the graph sees the new one on its next call.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ictgraph import resources
from ictgraph.query.stores.oxigraph import OxigraphStore

_lock = threading.Lock()
_loaded: tuple[tuple[tuple[int, int, int, int], ...], OxigraphStore] | None = None


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What changes when a file is replaced or edited: device, inode, size, modification time."""
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def built_graph_store() -> OxigraphStore:
    """The built graph with the ontology on Oxigraph in memory, loaded on first use and again when
    either file has changed since."""
    global _loaded
    from ictgraph.query.stores.spec import open_store

    with _lock:
        try:
            key = tuple(_identity(p) for p in (resources.GRAPH_TTL, resources.ONTOLOGY))
        except FileNotFoundError:
            key = None
        if key is None or _loaded is None or _loaded[0] != key:
            store = open_store("oxigraph", with_ontology=True)  # says what to do if the graph is missing
            assert isinstance(store, OxigraphStore)
            if key is not None:
                _loaded = (key, store)
            return store
        return _loaded[1]
