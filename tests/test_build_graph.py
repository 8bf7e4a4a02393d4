"""The build: reproducible bytes, the committed graph equal to a fresh build, provenance in plain Turtle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ictgraph import resources
from ictgraph.build.graph import build_graph, quotation_iri, serialize_turtle
from ictgraph.query.stores import IN_MEMORY, load
from ictgraph.vocab import ICT, ID, passage_iri


@pytest.fixture(scope="module")
def fresh() -> Graph:
    return build_graph()


@pytest.fixture(scope="module")
def loaded() -> dict[str, Graph]:
    """The built graph opened once per store for the tests of this module (a load takes a second)."""
    return {store: load(store=store) for store in IN_MEMORY}


def test_committed_graph_equals_a_fresh_build(fresh: Graph) -> None:
    assert serialize_turtle(fresh) == resources.GRAPH_TTL.read_bytes(), (
        "graph/ict.ttl is stale: run `ictgraph build` and commit graph/")


@pytest.mark.slow
def test_two_builds_in_separate_processes_give_the_same_bytes(tmp_path) -> None:
    outs = []
    for n in (1, 2):
        out = tmp_path / f"g{n}.ttl"
        subprocess.run([sys.executable, "-m", "ictgraph.cli", "build", "--out", str(out)],
                       check=True, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_no_blank_nodes_and_no_rdf_star() -> None:
    text = resources.GRAPH_TTL.read_text(encoding="utf-8")
    assert "_:" not in text and "<<" not in text


def test_every_record_quotes_a_passage_that_contains_the_quote(fresh: Graph) -> None:
    records = set(fresh.subjects(ICT.evidence, None))
    assert len(records) > 500
    for quotation in fresh.objects(None, ICT.evidence):
        quote = str(fresh.value(quotation, PROV.value))
        passage = fresh.value(quotation, PROV.wasQuotedFrom)
        assert (passage, RDF.type, ICT.Passage) in fresh
        assert quote in str(fresh.value(passage, ICT.text))


def test_english_labels_are_marked_as_editorial(fresh: Graph) -> None:
    brazil = ID["country/BR"]
    assert (brazil, RDFS.label, Literal("ブラジル", lang="ja")) in fresh
    statements = [s for s in fresh.subjects(RDF.subject, brazil)
                  if fresh.value(s, RDF.predicate) == RDFS.label]
    sources = {fresh.value(s, ICT.referenceSource) for s in statements}
    assert sources == {ICT.EditorialTranslation}
    iso = [s for s in fresh.subjects(RDF.subject, brazil)
           if fresh.value(s, RDF.predicate) == ICT.iso3166Alpha3]
    assert fresh.value(iso[0], ICT.referenceSource) == ICT.Pycountry
    assert fresh.value(iso[0], RDF.object) == Literal("BRA")


def test_dates_amounts_and_flags_as_the_text_gives_them(fresh: Graph) -> None:
    brazil = ID["adoption/isdbt-BR"]
    assert fresh.value(brazil, ICT.date) == Literal("2006-06", datatype=XSD.gYearMonth)
    assert fresh.value(brazil, ICT.year) == Literal(2006)
    japan = ID["adoption/isdbt-JP-start"]
    flags = set(fresh.objects(japan, ICT.flag))
    assert {ICT["flag-approximate"], ICT["flag-contradiction"]} <= flags
    quotes = {str(fresh.value(q, PROV.value)) for q in fresh.objects(japan, ICT.evidence)}
    assert any("2003年12月開始" in q for q in quotes) and any("2003年12月頃" in q for q in quotes)
    amounts = {str(fresh.value(a, ICT.amountText)): fresh.value(a, ICT.value)
               for a in fresh.subjects(RDF.type, ICT.MonetaryAmount)}
    assert amounts["約792億円"].toPython() == 79_200_000_000
    assert amounts["105億円"].toPython() == 10_500_000_000


@pytest.mark.parametrize("store", IN_MEMORY)
def test_load_opens_the_built_graph_on_each_store(store: str, loaded: dict[str, Graph]) -> None:
    g = loaded[store]
    assert (ID["country/VN"], RDF.type, ICT.Country) in g
    assert (URIRef(passage_iri("1.1.u.pa.C.p1")), ICT.passageId, Literal("1.1.u.pa.C.p1")) in g


@pytest.mark.parametrize("store", IN_MEMORY)
def test_provenance_of_a_node_by_sparql_from_the_built_turtle(store: str, loaded: dict[str, Graph]) -> None:
    from ictgraph.query.run import run_query

    rows = run_query("provenance", graph=loaded[store], node=str(ID["adoption/isdbt-BR"]))
    quotes = {(r.passageId, r.quote) for r in rows.itertuples() if r.kind == "quotation"}
    assert quotes == {
        ("1.1.i.pa.fig6-8-1-1", "ブラジル（2006年6月方式決定）"),
        ("1.1.u.pi.A.p1",
         "ブラジルは、2006年（平成18年）6月に、海外で初めて日本方式の地上デジタルテレビ放送が採用された国である"),
    }
    references = {(r.predicate, str(r.object), r.source) for r in rows.itertuples() if r.kind == "reference"}
    assert (str(RDFS.label), "Brazil's decision on ISDB-T (June 2006)", str(ICT.EditorialTranslation)) in references


def test_a_fiscal_range_keeps_its_start_and_end_apart(fresh: Graph) -> None:
    """「2014年度から2019年度まで」: a start and an end, not an unordered pair of fiscal years."""
    node = ID["initiative/broadcast-content-coproduction-support"]
    assert set(fresh.predicate_objects(node)) >= {
        (ICT.startFiscalYear, Literal(2014)), (ICT.endFiscalYear, Literal(2019)),
        (ICT.startDateText, Literal("2014年度", lang="ja")), (ICT.endDateText, Literal("2019年度", lang="ja"))}
    assert fresh.value(node, ICT.fiscalYear) is None and fresh.value(node, ICT.dateText) is None


def test_a_date_keeps_its_qualifier(fresh: Graph) -> None:
    aec = ID["event/aec-establishment-2015"]  # 2015年（平成27年）末: the end of 2015
    assert fresh.value(aec, ICT.date) == Literal("2015", datatype=XSD.gYear)
    assert fresh.value(aec, ICT.dateQualifier) == ICT["dateQualifier-end-of"]
    promotion = ID["initiative/isdbt-overseas-promotion"]  # since 2003年12月頃
    assert fresh.value(promotion, ICT.startDateQualifier) == ICT["dateQualifier-around"]
    assert (promotion, ICT.flag, ICT["flag-approximate"]) in fresh


def test_a_proposed_date_is_a_value_with_its_own_status(fresh: Graph) -> None:
    wtsa = ID["event/itu-t-wtsa-2020"]  # 11月に開催される予定…2021年2月への延期を協議中
    assert fresh.value(wtsa, ICT.date) == Literal("2020-11", datatype=XSD.gYearMonth)
    proposed = fresh.value(wtsa, ICT.proposedDate)
    assert proposed == URIRef(f"{wtsa}/proposed-date/2021-02")
    assert fresh.value(proposed, ICT.date) == Literal("2021-02", datatype=XSD.gYearMonth)
    assert fresh.value(proposed, ICT.dateText) == Literal("2021年2月", lang="ja")
    assert fresh.value(proposed, ICT.dateStatus) == ICT["dateStatus-under-discussion"]
    assert set(fresh.objects(wtsa, ICT.flag)) == {ICT["flag-planned"]}  # discussed is not postponed


def test_the_source_names_its_licence_and_publisher_by_iri(fresh: Graph) -> None:
    source = ID["source/wp2020-ch6-sec8"]
    assert fresh.value(source, DCTERMS.license) == ICT.GovernmentOfJapanStandardTermsOfUse2
    assert fresh.value(source, DCTERMS.publisher) == ID["org/jp-mic"]


@pytest.mark.parametrize("store", IN_MEMORY)
def test_a_literal_equality_query_answers_alike_on_every_store(store: str, loaded: dict[str, Graph]) -> None:
    """Strings are written plain: rdflib's store finds "GDPR" only in the form it holds."""
    rows = list(loaded[store].query(
        f'SELECT ?x WHERE {{ ?x <{ICT.abbreviation}> "GDPR" }}'))
    assert [str(r[0]) for r in rows] == [str(ID["doc/eu-gdpr"])]


def test_quotations_are_named_by_what_they_hold(fresh: Graph) -> None:
    brazil = ID["adoption/isdbt-BR"]
    expected = {quotation_iri(brazil, "1.1.i.pa.fig6-8-1-1", "ブラジル（2006年6月方式決定）"),
                quotation_iri(brazil, "1.1.u.pi.A.p1", "ブラジルは、2006年（平成18年）6月に、"
                              "海外で初めて日本方式の地上デジタルテレビ放送が採用された国である")}
    assert set(fresh.objects(brazil, ICT.evidence)) == expected


@pytest.mark.slow
def test_reordering_two_quotes_renames_nothing(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(resources.FACTS_DIR, facts)
    path = facts / "11-isdbt.yaml"
    text = path.read_text(encoding="utf-8")
    first = ("    - passage: 1.1.i.pa.fig6-8-1-1\n"
             "      quote: ブラジル（2006年6月方式決定）\n")
    second = ("    - passage: 1.1.u.pi.A.p1\n"
              "      quote: ブラジルは、2006年（平成18年）6月に、"
              "海外で初めて日本方式の地上デジタルテレビ放送が採用された国である\n")
    assert text.count(first + second) == 1
    path.write_text(text.replace(first + second, second + first), encoding="utf-8")
    swapped = build_graph(fact_files=sorted(facts.glob("*.yaml")))
    assert serialize_turtle(swapped) == resources.GRAPH_TTL.read_bytes()
