"""Content negotiation for the endpoint, and conversion of a store's answer to the format chosen."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ictgraph.errors import IctgraphError
from ictgraph.query.stores import Answer
from ictgraph.vocab import PREFIXES

if TYPE_CHECKING:
    from ictgraph.query.stores import Store

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


T = TypeVar("T")


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


def _parse_accept(accept: str, keep_zero: bool = False) -> list[tuple[float, int, str]]:
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
        if media and (q > 0 or keep_zero):
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


def preferred(accept: str | None, offered: Iterable[str]) -> str | None:
    """The offered media type a client prefers, or None if it accepts none of them.

    Each offer takes the q-value of the most specific range that matches it (RFC 9110, 12.5.1), so
    `text/html;q=0, */*` refuses HTML; ties go to the order of `offered`; no header means `*/*`.

    >>> offers = ["text/turtle", "text/html"]
    >>> preferred("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", offers)
    'text/html'
    >>> preferred("*/*", offers), preferred("text/html;q=0, */*", offers), preferred("image/png", offers)
    ('text/turtle', 'text/turtle', None)
    >>> preferred("text/*;q=0.5, text/html", offers), preferred("text/*;q=0, */*;q=0.1", offers)
    ('text/html', None)
    """
    ranges = [(media, q) for q, _, media in _parse_accept(accept or "*/*", keep_zero=True)]
    best: tuple[float, int, str] | None = None
    for rank, candidate in enumerate(offered):
        specific, q = -1, 0.0
        for media, weight in ranges:
            level = _specificity(media, candidate)
            if level > specific or (level == specific and weight > q):
                specific, q = level, weight
        if specific >= 0 and q > 0 and (best is None or (-q, rank) < (-best[0], best[1])):
            best = (q, rank, candidate)
    return best[2] if best else None


def _specificity(media_range: str, media_type: str) -> int:
    """2 for the type itself, 1 for its `type/*`, 0 for `*/*`, -1 when the range does not match."""
    if media_range == media_type:
        return 2
    if media_range == "*/*":
        return 0
    return 1 if media_range.endswith("/*") and media_type.startswith(media_range[:-1]) else -1


def answer_query(store: Store, sparql: str, choice: Choice, max_results: int) -> tuple[bytes, str]:
    """Run a query and write its answer in the chosen media type, refusing one over `max_results`.

    On an Oxigraph store the limit is counted while the engine produces the answer, which stops
    at the first row past it: a cross join never sits whole in memory before it is refused. Other
    stores hand over their answer whole (rdflib's engine and a remote server work that way).
    """
    native = getattr(store, "native", None)
    if native is None:
        return render(store.answer(sparql), choice, max_results)
    import pyoxigraph as ox

    result = native.query(sparql)
    if isinstance(result, ox.QueryTriples):
        if choice.graph is None:
            raise NotAcceptable("a CONSTRUCT/DESCRIBE result can be sent as " + ", ".join(GRAPH_TYPES))
        return _graph(_counted(result, max_results), choice.graph), choice.graph
    if choice.solutions is None:
        raise NotAcceptable("a SELECT/ASK result can be sent as " + ", ".join(SOLUTION_TYPES))
    fmt = getattr(ox.QueryResultsFormat, SOLUTION_TYPES[choice.solutions])
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=fmt), choice.solutions
    # TSV writes one line per row (line breaks in values are escaped) and loses nothing, so counting
    # line breaks as pyoxigraph writes counts rows; the other formats are converted from it.
    sink = _RowCounter(max_results)
    try:
        result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except ResultTooLarge:
        raise
    except Exception:
        if sink.over:  # pyoxigraph may wrap the writer's exception in its own
            raise ResultTooLarge(_too_large(max_results, "rows")) from None
        raise
    tsv = sink.getvalue()
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv, choice.solutions
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt), choice.solutions


class _RowCounter(io.BytesIO):
    """A binary sink that refuses more than `limit` rows (plus the header line) of TSV."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0
        self.over = False

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit + 1:
            self.over = True
            raise ResultTooLarge(_too_large(self.limit, "rows"))
        return super().write(data)


def _counted(items: Iterable[T], limit: int, unit: str = "triples") -> Iterator[T]:
    for count, item in enumerate(items, 1):
        if count > limit:
            raise ResultTooLarge(_too_large(limit, unit))
        yield item


def _graph(triples: Iterable[Any], media_type: str) -> bytes:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media_type])
    prefixes = None if fmt == ox.RdfFormat.N_TRIPLES else {k: str(v) for k, v in PREFIXES.items()}
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def _too_large(limit: int, unit: str) -> str:
    return (f"the result holds more than this server's limit of {limit} {unit}: "
            "add a LIMIT, or restart the server with a larger --max-results")


def render(answer: Answer, choice: Choice, max_results: int) -> tuple[bytes, str]:
    """Convert a whole answer (from rdflib or a remote store) to the chosen media type, refusing
    answers over `max_results` rows/triples.

    Counting and converting are both done by pyoxigraph's parsers and serialisers in Rust, so the
    endpoint builds no Python term per row.
    """
    import pyoxigraph as ox

    if answer.kind == "graph":
        if choice.graph is None:
            raise NotAcceptable("a CONSTRUCT/DESCRIBE result can be sent as " + ", ".join(GRAPH_TYPES))
        triples = _counted(ox.parse(answer.data, format=ox.RdfFormat.N_TRIPLES), max_results)
        return _graph(triples, choice.graph), choice.graph
    if choice.solutions is None:
        raise NotAcceptable("a SELECT/ASK result can be sent as " + ", ".join(SOLUTION_TYPES))
    json_format = ox.QueryResultsFormat.JSON
    if answer.kind == "solutions":
        solutions = ox.parse_query_results(answer.data, format=json_format)
        assert isinstance(solutions, ox.QuerySolutions)  # an answer of kind "solutions" holds rows
        for _ in _counted(solutions, max_results, "rows"):
            pass
    fmt = getattr(ox.QueryResultsFormat, SOLUTION_TYPES[choice.solutions])
    if fmt == json_format:
        return answer.data, choice.solutions
    return ox.parse_query_results(answer.data, format=json_format).serialize(format=fmt), choice.solutions
