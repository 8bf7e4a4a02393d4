"""One interface over every store: rdflib rows for programs, canonical bytes for the endpoint."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result, ResultRow

AnswerKind = Literal["solutions", "boolean", "graph"]

SOLUTIONS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Answer:
    """A query's answer in one canonical serialisation, so that every store feeds the same converters.

    `kind` is "solutions" (SELECT), "boolean" (ASK) — both as SPARQL JSON results — or "graph"
    (CONSTRUCT/DESCRIBE) as N-Triples: the two formats every store and every SPARQL server can write.
    """

    kind: AnswerKind
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

    @property
    def graph(self) -> Graph:
        """The store as an rdflib Graph (for code that walks triples); a remote store has none."""
        from ictgraph.errors import StoreError

        raise StoreError(f"{self.spec} is a remote store: it answers queries but cannot be opened as a graph")

    @abstractmethod
    def close(self) -> None:
        """Release the store (an on-disk store keeps a lock until then)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class GraphStore(Store):
    """A local store seen through an rdflib Graph (Oxigraph through oxrdflib, or rdflib's own store),
    which answers `query` with rdflib rows and can be walked triple by triple."""

    def __init__(self, graph: Graph, spec: str) -> None:
        self._graph = graph
        self.spec = spec

    @property
    def graph(self) -> Graph:
        return self._graph

    def query(self, sparql: str) -> Result:
        return self.graph.query(sparql)


def answer_from_result(result: Result) -> Answer:
    """Serialise an rdflib Result the way `Store.answer` promises."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return Answer("graph", result.graph.serialize(format="nt", encoding="utf-8"))
    kind: AnswerKind = "boolean" if result.type == "ASK" else "solutions"
    data = result.serialize(format="json")
    assert data is not None  # None only when written to a destination
    return Answer(kind, data)


def solutions(result: Result) -> Iterator[ResultRow]:
    """The rows of a SELECT result, typed as rows (an rdflib Result iterates triples or a boolean too)."""
    from rdflib.query import ResultRow

    for row in result:
        assert isinstance(row, ResultRow), f"a {result.type} result has no rows"
        yield row


def result_from_answer(answer: Answer) -> Result:
    """Parse a canonical answer back into an rdflib Result (for a remote store's rows)."""
    from rdflib import Graph
    from rdflib.query import Result

    if answer.kind == "graph":
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=answer.data.decode("utf-8"), format="nt")
        return result
    return Result.parse(io.BytesIO(answer.data), format="json")
