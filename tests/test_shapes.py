"""The build's SHACL engine (pyrudof) gives pySHACL's verdicts: on the real graph, on the graphs of the valid
fact examples, and on graphs broken on purpose, at least one break for each kind of constraint
ontology/shapes.ttl uses. pySHACL, the reference, runs in the slow tests only.

One difference is known and left out here: pySHACL refuses an xsd:date whose lexical form is not a
date ("2006-06-31"), pyrudof checks only the datatype; queries/qc/ill-formed-date-violation.rq
checks the lexical forms of dates in the build instead (tests/test_validate.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, SKOS, XSD

from ictgraph import resources
from ictgraph.authoring.ontology import load_ontology
from ictgraph.build.graph import build_graph
from ictgraph.build.validate import shacl_violations
from ictgraph.vocab import ICT, ID

Break = Callable[[Graph], None]


@pytest.fixture(scope="module")
def built() -> Graph:
    return Graph().parse(resources.GRAPH_TTL, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology().graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(resources.SHAPES, format="turtle")


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))[0]


def _evidence(g: Graph) -> URIRef:
    return next(iter(sorted(g.objects(ID["country/BR"], ICT.evidence))))  # type: ignore[arg-type]


def _undate(g: Graph, node: URIRef) -> None:
    g.remove((node, ICT.date, None))
    g.remove((node, ICT.fiscalYear, None))


BREAKS: dict[str, Break] = {
    "no English label": lambda g: g.remove((ID["country/BR"], RDFS.label, Literal("Brazil", lang="en"))),
    "a second Japanese label": lambda g: g.add((ID["country/VN"], RDFS.label, Literal("越南", lang="ja"))),
    "a French label": lambda g: g.add((ID["country/VN"], RDFS.label, Literal("Viêt Nam", lang="fr"))),
    "a quote that is a number": lambda g: g.set((_evidence(g), PROV.value, Literal(3))),
    "an untagged passage text": lambda g: g.set((_first(g, ICT.Passage), ICT.text, Literal("本文"))),
    "an unknown passage kind": lambda g: g.set((_first(g, ICT.Passage), ICT.passageKind, Literal("chapter"))),
    "a part that is text": lambda g: g.set((_first(g, ICT.Passage), ICT.part, Literal("one"))),
    "evidence that is a literal": lambda g: g.add((ID["country/BR"], ICT.evidence, Literal("a quote"))),
    "evidence that is a blank node": lambda g: g.add((ID["country/BR"], ICT.evidence, BNode("q"))),
    "a lower-case ISO code": lambda g: g.set((ID["country/BR"], ICT.iso3166Alpha2, Literal("br"))),
    "session number zero": lambda g: g.set((_first(g, ICT.DialogueSession), ICT.sessionNumber, Literal(0))),
    "a session without its number": lambda g: g.remove((_first(g, ICT.DialogueSession), ICT.sessionNumber, None)),
    "an ill-typed year": lambda g: g.set((ID["adoption/isdbt-BR"], ICT.year,
                                          Literal("two thousand", datatype=XSD.integer))),
    "a date of the wrong type": lambda g: g.set((ID["adoption/isdbt-BR"], ICT.date, Literal("June 2006"))),
    "a quotation that lost its type": lambda g: g.remove((_evidence(g), RDF.type, None)),
    "a signatory that is a country": lambda g: g.add((_first(g, ICT.MemorandumOfCooperation), ICT.signatory,
                                                      ID["country/BR"])),
    "a proposed date without a date": lambda g: _undate(g, _first(g, ICT.ProposedDate)),
    "an adoption of two countries": lambda g: g.add((ID["adoption/isdbt-BR"], ICT.adopter, ID["country/AR"])),
    "a participant that is a literal": lambda g: g.add((_first(g, ICT.Meeting), ICT.participant, Literal("Japan"))),
    "a host that is a topic": lambda g: g.add((_first(g, ICT.Meeting), ICT.host, ICT["topic-5g"])),
    "a date as written in English": lambda g: g.set((ID["adoption/isdbt-BR"], ICT.dateText,
                                                     Literal("June 2006", lang="en"))),
    "a fiscal year without its text": lambda g: g.add((ID["country/BR"], ICT.fiscalYear, Literal(2019))),
    "an ill-formed decimal": lambda g: g.set((_first(g, ICT.MonetaryAmount), ICT.value,
                                              Literal("ten", datatype=XSD.decimal))),
    "a currency not in the list": lambda g: g.set((_first(g, ICT.MonetaryAmount), ICT.currency, Literal("USD"))),
    "a party that is a country": lambda g: g.add((_first(g, ICT.MemorandumOfCooperation), ICT.party,
                                                  ID["country/BR"])),
    "a topic that is a literal": lambda g: g.add((_first(g, ICT.Meeting), ICT.topic, Literal("5G"))),
    "a flag note in Japanese": lambda g: g.add((_first(g, ICT.Meeting), ICT.flagNote, Literal("注", lang="ja"))),
    "a concept with two English labels": lambda g: g.add((ICT["topic-5g"], SKOS.prefLabel,
                                                          Literal("Fifth generation", lang="en"))),
    "a post without a role": lambda g: g.remove((_first(g, ICT.Post), ICT.role, None)),
    "a quotation from two passages": lambda g: g.add((_evidence(g), PROV.wasQuotedFrom, _first(g, ICT.Passage))),
    "an ISO code with a language tag": lambda g: g.set((ID["country/BR"], ICT.iso3166Alpha3,
                                                        Literal("BRA", lang="en"))),
    "a statement whose predicate is a literal": lambda g: g.set((_first(g, ICT.ReferenceStatement), RDF.predicate,
                                                                 Literal("label"))),
}
# Changes that break nothing: a party of a subclass of ict:Agent, a language tag that ja matches, an
# explicit xsd:string.
KEEPS: dict[str, Break] = {
    "a ministry as a party": lambda g: g.add((_first(g, ICT.MemorandumOfCooperation), ICT.party, ID["org/jp-mic"])),
    "a date as written tagged ja-JP": lambda g: g.set((ID["adoption/isdbt-BR"], ICT.dateText,
                                                       Literal("2006年6月", lang="ja-JP"))),
    "an ISO code typed xsd:string": lambda g: g.set((ID["country/BR"], ICT.iso3166Alpha3,
                                                     Literal("BRA", datatype=XSD.string))),
}
VALID = sorted((Path(__file__).parent / "data" / "valid").glob("*.yaml"))
Found = tuple[bool, Counter[tuple[str, str, str]]]


def _pyshacl(data: Graph, ontology: Graph, shapes: Graph) -> Found:
    """pySHACL's verdict on the data with the ontology: the conformance, and (focus, path, constraint) counted.

    pySHACL's RDFS inference (owlrl over data and ontology) takes minutes here, so the subclass
    closure of rdf:type is added to a copy instead, which is all the shapes need.
    """
    import pyshacl

    closed = Graph()
    for triple in data + ontology:
        closed.add(triple)
    for s, cls in list(closed.subject_objects(RDF.type)):
        for sup in ontology.transitive_objects(cls, RDFS.subClassOf):
            closed.add((s, RDF.type, sup))
    conforms, report, _ = pyshacl.validate(closed, shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True)
    found: Counter[tuple[str, str, str]] = Counter()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        path = report.value(result, SH.resultPath)
        found[(str(report.value(result, SH.focusNode)),
               "" if path is None else str(path) if isinstance(path, URIRef) else "alternative",
               str(report.value(result, SH.sourceConstraintComponent)))] += 1
    return bool(conforms), found


def _ours(data: Graph, ontology: Graph) -> Found:
    """The build's verdict, in the same terms: its messages end with the path, or the constraint for none."""
    import pyoxigraph as ox
    import pyrudof

    from ictgraph.build.graph import oxigraph_triples

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    text = ox.serialize(oxigraph_triples(data) + oxigraph_triples(ontology), format=ox.RdfFormat.N_TRIPLES) or b""
    rudof.read_data(text.decode("utf-8"), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(resources.SHAPES))
    report = rudof.validate_shacl()
    found = Counter((r.focus_node, "" if not r.path else "alternative" if r.path.startswith("(") else r.path,
                     r.constraint_component) for r in report)
    return report.conforms, found


def _copy(built: Graph, change: Break) -> Graph:
    out = Graph()
    for triple in built:
        out.add(triple)
    change(out)
    return out


def test_the_real_graph_conforms(built: Graph, ontology: Graph) -> None:
    assert shacl_violations(built, ontology) == []


def test_a_violation_names_the_node_and_says_why(built: Graph, ontology: Graph) -> None:
    (violation,) = shacl_violations(_copy(built, BREAKS["no English label"]), ontology)
    assert str(violation) == ("shacl: https://w3id.org/ictgraph/id/country/BR: A record needs exactly one "
                              "rdfs:label in ja and one in en. (rdfs:label)")


# One validation of the whole graph takes about a second: the fast loop keeps the two tests above
# (the graph conforms; a broken one names its node), the full suite runs every break and keep.
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_graph_fails(built: Graph, ontology: Graph, name: str) -> None:
    assert shacl_violations(_copy(built, BREAKS[name]), ontology)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(KEEPS))
def test_a_kept_graph_passes(built: Graph, ontology: Graph, name: str) -> None:
    assert shacl_violations(_copy(built, KEEPS[name]), ontology) == []


@pytest.mark.slow
def test_pyshacl_agrees_on_the_real_graph(built: Graph, ontology: Graph, shapes: Graph) -> None:
    assert _pyshacl(built, ontology, shapes) == _ours(built, ontology) == (True, Counter())


@pytest.mark.slow
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_pyshacl_agrees_on_a_valid_example(ontology: Graph, shapes: Graph, path: Path) -> None:
    graph = build_graph(fact_files=[path])
    assert _pyshacl(graph, ontology, shapes) == _ours(graph, ontology) == (True, Counter())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BREAKS) + sorted(KEEPS))
def test_pyshacl_agrees_on_a_changed_graph(built: Graph, ontology: Graph, shapes: Graph, name: str) -> None:
    changed = _copy(built, {**BREAKS, **KEEPS}[name])
    theirs, ours = _pyshacl(changed, ontology, shapes), _ours(changed, ontology)
    assert ours == theirs
    assert ours[0] == (name in KEEPS)
