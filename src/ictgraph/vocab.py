"""The project's IRIs and prefixes, and the one way to shorten, expand and name them.

The prefixes are plain strings here (`NAMESPACES`), so that reading a query, binding its parameters
and printing its answer never import rdflib. The rdflib `Namespace` objects that code building
triples uses (`ICT`, `ID`, …, `PREFIXES`) are made on first use (see `__getattr__`), from the same
strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import NamespaceManager

    ICT: Namespace
    ID: Namespace
    SCHEMA: Namespace
    ORG: Namespace
    WD: Namespace
    PREFIXES: dict[str, Namespace]

BASE = "https://w3id.org/ictgraph/"
ICT_NS = BASE + "ontology#"
ID_NS = BASE + "id/"

#: Prefixes bound in every serialisation, so that Turtle stays readable in any tool.
NAMESPACES: dict[str, str] = {
    "ict": ICT_NS,
    "id": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "wd": "http://www.wikidata.org/entity/",
}
# Longest namespace first, so that an IRI takes the most specific prefix that fits it.
_BY_LENGTH = sorted(NAMESPACES.items(), key=lambda kv: -len(kv[1]))
#: The rdflib Namespace of each name `__getattr__` serves.
_NAMESPACE_OBJECTS = {"ICT": "ict", "ID": "id", "SCHEMA": "schema", "ORG": "org", "WD": "wd"}


def __getattr__(name: str) -> Any:
    """`ICT`, `ID`, `SCHEMA`, `ORG`, `WD` and `PREFIXES` as rdflib Namespaces, made (once) when first asked for."""
    if name not in _NAMESPACE_OBJECTS and name != "PREFIXES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    prefixes = {prefix: Namespace(ns) for prefix, ns in NAMESPACES.items()}
    globals()["PREFIXES"] = prefixes
    for attribute, prefix in _NAMESPACE_OBJECTS.items():
        globals()[attribute] = prefixes[prefix]
    return globals()[name]


def record_iri(record_id: str) -> str:
    """The IRI of a fact record: the base plus its stable slug (`country/BR`)."""
    return f"{ID_NS}{record_id}"


def passage_iri(passage_id: str) -> str:
    """The IRI of a passage of the source text."""
    return f"{ID_NS}passage/{passage_id}"


def shorten(iri: str) -> str:
    """The prefixed name of an IRI under the project's prefixes, or the IRI unchanged if none fits.

    Examples
    --------
    >>> shorten("https://w3id.org/ictgraph/id/country/BR"), shorten(ICT_NS + "party")
    ('id:country/BR', 'ict:party')
    >>> shorten("https://example.org/x")
    'https://example.org/x'
    """
    text = str(iri)
    for prefix, ns in _BY_LENGTH:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def expand(name: str) -> URIRef:
    """The IRI of a prefixed name made by `shorten` (its inverse); anything else is taken as an IRI.

    Examples
    --------
    >>> str(expand("ict:topic-5g"))
    'https://w3id.org/ictgraph/ontology#topic-5g'
    >>> str(expand(shorten("https://example.org/x")))
    'https://example.org/x'
    """
    from rdflib import URIRef

    prefix, sep, local = name.partition(":")
    if sep and prefix in NAMESPACES and not local.startswith("//"):
        return URIRef(NAMESPACES[prefix] + local)
    return URIRef(name)


def local_name(iri: str, namespace: str = ICT_NS) -> str | None:
    """The part of `iri` after `namespace` (the ontology's by default), or None if it is not in it.

    Examples
    --------
    >>> local_name(ICT_NS + "Country"), local_name("https://schema.org/Country")
    ('Country', None)
    """
    text, ns = str(iri), str(namespace)
    return text[len(ns):] if text.startswith(ns) else None


def bind_prefixes(target: Graph | NamespaceManager) -> None:
    """Bind the project's prefixes on a graph (or a namespace manager), replacing rdflib's defaults."""
    for prefix, ns in NAMESPACES.items():
        target.bind(prefix, ns, override=True, replace=True)
