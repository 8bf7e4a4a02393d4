"""The graph as an entity network for Gephi and Cytoscape: records as nodes, record-to-record links as edges."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ictgraph.analysis.projections import record_links
from ictgraph.errors import ExportError
from ictgraph.io import check_output_file, check_output_folder, write_atomic, write_folder_atomic
from ictgraph.query.stores.oxigraph import on_oxigraph
from ictgraph.vocab import ICT, shorten

if TYPE_CHECKING:
    import networkx as nx

NETWORK_FORMATS = ("graphml", "gexf", "csv")
CSV_FILES = ("nodes.csv", "edges.csv")
NODE_FIELDS = ("id", "label", "label_ja", "label_en", "class", "date", "year")
EDGE_FIELDS = ("source", "target", "relation", "predicate")


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
        "class": " ".join(sorted(shorten(c) for c in graph.objects(node, RDF.type) if isinstance(c, URIRef))),
        "date": _joined(graph.objects(node, ICT.date)),
    }
    attrs["label"] = attrs["label_en"] or attrs["label_ja"] or str(node)
    years = sorted({int(y) for y in graph.objects(node, ICT.year) if isinstance(y, Literal)})
    if years:
        attrs["year"] = years[0]
    return {k: v for k, v in attrs.items() if v != ""}


def to_entity_network(graph: Graph) -> nx.MultiDiGraph:
    """Records as nodes, the links between two records as edges; literals never become nodes.

    The links are `analysis.record_links`, the one definition the network views use too; they are
    found by Oxigraph on a copy, because rdflib's own engine takes seconds on this graph. A
    multigraph, because two records can be linked by several properties (a host that is also a party).
    """
    import networkx as nx

    links = record_links(on_oxigraph(graph))
    nodes = sorted(set(_records(graph)) | {URIRef(iri) for s, _, o in links for iri in (s, o)})
    network = nx.MultiDiGraph()
    for node in nodes:
        network.add_node(str(node), **_node_attributes(graph, node))
    for s, p, o in links:
        network.add_edge(s, o, key=shorten(p), relation=shorten(p), predicate=p)
    return network


def _first_day(date: str) -> str:
    """An xsd:date, gYearMonth or gYear as the first day it covers (GEXF's `date` time format).

    >>> _first_day("2006-06"), _first_day("2019"), _first_day("2020-01-15")
    ('2006-06-01', '2019-01-01', '2020-01-15')
    """
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def with_start_dates(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy where each dated record has a GEXF `start` (its earliest date), and each link the later
    start of its two ends: a link cannot exist before both its records do. Undated records and links
    between them have no start and are there throughout, so Gephi's timeline can play the network."""
    dynamic = network.copy()
    dynamic.graph["mode"] = "dynamic"
    for _, attrs in dynamic.nodes(data=True):
        if attrs.get("date"):
            attrs["start"] = min(_first_day(d) for d in str(attrs["date"]).split(" | "))
    for u, v, attrs in dynamic.edges(data=True):
        starts = [s for s in (dynamic.nodes[u].get("start"), dynamic.nodes[v].get("start")) if s]
        if starts:
            attrs["start"] = max(starts)
    return dynamic


def serialize_network(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML, or a dynamic GEXF without the writer's `lastmodifieddate` (today's date, which would
    make two exports of one graph differ)."""
    import networkx as nx
    from networkx.readwrite.gexf import GEXFWriter

    if fmt not in ("graphml", "gexf"):
        raise ExportError(f"{fmt} is not a one-file network format; choose graphml or gexf")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, buffer, encoding="utf-8")
        return buffer.getvalue()
    writer = GEXFWriter(encoding="utf-8")
    writer.add_graph(with_start_dates(network))
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


def check_network_target(path: Path, fmt: str) -> None:
    """Refuse, before any work, a place the `fmt` export cannot go: a file output only to a new path or
    a regular file; csv only to a folder that is new, empty or holds nothing but nodes.csv and edges.csv,
    and not under a `.csv` name, which would call a folder like a file."""
    if fmt != "csv":
        check_output_file(path)
        return
    if path.suffix.lower() == ".csv":
        raise ExportError(f"{path}: csv export writes a folder holding {' and '.join(CSV_FILES)}; "
                          f"give a folder name such as {path.with_suffix('')}")
    check_output_folder(path, CSV_FILES)


def export_network(graph: Graph, fmt: str, path: Path) -> str:
    """Write the entity network of `graph` as `fmt` to `path` (a folder for csv); a one-line account."""
    if fmt not in NETWORK_FORMATS:
        raise ExportError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    check_network_target(path, fmt)
    network = to_entity_network(graph)
    if fmt == "csv":
        write_folder_atomic(path, network_tables(network))
        where = f"{path}/{{{','.join(CSV_FILES)}}}"
    else:
        write_atomic(path, serialize_network(network, fmt))
        where = str(path)
    return f"wrote {where} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)"
