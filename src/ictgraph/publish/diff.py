"""What changed between two builds of the graph, record by record: appeared, disappeared, changed.

A record is a node with evidence (`ict:evidence`), named by its IRI; the nodes minted under it —
its quotations (`…/ev/8399ab87a1a4`), reference statements (`…/ref/…`), amount and quantity — belong to it, so
a changed quote is a change of its record, never a record of its own. A record *appears* when the
new graph has it and the old one does not, *disappears* in the opposite case, and *changes* when
both have it and any statement about it or its sub-nodes differs. Other nodes (passages, the
ontology's terms) are compared the same way, each as itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ictgraph.errors import UsageError
from ictgraph.vocab import ICT, shorten

Triple = tuple[Node, Node, Node]
APPEARED, DISAPPEARED, CHANGED = "+", "-", "~"


@dataclass
class RecordChange:
    """One record that appeared, disappeared or changed, with the statements added and removed under it."""

    record: Node
    kind: str  # APPEARED, DISAPPEARED or CHANGED
    added: list[Triple] = field(default_factory=list)
    removed: list[Triple] = field(default_factory=list)


def read_graph(path: Path) -> Graph:
    """Parse a Turtle graph with Oxigraph's parser; a mistake becomes one line naming file, line and reason."""
    from ictgraph.query.stores import load

    if not path.is_file():
        raise UsageError(f"{path} is not a file: give two Turtle graphs, e.g. an old copy and graph/ict.ttl")
    return load(path)  # a file that is not Turtle is a StoreError naming it, its line and the reason


class Owners:
    """The record each node belongs to: itself if it is one, else the nearest record whose IRI plus "/"
    starts its IRI (`…/country/BR/ref/2` → `…/country/BR`), else the node itself.

    >>> Owners({"https://w3id.org/ictgraph/id/country/BR"}).of(URIRef("https://w3id.org/ictgraph/id/country/BR/ref/2"))
    rdflib.term.URIRef('https://w3id.org/ictgraph/id/country/BR')
    """

    def __init__(self, records: set[str]) -> None:
        self.records = records

    def of(self, node: Node) -> Node:
        if not isinstance(node, URIRef):
            return node
        text = str(node)
        while text:
            if text in self.records:
                return URIRef(text)
            text = text.rsplit("/", 1)[0] if "/" in text else ""
        return node


def diff_graphs(old: Graph, new: Graph) -> list[RecordChange]:
    """The records that differ, sorted by IRI; empty if the graphs are equal.

    Triples are compared one by one, which is exact because the build mints no blank nodes.
    """
    owners = Owners({str(s) for g in (old, new) for s in g.subjects(ICT.evidence, None) if isinstance(s, URIRef)})
    old_set, new_set = set(old), set(new)
    in_old = {owners.of(s) for s in {t[0] for t in old_set}}
    in_new = {owners.of(s) for s in {t[0] for t in new_set}}
    changes: dict[Node, RecordChange] = {}
    for triples, attr in ((new_set - old_set, "added"), (old_set - new_set, "removed")):
        for triple in triples:
            record = owners.of(triple[0])
            if record not in changes:
                kind = (CHANGED if record in in_old else APPEARED) if record in in_new else DISAPPEARED
                changes[record] = RecordChange(record, kind)
            getattr(changes[record], attr).append(triple)
    return [changes[k] for k in sorted(changes, key=str)]


class Labels:
    """Names for what a diff shows: labels of nodes and properties (from the graphs and the ontology),
    in one language with the other as a fallback, and readable literals."""

    def __init__(self, graphs: tuple[Graph, ...], lang: str) -> None:
        self.lang = lang
        self.names: dict[Node, dict[str, str]] = {}
        for g in graphs:
            for prop in (RDFS.label, SKOS.prefLabel):
                for node, label in g.subject_objects(prop):
                    if isinstance(label, Literal):
                        self.names.setdefault(node, {}).setdefault(label.language or "", str(label))
        self.types = {s: o for g in graphs for s, o in g.subject_objects(RDF.type)}

    def label(self, node: Node) -> str | None:
        names = self.names.get(node, {})
        return names.get(self.lang) or names.get("en") or next(iter(names.values()), None)

    def property(self, prop: Node) -> str:
        """`topic` for ict:topic; a property without a label by its local name in words (`was quoted from`)."""
        label = self.label(prop)
        if label:
            return label
        local = re.split(r"[#/:]", str(prop))[-1]
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()

    def value(self, term: Node, record: Node) -> str:
        """A node by its label (a sub-node of `record` by its part name, else the compact IRI); a string in
        quotes with its language; other literals as written."""
        if isinstance(term, Literal):
            if term.datatype is None:
                return f'"{term}"' + (f"@{term.language}" if term.language else "")
            return str(term)
        if str(term).startswith(f"{record}/"):
            return self.part(term, record)
        return self.label(term) or shorten(str(term))

    def part(self, node: Node, record: Node) -> str:
        """A sub-node as part of its record: `quotation 8399ab`, `reference statement 1f0c2e`, `amount`.

        Quotations and reference statements are named by a hash of what they hold; six hex digits of
        it tell the sub-nodes of one record apart, as a short commit id does.
        """
        kind = self.label(self.types[node]) if node in self.types else None
        rest = str(node)[len(str(record)) + 1:]
        key = rest.rsplit("/", 1)[-1] if "/" in rest else ""
        name = (kind or rest).lower()
        if len(key) == 12 and all(c in "0123456789abcdef" for c in key):
            key = key[:6]
        return f"{name} {key}" if key else name


def format_diff(changes: list[RecordChange], old: Graph, new: Graph, lang: str = "en",
                ontology: Graph | None = None) -> Iterator[str]:
    """Lines for a person: per record a header (`+`, `-` or `~`, its label and compact IRI), then each
    statement added (`+`) or removed (`-`) under it, named by labels; then a one-line summary."""
    if not changes:
        yield f"identical: the two graphs hold the same {len(new)} statements"
        return
    names = Labels((new, old) + ((ontology,) if ontology is not None else ()), lang)
    for change in changes:
        label = names.label(change.record)
        compact = shorten(str(change.record))
        yield f"{change.kind} {label}  [{compact}]" if label else f"{change.kind} {compact}"
        lines = []
        for sign, triples in (("-", change.removed), ("+", change.added)):
            for s, p, o in triples:
                part = "" if s == change.record else f"{names.part(s, change.record)} · "
                prop = names.property(p)
                lines.append(((part, prop, sign == "+"), f"    {sign} {part}{prop}: {names.value(o, change.record)}"))
        yield from (line for _, line in sorted(lines))
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in (APPEARED, DISAPPEARED, CHANGED)}
    added = sum(len(c.added) for c in changes)
    removed = sum(len(c.removed) for c in changes)
    yield (f"{counts[APPEARED]} appeared, {counts[DISAPPEARED]} disappeared, {counts[CHANGED]} changed "
           f"({added} statement{'s' if added != 1 else ''} added, {removed} removed)")
