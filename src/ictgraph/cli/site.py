"""`ictgraph site`: write the static explorer (a page per record, the text, timeline, catalogue) to a folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ictgraph.cli.options import add_input_argument, add_lang_argument, chosen_lang


def _site(args: argparse.Namespace) -> int:
    from ictgraph.publish.site.build import build_site

    started = time.perf_counter()
    result = build_site(Path(args.output), lang=chosen_lang(args), graph=args.input, sparql=args.sparql,
                        progress=lambda msg: print(f"ictgraph site: {msg}", file=sys.stderr))
    seconds = time.perf_counter() - started
    print(f"{result.out}: {result.records} records in ja and en, {result.files} files, "
          f"{result.bytes / 1e6:.1f} MB in {seconds:.1f} s")
    print(f"open {(result.out / 'index.html').resolve().as_uri()} in a browser: it works offline")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("site", help="write the static explorer site (both languages, offline) to a folder")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write (replaced if an "
                   "earlier `ictgraph site` made it)")
    add_lang_argument(p, "the language the site opens in")
    p.add_argument("--sparql", metavar="URL", help="a SPARQL query page to link from every page's menu (where the "
                   "site is published beside an endpoint)")
    add_input_argument(p, "graph file (default graph/ict.ttl; void.ttl beside it)")
    p.set_defaults(func=_site)
