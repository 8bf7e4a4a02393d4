"""The build as a user runs it: check, build, validate, then write graph/ only if all passed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rdflib import Graph

from ictgraph import resources
from ictgraph.build.graph import build_graph, serialize_turtle, write_atomic
from ictgraph.build.void import write_description
from ictgraph.authoring.checker import FactError
from ictgraph.authoring.ontology import load_ontology
from ictgraph.build.summary import format_summary, summarise
from ictgraph.build.validate import validate_graph


def run_build(check_only: bool = False, facts_dir: Path | None = None,
              out: Path | None = None) -> int:
    """Build and validate; on any error print it, leave graph/ untouched and return non-zero."""
    started = time.perf_counter()
    out = out or resources.GRAPH_TTL
    files = sorted(facts_dir.glob("*.yaml")) if facts_dir else None
    onto = load_ontology()  # read once: the fact checker, SHACL and the summary all need it
    try:
        graph = build_graph(onto=onto, fact_files=files)
    except FactError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("build stopped: graph/ left unchanged", file=sys.stderr)
        return 1
    violations = validate_graph(graph, onto.graph)
    if violations:
        for v in violations[:50]:
            print(f"error: {v}", file=sys.stderr)
        print(f"build stopped: {len(violations)} validation error(s); graph/ left unchanged",
              file=sys.stderr)
        return 1
    if check_only:
        print(f"facts check out: {len(graph)} triples would be written")
        return 0
    data = serialize_turtle(graph)
    write_atomic(out, data)
    if out == resources.GRAPH_TTL:
        write_description(graph, resources.VOID_TTL)
    elapsed = time.perf_counter() - started
    print(f"wrote {out} ({len(graph)} triples, "
          f"{len(data) / 1024:.0f} KiB) in {elapsed:.1f} s; SHACL and QC: conforms")
    print_summary(graph, ontology=onto.graph)
    return 0


def print_summary(graph: Graph, markdown: bool = False, ontology: Graph | None = None) -> None:
    """What is in the graph, by category and class: the numbers a user checks first."""
    ontology = ontology if ontology is not None else load_ontology().graph
    print(format_summary(summarise(graph, ontology), markdown=markdown))
