"""`ictgraph queries | query | sparql`: list the named SPARQL queries and run them, or any query file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph.cli.options import add_param_argument, add_store_arguments, emit, parse_params, store_spec
from ictgraph.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from ictgraph.query.catalogue import NamedQuery
    from ictgraph.query.stores import Store

FORMATS = ("table", "csv", "json", "md")


def _queries(args: argparse.Namespace) -> int:
    from ictgraph.query.catalogue import list_queries

    catalogue = list_queries()
    if args.run:
        return _run_suite(catalogue, args)
    width = max(len(q.name) for q in catalogue)
    for query in catalogue:
        print(f"{query.name:<{width}}  {query.title}")
        print(f"{'':<{width}}  {query.question}")
        for p in query.params:
            default = "(required)" if p.default is None else f"= {p.default}"
            print(f"{'':<{width}}    --param {p.name}=<{p.type}> {default}  {p.description}")
    print(f"\n{len(catalogue)} queries in {catalogue[0].path.parent if catalogue else 'queries/'}")
    return 0


def _run_suite(catalogue: list[NamedQuery], args: argparse.Namespace) -> int:
    """Run every named query with its defaults: a smoke run of the whole library, with timings."""
    import time

    from ictgraph.query.run import prepare_query, run_text

    graph = _open(args)
    width = max(len(q.name) for q in catalogue)
    for query in catalogue:
        _, text = prepare_query(query.name)
        started = time.perf_counter()
        result = run_text(text, graph, source=str(query.path))
        elapsed_ms = (time.perf_counter() - started) * 1000
        size = (f"{result}" if isinstance(result, bool) else f"{result.count(chr(10))} Turtle lines"
                if isinstance(result, str) else f"{len(result)} rows")
        print(f"{query.name:<{width}}  {size:>16}  {elapsed_ms:7.1f} ms  {query.title}")
    print(f"\n{len(catalogue)} queries run on {args.endpoint or args.store}")
    return 0


def _format_markdown(df: pd.DataFrame) -> str:
    """A GitHub-style table; pandas' own to_markdown needs the tabulate package, which we do not ship."""
    def cell(value: object) -> str:
        return "" if value is None or value != value else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def format_result(result: pd.DataFrame | str | bool, fmt: str) -> str:
    """The text to print for a query result in one of FORMATS (Turtle and booleans print as they are)."""
    if isinstance(result, bool):
        return "true\n" if result else "false\n"
    if isinstance(result, str):
        return result
    if fmt == "csv":
        return str(result.to_csv(index=False))
    if fmt == "json":
        return str(result.to_json(orient="records", force_ascii=False, date_format="iso", default_handler=str,
                                  indent=1)) + "\n"
    if fmt == "md":
        return _format_markdown(result)
    with_rows = result.to_string(index=False, na_rep="") if len(result) else "(no rows)"
    return f"{with_rows}\n\n{len(result)} row(s)\n"


def _open(args: argparse.Namespace) -> Store:
    """The store named by --store/--endpoint; in-memory stores hold the graph and the ontology."""
    from ictgraph.query.stores import open_store

    return open_store(store_spec(args), graph=args.graph)


def _query(args: argparse.Namespace) -> int:
    from ictgraph.query.run import prepare_query, run_text

    params = parse_params(args.param)
    query, text = prepare_query(args.name, args.lang, **params)
    result = run_text(text, _open(args), source=str(query.path))
    emit(format_result(result, args.format), args.out)
    return 0


def _sparql(args: argparse.Namespace) -> int:
    from ictgraph.query.binding import bind_query
    from ictgraph.query.catalogue import parse_query_text
    from ictgraph.query.run import run_text

    params = parse_params(args.param)
    if args.file == "-":
        text, source = sys.stdin.read(), "<stdin>"
    else:
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"{path} does not exist: give a .rq file or - for standard input")
        text, source = path.read_text(encoding="utf-8"), str(path)
    bound = bind_query(parse_query_text(text, Path(source)), params)
    result = run_text(bound, _open(args), source=source)
    emit(format_result(result, args.format), args.out)
    return 0


def _add_output_options(p: argparse.ArgumentParser) -> None:
    add_param_argument(p, "a parameter the query declares in a `# param:` header line")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format of a SELECT (default table)")
    add_store_arguments(p)
    p.add_argument("--out", metavar="PATH", type=Path,
                   help="write the result to a file (atomically) instead of printing")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("queries", help="list the named SPARQL queries and their parameters")
    p.add_argument("--run", action="store_true", help="run every query with its defaults and show row counts")
    add_store_arguments(p)
    p.set_defaults(func=_queries)

    p = sub.add_parser("query", help="run a named query (e.g. cq01) on the built graph")
    p.add_argument("name", help="query name or id, as `ictgraph queries` lists them")
    p.add_argument("--lang", choices=("ja", "en"), default="en", help="label language (default en)")
    _add_output_options(p)
    p.set_defaults(func=_query)

    p = sub.add_parser("sparql", help="run any SPARQL query file (or - for stdin) on the built graph",
                       description="Run any SPARQL query; `# param:` header lines are bound as in named queries.")
    p.add_argument("file", help="a .rq file, or - to read the query from standard input")
    _add_output_options(p)
    p.set_defaults(func=_sparql)
