"""The dataset's own description in VoID and DCAT (graph/void.ttl), for catalogues and SPARQL clients."""

from __future__ import annotations

import calendar
import tomllib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from ictgraph import resources
from ictgraph.build.graph import SOURCE_ID, oxigraph_triples, serialize_turtle
from ictgraph.io import write_atomic
from ictgraph.vocab import BASE, ICT, ID, PREFIXES, WD, bind_prefixes, record_iri, shorten

if TYPE_CHECKING:
    import pyoxigraph as ox

DATASET = URIRef(f"{BASE}dataset")
RECORDS = URIRef(f"{DATASET}/records")
SERVICE = URIRef(f"{DATASET}/sparql-service")
PUBLISHER = URIRef(f"{DATASET}/publisher")
CONTACT = URIRef(f"{DATASET}/contact")
PERIOD = URIRef(f"{DATASET}/period")
RIGHTS = URIRef(f"{DATASET}/rights")
PROVENANCE = URIRef(f"{DATASET}/provenance")
WIKIDATA_LINKS = URIRef(f"{DATASET}/wikidata-links")
# The paths `ictgraph serve` answers on and the static site writes, under the project's base like
# every other IRI here (the w3id redirect sends them to wherever the site and the server are).
SPARQL_ENDPOINT = URIRef(f"{BASE}sparql")
LANDING_PAGE = URIRef(BASE)
DUMP = URIRef(f"{BASE}downloads/ict.ttl")
ONTOLOGY_IRI = URIRef(f"{BASE}ontology")
# DCAT 3's dcat:version, which rdflib's DCAT 2 namespace object does not list.
DCAT_VERSION = URIRef(f"{DCAT}version")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLES = ("country/BR", "adoption/isdbt-BR")
LANGUAGES = ("ja", "en")
DATASET_ENTRY = Path(__file__).with_name("dataset.yaml")

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
#: The controlled vocabularies DCAT-AP asks for, each concept with the scheme it belongs to.
EU_LANGUAGE = {"ja": ("JPN", "Japanese"), "en": ("ENG", "English")}
FILE_TYPES = {"RDF_TURTLE": "Turtle", "HTML": "HTML", "SPARQLQ": "SPARQL query"}
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
LICENCE_TYPE = URIRef("http://purl.org/adms/licencetype/Attribution")
STABLE = URIRef(f"{EU}planned-availability/STABLE")
EARTH = URIRef("http://sws.geonames.org/6295630/")
DATE_PROPERTIES = (ICT.date, ICT.startDate, ICT.endDate)
SCHEMES = {
    f"{EU}language": "EU Vocabularies: Languages",
    f"{EU}data-theme": "EU Vocabularies: Data themes",
    f"{EU}file-type": "EU Vocabularies: File types",
    f"{EU}planned-availability": "EU Vocabularies: Planned availability",
    "http://purl.org/adms/licencetype/1.0": "ADMS licence types",
    "http://purl.org/adms/publishertype/1.0": "ADMS publisher types",
    "http://sws.geonames.org": "GeoNames",
}


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
    name = shorten(str(iri))
    if name != str(iri):
        return name.replace(":", "-", 1)
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].replace("#", "-")


def _add_statistics(d: Graph, triples: Sequence[ox.Triple]) -> None:
    """VoID's counts, plus one partition per class and per property.

    Counted on the graph's triples as Oxigraph's (each once, as a graph holds them), which the build
    has at hand: one pass in Python rather than a walk of rdflib's indexes per figure.
    """
    import pyoxigraph as ox

    evidence, rdf_type = ox.NamedNode(str(ICT.evidence)), ox.NamedNode(str(RDF.type))
    subjects = {t.subject for t in triples}
    entities = {s for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(ID)}
    records = {t.subject for t in triples if t.predicate == evidence}
    # Counted on Oxigraph's terms, each distinct one then made rdflib's once.
    classes = {URIRef(c.value): n for c, n in Counter(t.object for t in triples if t.predicate == rdf_type).items()
               if isinstance(c, ox.NamedNode)}
    properties = {URIRef(p.value): n for p, n in Counter(t.predicate for t in triples).items()}
    d.add((DATASET, VOID.triples, _count(len(triples))))
    d.add((DATASET, VOID.entities, _count(len(entities))))
    d.add((DATASET, VOID.distinctSubjects, _count(len(subjects))))
    d.add((DATASET, VOID.distinctObjects, _count(len({t.object for t in triples}))))
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


def read_dataset_entry(path: Path = DATASET_ENTRY) -> dict[str, Any]:
    """The maintainers' catalogue entry for the dataset (dataset.yaml): publisher, dates, keywords, themes."""
    entry: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return entry


def _concept(d: Graph, concept: URIRef, scheme: str, label: str, *classes: URIRef) -> URIRef:
    """A concept of a controlled vocabulary, typed as DCAT-AP's ranges ask and placed in its scheme."""
    d.add((concept, RDF.type, SKOS.Concept))
    for cls in classes:
        d.add((concept, RDF.type, cls))
    d.add((concept, SKOS.inScheme, URIRef(scheme)))
    d.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
    d.add((URIRef(scheme), DCTERMS.title, Literal(SCHEMES[scheme], "en")))
    d.add((concept, SKOS.prefLabel, Literal(label, "en")))
    return concept


def _add_licence(d: Graph, subject: URIRef) -> None:
    d.add((subject, DCTERMS.license, CC_BY_4))
    d.add((CC_BY_4, RDF.type, DCTERMS.LicenseDocument))
    d.add((CC_BY_4, RDFS.label, Literal("Creative Commons Attribution 4.0 International", "en")))
    d.add((CC_BY_4, DCTERMS.type, _concept(d, LICENCE_TYPE, "http://purl.org/adms/licencetype/1.0", "Attribution")))


def _add_distribution(d: Graph, name: str, title: str, description: str, access: URIRef, file_type: str,
                      media_type: str | None = None, download: bool = False) -> URIRef:
    """One distribution: where to reach it, in which format, under which licence, how stable."""
    dist = URIRef(f"{DATASET}/{name}")
    d.add((DATASET, DCAT.distribution, dist))
    d.add((dist, RDF.type, DCAT.Distribution))
    d.add((dist, DCTERMS.title, Literal(title, "en")))
    d.add((dist, DCTERMS.description, Literal(description, "en")))
    d.add((dist, DCAT.accessURL, access))
    if download:
        d.add((dist, DCAT.downloadURL, access))
    if media_type:
        media = URIRef(f"{IANA}{media_type}")
        d.add((media, RDF.type, DCTERMS.MediaType))
        d.add((dist, DCAT.mediaType, media))
    d.add((dist, DCTERMS.format, _concept(d, URIRef(f"{EU}file-type/{file_type}"), f"{EU}file-type",
                                         FILE_TYPES[file_type], DCTERMS.MediaTypeOrExtent)))
    d.add((dist, DCATAP.availability, _concept(d, STABLE, f"{EU}planned-availability", "stable")))
    _add_licence(d, dist)
    return dist


def _add_access(d: Graph) -> None:
    """Where to get it: the Turtle dump, the explorer, and the SPARQL endpoint of `ictgraph serve`."""
    d.add((DATASET, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    d.add((DATASET, VOID.dataDump, DUMP))
    for fmt in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        d.add((DATASET, VOID.feature, FORMATS[fmt]))
    _add_distribution(d, "turtle", "The whole graph in Turtle",
                      "Every record, statement, quotation and passage in one Turtle file (graph/ict.ttl).",
                      DUMP, "RDF_TURTLE", "text/turtle", download=True)
    _add_distribution(d, "explorer", "The explorer: a page per record, and the text with its facts",
                      "A static web site in Japanese and English; each record's page links to the RDF of the "
                      "record (Turtle, N-Triples, JSON-LD, RDF/XML) and each of its quotes to its place in the text.",
                      LANDING_PAGE, "HTML", "text/html")
    sparql = _add_distribution(d, "sparql", "SPARQL endpoint",
                               "Read-only SPARQL 1.1 queries over the graph and the ontology (ictgraph serve).",
                               SPARQL_ENDPOINT, "SPARQLQ")
    d.add((sparql, DCAT.accessService, SERVICE))
    d.add((SERVICE, RDF.type, DCAT.DataService))
    d.add((SERVICE, DCTERMS.title, Literal("ictgraph SPARQL endpoint", "en")))
    d.add((SERVICE, DCTERMS.description, Literal(
        "A read-only SPARQL 1.1 Protocol endpoint; its service description is served at the endpoint's "
        "address to clients that ask for RDF.", "en")))
    d.add((SERVICE, DCAT.endpointURL, SPARQL_ENDPOINT))
    d.add((SERVICE, DCAT.endpointDescription, SPARQL_ENDPOINT))
    d.add((SERVICE, DCAT.servesDataset, DATASET))
    protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
    d.add((protocol, RDF.type, DCTERMS.Standard))
    d.add((SERVICE, DCTERMS.conformsTo, protocol))
    d.add((SERVICE, DCTERMS.license, CC_BY_4))


def _add_agents(d: Graph, entry: dict[str, Any]) -> None:
    """Who publishes the dataset and how to reach them (the project: its home is the landing page)."""
    d.add((DATASET, DCTERMS.publisher, PUBLISHER))
    d.add((DATASET, DCTERMS.creator, PUBLISHER))
    for cls in (FOAF.Agent, FOAF.Organization):
        d.add((PUBLISHER, RDF.type, cls))
    d.add((PUBLISHER, FOAF.name, Literal(entry["publisher"])))
    d.add((PUBLISHER, FOAF.homepage, LANDING_PAGE))
    d.add((PUBLISHER, DCTERMS.type, _concept(d, PUBLISHER_TYPE, "http://purl.org/adms/publishertype/1.0",
                                             "Non-Profit Organisation")))
    d.add((DATASET, DCAT.contactPoint, CONTACT))
    for cls in (VCARD.Kind, VCARD.Organization):
        d.add((CONTACT, RDF.type, cls))
    d.add((CONTACT, VCARD.fn, Literal(entry["publisher"])))
    d.add((CONTACT, VCARD.hasURL, LANDING_PAGE))
    d.add((LANDING_PAGE, RDF.type, FOAF.Document))
    d.add((DATASET, DCAT.landingPage, LANDING_PAGE))


def date_span(graph: Graph) -> tuple[date, date] | None:
    """The first and the last day the graph's dates reach (a year reaches from 1 January to 31 December).

    >>> g = Graph()
    >>> g.add((ICT.a, ICT.date, Literal("1865", datatype=XSD.gYear)))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> g.add((ICT.b, ICT.endDate, Literal("2019-02", datatype=XSD.gYearMonth)))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> date_span(g)
    (datetime.date(1865, 1, 1), datetime.date(2019, 2, 28))
    """
    days: list[date] = []
    for prop in DATE_PROPERTIES:
        for value in graph.objects(None, prop):
            if isinstance(value, Literal) and (span := _days(value)):
                days += span
    return (min(days), max(days)) if days else None


def _days(value: Literal) -> tuple[date, date] | None:
    text = str(value)
    try:
        if value.datatype == XSD.gYear:
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if value.datatype == XSD.gYearMonth:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if value.datatype == XSD.date:
            day = date.fromisoformat(text)
            return day, day
    except ValueError:
        return None
    return None


def _add_coverage(d: Graph, graph: Graph, entry: dict[str, Any]) -> None:
    """What the dataset is about: keywords, themes, languages, and the time and place it covers."""
    for lang in LANGUAGES:
        for keyword in entry["keywords"][lang]:
            d.add((DATASET, DCAT.keyword, Literal(keyword, lang)))
        code, name = EU_LANGUAGE[lang]
        d.add((DATASET, DCTERMS.language, _concept(d, URIRef(f"{EU}language/{code}"), f"{EU}language", name,
                                                   DCTERMS.LinguisticSystem)))
    for theme, name in entry["themes"].items():
        d.add((DATASET, DCAT.theme, _concept(d, URIRef(f"{EU}data-theme/{theme}"), f"{EU}data-theme", name)))
    span = date_span(graph)
    if span:
        d.add((DATASET, DCTERMS.temporal, PERIOD))
        d.add((PERIOD, RDF.type, DCTERMS.PeriodOfTime))
        d.add((PERIOD, DCAT.startDate, Literal(span[0].isoformat(), datatype=XSD.date)))
        d.add((PERIOD, DCAT.endDate, Literal(span[1].isoformat(), datatype=XSD.date)))
    # The section is about Japan's strategy towards every continent: its place is the whole Earth.
    d.add((DATASET, DCTERMS.spatial, _concept(d, EARTH, "http://sws.geonames.org", "Earth", DCTERMS.Location)))
    d.add((EARTH, DCAT.bbox, Literal("POLYGON((-180 90,180 90,180 -90,-180 -90,-180 90))", datatype=GEO.wktLiteral)))
    d.add((EARTH, DCAT.centroid, Literal("POINT(0 0)", datatype=GEO.wktLiteral)))


def _add_linkset(d: Graph, graph: Graph) -> None:
    """The owl:sameAs links to Wikidata, as a VoID linkset with its size."""
    links = sum(1 for o in graph.objects(None, OWL.sameAs) if str(o).startswith(str(WD)))
    wikidata = URIRef("https://www.wikidata.org/")
    d.add((DATASET, VOID.subset, WIKIDATA_LINKS))
    d.add((WIKIDATA_LINKS, RDF.type, VOID.Linkset))
    d.add((WIKIDATA_LINKS, DCTERMS.title, Literal("Links from records to Wikidata items", "en")))
    d.add((WIKIDATA_LINKS, VOID.linkPredicate, OWL.sameAs))
    d.add((WIKIDATA_LINKS, VOID.subjectsTarget, DATASET))
    d.add((WIKIDATA_LINKS, VOID.objectsTarget, wikidata))
    d.add((WIKIDATA_LINKS, VOID.triples, _count(links)))
    d.add((wikidata, RDF.type, VOID.Dataset))
    d.add((wikidata, DCTERMS.title, Literal("Wikidata", "en")))
    d.add((wikidata, VOID.uriSpace, Literal(str(WD))))
    d.add((wikidata, FOAF.homepage, wikidata))


def describe_dataset(graph: Graph, triples: Sequence[ox.Triple] | None = None) -> Graph:
    """A VoID + DCAT-AP description of `graph`, from the graph, the corpus catalog and dataset.yaml only.

    `triples` are the graph's as Oxigraph's (`oxigraph_triples(graph)`) when the caller has them, as the
    build does; otherwise they are converted here.

    Every value comes from the inputs of the build (the catalog, dataset.yaml, pyproject.toml, the
    graph), never from the clock or git, so graph/void.ttl is as byte-reproducible as graph/ict.ttl.
    It meets DCAT-AP 2.1.1's mandatory and recommended properties: tests/test_void.py checks it with
    the profile's published SHACL shapes.
    """
    entry = read_catalog_entry()
    own = read_dataset_entry()
    version = read_version()
    d = Graph()
    bind_prefixes(d)
    for prefix, ns in (("adms", ADMS), ("dcatap", DCATAP), ("vcard", VCARD), ("formats", FORMATS)):
        d.bind(prefix, ns)
    for cls in (VOID.Dataset, DCAT.Dataset):
        d.add((DATASET, RDF.type, cls))
    d.add((DATASET, DCTERMS.title, Literal(f"ictgraph: {entry['title']['en']}", "en")))
    d.add((DATASET, DCTERMS.title, Literal(f"ictgraph：{entry['title']['ja']}", "ja")))
    d.add((DATASET, DCTERMS.description, Literal(
        "A knowledge graph of the section of Japan's white paper on international ICT strategy: "
        "countries, organisations, agreements, meetings, standards, projects and funding, every fact "
        "with the exact words of the passage that supports it.", "en")))
    d.add((DATASET, DCTERMS.identifier, Literal(str(DATASET))))
    d.add((DATASET, PROV.wasDerivedFrom, URIRef(record_iri(SOURCE_ID))))
    for lang in LANGUAGES:
        d.add((DATASET, DCTERMS.bibliographicCitation, Literal(entry["attribution"][lang], lang)))
    d.add((DATASET, DCTERMS.rights, RIGHTS))
    d.add((RIGHTS, RDF.type, DCTERMS.RightsStatement))
    d.add((RIGHTS, RDFS.label, Literal(f"The source text: {entry['terms']}", "en")))
    d.add((DATASET, DCTERMS.provenance, PROVENANCE))
    d.add((PROVENANCE, RDF.type, DCTERMS.ProvenanceStatement))
    d.add((PROVENANCE, RDFS.label, Literal(own["provenance"]["en"], "en")))
    _add_licence(d, DATASET)
    d.add((DATASET, DCTERMS.issued, Literal(own["issued"], datatype=XSD.date)))
    d.add((DATASET, DCTERMS.modified, Literal(own["modified"], datatype=XSD.date)))
    d.add((DATASET, DCAT_VERSION, Literal(version)))
    d.add((DATASET, OWL.versionInfo, Literal(version)))
    d.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    d.add((ONTOLOGY_IRI, RDF.type, DCTERMS.Standard))
    d.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    for example in EXAMPLES:
        if (URIRef(record_iri(example)), None, None) in graph:
            d.add((DATASET, VOID.exampleResource, URIRef(record_iri(example))))
    _add_agents(d, own)
    _add_coverage(d, graph, own)
    _add_statistics(d, oxigraph_triples(graph) if triples is None else triples)
    _add_linkset(d, graph)
    _add_access(d)
    return d


def write_description(graph: Graph, path: Path = resources.VOID_TTL) -> None:
    """Describe `graph` and write the Turtle atomically (the build calls this after writing the graph)."""
    write_atomic(path, serialize_turtle(describe_dataset(graph)))
