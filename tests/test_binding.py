"""Parameter binding: every value stays one RDF term, whatever characters it holds, on both engines."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from ictgraph.errors import QueryError
from ictgraph.query.binding import bind, bind_query, sparql_string
from ictgraph.query.catalogue import find_query, parse_query_text, suggest_queries

TWO_STRINGS = parse_query_text("# param: a string -\n# param: b string -\nSELECT ?a ?b ?inj WHERE {\n}\n",
                               Path("two-strings.rq"))
# rdflib's Literal.n3() wrote the first value as a long string that ended one quote early; the second
# value's text then ran as SPARQL and bound ?inj.
NEWLINE_BACKSLASH_QUOTE = 'x\n\\"'
INJECTION = ") } bind(42 as ?inj) #"
HOSTILE = [NEWLINE_BACKSLASH_QUOTE, INJECTION, '"""', "'''", "a\\", "\\u0022) } #", "\r\n\t", "}{", "日本\u3000語",
           '\\"\\"\\"', "\\\\\n\\\"\"\"\"", "#", "<http://x/>", "$x ?y"]


def _on_oxigraph(text: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else t.value for t in row) for row in pyoxigraph.Store().query(text)]


def _on_rdflib(text: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in Graph().query(text)]


@pytest.mark.parametrize("run", [_on_oxigraph, _on_rdflib], ids=["oxigraph", "rdflib"])
def test_a_newline_and_a_final_backslash_quote_stay_inside_the_literal(run) -> None:
    text = bind_query(TWO_STRINGS, {"a": NEWLINE_BACKSLASH_QUOTE, "b": "plain"})
    assert run(text) == [(NEWLINE_BACKSLASH_QUOTE, "plain", None)]


@pytest.mark.parametrize("run", [_on_oxigraph, _on_rdflib], ids=["oxigraph", "rdflib"])
def test_two_string_parameters_cannot_inject(run) -> None:
    text = bind_query(TWO_STRINGS, {"a": NEWLINE_BACKSLASH_QUOTE, "b": INJECTION})
    assert run(text) == [(NEWLINE_BACKSLASH_QUOTE, INJECTION, None)]


@pytest.mark.parametrize("first", HOSTILE)
@pytest.mark.parametrize("second", [INJECTION, '"'])
def test_every_hostile_pair_comes_back_unchanged_from_oxigraph(first: str, second: str) -> None:
    # Values are stripped of surrounding whitespace when bound, as they always were.
    text = bind_query(TWO_STRINGS, {"a": first, "b": second})
    assert _on_oxigraph(text) == [(first.strip(), second.strip(), None)]


def test_strings_are_short_literals_with_four_escapes() -> None:
    assert sparql_string('a"b\\c\nd\re') == '"a\\"b\\\\c\\nd\\re"'
    assert sparql_string("日本\u3000語\t") == '"日本\u3000語\t"'


@pytest.mark.parametrize(("params", "message"), [
    ({"minParts": "{x}"}, "parameter 'minParts' must be an integer, got '{x}'"),
    ({"minParts": "}"}, "parameter 'minParts' must be an integer, got '}'"),
    ({"minParts": "9" * 5000}, "parameter 'minParts' must be an integer, got '999"),
    ({"lang": "{ja}"}, "parameter 'lang' must be a language tag such as ja or en, got '{ja}'"),
    ({"minParts": "\udcff"}, "parameter 'minParts' must be text (it holds bytes that are not UTF-8)"),
])
def test_a_refused_value_with_braces_or_bad_bytes_is_one_line(params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError) as raised:
        bind_query(find_query("cq14"), params)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
    assert len(str(raised.value)) < 200  # a long value is cut, not repeated whole


def test_an_iri_with_a_space_or_a_brace_is_refused() -> None:
    for value in ("<http://x/ y>", "http://x/}", "id:country/V N"):
        with pytest.raises(QueryError, match="must be an absolute IRI"):
            bind_query(find_query("describe-entity"), {"node": value})


def test_a_range_whose_start_is_after_its_end_is_refused() -> None:
    query = find_query("events-in-range")
    assert query.ranges == (("start", "end"),)
    with pytest.raises(QueryError, match="start 2020-01-01 is after end 2019-12-31"):
        bind_query(query, {"start": "2020-01-01", "end": "2019-12-31"})
    assert "VALUES" in bind_query(query, {"start": "2019-06-01", "end": "2019-06-01"})


def test_headers_name_the_class_of_a_node_parameter() -> None:
    (country, _) = find_query("cq03").params
    assert (country.type, country.cls, country.default) == ("iri", "ict:Country", "id:country/VN")
    (node,) = find_query("describe-entity").params
    assert (node.type, node.cls) == ("iri", None)
    with pytest.raises(QueryError, match="bad param header"):
        parse_query_text("# param: x nope:Class -\nASK {}", Path("bad.rq"))
    with pytest.raises(QueryError, match="bad range header"):
        parse_query_text("# param: a date -\n# param: b string -\n# range: a b\nASK {}", Path("bad.rq"))


@pytest.mark.parametrize(("name", "found"), [("CQ01", "cq01-isdbt-adoption"), ("Cq16", "cq16-passage-of-a-fact"),
                                             ("EVENTS-IN-RANGE", "events-in-range")])
def test_query_names_match_whatever_their_case(name: str, found: str) -> None:
    assert find_query(name).name == found


@pytest.mark.parametrize(("name", "suggested"), [
    ("cq1", ["cq01", "cq10", "cq11", "cq12", "cq13", "cq14", "cq15", "cq16", "cq17", "cq18"]),
    ("cq5", ["cq05"]),
    ("CQ1", ["cq01", "cq10", "cq11", "cq12", "cq13", "cq14", "cq15", "cq16", "cq17", "cq18"]),
    ("isdbt", ["cq01-isdbt-adoption", "cq02-isdbt-cooperation-memoranda"]),
    ("ISDB-T", ["cq01-isdbt-adoption", "cq02-isdbt-cooperation-memoranda"]),
    ("cq01-isdbt-adoptoin", ["cq01-isdbt-adoption"]),
    ("", []),
])
def test_suggestions_match_ids_by_prefix_and_names_by_what_they_mention(name: str, suggested: list[str]) -> None:
    from ictgraph.query.catalogue import list_queries

    assert suggest_queries(name, list_queries()) == suggested


# A party's agreements and the other parties of each: the grouped sub-SELECT projects and groups ?party.
PARTIES = """# param: party iri ex:a
PREFIX ex: <http://example.org/>
SELECT ?agreement ?others WHERE {
  ?agreement ex:party ?party .
  # { SELECT ?party } in a comment, and "{ SELECT ?party WHERE {" in a string, are not structure.
  BIND("{ SELECT ?party WHERE {" AS ?decoy)
  { SELECT ?agreement ?party (GROUP_CONCAT(?name; separator=", ") AS ?others)
    WHERE { ?agreement ex:party ?party , ?other . FILTER(?other != ?party) ?other ex:name ?name }
    GROUP BY ?agreement ?party }
}
"""
PARTY_DATA = """@prefix ex: <http://example.org/> .
ex:m1 ex:party ex:a , ex:b . ex:m2 ex:party ex:b , ex:c . ex:m3 ex:party ex:a , ex:c .
ex:a ex:name "A" . ex:b ex:name "B" . ex:c ex:name "C" .
"""


def test_a_grouped_sub_select_of_the_parameter_is_narrowed_too_with_the_same_answer() -> None:
    query = parse_query_text(PARTIES, Path("parties.rq"))
    bound = bind(query, {"party": "<http://example.org/c>"})
    block = " VALUES (?party) { (<http://example.org/c>) }"
    assert bound.text.count(block) == 2 and len(bound.insertions) == 2
    inner = bound.text.rindex(block)
    assert bound.text[:inner].endswith("GROUP_CONCAT(?name; separator=\", \") AS ?others)\n    WHERE {")
    store = pyoxigraph.Store()
    store.load(PARTY_DATA.encode(), format=pyoxigraph.RdfFormat.TURTLE)

    def rows(text: str) -> set[tuple[str, ...]]:
        return {tuple(term.value for term in row) for row in store.query(text)}  # type: ignore[union-attr]

    outer_only = bound.text[:inner] + bound.text[inner + len(block):]
    assert rows(bound.text) == rows(outer_only) == {("http://example.org/m2", "B"), ("http://example.org/m3", "A")}


@pytest.mark.parametrize("sub_select", [
    "SELECT ?agreement (COUNT(?party) AS ?n) WHERE { ?agreement ex:party ?party } GROUP BY ?agreement",  # not projected
    "SELECT ?agreement ?party (COUNT(*) AS ?n) WHERE { ?agreement ex:party ?party } GROUP BY ?agreement ?n0 ?party0",
    "SELECT * WHERE { ?agreement ex:party ?party }",  # projects whatever it binds: left alone
    "SELECT ?agreement ?party WHERE { ?agreement ex:party ?party } ORDER BY ?agreement LIMIT 1",  # cuts rows
    # The inner ?party is the outer sub-SELECT's own variable, not the query's.
    "SELECT ?agreement WHERE { { SELECT ?agreement ?party WHERE { ?agreement ex:party ?party } } }",
])
def test_a_sub_select_whose_party_is_another_variable_is_left_alone(sub_select: str) -> None:
    text = f"# param: party iri ex:a\nPREFIX ex: <http://example.org/>\nSELECT * WHERE {{ {{ {sub_select} }} }}\n"
    bound = bind(parse_query_text(text, Path("q.rq")), {})
    assert len(bound.insertions) == 1 and bound.text.count("VALUES") == 1


def test_the_named_queries_whose_sub_selects_a_parameter_narrows() -> None:
    from ictgraph.query.catalogue import list_queries

    narrowed = {q.id: len(bind(q, {}).insertions) - 1 for q in list_queries() if q.params}
    # Without these, the query grows with the data although its answer does not (bench/scale.py).
    assert {k: n for k, n in narrowed.items() if n} == {"agreements": 1, "cq01": 1, "cq02": 1}
