"""The build as a user runs it: check, build, validate, then write graph/ only if all passed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ictgraph import resources
from ictgraph.authoring.ontology import load_ontology
from ictgraph.build.graph import build_graph, serialize_turtle
from ictgraph.build.summary import Summary, summarise
from ictgraph.build.validate import validate_graph
from ictgraph.build.void import write_description
from ictgraph.errors import BuildError, FactErrors
from ictgraph.io import write_atomic

#: How many validation problems a failed build reports; the rest are counted.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the graph, where it went (None for a check only) and what is in it."""

    graph: Graph
    path: Path | None
    size: int  # bytes written, 0 for a check only
    seconds: float
    summary: Summary


def run_build(check_only: bool = False, facts_dir: Path | None = None, out: Path | None = None) -> BuildResult:
    """Check the facts, build and validate the graph, and write it (and graph/void.ttl) atomically.

    Raises `BuildError` listing every problem (every fact error, sorted by file and line, or the
    validation violations) and writes nothing when anything fails, so graph/ is never left half
    built.
    """
    started = time.perf_counter()
    out = out or resources.GRAPH_TTL
    files = sorted(facts_dir.glob("*.yaml")) if facts_dir else None
    onto = load_ontology()  # read once: the fact checker, SHACL, QC and the summary all need it
    try:
        graph = build_graph(onto=onto, fact_files=files)
    except FactErrors as exc:
        n, where = len(exc.errors), exc.files
        raise BuildError(f"build stopped: {n} fact error{'s' if n > 1 else ''} in {where} "
                         f"file{'s' if where > 1 else ''}; graph/ left unchanged",
                         [str(e) for e in exc.errors]) from exc
    violations = validate_graph(graph, onto.graph)
    if violations:
        raise BuildError(f"build stopped: {len(violations)} validation error(s); graph/ left unchanged",
                         [str(v) for v in violations[:MAX_PROBLEMS]])
    summary = summarise(graph, onto.graph)
    if check_only:
        return BuildResult(graph, None, 0, time.perf_counter() - started, summary)
    data = serialize_turtle(graph)
    write_atomic(out, data)
    if out == resources.GRAPH_TTL:
        write_description(graph, resources.VOID_TTL)
    return BuildResult(graph, out, len(data), time.perf_counter() - started, summary)
