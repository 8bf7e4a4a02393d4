"""`ictgraph audit`: every mention of the text that no fact accounts for, and coverage by kind."""

from __future__ import annotations

import argparse
import sys


def _audit(args: argparse.Namespace) -> int:
    from ictgraph.authoring.audit import audit_corpus, report_lines
    from ictgraph.authoring.ontology import load_ontology
    from ictgraph.source.corpus import load_corpus

    corpus = load_corpus()
    result = audit_corpus(corpus, load_ontology(), {args.part} if args.part else None)
    for line in report_lines(result, corpus):
        print(line)
    if result.missing or result.unused:
        print(f"audit: {len(result.missing)} unaccounted mention(s), {len(result.unused)} stale "
              "exclusion(s): add the fact, or exclude it with a reason in audit/exclusions.yaml",
              file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="list mentions (countries, organisations, dates, amounts) "
                                     "that no fact accounts for; coverage per kind and part")
    p.add_argument("--part", type=int, choices=(1, 2), help="audit one part of the section only")
    p.set_defaults(func=_audit)
