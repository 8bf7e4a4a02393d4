"""The dataset's own description in VoID and DCAT (graph/void.ttl), for catalogues and SPARQL clients."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD
from rdflib.term import Node

from ictgraph import resources
from ictgraph.build.graph import SOURCE_ID, serialize_turtle
from ictgraph.io import write_atomic
from ictgraph.vocab import BASE, ICT, ID, PREFIXES, bind_prefixes, record_iri, shorten

DATASET = URIRef(f"{BASE}dataset")
RECORDS = URIRef(f"{DATASET}/records")
DISTRIBUTION = URIRef(f"{DATASET}/turtle")
SERVICE = URIRef(f"{DATASET}/sparql-service")
# The path `ictgraph serve` answers on, under the project's base like every other IRI here.
SPARQL_ENDPOINT = URIRef(f"{BASE}sparql")
ONTOLOGY_IRI = URIRef(f"{BASE}ontology")
# DCAT 3's dcat:version, which rdflib's DCAT 2 namespace object does not list.
DCAT_VERSION = URIRef(f"{DCAT}version")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLES = ("country/BR", "adoption/isdbt-BR")
LANGUAGES = ("ja", "en")


def read_catalog_entry(source_id: str = "wp2020-ch6-sec8", catalog: Path = resources.CATALOG) -> dict[str, Any]:
    """The catalog's entry for the source: title, publisher, year, terms and attribution as the publisher asks."""
    entries: list[dict[str, Any]] = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    for entry in entries:
        if entry.get("id") == source_id:
            return entry
    raise KeyError(f"{catalog}: no entry with id {source_id!r}")


def read_version(pyproject: Path = resources.PYPROJECT) -> str:
    """The project's version: from pyproject.toml in a checkout, where installed metadata can be stale
    (an editable install keeps the version it was installed with); from the metadata in a wheel."""
    if not pyproject.is_file():
        from importlib.metadata import version

        return version("ictgraph")
    with pyproject.open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _slug(iri: Node) -> str:
    """A slug for a partition's IRI: `ict:Country` → `ict-Country`, the same in every build."""
    name = shorten(iri)
    if name != str(iri):
        return name.replace(":", "-", 1)
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].replace("#", "-")


def _add_statistics(d: Graph, graph: Graph) -> None:
    """VoID's counts, plus one partition per class and per property."""
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    entities = {s for s in subjects if str(s).startswith(str(ID))}
    records = set(graph.subjects(ICT.evidence, None))
    classes = Counter(cls for _, cls in set(graph.subject_objects(RDF.type)))
    properties = Counter(p for p in graph.predicates())
    d.add((DATASET, VOID.triples, _count(len(graph))))
    d.add((DATASET, VOID.entities, _count(len(entities))))
    d.add((DATASET, VOID.distinctSubjects, _count(len(set(graph.subjects())))))
    d.add((DATASET, VOID.distinctObjects, _count(len(set(graph.objects())))))
    d.add((DATASET, VOID.classes, _count(len(classes))))
    d.add((DATASET, VOID.properties, _count(len(properties))))
    d.add((DATASET, VOID.subset, RECORDS))
    d.add((RECORDS, RDF.type, VOID.Dataset))
    d.add((RECORDS, DCTERMS.title, Literal("records: entities and facts, each with its evidence", "en")))
    d.add((RECORDS, VOID.entities, _count(len(records))))
    for cls, n in classes.items():
        part = URIRef(f"{DATASET}/class/{_slug(cls)}")
        d.add((DATASET, VOID.classPartition, part))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, _count(n)))
    for prop, n in properties.items():
        part = URIRef(f"{DATASET}/property/{_slug(prop)}")
        d.add((DATASET, VOID.propertyPartition, part))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, _count(n)))
    for ns in PREFIXES.values():
        if any(str(p).startswith(str(ns)) for p in properties) or any(str(c).startswith(str(ns)) for c in classes):
            d.add((DATASET, VOID.vocabulary, URIRef(str(ns))))


def _add_access(d: Graph) -> None:
    """Where to get it: the Turtle file and the SPARQL endpoint of `ictgraph serve`."""
    d.add((DATASET, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    d.add((DATASET, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    d.add((DATASET, DCAT.distribution, DISTRIBUTION))
    d.add((DISTRIBUTION, RDF.type, DCAT.Distribution))
    d.add((DISTRIBUTION, DCTERMS.title, Literal("graph/ict.ttl")))
    d.add((DISTRIBUTION, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/turtle")))
    d.add((DISTRIBUTION, DCAT.accessService, SERVICE))
    d.add((SERVICE, RDF.type, DCAT.DataService))
    d.add((SERVICE, DCAT.endpointURL, SPARQL_ENDPOINT))
    d.add((SERVICE, DCAT.servesDataset, DATASET))
    d.add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))


def describe_dataset(graph: Graph) -> Graph:
    """A VoID + DCAT description of `graph`, from the graph and the corpus catalog only.

    Every value comes from the inputs of the build (the catalog, pyproject.toml, the graph), never
    from the clock or git, so graph/void.ttl is as byte-reproducible as graph/ict.ttl; its date is
    the white paper's year, the latest thing the data can speak for.
    """
    entry = read_catalog_entry()
    version = read_version()
    d = Graph()
    bind_prefixes(d)
    for cls in (VOID.Dataset, DCAT.Dataset):
        d.add((DATASET, RDF.type, cls))
    d.add((DATASET, DCTERMS.title, Literal(f"ictgraph: {entry['title']['en']}", "en")))
    d.add((DATASET, DCTERMS.title, Literal(f"ictgraph：{entry['title']['ja']}", "ja")))
    d.add((DATASET, DCTERMS.description, Literal(
        "A knowledge graph of the section of Japan's white paper on international ICT strategy: "
        "countries, organisations, agreements, meetings, standards, projects and funding, every fact "
        "with the exact words of the passage that supports it.", "en")))
    d.add((DATASET, DCTERMS.source, URIRef(record_iri(SOURCE_ID))))
    for lang in LANGUAGES:
        d.add((DATASET, DCTERMS.bibliographicCitation, Literal(entry["attribution"][lang], lang)))
        d.add((DATASET, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    d.add((DATASET, DCTERMS.rights, Literal(entry["terms"], "en")))
    d.add((DATASET, DCTERMS.license, CC_BY_4))
    d.add((DATASET, DCTERMS.issued, Literal(str(entry["year"]), datatype=XSD.gYear)))
    d.add((DATASET, DCAT_VERSION, Literal(version)))
    d.add((DATASET, OWL.versionInfo, Literal(version)))
    d.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    d.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    for example in EXAMPLES:
        if (URIRef(record_iri(example)), None, None) in graph:
            d.add((DATASET, VOID.exampleResource, URIRef(record_iri(example))))
    _add_statistics(d, graph)
    _add_access(d)
    return d


def write_description(graph: Graph, path: Path = resources.VOID_TTL) -> None:
    """Describe `graph` and write the Turtle atomically (the build calls this after writing the graph)."""
    write_atomic(path, serialize_turtle(describe_dataset(graph)))
