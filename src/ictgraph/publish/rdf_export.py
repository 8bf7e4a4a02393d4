"""Write the built graph in other RDF syntaxes and as an entity network for Gephi and Cytoscape."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ictgraph import resources
from ictgraph.build.graph import serialize_turtle, write_atomic
from ictgraph.query.stores.spec import load
from ictgraph.vocab import ICT, PREFIXES

if TYPE_CHECKING:
    import networkx as nx

RDF_FORMATS = ("ttl", "nt", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS
CSV_FILES = ("nodes.csv", "edges.csv")
NODE_FIELDS = ("id", "label", "label_ja", "label_en", "class", "date", "year")
EDGE_FIELDS = ("source", "target", "relation", "predicate")


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
    _bind_prefixes(canonical)
    return canonical


def _bind_prefixes(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


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


def _records(graph: Graph) -> list[URIRef]:
    """Records are the nodes that carry evidence: entities and facts, not their quotes or amounts."""
    return sorted({s for s in graph.subjects(ICT.evidence, None) if isinstance(s, URIRef)})


def _joined(values: Iterator[object]) -> str:
    return " | ".join(sorted({str(v) for v in values}))


def _node_attributes(graph: Graph, node: URIRef) -> dict[str, str | int]:
    """What Gephi and Cytoscape show for a record; absent values are left out (GraphML has no null)."""
    labels = list(graph.objects(node, RDFS.label))
    attrs: dict[str, str | int] = {
        "label_ja": _joined(lab for lab in labels if isinstance(lab, Literal) and lab.language == "ja"),
        "label_en": _joined(lab for lab in labels if isinstance(lab, Literal) and lab.language == "en"),
        "class": " ".join(sorted(graph.namespace_manager.normalizeUri(c)
                                 for c in graph.objects(node, RDF.type) if isinstance(c, URIRef))),
        "date": _joined(graph.objects(node, ICT.date)),
    }
    attrs["label"] = attrs["label_en"] or attrs["label_ja"] or str(node)
    years = sorted({int(y) for y in graph.objects(node, ICT.year)})
    if years:
        attrs["year"] = years[0]
    return {k: v for k, v in attrs.items() if v != ""}


def to_entity_network(graph: Graph) -> nx.MultiDiGraph:
    """Records as nodes, the object-property links between two records as edges; literals never become nodes.

    A multigraph, because two records can be linked by several properties (a host that is also a party).
    """
    import networkx as nx

    records = _records(graph)
    members = set(records)
    network = nx.MultiDiGraph()
    for node in records:
        network.add_node(str(node), **_node_attributes(graph, node))
    for s in records:
        for p, o in sorted(graph.predicate_objects(s)):
            if o in members:
                network.add_edge(str(s), str(o), key=graph.namespace_manager.normalizeUri(p),
                                 relation=graph.namespace_manager.normalizeUri(p), predicate=str(p))
    return network


def _network_bytes(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML or GEXF; GEXF without the writer's `lastmodifieddate`, which is today's date and
    would make two exports of one graph differ."""
    import networkx as nx
    from networkx.readwrite.gexf import GEXFWriter

    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, buffer, encoding="utf-8")
        return buffer.getvalue()
    writer = GEXFWriter(encoding="utf-8")
    writer.add_graph(network)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    writer.write(buffer)
    return buffer.getvalue()


def _csv_bytes(fields: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def network_tables(network: nx.MultiDiGraph) -> dict[str, bytes]:
    """nodes.csv and edges.csv of the entity network, for spreadsheets and Cytoscape's table import."""
    nodes = [{"id": n, **attrs} for n, attrs in network.nodes(data=True)]
    edges = [{"source": s, "target": t, "relation": a["relation"], "predicate": a["predicate"]}
             for s, t, a in network.edges(data=True)]
    return {"nodes.csv": _csv_bytes(NODE_FIELDS, nodes), "edges.csv": _csv_bytes(EDGE_FIELDS, edges)}


def write_folder_atomic(path: Path, files: dict[str, bytes]) -> None:
    """Fill a sibling temporary folder, then rename it into place: readers never see half the tables.

    An existing folder is replaced only if it holds nothing but files this export writes, so a
    mistyped `-o ~` cannot delete anything else.
    """
    if path.exists():
        if not path.is_dir():
            raise FileExistsError(f"{path} is a file; CSV export writes a folder")
        foreign = sorted(p.name for p in path.iterdir() if p.name not in files)
        if foreign:
            raise FileExistsError(f"{path} holds other files ({', '.join(foreign[:3])}); "
                                  "choose a new or empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    old = tmp.with_name(tmp.name + ".old")
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not path.exists():
            os.replace(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)


_RDF_WRITERS: dict[str, Callable[[Graph], bytes]] = {
    "ttl": _serialize_turtle,
    "nt": serialize_ntriples,
    "jsonld": serialize_jsonld,
}


def export_graph(graph: Graph, fmt: str, path: Path) -> str:
    """Write `graph` as `fmt` to `path` (a folder for csv); return a one-line account of what was written."""
    if fmt in _RDF_WRITERS:
        data = _RDF_WRITERS[fmt](graph)
        write_atomic(path, data)
        return f"wrote {path} ({len(graph)} triples, {len(data) / 1024:.0f} KiB)"
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    network = to_entity_network(graph)
    if fmt == "csv":
        write_folder_atomic(path, network_tables(network))
        where = f"{path}/{{{','.join(CSV_FILES)}}}"
    else:
        write_atomic(path, _network_bytes(network, fmt))
        where = str(path)
    return f"wrote {where} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)"
