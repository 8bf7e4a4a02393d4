"""A SELECT answer as plain rows of Python values: what the command line prints and a DataFrame is built from.

Kept free of pandas, so that printing a table, CSV or JSON does not pay for importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.query import Result
    from rdflib.term import Node


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
