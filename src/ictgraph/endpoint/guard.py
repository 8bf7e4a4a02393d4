"""Refuse, before a store sees it, any query that would write, reach the network or overflow a parser.

The decision comes from `ictgraph.query.safety`: a linear bound on nesting, then rdflib's parse of
the text as the store's engine reads it. It runs in the query worker (parsing is slow on large
texts, so it must not run in the server's event loop), under the query timeout.

Every text is parsed, but not every time: a worker keeps its verdicts on recent texts, and starts
with the verdicts on the named queries that the server reached by the same parse before it
started any worker (`named_query_verdicts`, `remember_verdicts`). The parse takes 30 to 300 ms, more
than most named queries and than the short lane's budget, so a worker that parsed each named query
itself was slow at first, and a short-lane worker killed for its budget started over each time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import TypeAlias

from ictgraph.errors import IctgraphError
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import list_queries
from ictgraph.query.safety import MAX_DEPTH, QueryRefused, Reading, inspect, run_with_deep_stack

SERVICE_REFUSED = "federated queries (SERVICE) are refused by this endpoint"
DATASET_REFUSED = ("dataset clauses (FROM, FROM NAMED) are refused: this endpoint never fetches a graph, "
                   "and its data is in the default graph")


class Refused(IctgraphError):
    """A request this endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_query(sparql: str, readings: tuple[Reading, ...] = ("oxigraph",)) -> None:
    """Raise `Refused`: 400 if the text nests past `MAX_DEPTH` or does not parse; 403 for an update,
    a SERVICE clause or a dataset clause, at any depth and however spelled.

    pyoxigraph and rdflib both fetch SERVICE over HTTP and rdflib fetches FROM graphs, which would
    let any client make the server call arbitrary hosts; and this endpoint is read-only whatever
    the store could do.

    >>> check_query('SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
    >>> check_query("SELECT * { FILTER(0<1)SERVICE#>\\n<http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ictgraph.endpoint.guard.Refused: federated queries (SERVICE) are refused by this endpoint
    """
    key = (sparql, readings)
    if key in _KNOWN:
        refusal = _KNOWN[key]
    elif key in _VERDICTS:
        _VERDICTS.move_to_end(key)
        refusal = _VERDICTS[key]
    else:
        refusal = verdict(sparql, readings)
        if len(sparql) <= _CACHED_TEXT_CHARS:
            _VERDICTS[key] = refusal
            if len(_VERDICTS) > _CACHED_VERDICTS:
                _VERDICTS.popitem(last=False)
    if refusal is not None:
        raise Refused(*refusal)


#: The (status, message) to refuse a text with, or None to let it run.
Verdict: TypeAlias = tuple[int, str] | None
#: Verdicts on recent texts: rdflib parses a 2 KB query in tens of milliseconds, and clients (the
#: query page, a notebook) send the same texts again and again. Bounded: 1024 texts of 16 K chars.
_VERDICTS: OrderedDict[tuple[str, tuple[Reading, ...]], Verdict] = OrderedDict()
_CACHED_VERDICTS = 1024
_CACHED_TEXT_CHARS = 16 * 1024
#: Verdicts given to this process when it started (`remember_verdicts`): never evicted, so that no
#: stream of other texts makes a worker parse the named queries again.
_KNOWN: dict[tuple[str, tuple[Reading, ...]], Verdict] = {}


def named_query_verdicts(readings: tuple[Reading, ...]) -> dict[str, Verdict]:
    """The verdict on each named query as the query page sends it (its text in /queries.json, which
    the page posts unchanged), in `readings`, each from `verdict` as for any text.

    The server calls it once before it starts its workers, and gives the result to each worker,
    replacements included (`remember_verdicts`): the texts it knows it will be sent are parsed once
    per server instead of once per worker. Seconds of CPU on a slow machine: not in the event loop.
    """
    texts = sorted({bind_query(query, {}) for query in list_queries()})
    return run_with_deep_stack(lambda: {text: verdict(text, readings) for text in texts})


def remember_verdicts(verdicts: Mapping[str, Verdict], readings: tuple[Reading, ...]) -> None:
    """Keep `verdicts` (from `named_query_verdicts` in the same `readings`) for this process's life."""
    _KNOWN.update(((text, readings), refusal) for text, refusal in verdicts.items())


def verdict(sparql: str, readings: tuple[Reading, ...]) -> Verdict:
    """The (status, message) to refuse `sparql` with, or None."""
    try:
        findings = inspect(sparql, readings, limit=MAX_DEPTH)
    except QueryRefused as exc:
        return 400, str(exc)
    if findings.update:
        return 403, f"SPARQL Update ({findings.update}) is refused: this endpoint is read-only"
    if findings.service:
        return 403, SERVICE_REFUSED
    if findings.dataset:
        return 403, DATASET_REFUSED
    return None
