"""The ontology: every term labelled in both languages and defined; the vocabulary contract holds."""

from __future__ import annotations

import re

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ictgraph import resources
from ictgraph.authoring.ontology import Ontology
from ictgraph.vocab import ICT


def _ict_terms(onto: Ontology, kind: URIRef) -> list[URIRef]:
    return sorted(t for t in onto.graph.subjects(RDF.type, kind)
                  if isinstance(t, URIRef) and str(t).startswith(str(ICT)))


def test_every_class_and_property_has_ja_and_en_labels_and_a_definition(onto: Ontology) -> None:
    g = onto.graph
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in _ict_terms(onto, kind)]
    assert len(terms) > 100
    for term in terms:
        langs = {lbl.language for lbl in g.objects(term, RDFS.label)}
        assert {"ja", "en"} <= langs, f"{term} lacks a ja or en label"
        assert g.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_every_concept_has_a_notation_and_both_labels(onto: Ontology) -> None:
    g = onto.graph
    concepts = _ict_terms(onto, SKOS.Concept)
    assert len(concepts) > 80
    for c in concepts:
        assert g.value(c, SKOS.notation) is not None, c
        assert {lbl.language for lbl in g.objects(c, SKOS.prefLabel)} >= {"ja", "en"}, c
        assert g.value(c, SKOS.inScheme) is not None, c


def test_every_name_of_the_vocabulary_contract_exists(onto: Ontology) -> None:
    text = (resources.ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([A-Za-z, ]+?) \|", text, flags=re.M)
    names = {n.strip() for row in rows for n in row.split(",")} - {"class", "property"}
    known = onto.classes | set(onto.properties)
    missing = sorted(n for n in names if n and n not in known and n != "seeAlso")
    assert missing == []


def test_core_classes_are_aligned_with_standard_vocabularies(onto: Ontology) -> None:
    g = onto.graph
    aligned = {str(o) for p in (RDFS.subClassOf, OWL.equivalentClass, SKOS.closeMatch)
               for o in g.objects(ICT.Country, p)}
    assert "https://schema.org/Country" in aligned
    event = {str(o) for p in (RDFS.subClassOf, SKOS.closeMatch) for o in g.objects(ICT.Event, p)}
    assert "https://schema.org/Event" in event


def _members(g: Graph, cls: object) -> set:
    """A class, or the members of an owl:unionOf class expression."""
    if isinstance(cls, BNode):
        union = g.value(cls, OWL.unionOf)
        return set(Collection(g, union)) if union is not None else set()
    return {cls}


def test_every_link_of_the_built_graph_fits_its_propertys_domain_and_range(onto: Ontology) -> None:
    """A DL reasoner silently infers a type from a domain or range; this test says it out loud: every
    subject and object of an ict: property already has (by its asserted classes and their superclasses)
    one of the classes the property's domain and range allow, so no record is retyped by inference."""
    g = Graph().parse(resources.GRAPH_TTL, format="turtle")
    g += onto.graph
    supers: dict = {}

    def classes(node: object) -> set:
        if node not in supers:
            supers[node] = {s for t in g.objects(node, RDF.type) for s in g.transitive_objects(t, RDFS.subClassOf)}
        return supers[node]

    wrong = set()
    for s, p, o in g:
        if not str(p).startswith(str(ICT)):
            continue
        for prop in g.transitive_objects(p, RDFS.subPropertyOf):
            domain, rng = g.value(prop, RDFS.domain), g.value(prop, RDFS.range)
            if domain is not None and not _members(g, domain) & classes(s):
                wrong.add(f"{s} is outside the domain of {prop}")
            if (rng is not None and isinstance(o, URIRef) and (prop, RDF.type, OWL.ObjectProperty) in g
                    and not _members(g, rng) & classes(o)):
                wrong.add(f"{o} is outside the range of {prop}")
    assert sorted(wrong) == []
