"""Any SPARQL 1.1 Protocol query endpoint (Virtuoso, Fuseki, `ictgraph serve`, …) as a store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ictgraph.errors import StoreError
from ictgraph.query.stores.base import N_TRIPLES, SOLUTIONS_JSON, Answer, Store, result_from_answer

if TYPE_CHECKING:
    from rdflib.query import Result


class RemoteStore(Store):
    """Any SPARQL 1.1 Protocol query endpoint, optionally restricted to one named graph."""

    def __init__(self, query_url: str, graph: str | None = None, timeout: float = 60.0) -> None:
        import httpx

        self.spec = query_url
        self.named_graph = graph
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)

    def answer(self, sparql: str) -> Answer:
        params = {"default-graph-uri": self.named_graph} if self.named_graph else {}
        response = self._client.post(
            self.spec, params=params, data={"query": sparql},
            headers={"Accept": f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9, text/plain;q=0.5"})
        if response.status_code != 200:
            first_line = (response.text.strip().splitlines() or [""])[0][:300]
            raise StoreError(f"{self.spec} answered {response.status_code}: {first_line}")
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
