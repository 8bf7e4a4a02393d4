"""Content negotiation for the endpoint, and conversion of a store's answer to the format chosen."""

from __future__ import annotations

from dataclasses import dataclass

from ictgraph.errors import IctgraphError
from ictgraph.query.stores import Answer
from ictgraph.vocab import PREFIXES

#: Media types for SELECT/ASK results, best first; the first is the default for `*/*`.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: Media types for CONSTRUCT/DESCRIBE results, best first.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "text/plain": "N_TRIPLES",
}


class NotAcceptable(IctgraphError):
    """No media type the client accepts can carry this kind of result (HTTP 406)."""


class ResultTooLarge(IctgraphError):
    """The answer has more rows or triples than the server allows."""


@dataclass(frozen=True)
class Choice:
    """The media types chosen for each kind of result, before the query kind is known."""

    solutions: str | None
    graph: str | None


def negotiate(accept: str | None) -> Choice:
    """Pick the best media type for solutions and for graphs from an Accept header (q-values honoured).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml")
    Choice(solutions='application/sparql-results+xml', graph=None)
    >>> negotiate(None)
    Choice(solutions='application/sparql-results+json', graph='text/turtle')
    """
    ranges = _parse_accept(accept or "*/*")
    return Choice(_best(ranges, SOLUTION_TYPES), _best(ranges, GRAPH_TYPES))


def _parse_accept(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((q, position, media.lower()))
    return ranges


def _best(ranges: list[tuple[float, int, str]], offered: dict[str, str]) -> str | None:
    best: tuple[float, int, int, str] | None = None
    for q, position, media in ranges:
        for rank, candidate in enumerate(offered):
            if _matches(media, candidate):
                # Higher q wins; then the server's preference, so that */* gives the default type.
                key = (-q, rank, position, candidate)
                if best is None or key < best:
                    best = key
    return best[3] if best else None


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def render(answer: Answer, choice: Choice, max_results: int) -> tuple[bytes, str]:
    """Convert an answer to the chosen media type, refusing answers over `max_results` rows/triples.

    Counting and converting are both done by pyoxigraph's parsers and serialisers in Rust, so the
    endpoint builds no Python term per row.
    """
    import pyoxigraph as ox

    if answer.kind == "graph":
        if choice.graph is None:
            raise NotAcceptable("a CONSTRUCT/DESCRIBE result can be sent as " + ", ".join(GRAPH_TYPES))
        _check_size(sum(1 for _ in ox.parse(answer.data, format=ox.RdfFormat.N_TRIPLES)), max_results, "triples")
        triples = ox.parse(answer.data, format=ox.RdfFormat.N_TRIPLES)
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[choice.graph])
        prefixes = None if fmt == ox.RdfFormat.N_TRIPLES else {k: str(v) for k, v in PREFIXES.items()}
        return ox.serialize(triples, format=fmt, prefixes=prefixes) or b"", choice.graph
    if choice.solutions is None:
        raise NotAcceptable("a SELECT/ASK result can be sent as " + ", ".join(SOLUTION_TYPES))
    json_format = ox.QueryResultsFormat.JSON
    if answer.kind == "solutions":
        _check_size(sum(1 for _ in ox.parse_query_results(answer.data, format=json_format)), max_results, "rows")
    fmt = getattr(ox.QueryResultsFormat, SOLUTION_TYPES[choice.solutions])
    if fmt == json_format:
        return answer.data, choice.solutions
    return ox.parse_query_results(answer.data, format=json_format).serialize(format=fmt), choice.solutions


def _check_size(count: int, limit: int, unit: str) -> None:
    if count > limit:
        raise ResultTooLarge(f"the result has {count} {unit}, more than this server's limit of {limit}: "
                             "add a LIMIT, or restart the server with a larger --max-results")
