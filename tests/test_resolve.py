"""Parameter values as people give them: IRIs, prefixed names, keys and names in either language."""

from __future__ import annotations

import pandas as pd
import pytest
from rdflib import Graph

from ictgraph.errors import QueryError
from ictgraph.query.catalogue import find_query
from ictgraph.query.resolve import fold, resolve_params
from ictgraph.query.run import run_query
from ictgraph.query.stores import Store, open_store

BRAZIL = "https://w3id.org/ictgraph/id/country/BR"
BRAZIL_FORMS = ["ブラジル", "Brazil", "BR", "country/BR", "id:country/BR", f"<{BRAZIL}>", BRAZIL, "brazil",
                "ＢＲＡＺＩＬ", " Brazil "]


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store("oxigraph")


def resolved(store: Store, name: str, param: str, value: str) -> str:
    return resolve_params(find_query(name), {param: value}, store)[param]


@pytest.mark.parametrize("value", BRAZIL_FORMS)
def test_every_way_of_naming_brazil_means_brazil(store: Store, value: str) -> None:
    assert resolved(store, "cq03", "country", value) == f"<{BRAZIL}>"


def test_brazils_timeline_is_the_same_whichever_name_is_given(store: Store) -> None:
    answers = [run_query("cq03", store, country=value) for value in ("ブラジル", "Brazil", "BR", "country/BR",
                                                                     "id:country/BR")]
    first = answers[0]
    assert isinstance(first, pd.DataFrame)
    assert "1st Japan–Brazil Joint Working Group" in set(first.recordLabel)
    assert "Visit of President Temer to Japan (Oct 2016)" in set(first.recordLabel)
    assert all(first.equals(other) for other in answers[1:])


@pytest.mark.parametrize(("name", "param", "value", "iri"), [
    ("agreements-by-party", "party", "総務省", "https://w3id.org/ictgraph/id/org/jp-mic"),
    ("agreements-by-party", "party", "Ministry of Internal Affairs and Communications",
     "https://w3id.org/ictgraph/id/org/jp-mic"),
    ("describe-entity", "node", "ITU", "https://w3id.org/ictgraph/id/org/itu"),  # an abbreviation
    ("describe-entity", "node", "TPP11", "https://w3id.org/ictgraph/id/agreement/tpp11"),  # an altLabel
    ("describe-entity", "node", "5G", "https://w3id.org/ictgraph/ontology#topic-5g"),
    ("instances-of-class", "class", "Country", "https://w3id.org/ictgraph/ontology#Country"),
    ("instances-of-class", "class", "ict:Event", "https://w3id.org/ictgraph/ontology#Event"),
    ("cq01", "standard", "ISDB-T", "https://w3id.org/ictgraph/id/standard/isdb-t"),
    ("cq03", "country", "vn", "https://w3id.org/ictgraph/id/country/VN"),  # a key, case-insensitively
    ("cq03", "country", "ｖｉｅｔ　ｎａｍ", "https://w3id.org/ictgraph/id/country/VN"),  # full width, ideographic space
])
def test_names_keys_and_abbreviations_resolve(store: Store, name: str, param: str, value: str, iri: str) -> None:
    assert resolved(store, name, param, value) == f"<{iri}>"


@pytest.mark.parametrize(("name", "param", "value", "message"), [
    ("cq03", "country", "id:country/vn",
     "parameter 'country': no ict:Country id:country/vn in the graph (IRIs are case-sensitive): "
     "did you mean Viet Nam (id:country/VN)?"),
    ("cq03", "country", "country/vn", "did you mean Viet Nam (id:country/VN)?"),
    ("cq03", "country", "id:country/XX", "parameter 'country': no ict:Country id:country/XX in the graph"),
    ("cq03", "country", "Brazl", "parameter 'country': no ict:Country is named 'Brazl': closest: Brazil "
                                "(id:country/BR)"),
    ("cq03", "country", "id:gov/BR", "parameter 'country': Government of the Federative Republic of Brazil "
                                    "(id:gov/BR) is not of class ict:Country: closest: Brazil (id:country/BR)"),
    ("agreements-by-party", "party", "Brazil",
     "no ict:Agent is named 'Brazil': closest: Government of the Federative Republic of Brazil (id:gov/BR)"),
    ("describe-entity", "node", "BR",
     "parameter 'node': 'BR' names 2 nodes: Brazil (id:country/BR); Government of the Federative Republic of Brazil "
     "(id:gov/BR); give one of their IRIs"),
    ("cq03", "country", "Korea", "closest: Republic of Korea (id:country/KR)"),
    ("cq03", "country", "a}b{", "parameter 'country': no ict:Country is named 'a}b{'"),
])
def test_an_unknown_or_ambiguous_value_is_one_line_naming_the_closest_records(
        store: Store, name: str, param: str, value: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        resolved(store, name, param, value)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_an_exact_name_wins_over_names_that_only_fold_alike() -> None:
    g = Graph().parse(format="turtle", data="""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/ictgraph/id/org/a> rdfs:label "ITU-R"@en .
        <https://w3id.org/ictgraph/id/org/b> rdfs:label "ＩＴＵ－Ｒ"@ja .""")
    assert resolved(g, "describe-entity", "node", "ITU-R") == "<https://w3id.org/ictgraph/id/org/a>"
    assert resolved(g, "describe-entity", "node", "ＩＴＵ－Ｒ") == "<https://w3id.org/ictgraph/id/org/b>"
    with pytest.raises(QueryError, match="'itu-r' names 2 nodes"):
        resolved(g, "describe-entity", "node", "itu-r")


def test_folding_is_nfkc_then_casefold_with_spaces_collapsed() -> None:
    assert fold("ＡＰＥＣ　ＴＥＬ") == fold("apec  tel") == "apec tel"
