"""The QC queries: each is silent on the real graph and names the node a deliberate break leaves."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from conftest import graph_copy
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ictgraph import resources
from ictgraph.authoring.ontology import Ontology
from ictgraph.build.validate import qc_violations
from ictgraph.vocab import ICT, ID


@pytest.fixture(scope="module")
def built() -> Graph:
    if not resources.GRAPH_TTL.exists():
        pytest.fail("graph/ict.ttl is missing: run `ictgraph build` first")
    return Graph().parse(resources.GRAPH_TTL, format="turtle")


def _remove_evidence(g: Graph) -> URIRef:
    node = ID["country/BR"]
    g.remove((node, ICT.evidence, None))
    return node


def _quote_from_nowhere(g: Graph) -> URIRef:
    q = next(g.objects(ID["country/BR"], ICT.evidence))
    g.set((q, PROV.wasQuotedFrom, ID["country/AO"]))
    return q


def _wrong_year(g: Graph) -> URIRef:
    node = ID["adoption/isdbt-BR"]
    g.set((node, ICT.year, Literal(2007)))
    return node


def _undated_adoption(g: Graph) -> URIRef:
    node = ID["adoption/isdbt-PE"]
    g.remove((node, ICT.date, None))
    return node


def _second_ja_label(g: Graph) -> URIRef:
    node = ID["country/VN"]
    g.add((node, RDFS.label, Literal("越南", lang="ja")))
    return node


def _session_without_number(g: Graph) -> URIRef:
    node = next(g.subjects(RDF.type, ICT.DialogueSession))
    g.remove((node, ICT.sessionNumber, None))
    return node


def _negative_amount(g: Graph) -> URIRef:
    node = next(g.subjects(RDF.type, ICT.MonetaryAmount))
    g.set((node, ICT.value, Literal(Decimal("-1"))))
    return node


def _memorandum_without_party(g: Graph) -> URIRef:
    node = next(g.subjects(RDF.type, ICT.MemorandumOfCooperation))
    g.remove((node, ICT.party, None))
    g.remove((node, ICT.country, None))  # else the other side would be left as a country: another check
    return node


def _future_unflagged(g: Graph) -> URIRef:
    node = next(s for s in g.subjects(ICT.flag, ICT["flag-planned"])
                if (s, RDF.type, ICT.Conference) in g and str(g.value(s, ICT.date)) > "2020-07")
    g.remove((node, ICT.flag, ICT["flag-planned"]))
    return node


def _english_label_without_source(g: Graph) -> URIRef:
    node = ID["country/TH"]
    g.add((node, RDFS.label, Literal("Siam", lang="en")))
    return node


def _counterpart_as_place(g: Graph) -> URIRef:
    node = ID["agreement/jp-ph-epa"]
    g.remove((node, ICT.party, ID["gov/PH"]))  # the Philippines left only as ict:country
    return node


def _series_without_its_sides(g: Graph) -> URIRef:
    node = ID["series/jp-de-public-private-meeting"]
    session = ID["event/jp-de-public-private-meeting-2"]
    for subject in (node, session):  # the sides gone from the series and its only session
        g.remove((subject, ICT.participant, None))
    return node


def _ministry_for_named_post(g: Graph) -> URIRef:
    node = ID["event/mic-minister-visit-ph-2018-01"]  # 「総務大臣がフィリピンを訪問」
    g.remove((node, ICT.visitor, ID["post/jp-mic-minister"]))
    g.add((node, ICT.visitor, ID["org/jp-mic"]))
    return node


def _clause_with_date_as_label(g: Graph) -> URIRef:
    node = ID["event/jusdep-wg-launch"]
    g.remove((node, RDFS.label, next(x for x in g.objects(node, RDFS.label) if x.language == "ja")))
    clause = "日米戦略デジタル・エコノミーパートナーシップ（JUSDEP）作業部会を2019年（平成30年）3月に立ち上げた"
    g.add((node, RDFS.label, Literal(clause, lang="ja")))
    return node


def _country_name_as_alias_of_its_government(g: Graph) -> URIRef:
    node = ID["gov/VN"]
    g.add((node, SKOS.altLabel, Literal("ベトナム", lang="ja")))
    return node


def _qualifier_without_its_word(g: Graph) -> URIRef:
    node = ID["adoption/isdbt-BR"]  # 2006年6月: no 末 in the date as written
    g.add((node, ICT.dateQualifier, ICT["dateQualifier-end-of"]))
    return node


def _qualifier_on_a_full_day(g: Graph) -> URIRef:
    node = ID["event/aec-establishment-2015"]  # 2015年（平成27年）末: the end of a year, made a day
    g.set((node, ICT.date, Literal("2015-12-31", datatype=XSD.date)))
    return node


def _qualifier_dropped(g: Graph) -> URIRef:
    node = ID["event/aec-establishment-2015"]  # 2015年（平成27年）末 read as plain 2015
    g.remove((node, ICT.dateQualifier, None))
    return node


def _fiscal_range_as_a_pair(g: Graph) -> URIRef:
    node = ID["initiative/broadcast-content-coproduction-support"]  # 2014年度 to 2019年度, as the
    for year in (2014, 2019):                                        # old build wrote it
        g.add((node, ICT.fiscalYear, Literal(year)))
    return node


def _ends_before_it_starts(g: Graph) -> URIRef:
    node = ID["series/igf"]  # since 2006
    g.set((node, ICT.endDate, Literal("2005", datatype=XSD.gYear)))
    g.set((node, ICT.endYear, Literal(2005)))
    return node


def _impossible_date(g: Graph) -> URIRef:
    node = ID["adoption/isdbt-BR"]  # 2006年6月, made the 31st of June
    g.set((node, ICT.date, Literal("2006-06-31", datatype=XSD.date)))
    return node


def _proposed_date_without_status(g: Graph) -> URIRef:
    node = ID["event/itu-t-wtsa-2020"]  # 2021年2月への延期を協議中
    g.remove((g.value(node, ICT.proposedDate), ICT.dateStatus, None))
    return node


def _quotation_numbered_by_position(g: Graph) -> URIRef:
    node = ID["country/BR"]
    old = next(g.objects(node, ICT.evidence))
    new = URIRef(f"{node}/ev/1")
    for _, p, o in list(g.triples((old, None, None))):
        g.remove((old, p, o))
        g.add((new, p, o))
    g.remove((node, ICT.evidence, old))
    g.add((node, ICT.evidence, new))
    return node


BREAKS: dict[str, Callable[[Graph], URIRef]] = {
    "record-without-evidence-violation": _remove_evidence,
    "quotation-passage-violation": _quote_from_nowhere,
    "year-date-mismatch-violation": _wrong_year,
    "adoption-without-date-violation": _undated_adoption,
    "duplicate-ja-label-violation": _second_ja_label,
    "session-without-number-violation": _session_without_number,
    "negative-amount-violation": _negative_amount,
    "memorandum-without-party-violation": _memorandum_without_party,
    "unflagged-future-event-violation": _future_unflagged,
    "unreified-english-label-violation": _english_label_without_source,
    "counterpart-only-as-country-violation": _counterpart_as_place,
    "series-without-sides-violation": _series_without_its_sides,
    "post-named-ministry-in-role-violation": _ministry_for_named_post,
    "clause-or-date-label-violation": _clause_with_date_as_label,
    "alt-label-of-another-record-violation": _country_name_as_alias_of_its_government,
    "date-qualifier-mismatch-violation": _qualifier_without_its_word,
    "missing-date-qualifier-violation": _qualifier_dropped,
    "unordered-fiscal-years-violation": _fiscal_range_as_a_pair,
    "start-after-end-violation": _ends_before_it_starts,
    "proposed-date-status-violation": _proposed_date_without_status,
    "evidence-iri-violation": _quotation_numbered_by_position,
    "ill-formed-date-violation": _impossible_date,
}
# Further breaks of a check that the real data can trip in more than one way.
MORE_BREAKS: list[tuple[str, Callable[[Graph], URIRef]]] = [
    ("date-qualifier-mismatch-violation", _qualifier_on_a_full_day),
]


def test_every_qc_query_has_a_header_and_a_break() -> None:
    files = sorted(resources.QC_DIR.glob("*-violation.rq"))
    assert {f.stem for f in files} == set(BREAKS)
    for f in files:
        head = f.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# title: ") and head[1].startswith("# question: "), f.name


def test_real_graph_has_no_violations(built: Graph, onto: Ontology) -> None:
    assert qc_violations(built, onto.graph) == []


@pytest.mark.slow
@pytest.mark.parametrize(("check", "break_graph"), [*sorted(BREAKS.items()), *MORE_BREAKS],
                         ids=lambda x: x if isinstance(x, str) else x.__name__.strip("_"))
def test_broken_graph_names_the_offending_node(built: Graph, onto: Ontology, check: str,
                                               break_graph: Callable[[Graph], URIRef]) -> None:
    broken = graph_copy(built)
    node = break_graph(broken)
    found = [(v.check, v.focus) for v in qc_violations(broken, onto.graph)]
    assert (check, str(node)) in found
    assert {c for c, _ in found} == {check}, "a break must trip its own check only"
