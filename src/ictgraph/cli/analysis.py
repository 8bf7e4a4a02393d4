"""`ictgraph render`: write an interactive, offline HTML view of a network projection of the graph."""

from __future__ import annotations

import argparse
from pathlib import Path

from ictgraph.errors import UserError

VIEW_HELP = ("actors (who meets whom), topics (country × topic), countries (countries by shared topics), "
             "orgs (part-of tree), diffusion (ISDB-T adopters), ego:NODE (records around NODE: a key such "
             "as country/VN, an IRI or a label), query:NAME (a named query's IRI columns, e.g. query:cq04)")


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError(f"--param {pair!r}: write NAME=VALUE, e.g. --param country=id:country/VN")
        params[key] = value
    return params


def _render(args: argparse.Namespace) -> int:
    from ictgraph.analysis.projections import build_view
    from ictgraph.analysis.render import write_html
    from ictgraph.query.binding import QueryError
    from ictgraph.query.stores.spec import load

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"{out}: the output must be an .html file")
    params = _parse_params(args.param)
    if params and not args.view.startswith("query:"):
        raise UserError(f"--param applies to query: views only, not to {args.view!r}")
    try:
        graph = load(Path(args.graph) if args.graph else None, with_ontology=True)
        G = build_view(graph, args.view, radius=args.radius, **params)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    except (KeyError, ValueError, QueryError) as exc:
        # KeyError's str() adds quotes around the message; its first argument is the message itself.
        raise UserError(str(exc.args[0]) if exc.args else str(exc)) from None
    write_html(G, out, title=args.title or args.view, lang=args.lang, size_by=args.size_by)
    print(f"{out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({args.view}, labels in {args.lang})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="write an interactive HTML network view that works offline")
    p.add_argument("--view", default="actors", metavar="VIEW", help=VIEW_HELP)
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="label language (default ja)")
    p.add_argument("--size-by", choices=("degree", "weighted_degree", "betweenness", "pagerank"),
                   default="weighted_degree", help="the metric node sizes follow")
    p.add_argument("--radius", type=int, default=1, help="hops around the centre of an ego view")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of a query: view (repeatable)")
    p.add_argument("--title", help="the title shown in the legend (default: the view)")
    p.add_argument("--graph", metavar="PATH", help="graph file (default graph/ict.ttl)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="where to write the page")
    p.set_defaults(func=_render)
