"""A DL reasoner (HermiT, as shipped with owlready2) accepts the ontology and the built graph, and
rejects a record whose types or links contradict the ontology's disjoint classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import graph_copy, require_tool
from rdflib import Graph
from rdflib.namespace import RDF

from ictgraph import resources
from ictgraph.vocab import ICT, ID

pytestmark = pytest.mark.slow


def _consistent(graph: Graph, folder: Path, ignore_unsupported_datatypes: bool) -> bool:
    """Run HermiT over the graph (written as N-Triples, which owlready2 reads) and say whether it is consistent."""
    require_tool("java")
    import owlready2

    nt = folder / "input.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load(format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=ignore_unsupported_datatypes)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    finally:
        world.close()
    return True


@pytest.fixture(scope="module")
def ontology_and_graph() -> Graph:
    g = Graph().parse(resources.ONTOLOGY, format="turtle")
    g.parse(resources.GRAPH_TTL, format="turtle")
    return g


def test_the_ontology_alone_stays_inside_the_owl2_datatype_map(tmp_path: Path) -> None:
    # No ignore flag: a range HermiT cannot handle (xsd:gYear, a union of xsd dates) makes it fail.
    assert _consistent(Graph().parse(resources.ONTOLOGY, format="turtle"), tmp_path, ignore_unsupported_datatypes=False)


def test_ontology_and_built_graph_are_consistent(ontology_and_graph: Graph, tmp_path: Path) -> None:
    # The graph's dates are xsd:date, xsd:gYearMonth and xsd:gYear, which OWL 2 leaves outside its
    # datatype map: HermiT treats those literals as opaque (SHACL checks them instead).
    assert _consistent(ontology_and_graph, tmp_path, ignore_unsupported_datatypes=True)


def test_a_record_typed_country_and_person_is_rejected(ontology_and_graph: Graph, tmp_path: Path) -> None:
    broken = graph_copy(ontology_and_graph)
    broken.add((ID["country/BR"], RDF.type, ICT.Person))
    assert not _consistent(broken, tmp_path, ignore_unsupported_datatypes=True)


def test_a_person_given_as_the_place_of_an_event_is_rejected(ontology_and_graph: Graph, tmp_path: Path) -> None:
    # ict:location has the range ict:Place, and a Place is not an Agent: the reasoner infers the
    # contradiction from the link alone, with no wrong rdf:type written anywhere.
    broken = graph_copy(ontology_and_graph)
    broken.add((ID["event/g20-tsukuba-2019"], ICT.location, ID["person/abe"]))
    assert not _consistent(broken, tmp_path, ignore_unsupported_datatypes=True)
