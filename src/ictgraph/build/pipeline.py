"""The build as a user runs it: check, build, validate, then write graph/ (graph and VoID together) if all passed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ictgraph import resources
from ictgraph.authoring.ontology import load_ontology
from ictgraph.build.graph import build_graph, oxigraph_triples, serialize_turtle
from ictgraph.build.summary import Summary, summarise
from ictgraph.build.validate import start_validation
from ictgraph.build.void import describe_dataset
from ictgraph.errors import BuildError, FactErrors
from ictgraph.io import check_output_file, check_output_folder, write_atomic, write_folder_atomic
from ictgraph.turtle import write_turtle

if TYPE_CHECKING:
    import pyoxigraph as ox

#: How many validation problems a failed build reports; the rest are counted.
MAX_PROBLEMS = 50
#: The files of one build, written into graph/ (or --out-dir) together.
OUTPUTS = (resources.GRAPH_TTL.name, resources.VOID_TTL.name)
FOREIGN_TODO = "move them out: this folder holds the build's outputs only"


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the graph, where it went (None for a check only) and what is in it."""

    graph: Graph
    path: Path | None
    size: int  # bytes written, 0 for a check only
    seconds: float
    summary: Summary


def run_build(check_only: bool = False, facts_dir: Path | None = None, out: Path | None = None,
              out_dir: Path | None = None) -> BuildResult:
    """Check the facts, build and validate the graph, and write it with its VoID description.

    Raises `BuildError` listing every problem (every fact error, sorted by file and line, or the
    validation violations) and writes nothing when anything fails, so graph/ is never left half
    built.

    The two outputs, `ict.ttl` and `void.ttl`, go into `out_dir` (default graph/) together: both
    are written into a staging folder beside it, which then trades places with it in one atomic
    step (`ictgraph.io.write_folder_atomic`). A build killed at any instant leaves the old pair or
    the new pair, never a description of one graph beside another graph. `out` writes the graph
    file alone, without a description.
    """
    started = time.perf_counter()
    if out is not None and out.resolve() == resources.GRAPH_TTL.resolve():
        out, out_dir = None, resources.GRAPH_DIR  # the default place, named: write the pair
    folder = out_dir or resources.GRAPH_DIR
    if not check_only:  # a place that cannot be written is refused before the build's seconds
        if out is not None:
            check_output_file(out)
        else:
            check_output_folder(folder, OUTPUTS, FOREIGN_TODO)
    onto = load_ontology()  # read once: the fact checker, SHACL, QC and the summary all need it
    files = sorted(facts_dir.glob("*.yaml")) if facts_dir else None
    try:
        graph = build_graph(onto=onto, fact_files=files)
    except FactErrors as exc:
        n, where = len(exc.errors), exc.files
        raise BuildError(f"build stopped: {n} fact error{'s' if n > 1 else ''} in {where} "
                         f"file{'s' if where > 1 else ''}; graph/ left unchanged",
                         [str(e) for e in exc.errors]) from exc
    triples = oxigraph_triples(graph)  # converted once: the checks, the Turtle and the VoID all read these
    validation = start_validation(triples + oxigraph_triples(onto.graph))
    # While the shapes run in their thread, this one summarises and writes the outputs in memory; they
    # are thrown away if a check fails.
    summary = summarise(graph, onto.graph)
    outputs: dict[str, bytes] = {} if check_only else _outputs(graph, triples, with_description=out is None)
    violations = validation.violations()
    if violations:
        raise BuildError(f"build stopped: {len(violations)} validation error(s); graph/ left unchanged",
                         [str(v) for v in violations[:MAX_PROBLEMS]])
    if check_only:
        return BuildResult(graph, None, 0, time.perf_counter() - started, summary)
    data = outputs[resources.GRAPH_TTL.name]
    if out is not None:
        write_atomic(out, data)
        return BuildResult(graph, out, len(data), time.perf_counter() - started, summary)
    written = write_folder_atomic(folder, outputs, FOREIGN_TODO)
    return BuildResult(graph, written / resources.GRAPH_TTL.name, len(data), time.perf_counter() - started, summary)


def _outputs(graph: Graph, triples: list[ox.Triple], with_description: bool) -> dict[str, bytes]:
    """The files of the build by name: the graph's Turtle, and its VoID description unless it goes alone."""
    outputs = {resources.GRAPH_TTL.name: write_turtle(triples)}
    if with_description:
        outputs[resources.VOID_TTL.name] = serialize_turtle(describe_dataset(graph, triples))
    return outputs
