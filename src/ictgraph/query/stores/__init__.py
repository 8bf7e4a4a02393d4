"""Where queries run: Oxigraph in memory or on disk, rdflib's memory store, or a remote SPARQL endpoint."""

# open_store(spec) opens any of them behind one interface (Store); load() gives the built graph as an
# rdflib Graph on one of the local stores.

from ictgraph.query.stores.base import Answer, Store, answer_from_result, result_from_answer
from ictgraph.query.stores.spec import IN_MEMORY, STORE_SPECS, load, open_store

__all__ = ["IN_MEMORY", "STORE_SPECS", "Answer", "Store", "answer_from_result", "load", "open_store",
           "result_from_answer"]
