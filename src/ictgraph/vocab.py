"""The project's IRIs and prefixes, and the one way to shorten, expand and name them."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, NamespaceManager
from rdflib.term import Node

BASE = "https://w3id.org/ictgraph/"
ICT = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

# Prefixes bound in every serialisation, so that Turtle stays readable in any tool.
PREFIXES: dict[str, Namespace] = {
    "ict": ICT,
    "id": ID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
    "foaf": Namespace(str(FOAF)),
    "schema": SCHEMA,
    "org": ORG,
    "wd": WD,
}
# Longest namespace first, so that an IRI takes the most specific prefix that fits it.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1])))


def record_iri(record_id: str) -> str:
    """The IRI of a fact record: the base plus its stable slug (`country/BR`)."""
    return f"{ID}{record_id}"


def passage_iri(passage_id: str) -> str:
    """The IRI of a passage of the source text."""
    return f"{ID}passage/{passage_id}"


def shorten(iri: str | Node) -> str:
    """The prefixed name of an IRI under the project's prefixes, or the IRI unchanged if none fits.

    Examples
    --------
    >>> shorten("https://w3id.org/ictgraph/id/country/BR"), shorten(str(ICT.party))
    ('id:country/BR', 'ict:party')
    >>> shorten("https://example.org/x")
    'https://example.org/x'
    """
    text = str(iri)
    for prefix, ns in _BY_LENGTH:
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return text


def expand(name: str) -> URIRef:
    """The IRI of a prefixed name made by `shorten` (its inverse); anything else is taken as an IRI.

    Examples
    --------
    >>> str(expand("ict:topic-5g"))
    'https://w3id.org/ictgraph/ontology#topic-5g'
    >>> expand(shorten("https://example.org/x")) == URIRef("https://example.org/x")
    True
    """
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix][local]
    return URIRef(name)


def local_name(iri: str | Node, namespace: Namespace = ICT) -> str | None:
    """The part of `iri` after `namespace` (the ontology's by default), or None if it is not in it.

    Examples
    --------
    >>> local_name(ICT.Country), local_name("https://schema.org/Country")
    ('Country', None)
    """
    text = str(iri)
    return text[len(str(namespace)):] if text.startswith(str(namespace)) else None


def bind_prefixes(target: Graph | NamespaceManager) -> None:
    """Bind the project's prefixes on a graph (or a namespace manager), replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        target.bind(prefix, ns, override=True, replace=True)
