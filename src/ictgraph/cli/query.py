"""`ictgraph queries | query | sparql`: list the named SPARQL queries and run them, or any query file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictgraph.cli.options import (
    add_lang_argument,
    add_param_argument,
    add_store_arguments,
    chosen_lang,
    emit,
    parse_params,
    store_spec,
)
from ictgraph.errors import UsageError

if TYPE_CHECKING:
    from ictgraph.query.catalogue import NamedQuery
    from ictgraph.query.results import Table
    from ictgraph.query.stores import Store

FORMATS = ("table", "csv", "json", "md")


def _queries(args: argparse.Namespace) -> int:
    from ictgraph.query.catalogue import list_queries
    from ictgraph.resources import display_path

    catalogue = list_queries()
    if args.run:
        return _run_suite(catalogue, args)
    lang = chosen_lang(args)
    width = max(len(q.name) for q in catalogue)
    for query in catalogue:
        print(f"{query.name:<{width}}  {query.title_in(lang)}")
        print(f"{'':<{width}}  {query.question_in(lang)}")
        for p in query.params:
            default = "(required)" if p.default is None else f"= {p.default}"
            print(f"{'':<{width}}    --param {p.name}=<{p.cls or p.type}> {default}  {p.description}")
    print(f"\n{len(catalogue)} queries in {display_path(catalogue[0].path.parent) if catalogue else 'queries/'}")
    return 0


def _run_suite(catalogue: list[NamedQuery], args: argparse.Namespace) -> int:
    """Run every named query with its defaults: a smoke run of the whole library, with timings."""
    import time

    from ictgraph.query.run import answer, prepare_query

    graph = _open(args)
    width = max(len(q.name) for q in catalogue)
    for query in catalogue:
        _, bound = prepare_query(query.name)
        started = time.perf_counter()
        result = answer(bound, graph, source=str(query.path), original=query.text)
        elapsed_ms = (time.perf_counter() - started) * 1000
        print(f"{query.name:<{width}}  {_what(result):>16}  {elapsed_ms:7.1f} ms  {query.title}")
    print(f"\n{len(catalogue)} queries run on {args.endpoint or args.store}")
    return 0


def _what(result: Table | str | bool, fmt: str | None = None) -> str:
    """What a result holds, in a few words (`21 rows as csv`)."""
    if isinstance(result, bool):
        return f"{str(result).lower()} (ASK)"
    if isinstance(result, str):
        return f"{result.count(chr(10))} Turtle lines"
    rows = f"{len(result)} row{'s' if len(result) != 1 else ''}"
    return f"{rows} as {fmt}" if fmt else rows


def _plain(value: Any) -> str:
    """A cell in CSV and Markdown: the full IRI or the literal's text; nothing for an unbound variable."""
    import datetime as dt

    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _json_value(value: Any) -> Any:
    """A cell in JSON: numbers, booleans and null as JSON has them; exact decimals and dates as text."""
    from decimal import Decimal

    exact = value is None or (isinstance(value, bool | int | float) and not isinstance(value, Decimal))
    return value if exact else _plain(value)


def _markdown(table: Table) -> str:
    """A GitHub-style table."""
    def cell(value: Any) -> str:
        return _plain(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def format_result(result: Table | str | bool, fmt: str, width: int | None = None, wide: bool = False) -> str:
    """The text to print for a query result in one of FORMATS (Turtle and booleans print as they are).

    `table` is for a person (see `ictgraph.cli.table`); `csv`, `json` and `md` hold every value in
    full (IRIs unabridged, JSON without escaped slashes or non-ASCII).
    """
    if isinstance(result, bool):
        return "true\n" if result else "false\n"
    if isinstance(result, str):
        return result
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_plain(v) for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        import json

        records = [{c: _json_value(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "md":
        return _markdown(result)
    from ictgraph.cli.table import DEFAULT_WIDTH, render_table

    return render_table(result, width or DEFAULT_WIDTH, wide)


def _terminal_width() -> int | None:
    """The terminal's width when printing to one; None otherwise (the table then fits 120 columns)."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _open(args: argparse.Namespace) -> Store:
    """The store named by --store/--endpoint; in-memory stores hold the graph and the ontology."""
    from ictgraph.query.stores import open_store

    return open_store(store_spec(args), graph=args.graph)


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an --out path that cannot be written (a FIFO, a device, a link, …) before any work is done."""
    if args.out is not None:
        from ictgraph.io import check_output_file

        check_output_file(args.out)


# The format an --out file's name asks for when --format is not given: `--out answer.csv` is CSV, not
# a table cut to fit a terminal.
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".md": "md"}


def _print_result(result: Table | str | bool, args: argparse.Namespace) -> None:
    width = None if args.out else _terminal_width()
    fmt = args.format or (args.out and SUFFIX_FORMATS.get(args.out.suffix.lower())) or "table"
    emit(format_result(result, fmt, width, args.wide), args.out, _what(result, fmt))


def _query(args: argparse.Namespace) -> int:
    from ictgraph.query.catalogue import find_query
    from ictgraph.query.run import answer, prepare_query

    _check_out(args)
    params = parse_params(args.param)
    lang = chosen_lang(args)
    if args.lang and params.get("lang", args.lang) != args.lang:
        raise UsageError(f"--lang {args.lang} and --param lang={params['lang']} disagree: give the language once")
    find_query(args.name)  # a mistyped name is told before the store is opened
    store = _open(args)
    query, bound = prepare_query(args.name, params, lang, graph=store)
    _print_result(answer(bound, store, source=str(query.path), original=query.text), args)
    return 0


def _read_query(spec: str) -> tuple[str, str]:
    """The text of a query file (or of standard input for `-`) and the name errors give it."""
    from ictgraph.query.catalogue import MAX_QUERY_BYTES, decode_query

    if spec == "-":
        return decode_query(sys.stdin.buffer.read(MAX_QUERY_BYTES + 1), "<stdin>"), "<stdin>"
    path = Path(spec)
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give a .rq file, or - for standard input")
    if not path.exists():
        raise UsageError(f"{path} does not exist: give a .rq file, or - for standard input")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    return decode_query(data, str(path)), str(path)


def _sparql(args: argparse.Namespace) -> int:
    from ictgraph.query.binding import bind
    from ictgraph.query.catalogue import parse_query_text
    from ictgraph.query.run import answer

    _check_out(args)
    params = parse_params(args.param)
    text, source = _read_query(args.file)
    bound = bind(parse_query_text(text, Path(source)), params)
    _print_result(answer(bound, _open(args), source=source, original=text), args)
    return 0


def _add_output_options(p: argparse.ArgumentParser) -> None:
    add_param_argument(p, "a parameter the query declares in a `# param:` header line; a node may be given by "
                          "IRI, prefixed name, key or name (country=Brazil, =ブラジル, =BR, =country/BR, "
                          "=id:country/BR)")
    p.add_argument("--format", choices=FORMATS,
                   help="output of a SELECT (default table: labels first, IRIs compact, fitted to the width; "
                        "csv, json and md hold every value in full; an --out file ending in .csv, .json or .md "
                        "gets that format)")
    p.add_argument("--wide", action="store_true", help="a table with every column and nothing cut")
    add_store_arguments(p)
    p.add_argument("--out", metavar="PATH", type=Path,
                   help="write the result to a file (atomically) instead of printing")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("queries", help="list the named SPARQL queries and their parameters")
    p.add_argument("--run", action="store_true", help="run every query with its defaults and show row counts")
    add_lang_argument(p, "language of the titles and questions")
    add_store_arguments(p)
    p.set_defaults(func=_queries)

    p = sub.add_parser("query", help="run a named query (e.g. cq01) on the built graph")
    p.add_argument("name", help="query name or id, as `ictgraph queries` lists them (CQ01 and cq01 alike)")
    add_lang_argument(p)
    _add_output_options(p)
    p.set_defaults(func=_query)

    p = sub.add_parser("sparql", help="run any SPARQL query file (or - for stdin) on the built graph",
                       description="Run any SPARQL query (UTF-8); `# param:` header lines are bound as in named "
                                   "queries, and the project's prefixes (id:, ict:, rdfs:, …) are declared for it.")
    p.add_argument("file", help="a .rq file, or - to read the query from standard input")
    _add_output_options(p)
    p.set_defaults(func=_sparql)
