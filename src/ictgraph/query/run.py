"""Run SPARQL on a graph or a store: answers as tables, DataFrames, Turtle or booleans; errors as one line.

Every text is run once, by the engine of the store it is meant for: its nesting is bounded first
(`safety.check_depth`, so that no parser overflows its stack on `{{{{…`), then the engine parses and
runs it on a thread with a deep stack (long operator chains such as `1+1+…` recurse too), with the
project's prefixes declared for it (`id:`, `ict:`, … from `vocab.NAMESPACES`: the text's own
`PREFIX` lines win). A short text on Oxigraph runs on the calling main thread instead (see
`CALLING_THREAD_BUDGET`): starting a thread costs more than such a query. A refused text becomes one
line with `source:line:column` in the text as the user wrote it (see `diagnose`).
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.errors import QueryError
from ictgraph.query.binding import BoundQuery, bind, bind_query
from ictgraph.query.catalogue import NamedQuery, find_query, parse_query_file
from ictgraph.query.diagnose import explain, offset_of, position
from ictgraph.query.resolve import resolve_params
from ictgraph.query.results import Table, table_from_result, table_from_solutions
from ictgraph.query.safety import QueryRefused, check_depth, run_with_deep_stack
from ictgraph.query.stores.base import GraphStore, Store, solutions
from ictgraph.query.stores.oxigraph import declared_prefixes, native_store
from ictgraph.query.stores.shared import built_graph_store
from ictgraph.query.structure import undeclared_prefixes
from ictgraph.turtle import write_turtle
from ictgraph.vocab import NAMESPACES

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.query import Result


    #: What a query runs on: an rdflib Graph (`ictgraph.load()`) or a store of `ictgraph.query.stores`;
    #: both answer `.query(text)` with an rdflib Result.
    Source = Graph | Store

#: The prefixes every query may use without declaring them.
DEFAULT_PREFIXES: dict[str, str] = NAMESPACES
#: Oxigraph needs at most about 1.6 KiB of stack per character of a text (measured: a property
#: path `a/a/a/…`, the worst chain found, with `1+1+…`, `!!!…` and `{} UNION {} …` below it). A text
#: with at most this many characters that are not spaces (whole-line comments not counted) thus
#: needs at most 3.3 MiB, and runs on the main thread when that has 8 MiB or more.
CALLING_THREAD_BUDGET = 2048
MAIN_STACK_NEEDED = 8 * 1024 * 1024
_ENGINE_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_RDFLIB_UNKNOWN_PREFIX = "Unknown namespace prefix"


def _query(text: str, graph: Source) -> Table | str | bool:
    """Run the text on its engine with the project's prefixes declared: passed beside the text to a
    local engine (so positions in errors stay the text's), written before it for a remote one.

    Oxigraph (an `OxigraphStore`, or the Graph `ictgraph.load()` gives) is asked directly and its
    solutions read straight into a Table; rdflib terms are built only for rdflib's own store and
    for remote answers.
    """
    store = native_store(graph)
    if store is not None:
        return _shaped_native(_native_query(store, text, graph))
    if isinstance(graph, Store) and not isinstance(graph, GraphStore):
        prologue = "".join(f"PREFIX {prefix}: <{ns}> " for prefix, ns in DEFAULT_PREFIXES.items())
        return _shaped(graph.query(prologue + text))
    g = graph.graph if isinstance(graph, GraphStore) else graph
    namespaces = {prefix: str(ns) for prefix, ns in g.namespaces()}
    return _shaped(g.query(text, initNs={**namespaces, **DEFAULT_PREFIXES}))


def _refusal(error: Exception, bound: BoundQuery, original: str, source: str) -> QueryError | None:
    """The one-line error for an engine's syntax error (None if `error` is not one).

    Oxigraph raises SyntaxError("error at L:C: …"); rdflib a pyparsing ParseException (with line and
    column) or a bare Exception naming an unknown prefix.
    """
    from pyparsing import ParseBaseException

    message = str(error)
    where: int | None = None
    if isinstance(error, SyntaxError):
        match = _ENGINE_POSITION.match(message)
        if match:
            where = offset_of(bound.text, int(match.group(1)), int(match.group(2)))
            message = match.group(3)
    elif isinstance(error, ParseBaseException):
        where = offset_of(bound.text, error.lineno, error.col)
        message = str(error.msg)
    elif not message.startswith(_RDFLIB_UNKNOWN_PREFIX):
        return None
    offset, reason = explain(original, None if where is None else bound.original_offset(where),
                             " ".join(message.split()), DEFAULT_PREFIXES)
    line, column = position(original, offset) if offset is not None else (None, None)
    at = f":{line}:{column}" if line is not None else ""
    return QueryError(f"{source}{at}: SPARQL syntax error: {reason}")


def _native_query(store: ox.Store, text: str, graph: Source) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Oxigraph's answer to `text`, given only the prefixes it uses without declaring them (the graph's,
    then the project's). Oxigraph reads every prefix it is given for every query, 10 to 30 µs for
    the project's, more than a small named query takes, and the named queries declare their own.
    Given them all when the text uses one that is not available (or on any syntax error), so that
    the engine's error is the one it always gave."""
    missing = undeclared_prefixes(text)
    available = {**declared_prefixes(graph), **DEFAULT_PREFIXES} if missing else None
    needed = available
    if available is not None and missing <= available.keys():
        needed = {prefix: available[prefix] for prefix in missing}
    try:
        return store.query(text, prefixes=needed)
    except SyntaxError:
        if needed is not None and needed is available:
            raise  # it had all of them already: the engine's error stands
        return store.query(text, prefixes=available or {**declared_prefixes(graph), **DEFAULT_PREFIXES})


def answer(text: str | BoundQuery, graph: Source, source: str = "<query>",
           original: str | None = None) -> Table | str | bool:
    """Run SPARQL text: a `Table` for SELECT, Turtle text for CONSTRUCT/DESCRIBE, a bool for ASK.

    `text` may be a `BoundQuery` (parameters bound), and `original` the text as its author wrote
    it: error positions are then given in the original. `graph` is an rdflib Graph or any store of
    `ictgraph.query.stores` (in memory, on disk, remote).
    """
    bound = text if isinstance(text, BoundQuery) else BoundQuery(text)
    try:
        _check_depth(bound.text)
    except QueryRefused as exc:
        raise QueryError(f"{source}: {exc}") from None

    def run() -> Table | str | bool | QueryError:
        return _run_here(bound, graph, original if original is not None else bound.text, source)

    fits_here = native_store(graph) is not None and _fits_calling_thread(bound.text)
    outcome = run() if fits_here else run_with_deep_stack(run)
    if isinstance(outcome, QueryError):
        raise outcome
    return outcome


@functools.lru_cache(maxsize=256)
def _check_depth(text: str) -> int:
    """`check_depth`, remembered for texts run again (a named query called in a loop)."""
    return check_depth(text)


def _fits_calling_thread(text: str) -> bool:
    """Whether Oxigraph can run `text` on this thread without a deep stack (see `CALLING_THREAD_BUDGET`)."""
    if threading.current_thread() is not threading.main_thread() or not _main_stack_is_deep():
        return False
    return _significant_characters(text) <= CALLING_THREAD_BUDGET


@functools.lru_cache(maxsize=256)
def _significant_characters(text: str) -> int:
    """Characters that are not spaces, outside lines that start with `#` (a comment, or a long string's
    line: neither makes the parser recurse)."""
    return sum(len("".join(line.split())) for line in text.splitlines() if not line.lstrip().startswith("#"))


@functools.cache
def _main_stack_is_deep() -> bool:
    """Whether the main thread's stack may grow to `MAIN_STACK_NEEDED` (the soft limit; unlimited counts)."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return soft == resource.RLIM_INFINITY or soft >= MAIN_STACK_NEEDED


def _run_here(bound: BoundQuery, graph: Source, original: str, source: str) -> Table | str | bool | QueryError:
    """Run and read the answer on this thread (Oxigraph's results cannot change threads); a failure is
    returned as a QueryError made after the engine's exception is gone, because that exception holds
    Oxigraph objects which must be freed on the thread that made them."""
    try:
        return _query(bound.text, graph)
    except OSError as exc:  # e.g. a SERVICE endpoint that cannot be reached
        message = f"{source}: the query failed: {exc.strerror or exc}"
    except Exception as exc:
        refusal = _refusal(exc, bound, original, source)
        if refusal is None:
            raise
        message = str(refusal)
    return QueryError(message)


def _shaped(result: Result) -> Table | str | bool:
    """An rdflib result as `answer` returns it."""
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        import pyoxigraph as ox

        data = result.graph.serialize(format="nt", encoding="utf-8")
        return write_turtle(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")
    return table_from_result(result)


def _shaped_native(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Table | str | bool:
    """An Oxigraph result as `answer` returns it: graphs as Turtle written by `ictgraph.turtle` (the
    same text whichever store answered)."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return write_turtle(result).decode("utf-8")
    return table_from_solutions(result)


def run_text(text: str, graph: Source, source: str = "<query>") -> pd.DataFrame | str | bool:
    """Run SPARQL text: a DataFrame for SELECT, Turtle text for CONSTRUCT/DESCRIBE, a bool for ASK (see `answer`)."""
    result = answer(text, graph, source)
    return result.to_dataframe() if isinstance(result, Table) else result


def prepare_query(name: str, params: dict[str, str] | None = None, lang: str = "en",
                  graph: Source | None = None) -> tuple[NamedQuery, BoundQuery]:
    """Find a named query and bind its parameters.

    `lang` fills a declared `lang` parameter that `params` does not give. With `graph`, a value of an
    `iri` parameter may also be a key or a name of the node it means (see `ictgraph.query.resolve`).
    """
    query = find_query(name)
    values = {k: str(v) for k, v in (params or {}).items()}
    if any(p.name == "lang" for p in query.params):
        values.setdefault("lang", lang)
    if graph is not None:
        values = resolve_params(query, values, graph, values.get("lang", lang))
    return query, bind(query, values)


def run_query(name: str, graph: Source | None = None, lang: str = "en",
              **params: str) -> pd.DataFrame | str | bool:
    """Run a named query (`cq01` or `cq01-isdbt-adoption`) with its parameters.

    `graph` is an rdflib Graph or a store (see `answer`). Without one, the built graph is used with
    the ontology, loaded once per process (and again when the file changes), because the queries
    read labels of topics, flags and roles (which live in the ontology) and subclass links for class
    parameters. `lang` picks the label language for queries that declare a `lang` parameter. A node
    parameter may be given as an IRI, a prefixed name, a key or a name (`country="Brazil"`,
    `"ブラジル"`, `"BR"`, `"country/BR"`, `"id:country/BR"`).

    >>> df = run_query("cq01")
    >>> df.loc[0, "countryLabel"], df.loc[0, "date"]
    ('Japan', '2003-12')
    """
    if graph is None:
        graph = built_graph_store()
    query, bound = prepare_query(name, params, lang, graph)
    result = answer(bound, graph, source=str(query.path), original=query.text)
    return result.to_dataframe() if isinstance(result, Table) else result


def select_rows(graph: Source, path: Path, **params: str) -> list[dict[str, str | None]]:
    """Run the SELECT query of a `.rq` file with bound parameters; each row as {variable: lexical form or None}.

    For queries that feed code rather than people (`queries/network/`): header parsing, parameter
    typing and binding are the query library's, so those files follow the same `# param:` convention
    and still run unchanged in any SPARQL tool. Rows stay strings (not pandas) because a missing year
    must stay None, not become a float NaN.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from ictgraph.resources import NETWORK_QUERIES_DIR
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/org/a> "
    ...     "<https://w3id.org/ictgraph/ontology#partOf> <https://w3id.org/ictgraph/id/org/b> .", format="nt")
    >>> select_rows(g, NETWORK_QUERIES_DIR / "org-hierarchy.rq")
    [{'child': 'https://w3id.org/ictgraph/id/org/a', 'parent': 'https://w3id.org/ictgraph/id/org/b'}]
    """
    text = bind_query(parse_query_file(path), params)
    store = native_store(graph)
    if store is not None:
        import pyoxigraph as ox

        rows = _native_query(store, text, graph)
        assert isinstance(rows, ox.QuerySolutions), f"{path.name} must be a SELECT query"
        columns = [v.value for v in rows.variables]
        return [{n: (None if v is None else v.value) for n, v in zip(columns, row, strict=True)} for row in rows]
    result = graph.query(text)
    names = [str(v) for v in result.vars or []]
    return [{n: (None if v is None else str(v)) for n, v in zip(names, row, strict=True)} for row in solutions(result)]
