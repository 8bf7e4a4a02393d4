"""What changed between two builds of the graph, grouped by the record each triple belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, NamespaceManager
from rdflib.term import Node

from ictgraph.errors import StoreError, UsageError
from ictgraph.vocab import ICT, bind_prefixes, shorten

Triple = tuple[Node, Node, Node]


@cache
def _namespaces() -> NamespaceManager:
    """The project's prefixes only, so that literals read `^^xsd:gYear` whatever the input bound."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    bind_prefixes(manager)
    return manager


@dataclass
class EntityChange:
    """The triples added and removed under one record (its quotes, references and amount included)."""

    entity: Node
    added: list[Triple] = field(default_factory=list)
    removed: list[Triple] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """`+` a new entity, `-` a vanished one, `~` one that changed."""
        if not self.removed:
            return "+"
        return "-" if not self.added else "~"


def read_graph(path: Path) -> Graph:
    """Parse a Turtle graph with Oxigraph's parser; a mistake becomes one line naming file, line and reason."""
    from ictgraph.query.stores import load

    if not path.is_file():
        raise UsageError(f"{path} is not a file: give two Turtle graphs, e.g. an old copy and graph/ict.ttl")
    try:
        return load(path)
    except SyntaxError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"{path}: not valid Turtle: {reason}") from exc


def _owners(old: Graph, new: Graph) -> list[str]:
    """The records of either graph (nodes with evidence), longest first so sub-nodes find their nearest."""
    records = {str(s) for g in (old, new) for s in g.subjects(ICT.evidence, None) if isinstance(s, URIRef)}
    return sorted(records, key=len, reverse=True)


def owner_of(node: Node, owners: list[str]) -> Node:
    """The record a node belongs to: itself, or the record whose IRI plus "/" starts its IRI (`…/ev/1`).

    >>> owner_of(URIRef("https://w3id.org/ictgraph/id/country/BR/ref/2"), ["https://w3id.org/ictgraph/id/country/BR"])
    rdflib.term.URIRef('https://w3id.org/ictgraph/id/country/BR')
    """
    text = str(node)
    for record in owners:
        if text == record or text.startswith(record + "/"):
            return URIRef(record)
    return node


def diff_graphs(old: Graph, new: Graph) -> list[EntityChange]:
    """Added and removed triples, grouped under their record and sorted by it; empty if the graphs are equal.

    The graphs are compared triple by triple, which is exact because the build mints no blank nodes.
    """
    old_set, new_set = set(old), set(new)
    owners = _owners(old, new)
    changes: dict[Node, EntityChange] = {}
    for triples, attr in ((new_set - old_set, "added"), (old_set - new_set, "removed")):
        for triple in triples:
            entity = owner_of(triple[0], owners)
            getattr(changes.setdefault(entity, EntityChange(entity)), attr).append(triple)
    for change in changes.values():
        change.added.sort()
        change.removed.sort()
    return [changes[k] for k in sorted(changes, key=str)]


def readable(term: Node) -> str:
    """A term as a reader wants it: `id:country/BR`, `ict:party`, `"ブラジル"@ja`, `"2006"^^xsd:gYear`.

    >>> readable(URIRef("https://w3id.org/ictgraph/id/country/BR")), readable(URIRef("https://example.org/x"))
    ('id:country/BR', '<https://example.org/x>')
    """
    if isinstance(term, Literal):
        return term.n3(_namespaces())
    name = shorten(str(term))
    return name if name != str(term) else f"<{name}>"


def _label(term: Node, graphs: tuple[Graph, ...]) -> str:
    """The English label (else the Japanese one) from the newer graph that has one."""
    for g in graphs:
        labels = {lab.language: str(lab) for lab in g.objects(term, RDFS.label) if isinstance(lab, Literal)}
        if labels:
            return labels.get("en") or labels.get("ja") or next(iter(labels.values()))
    return ""


def _describe(term: Node, graphs: tuple[Graph, ...]) -> str:
    label = _label(term, graphs) if isinstance(term, URIRef) else ""
    return f"{readable(term)} ({label})" if label else readable(term)


def format_diff(changes: list[EntityChange], old: Graph, new: Graph) -> Iterator[str]:
    """Lines like diff(1): a header per entity, then `-`/`+` triples with labels on the IRIs they name."""
    graphs = (new, old)
    for change in changes:
        yield f"{change.kind} {_describe(change.entity, graphs)}"
        for sign, triples in (("-", change.removed), ("+", change.added)):
            for s, p, o in triples:
                subject = "" if s == change.entity else f"{readable(s).removeprefix(readable(change.entity))} "
                yield f"    {sign} {subject}{readable(p)} {_describe(o, graphs)}"
    if changes:
        added = sum(len(c.added) for c in changes)
        removed = sum(len(c.removed) for c in changes)
        kinds = {k: sum(1 for c in changes if c.kind == k) for k in "+-~"}
        yield (f"{len(changes)} entities differ ({kinds['+']} new, {kinds['-']} gone, {kinds['~']} changed); "
               f"{added} triple(s) added, {removed} removed")
