"""Where queries run: Oxigraph in memory or on disk, rdflib's memory store, or a remote SPARQL endpoint."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ictgraph import resources
from ictgraph.errors import UserError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.query import Result

#: How `--store` is spelled; a URL (http:// or https://) names a remote SPARQL 1.1 query endpoint.
STORE_SPECS = ("oxigraph", "oxigraph:DIR", "memory", "URL")

SOLUTIONS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Answer:
    """A query's answer in one canonical serialisation, so that every store feeds the same converters.

    `kind` is "solutions" (SELECT), "boolean" (ASK) — both as SPARQL JSON results — or "graph"
    (CONSTRUCT/DESCRIBE) as N-Triples: the two formats every store and every SPARQL server can write.
    """

    kind: Literal["solutions", "boolean", "graph"]
    data: bytes


class Store(ABC):
    """One interface over every store: rdflib rows for programs, canonical bytes for the endpoint."""

    spec: str

    @abstractmethod
    def query(self, sparql: str) -> Result:
        """Run a query and return an rdflib Result (rows of rdflib terms)."""

    @abstractmethod
    def answer(self, sparql: str) -> Answer:
        """Run a query and return its answer serialised (the endpoint never builds Python terms)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (an on-disk store keeps a lock until then)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(Store):
    """A pyoxigraph Store, queried bare for the endpoint and through oxrdflib for rdflib Results."""

    def __init__(self, native: pyoxigraph.Store, spec: str) -> None:
        from oxrdflib import OxigraphStore as RdflibAdapter
        from rdflib import Graph
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self.native = native
        self.spec = spec
        # The data sits in the store's default graph; an rdflib Graph over it must say so, or it
        # would query a graph named by a fresh blank node and see nothing.
        self._graph = Graph(store=RdflibAdapter(store=native), identifier=DATASET_DEFAULT_GRAPH_ID)

    def query(self, sparql: str) -> Result:
        return self._graph.query(sparql)

    def answer(self, sparql: str) -> Answer:
        import pyoxigraph as ox

        result = self.native.query(sparql)
        if isinstance(result, ox.QueryTriples):
            return Answer("graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        return Answer(kind, result.serialize(format=ox.QueryResultsFormat.JSON))

    def close(self) -> None:
        self.native.flush()
        del self.native


class RdflibStore(Store):
    """rdflib's own in-memory store: slow on joins, but the reference implementation of rdflib SPARQL."""

    def __init__(self, graph: Graph, spec: str = "memory") -> None:
        self.graph = graph
        self.spec = spec

    def query(self, sparql: str) -> Result:
        return self.graph.query(sparql)

    def answer(self, sparql: str) -> Answer:
        return answer_from_result(self.graph.query(sparql))

    def close(self) -> None:
        self.graph.close()


class RemoteStore(Store):
    """Any SPARQL 1.1 Protocol query endpoint, optionally restricted to one named graph."""

    def __init__(self, query_url: str, graph: str | None = None, timeout: float = 60.0) -> None:
        import httpx

        self.spec = query_url
        self.graph = graph
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)

    def answer(self, sparql: str) -> Answer:
        params = {"default-graph-uri": self.graph} if self.graph else {}
        response = self._client.post(
            self.spec, params=params, data={"query": sparql},
            headers={"Accept": f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9, text/plain;q=0.5"})
        if response.status_code != 200:
            first_line = (response.text.strip().splitlines() or [""])[0][:300]
            raise RuntimeError(f"{self.spec} answered {response.status_code}: {first_line}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if "json" in media_type:
            import pyoxigraph as ox

            parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            return Answer("boolean" if isinstance(parsed, ox.QueryBoolean) else "solutions", response.content)
        return Answer("graph", response.content)

    def query(self, sparql: str) -> Result:
        return result_from_answer(self.answer(sparql))

    def close(self) -> None:
        self._client.close()


def answer_from_result(result: Result) -> Answer:
    """Serialise an rdflib Result the way `Store.answer` promises."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", result.graph.serialize(format="nt", encoding="utf-8"))
    kind = "boolean" if result.type == "ASK" else "solutions"
    return Answer(kind, result.serialize(format="json"))


def result_from_answer(answer: Answer) -> Result:
    """Parse a canonical answer back into an rdflib Result (for a remote store's rows)."""
    from rdflib import Graph
    from rdflib.query import Result

    if answer.kind == "graph":
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=answer.data.decode("utf-8"), format="nt")
        return result
    return Result.parse(io.BytesIO(answer.data), format="json")


def load_oxigraph(sources: list[Path], directory: Path | None = None) -> pyoxigraph.Store:
    """Bulk-load Turtle files into the default graph of a new pyoxigraph Store (on disk if `directory`)."""
    import pyoxigraph as ox

    native = ox.Store(str(directory)) if directory else ox.Store()
    for src in sources:
        native.bulk_load(path=str(src), format=ox.RdfFormat.TURTLE)
    return native


def open_store(spec: str | None = None, graph: str | None = None, path: Path | None = None,
               with_ontology: bool = True) -> Store:
    """Open the store a user named with `--store`/`--endpoint` (see `STORE_SPECS`).

    `path` (default graph/ict.ttl) is the graph loaded into the in-memory stores, with the ontology by
    default because the named queries read labels of topics, flags and roles from it; an on-disk store
    holds what `ictgraph push --store oxigraph:DIR` put there, and a remote store holds what was
    pushed to it (restricted to the named graph `graph` if given).
    """
    spec = spec or "oxigraph"
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec, graph=graph)
    if spec.startswith("oxigraph:"):
        directory = Path(spec.removeprefix("oxigraph:")).expanduser()
        if not directory.is_dir() or not any(directory.iterdir()):
            raise UserError(f"{directory} holds no Oxigraph store: run `ictgraph push --store {spec}` first")
        import pyoxigraph as ox

        return OxigraphStore(ox.Store(str(directory)), spec)
    if spec not in ("oxigraph", "memory"):
        raise UserError(f"unknown store {spec!r}: use one of {', '.join(STORE_SPECS)}")
    source = path or resources.GRAPH_TTL
    if not source.exists():
        raise UserError(f"{source} does not exist: run `ictgraph build` first")
    if spec == "memory":
        from ictgraph.query.stores.spec import load

        return RdflibStore(load(source, store="memory", with_ontology=with_ontology))
    return OxigraphStore(load_oxigraph([source, resources.ONTOLOGY] if with_ontology else [source]), spec)


def rows_by_value(result: Result) -> list[tuple[object, ...]]:
    """A result's rows as sorted tuples of plain values, to compare answers of different stores.

    Stores agree on values but not on spelling: Virtuoso writes a COUNT as xsd:int, another store
    writes 1.50 where one writes 1.5, rows tied under ORDER BY may come in any order, and so may the
    parts of a GROUP_CONCAT (split here on the separators the named queries use: " | ", ", " and "; ")
    whose language tag stores also disagree on; so literals are compared by their sorted parts.
    """
    import re

    from rdflib import Literal

    def value(term: object) -> object:
        if isinstance(term, Literal):
            python = term.toPython()
            if isinstance(python, bool | int | float) or type(python).__name__ == "Decimal":
                return ("number", float(python))
            return ("literal", *sorted(re.split(r" \| |, |; ", str(term))))
        return ("term", str(term)) if term is not None else ("unbound",)

    if result.type == "ASK":
        return [(result.askAnswer,)]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return sorted((tuple(value(t) for t in triple) for triple in result.graph), key=repr)
    return sorted((tuple(value(t) for t in row) for row in result), key=repr)
