"""The SPARQL 1.1 Service Description that GET /sparql without a query gives an RDF client.

It says where the endpoint is, what it answers in, that it reads SPARQL 1.1 Query, and what its
default dataset holds: the graph and the ontology in the default graph and, in stores held in
memory, the dataset's own VoID/DCAT description in the named graph that the description itself
names, so that a client can query it with GRAPH (see `ictgraph.build.void`).

No `sd:feature` is claimed: the default graph is not the union of the named graphs, the server
fetches no graph (FROM is refused), and federated queries (SERVICE) are refused.
"""

from __future__ import annotations

import pyoxigraph as ox

from ictgraph.endpoint.formats import GRAPH_TYPES, SOLUTION_TYPES

SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
#: The W3C format IRI of each answer format the endpoint writes (formats.SOLUTION_TYPES, GRAPH_TYPES).
FORMAT_IRIS = {
    "JSON": "SPARQL_Results_JSON", "XML": "SPARQL_Results_XML", "CSV": "SPARQL_Results_CSV",
    "TSV": "SPARQL_Results_TSV", "TURTLE": "Turtle", "N_TRIPLES": "N-Triples", "JSON_LD": "JSON-LD",
    "RDF_XML": "RDF_XML",
}
PREFIXES = {"sd": SD, "formats": W3C_FORMATS, "rdfs": RDFS, "dcterms": DCTERMS}


def service_description(public: str, description_graph: str | None, limits: str) -> list[ox.Triple]:
    """The description of the endpoint at `{public}sparql`.

    `description_graph` is the name of the named graph holding the dataset description (None when
    the store does not hold it: an on-disk or remote store holds what was pushed to it). Graph names
    are the store's own, whatever the public base; `limits` is one sentence on timeouts and sizes.
    """
    endpoint = f"{public}sparql"
    service, dataset, default = (ox.NamedNode(f"{endpoint}#{part}") for part in ("service", "dataset", "default-graph"))
    void = ox.NamedNode(f"{public}.well-known/void")
    triples: list[tuple[ox.NamedNode, str, ox.NamedNode | ox.Literal]] = [
        (service, RDF_TYPE, ox.NamedNode(f"{SD}Service")),
        (service, f"{SD}endpoint", ox.NamedNode(endpoint)),
        (service, f"{SD}supportedLanguage", ox.NamedNode(f"{SD}SPARQL11Query")),
        (service, f"{SD}defaultEntailmentRegime", ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        (service, f"{SD}defaultDataset", dataset),
        (service, f"{DCTERMS}title", ox.Literal("ictgraph SPARQL endpoint", language="en")),
        (service, f"{RDFS}comment", ox.Literal(
            "Read-only: SPARQL Update, SERVICE and FROM / FROM NAMED are refused. " + limits, language="en")),
        (service, f"{RDFS}seeAlso", void),
        (dataset, RDF_TYPE, ox.NamedNode(f"{SD}Dataset")),
        (dataset, f"{SD}defaultGraph", default),
        (dataset, f"{RDFS}seeAlso", void),
        (default, RDF_TYPE, ox.NamedNode(f"{SD}Graph")),
        (default, f"{DCTERMS}description", ox.Literal("The knowledge graph and its ontology.", language="en")),
        (default, f"{DCTERMS}hasPart", ox.NamedNode(f"{public}dataset")),
        (default, f"{DCTERMS}hasPart", ox.NamedNode(f"{public}ontology")),
    ]
    for name in {*SOLUTION_TYPES.values(), *GRAPH_TYPES.values()}:
        triples.append((service, f"{SD}resultFormat", ox.NamedNode(W3C_FORMATS + FORMAT_IRIS[name])))
    if description_graph:
        named, graph = ox.NamedNode(f"{endpoint}#description"), ox.NamedNode(f"{endpoint}#description-graph")
        triples += [
            (dataset, f"{SD}namedGraph", named),
            (named, RDF_TYPE, ox.NamedNode(f"{SD}NamedGraph")),
            (named, f"{SD}name", ox.NamedNode(description_graph)),
            (named, f"{SD}graph", graph),
            (graph, RDF_TYPE, ox.NamedNode(f"{SD}Graph")),
            (graph, f"{DCTERMS}description", ox.Literal(
                "The dataset's VoID and DCAT description (graph/void.ttl), also served at /.well-known/void.",
                language="en")),
            (graph, f"{RDFS}seeAlso", void),
        ]
    return sorted((ox.Triple(s, ox.NamedNode(p), o) for s, p, o in triples),
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
