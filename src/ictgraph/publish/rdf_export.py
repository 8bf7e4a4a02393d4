"""The graph in RDF syntaxes (Turtle, sorted N-Triples, compact JSON-LD), with the ontology or its entailments."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF, RDFS

from ictgraph import resources
from ictgraph.build.graph import serialize_turtle
from ictgraph.errors import ExportError
from ictgraph.io import write_atomic
from ictgraph.query.stores import load
from ictgraph.vocab import PREFIXES, bind_prefixes

RDF_FORMATS = ("ttl", "nt", "jsonld")


def load_export_graph(source: Path | None = None, with_ontology: bool = False,
                      inferred: bool = False) -> Graph:
    """The graph to export: the build's triples, plus the ontology and/or the entailed triples.

    Loaded into rdflib's Memory store because owlrl and the serialisers walk every triple,
    which is where Oxigraph's rdflib bridge is slow.
    """
    graph = load(source, store="memory")
    if not (with_ontology or inferred):
        return graph
    ontology = load(resources.ONTOLOGY, store="memory")
    if inferred:
        graph += entailed_triples(graph, ontology, about_ontology=with_ontology)
    if with_ontology:
        graph += ontology
    return graph


def entailed_triples(data: Graph, ontology: Graph, about_ontology: bool = False) -> Graph:
    """What OWL 2 RL adds about the data's nodes (and the ontology's terms if asked); inputs untouched.

    owlrl also states trivia (`x owl:sameAs x`, `x a owl:Thing`), facts about literals (generalised
    RDF, which no syntax can write) and memberships of anonymous class expressions (blank nodes
    that differ from run to run); those are left out so that the export is valid and reproducible.
    """
    import owlrl

    closure = Graph()
    closure += data
    closure += ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    subjects = set(data.subjects()) | (set(ontology.subjects()) if about_ontology else set())
    added = Graph()
    for s, p, o in closure:
        if s not in subjects or isinstance(o, BNode) or (s, p, o) in data:
            continue
        if (p == OWL.sameAs and s == o) or (p == RDF.type and o in (OWL.Thing, RDFS.Resource)):
            continue
        added.add((s, p, o))
    return added


def _deterministic(graph: Graph) -> Graph:
    """The graph itself, or a copy whose blank nodes carry content-derived labels (the ontology has some)."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    from rdflib.compare import to_canonical_graph

    canonical = Graph()
    canonical += to_canonical_graph(graph)
    bind_prefixes(canonical)
    return canonical


def serialize_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted: two exports of the same graph are byte-equal."""
    text = _deterministic(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with the project's prefixes; nodes sorted by @id so the file diffs cleanly."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    raw = _deterministic(graph).serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    out = {"@context": context, "@graph": sorted(nodes, key=lambda n: n.get("@id", ""))}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _serialize_turtle(graph: Graph) -> bytes:
    return serialize_turtle(_deterministic(graph))


_RDF_WRITERS: dict[str, Callable[[Graph], bytes]] = {
    "ttl": _serialize_turtle,
    "nt": serialize_ntriples,
    "jsonld": serialize_jsonld,
}


def serialize_rdf(graph: Graph, fmt: str) -> bytes:
    """`graph` in the RDF syntax `fmt` (ttl, nt or jsonld), as the bytes an export writes."""
    if fmt not in _RDF_WRITERS:
        raise ExportError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    return _RDF_WRITERS[fmt](graph)


def export_rdf(graph: Graph, fmt: str, path: Path) -> str:
    """Write `graph` as `fmt` (ttl, nt or jsonld) to `path` atomically; return a one-line account.

    `path` must be a new path or a regular file (`ictgraph.io.check_output_file`).
    """
    data = serialize_rdf(graph, fmt)
    write_atomic(path, data)
    return f"wrote {path} ({len(graph)} triples, {len(data) / 1024:.0f} KiB)"
