"""`%load_ext ictgraph`: the `%sparql` line magic and `%%sparql` cell magic for IPython and Jupyter.

    %sparql cq01                                   a named query by id or name, default parameters
    %sparql cq03 --param country=id:country/BR --lang ja
    %%sparql --endpoint http://127.0.0.1:7878/sparql
    SELECT ?s WHERE { ?s a <https://w3id.org/ictgraph/ontology#Country> }

A query runs on the built graph (with the ontology), on `--input FILE.ttl`, or on a SPARQL endpoint
(`--endpoint URL`). A SELECT answers with a `SparqlResult`: a DataFrame that shows itself with labels
first and compact IRIs, and that can draw itself as a graph (`.graph()`) or a timeline (`.timeline()`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from ictgraph.errors import IctgraphError

if TYPE_CHECKING:
    from IPython.display import HTML
    from matplotlib.axes import Axes

    from ictgraph.query.run import Source


class SparqlResult(pd.DataFrame):
    """A SELECT answer: the rows as a DataFrame (IRIs in full), shown with labels first.

    `source` is what the query ran on: with the built graph, a drawn graph gets classes and quotes.
    """

    _metadata: ClassVar[list[str]] = ["source", "name"]

    @property
    def _constructor(self) -> type[SparqlResult]:
        return SparqlResult

    def _repr_html_(self) -> str:  # what Jupyter shows: labels first, compact IRIs, no NaN
        from ictgraph.analysis.notebook import labelled

        return str(labelled(pd.DataFrame(self)).to_html())

    def graph(self, lang: str = "ja", title: str = "", height: int = 600) -> HTML:
        """The rows as an interactive graph: the first IRI column linked to each other IRI column."""
        from rdflib import Graph

        from ictgraph.analysis.notebook import show_graph
        from ictgraph.analysis.projections import graph_from_table

        source = getattr(self, "source", None)
        G = graph_from_table(pd.DataFrame(self), source if isinstance(source, Graph) else None,
                             name=getattr(self, "name", None) or "query", lang=_lang(lang))
        return show_graph(G, title=title or G.graph["name"], lang=_lang(lang), size_by="degree", height=height)

    def timeline(self, date: str | None = None, label: str | None = None, title: str = "") -> Axes:
        """The rows at their dates, earliest first (see `ictgraph.analysis.notebook.plot_timeline`)."""
        from ictgraph.analysis.notebook import plot_timeline

        return plot_timeline(pd.DataFrame(self), date=date, label=label, title=title)


def _lang(value: str) -> Any:
    if value not in ("ja", "en"):
        raise ValueError(f"lang={value!r}: choose ja or en")
    return value


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {pair!r}: write NAME=VALUE, e.g. --param country=id:country/BR")
        params[name.strip()] = value
    return params


@magics_class
class SparqlMagics(Magics):
    """`%sparql` / `%%sparql`; the stores it opens stay open for the session (the graph loads once)."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self._sources: dict[str, Source] = {}

    def _source(self, endpoint: str | None, input_file: str | None) -> Source:
        key = endpoint or input_file or ""
        if key not in self._sources:
            if endpoint:
                from ictgraph.query.stores import open_store

                self._sources[key] = open_store(endpoint)
            else:
                from ictgraph.query.stores import load

                self._sources[key] = load(Path(input_file) if input_file else None, with_ontology=True)
        return self._sources[key]

    @magic_arguments()
    @argument("name", nargs="?", help="a named query (cq01, cq03-country-timeline); none for SPARQL in the cell")
    @argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help="a query parameter")
    @argument("--lang", choices=("ja", "en"), default="en", help="label language of a named query (default en)")
    @argument("--endpoint", metavar="URL", help="a SPARQL endpoint to ask instead of the built graph")
    @argument("--input", metavar="FILE.ttl", help="a graph file to ask instead of the built graph")
    @line_cell_magic
    def sparql(self, line: str, cell: str | None = None) -> SparqlResult | str | bool:
        """Run a named query or the SPARQL of the cell; the answer as a SparqlResult, Turtle or a boolean."""
        from ictgraph.query.run import run_query, run_text

        args = parse_argstring(self.sparql, line)
        text = (cell or "").strip()
        if bool(args.name) == bool(text):
            raise UsageError("give a query name (%sparql cq01) or SPARQL in a %%sparql cell, one of the two")
        if args.endpoint and args.input:
            raise UsageError("give --endpoint or --input, not both")
        params = _params(args.param)
        if text and params:
            raise UsageError("--param applies to named queries; write the values into the SPARQL of the cell")
        try:
            source = self._source(args.endpoint, args.input)
            answer = run_query(args.name, source, lang=args.lang, **params) if args.name else \
                run_text(text, source, source="the cell")
        except IctgraphError as exc:  # one line, as the CLI says it, instead of a traceback
            raise UsageError(str(exc)) from None
        if isinstance(answer, pd.DataFrame):
            result = SparqlResult(answer)
            result.source = source
            result.name = args.name or "query"
            return result
        return answer


def load_ipython_extension(ipython: Any) -> None:
    """Register the magics with IPython (`%load_ext ictgraph` calls this through `ictgraph`)."""
    ipython.register_magics(SparqlMagics)
