"""The IRIs of the project: one base for instances, one for the ontology, and the vocabularies reused."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

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


def record_iri(record_id: str) -> str:
    """The IRI of a fact record: the base plus its stable slug (`country/BR`)."""
    return f"{ID}{record_id}"


def passage_iri(passage_id: str) -> str:
    """The IRI of a passage of the source text."""
    return f"{ID}passage/{passage_id}"
