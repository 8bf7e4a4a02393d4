"""What the ontology says about each class and property, as the fact checker and the build need it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ictgraph import resources
from ictgraph.vocab import ICT, local_name


def _is_text(v: object) -> bool:
    return isinstance(v, str)


def _is_integer(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def _is_boolean(v: object) -> bool:
    return isinstance(v, bool)


#: What a fact value of each XSD range must be as YAML reads it, and how to say so to an author.
#: YAML decides the type by the spelling (4 is a number, "4" and four are text), so the check is on
#: the value YAML gives, before any literal exists: `sessionNumber: four` names its file and line.
_VALUE_KINDS: dict[URIRef, tuple[str, Callable[[object], bool]]] = {
    XSD.string: ("text", _is_text),
    XSD.integer: ("a whole number", _is_integer),
    XSD.decimal: ("a number", _is_number),
    XSD.boolean: ("true or false", _is_boolean),
}


@dataclass(frozen=True)
class Property:
    """One ict: property: whether it links records or carries a literal, and of which type."""

    name: str
    iri: URIRef
    is_object: bool
    datatype: URIRef | None  # for datatype properties with a single named range
    concept_class: str | None  # for object properties whose range is a concept scheme's class
    derived_from: str | None = None  # what the build derives it from (ict:derivedByBuild); not a fact key

    def literal(self, value: object) -> Literal:
        """The literal a fact value becomes: typed by the property's XSD range, except xsd:string.

        A string is written plain: RDF 1.1 makes ``"GDPR"`` and ``"GDPR"^^xsd:string`` one term,
        but not every store does (rdflib's memory store matches only the form it holds), so the
        plain form is the one every store finds with ``ict:abbreviation "GDPR"``.

        Examples
        --------
        >>> Property("sessionNumber", ICT.sessionNumber, False, XSD.integer, None).literal(4).n3()
        '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'
        >>> Property("abbreviation", ICT.abbreviation, False, XSD.string, None).literal("GDPR").n3()
        '"GDPR"'
        """
        if self.datatype is None or self.datatype == XSD.string:
            return Literal(str(value))
        return Literal(value, datatype=self.datatype)

    def value_problem(self, value: object) -> str | None:
        """Why a fact value cannot be a value of this datatype property, or None if it can.

        Examples
        --------
        >>> Property("sessionNumber", ICT.sessionNumber, False, XSD.integer, None).value_problem("four")
        "takes a whole number (xsd:integer), not 'four'"
        """
        kind, accepts = _VALUE_KINDS.get(self.datatype or XSD.string, _VALUE_KINDS[XSD.string])
        if accepts(value):
            return None
        shown = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)
        datatype = f" (xsd:{self.datatype.removeprefix(str(XSD))})" if self.datatype else ""
        hint = "; put it in quotes" if accepts is _is_text and not isinstance(value, list | dict) else ""
        return f"takes {kind}{datatype}, not {shown}{hint}"


@dataclass
class Ontology:
    """The TBox seen from the facts: class names, properties and the concepts of each scheme."""

    graph: Graph
    classes: set[str] = field(default_factory=set)
    properties: dict[str, Property] = field(default_factory=dict)
    # concept class local name -> notation -> concept IRI
    concepts: dict[str, dict[str, URIRef]] = field(default_factory=dict)

    def concept(self, scheme_class: str, notation: str) -> URIRef | None:
        """The concept of a scheme with this notation, or None."""
        return self.concepts.get(scheme_class, {}).get(notation)

    def known_concept(self, scheme_class: str, notation: str) -> URIRef:
        """The concept of a scheme with this notation, for records the checker passed (it refuses
        unknown notations, so a KeyError here is a bug, not a user's mistake)."""
        return self.concepts[scheme_class][notation]


def load_ontology(path: Path | None = None) -> Ontology:
    """Parse `ontology/ict.ttl` and index it; the build and the checker share this one reading."""
    g = Graph().parse(path or resources.ONTOLOGY, format="turtle")
    onto = Ontology(g)
    for cls in g.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and (name := local_name(cls)):
            onto.classes.add(name)
    for concept in g.subjects(RDF.type, SKOS.Concept):
        notation = g.value(concept, SKOS.notation)
        if notation is None or not isinstance(concept, URIRef):
            continue
        for cls in g.objects(concept, RDF.type):
            if (name := local_name(str(cls))) and name in onto.classes:
                onto.concepts.setdefault(name, {})[str(notation)] = concept
    for kind, is_object in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in g.subjects(RDF.type, kind):
            if not isinstance(prop, URIRef) or not (name := local_name(prop)):
                continue
            rng = g.value(prop, RDFS.range)
            rng_name = local_name(rng) if isinstance(rng, URIRef) else None
            datatype = rng if isinstance(rng, URIRef) and str(rng).startswith(str(XSD)) else None
            concept_class = rng_name if rng_name in onto.concepts else None
            derived = g.value(prop, ICT.derivedByBuild)
            onto.properties[name] = Property(name, prop, is_object, datatype, concept_class,
                                             str(derived) if derived is not None else None)
    return onto
