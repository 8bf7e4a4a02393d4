"""`ictgraph render`: write an interactive, offline HTML view of a network projection of the graph."""

from __future__ import annotations

import argparse
from pathlib import Path

from ictgraph.cli.options import add_input_argument, add_lang_argument, add_param_argument, chosen_lang, parse_params
from ictgraph.errors import UsageError

VIEW_HELP = ("actors (who meets whom), topics (country × topic), countries (countries by shared topics), "
             "orgs (part-of tree), diffusion (ISDB-T adopters), ego:NODE (records around NODE: a key such "
             "as country/VN, an IRI or a label), query:NAME (a named query's IRI columns, e.g. query:cq04)")


def _render(args: argparse.Namespace) -> int:
    from ictgraph.analysis.render import write_html
    from ictgraph.analysis.views import build_view
    from ictgraph.io import check_output_file
    from ictgraph.query.stores import load

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{out}: the output must be an .html file")
    check_output_file(out)  # a FIFO, a device or a link is refused before the view is drawn
    params = parse_params(args.param)
    if params and not args.view.startswith("query:"):
        raise UsageError(f"--param applies to query: views only, not to {args.view!r}")
    graph = load(args.input, with_ontology=True)
    lang = chosen_lang(args)
    G = build_view(graph, args.view, radius=args.radius, **params)
    write_html(G, out, title=args.title or "", lang=lang, size_by=args.size_by)
    print(f"{out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({args.view}, labels in {lang})")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("render", help="write an interactive HTML network view that works offline")
    p.add_argument("--view", default="actors", metavar="VIEW", help=VIEW_HELP)
    add_lang_argument(p)
    p.add_argument("--size-by", choices=("degree", "weighted_degree", "betweenness", "pagerank"),
                   default="weighted_degree", help="the metric node sizes follow")
    p.add_argument("--radius", type=int, default=1, help="hops around the centre of an ego view")
    add_param_argument(p, "a parameter of a query: view (repeatable)")
    p.add_argument("--title", help="the title shown above the legend (default: the view's own, in the page's language)")
    add_input_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="where to write the page")
    p.set_defaults(func=_render)
