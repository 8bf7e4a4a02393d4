"""Run SPARQL on a graph or a store: syntax checked first, answers as DataFrames, Turtle or booleans."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal
from rdflib.namespace import XSD

from ictgraph.errors import QueryError
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import NamedQuery, find_query, parse_query_file
from ictgraph.query.stores.base import solutions
from ictgraph.vocab import bind_prefixes

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph
    from rdflib.term import Node

    from ictgraph.query.stores import Store

    #: What a query runs on: an rdflib Graph (`ictgraph.load()`) or a store of `ictgraph.query.stores`;
    #: both answer `.query(text)` with an rdflib Result.
    Source = Graph | Store


def check_syntax(text: str, source: str) -> None:
    """Raise QueryError with `source:line:column` if the text is not strict SPARQL 1.1.

    Oxigraph's parser is used for every store because it is strict (what it accepts, other SPARQL
    tools accept) and it reports the line and column, where rdflib's pyparsing errors do not.
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0]
        match = re.match(r"error at (\d+):(\d+): (.*)", first)
        where, reason = (f"{match.group(1)}:{match.group(2)}", match.group(3)) if match else ("1", first)
        reason = reason if len(reason) <= 100 else reason[:97] + "..."
        raise QueryError(f"{source}:{where}: SPARQL syntax error: {reason}") from None


def _to_python(term: Node | None) -> Any:
    """IRIs as strings; literals as Python values (date, int, Decimal, bool) where rdflib has one, else text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def _to_turtle(triples: Graph) -> str:
    """Turtle with the project's prefixes, and "x"^^xsd:string written as "x".

    RDF 1.1 makes the two the same literal, but rdflib keeps them apart and Oxigraph returns the typed
    form, so without this the same CONSTRUCT would print differently on the two stores.
    """
    from rdflib import Graph

    out = Graph()
    bind_prefixes(out)
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out.serialize(format="turtle")


def run_text(text: str, graph: Source, source: str = "<query>") -> pd.DataFrame | str | bool:
    """Run SPARQL text: a DataFrame for SELECT, Turtle text for CONSTRUCT/DESCRIBE, a bool for ASK.

    `graph` is an rdflib Graph or any store of `ictgraph.query.stores` (in memory, on disk, remote).
    """
    import pandas as pd

    check_syntax(text, source)
    result = graph.query(text)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return _to_turtle(result.graph)
    columns = [str(v) for v in result.vars or []]
    rows = [[_to_python(row[i]) for i in range(len(columns))] for row in solutions(result)]
    return pd.DataFrame(rows, columns=columns)


def prepare_query(name: str, lang: str = "en", **params: str) -> tuple[NamedQuery, str]:
    """Find a named query and bind its parameters; `lang` fills a declared `lang` parameter not given."""
    query = find_query(name)
    if any(p.name == "lang" for p in query.params):
        params.setdefault("lang", lang)
    return query, bind_query(query, {k: str(v) for k, v in params.items()})


def run_query(name: str, graph: Source | None = None, lang: str = "en",
              **params: str) -> pd.DataFrame | str | bool:
    """Run a named query (`cq01` or `cq01-isdbt-adoption`) with its parameters.

    `graph` is an rdflib Graph or a store (see `run_text`). Without one, the built graph is loaded with
    the ontology, because the queries read labels of
    topics, flags and roles (which live in the ontology) and subclass links for class parameters.
    `lang` picks the label language for queries that declare a `lang` parameter.

    >>> df = run_query("cq01")
    >>> df.loc[0, "countryLabel"], df.loc[0, "date"]
    ('Japan', '2003-12')
    """
    query, text = prepare_query(name, lang, **params)
    if graph is None:
        from ictgraph.query.stores import load

        graph = load(with_ontology=True)
    return run_text(text, graph, source=str(query.path))


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
    result = graph.query(bind_query(parse_query_file(path), params))
    names = [str(v) for v in result.vars or []]
    return [{n: (None if v is None else str(v)) for n, v in zip(names, row, strict=True)} for row in solutions(result)]
