"""The nodes of every projection: short keys, display class and colour group, labels, date and quote."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from rdflib import URIRef
from rdflib.namespace import RDFS

from ictgraph.query.run import select_rows
from ictgraph.resources import NETWORK_QUERIES_DIR
from ictgraph.vocab import expand, local_name, shorten

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["CLASS_GROUPS", "OTHER_GROUP", "classify", "describe_nodes", "node_iri", "node_key", "superclasses"]

Lang = Literal["ja", "en"]
#: Each ict: class (local name) with itself and all its superclasses.
Superclasses = Mapping[str, frozenset[str]]

# Coarse classes for colours and legends, most specific first: a node takes the first one its class
# is (a subclass of). Government and Ministry stay apart from other organisations because the actor
# network is mostly about which government bodies meet.
CLASS_GROUPS: tuple[str, ...] = (
    "Country", "Place", "GovernmentOrganization", "InternationalOrganization", "Organization", "Person",
    "Event", "EventSeries", "Agreement", "StandardAdoption", "Standard", "Project", "Funding",
    "PolicyDocument", "Topic",
)
OTHER_GROUP = "Other"


def node_key(iri: str) -> str:
    """The node key used in every projection: `country/VN` for records, `ict:topic-5g` for concepts.

    Short keys keep notebooks, tests and the CLI (`ego:country/VN`) readable; `iri` stays on the node.
    A key is the IRI's prefixed name (`vocab.shorten`) without the `id:` of records.

    Examples
    --------
    >>> node_key("https://w3id.org/ictgraph/id/country/VN")
    'country/VN'
    >>> node_key("https://w3id.org/ictgraph/ontology#topic-5g")
    'ict:topic-5g'
    """
    return shorten(iri).removeprefix("id:")


def node_iri(key: str) -> URIRef:
    """The IRI of a node key made by `node_key` (its inverse).

    Examples
    --------
    >>> str(node_iri("ict:topic-5g")), str(node_iri("country/VN"))
    ('https://w3id.org/ictgraph/ontology#topic-5g', 'https://w3id.org/ictgraph/id/country/VN')
    """
    return expand(key if ":" in key else f"id:{key}")


def superclasses(g: Graph) -> dict[str, frozenset[str]]:
    """Each ict: class with itself and all its ict: superclasses, from the subclass axioms in `g`.

    The graph passed to a projection carries the ontology (`ictgraph.load(with_ontology=True)`), so the
    class hierarchy comes with it and is never read again from disk; the graph has asserted types
    only, and `rdfs:subClassOf*` stays out of the queries because Virtuoso needs a bound start.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''@prefix ict: <https://w3id.org/ictgraph/ontology#> .
    ...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...   ict:Visit rdfs:subClassOf ict:Event . ict:Event rdfs:subClassOf <https://schema.org/Event> .''')
    >>> sorted(superclasses(g)["Visit"])
    ['Event', 'Visit']
    """
    parents: dict[str, set[str]] = {}
    for child, parent in g.subject_objects(RDFS.subClassOf):
        parents.setdefault(str(child), set()).add(str(parent))
        parents.setdefault(str(parent), set())
    closure: dict[str, frozenset[str]] = {}
    for cls in parents:
        if (name := local_name(cls)) is None:
            continue
        seen, todo = {cls}, [cls]
        while todo:
            for up in parents[todo.pop()] - seen:
                seen.add(up)
                todo.append(up)
        closure[name] = frozenset(n for n in map(local_name, seen) if n is not None)
    return closure


def classify(types: Iterable[str], supers: Superclasses) -> tuple[str, str]:
    """The display class (the most specific asserted one) and the colour group of a node's types.

    `supers` is the class hierarchy (`superclasses(graph)`).

    Examples
    --------
    >>> from ictgraph.authoring.ontology import load_ontology
    >>> supers = superclasses(load_ontology().graph)
    >>> classify(["Visit", "Meeting"], supers)
    ('Meeting', 'Event')
    >>> classify(["Ministry"], supers)
    ('Ministry', 'GovernmentOrganization')
    """
    names = sorted(t.rsplit("#", 1)[-1] for t in types)
    if not names:
        return OTHER_GROUP, OTHER_GROUP
    # The most specific type has the most ancestors; ties go to the name first in alphabetical order.
    cls = min(names, key=lambda n: (-len(supers.get(n, ())), n))
    ancestors = supers.get(cls, frozenset({cls}))
    group = next((grp for grp in CLASS_GROUPS if grp in ancestors), OTHER_GROUP)
    return cls, group


def describe_nodes(g: Graph) -> dict[str, dict[str, Any]]:
    """Node attributes for every record and topic: labels, class, colour group, date, one quote.

    Topics take their labels, and classes their groups, from the ontology: load the graph
    `with_ontology=True` to have them.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...   @prefix ict: <https://w3id.org/ictgraph/ontology#> .
    ...   <https://w3id.org/ictgraph/id/country/VN> a ict:Country ; <http://www.w3.org/2000/01/rdf-schema#label>
    ...   "ベトナム"@ja, "Viet Nam"@en .''')
    >>> d = describe_nodes(g)["country/VN"]
    >>> d["label_ja"], d["label_en"], d["group"]
    ('ベトナム', 'Viet Nam', 'Country')
    """
    supers = superclasses(g)
    countries: dict[str, list[str]] = {}
    for row in select_rows(g, NETWORK_QUERIES_DIR / "node-countries.rq"):
        countries.setdefault(node_key(row["node"] or ""), []).append(node_key(row["country"] or ""))
    info: dict[str, dict[str, Any]] = {}
    for row in select_rows(g, NETWORK_QUERIES_DIR / "node-info.rq"):
        cls, group = classify((row["types"] or "").split(), supers)
        key = node_key(row["node"] or "")
        info[key] = {
            "iri": row["node"], "label_ja": row["ja"], "label_en": row["en"], "cls": cls, "group": group,
            "date": row["date"], "date_text": row["dateText"], "quote": row["quote"],
            "countries": countries.get(key, []),
        }
    return info


def describe_terms(g: Graph) -> dict[str, dict[str, str | None]]:
    """The Japanese and English labels of every ict: class, property and concept, by local name.

    Pages name classes, links and kinds in their own language from these labels (the ontology's own
    words), so the graph must carry the ontology (`ictgraph.load(with_ontology=True)`); without it
    the dictionary is empty and pages fall back to the local names.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''@prefix ict: <https://w3id.org/ictgraph/ontology#> .
    ...   ict:partOf <http://www.w3.org/2000/01/rdf-schema#label> "part of"@en, "所属先組織"@ja .''')
    >>> describe_terms(g)["partOf"]
    {'ja': '所属先組織', 'en': 'part of'}
    """
    return {name: {"ja": row["ja"], "en": row["en"]}
            for row in select_rows(g, NETWORK_QUERIES_DIR / "term-labels.rq")
            if (name := local_name(row["term"] or "")) is not None}


def term_label(terms: Mapping[str, Mapping[str, str | None]], name: str, lang: Lang) -> str:
    """The label of an ontology term in `lang`, else in the other language, else its local name.

    Examples
    --------
    >>> term_label({"partOf": {"ja": "上位組織", "en": "part of"}}, "partOf", "ja")
    '上位組織'
    >>> term_label({}, "GovernmentOrganization", "ja")
    'GovernmentOrganization'
    """
    labels = terms.get(name, {})
    return labels.get(lang) or labels.get("en" if lang == "ja" else "ja") or name


def add_described_nodes(G: nx.Graph, info: Mapping[str, dict[str, Any]], keys: Iterable[str], **extra: Any) -> None:
    """Add each key as a node carrying its `describe_nodes` attributes (and `extra`)."""
    for key in keys:
        G.add_node(key, **{**info.get(key, {"iri": str(node_iri(key)), "cls": OTHER_GROUP, "group": OTHER_GROUP}),
                           **extra})
