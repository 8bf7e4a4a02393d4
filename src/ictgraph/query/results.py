"""A SELECT answer as plain rows of Python values: what the command line prints and a DataFrame is built from.

Kept free of pandas and rdflib, so that printing a table, CSV or JSON pays for importing neither.
Oxigraph's solutions are read straight into cells (`table_from_solutions`); an rdflib result
(rdflib's own store, a remote one) through its terms (`table_from_result`). Both give the same
Python values: those of rdflib's `Literal.toPython()`, which `ictgraph.run_query` has always returned.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox
    from rdflib.query import Result
    from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Iri(str):
    """A cell that is an IRI (not a literal that happens to look like one): shown compact, linked, resolved."""

    __slots__ = ()


@dataclass(frozen=True)
class Table:
    """The answer of a SELECT: its variables in order and one tuple of cells per solution.

    A cell is None (unbound), an `Iri`, or a literal's Python value: str, int, Decimal, float, bool,
    datetime.date, or the lexical form where Python has no type for it (gYearMonth "2003-12").
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def to_dataframe(self) -> pd.DataFrame:
        """The table as a DataFrame, IRIs as plain strings (what `ictgraph.run_query` has always returned)."""
        import pandas as pd

        rows = [[str(v) if isinstance(v, Iri) else v for v in row] for row in self.rows]
        return pd.DataFrame(rows, columns=list(self.columns))


def cell(term: Node | None) -> Any:
    """IRIs as `Iri`, blank nodes as their id, literals as Python values where rdflib has one, else their text."""
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Iri(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def table_from_result(result: Result) -> Table:
    """A Table from an rdflib SELECT result."""
    from ictgraph.query.stores.base import solutions

    columns = tuple(str(v) for v in result.vars or [])
    rows = tuple(tuple(cell(row[i]) for i in range(len(columns))) for row in solutions(result))
    return Table(columns, rows)


# -- Oxigraph's terms, read without rdflib --------------------------------------------------------------

_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _or_lexical(convert: Callable[[str], Any], failure: type[Exception]) -> Callable[[str], Any]:
    """A reader that converts the lexical form, or keeps it when it is ill-formed (as rdflib does)."""
    def read(lexical: str) -> Any:
        try:
            return convert(lexical)
        except failure:
            return lexical
    return read


_as_integer = _or_lexical(int, ValueError)
_as_decimal = _or_lexical(Decimal, ArithmeticError)
_as_float = _or_lexical(float, ValueError)


def _as_date(lexical: str) -> Any:
    if _PLAIN_DATE.fullmatch(lexical):
        try:
            return dt.date.fromisoformat(lexical)
        except ValueError:
            pass  # 2019-02-30
    return _by_rdflib(lexical, XSD + "date")


def _as_boolean(lexical: str) -> Any:
    folded = lexical.lower()
    if folded in ("true", "1"):
        return True
    return False if folded in ("false", "0") else _by_rdflib(lexical, XSD + "boolean")


def _by_rdflib(lexical: str, datatype: str) -> Any:
    """The value rdflib gives a literal this module does not read itself (a time, a duration, a date
    with a zone, …): rares ones, so importing rdflib for them costs nothing in the common case."""
    from rdflib import Literal, URIRef

    return cell(Literal(lexical, datatype=URIRef(datatype)))


def _as_text(lexical: str) -> str:
    return lexical


#: How a literal of each datatype becomes a cell, as rdflib's `XSDToPython` maps it (`int` for every
#: integer type, `Decimal`, `float`, `bool`, `datetime.date`, text for strings); a datatype that
#: rdflib does not map (gYear, gYearMonth, a custom one) keeps its lexical form, as it does there.
_READERS: dict[str, Callable[[str], Any]] = {
    RDF_LANG_STRING: _as_text,
    **{XSD + name: _as_text for name in ("string", "normalizedString", "token", "language", "anyURI")},
    **{XSD + name: _as_integer for name in (
        "integer", "nonPositiveInteger", "long", "nonNegativeInteger", "negativeInteger", "int", "unsignedLong",
        "positiveInteger", "short", "unsignedInt", "byte", "unsignedShort", "unsignedByte")},
    XSD + "decimal": _as_decimal,
    XSD + "float": _as_float,
    XSD + "double": _as_float,
    XSD + "boolean": _as_boolean,
    XSD + "date": _as_date,
    **{XSD + name: partial(_by_rdflib, datatype=XSD + name) for name in (
        "time", "dateTime", "duration", "dayTimeDuration", "yearMonthDuration", "hexBinary", "base64Binary")},
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral":
        lambda lexical: _by_rdflib(lexical, "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML":
        lambda lexical: _by_rdflib(lexical, "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML"),
}


def table_from_solutions(solutions: ox.QuerySolutions) -> Table:
    """A Table from Oxigraph's SELECT solutions, each cell with the value `cell` gives the same term
    seen through rdflib."""
    import pyoxigraph as ox

    literal, named_node, blank_node, readers = ox.Literal, ox.NamedNode, ox.BlankNode, _READERS

    def read(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Any:
        kind = type(term)
        if kind is literal:
            return readers.get(term.datatype.value, _as_text)(term.value)  # type: ignore[union-attr]
        if kind is named_node:
            return Iri(term.value)  # type: ignore[union-attr]
        if term is None:
            return None
        return term.value if kind is blank_node else str(term)  # type: ignore[union-attr]  # a triple: N-Triples

    columns = tuple(v.value for v in solutions.variables)
    return Table(columns, tuple(tuple(map(read, solution)) for solution in solutions))
