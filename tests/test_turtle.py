"""The deterministic Turtle writer: one text per set of triples, and only the prefixes it can use plainly."""

from __future__ import annotations

import random

import pyoxigraph as ox

from ictgraph.turtle import write_turtle

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NAMESPACES = {"ex": EX, "xsd": XSD, "dt": "http://example.org/datatype/", "rec": "http://example.net/id/"}


def _t(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.Triple:
    return ox.Triple(s, ox.NamedNode(p), o)


TRIPLES = [
    _t(ox.NamedNode(EX + "b"), EX + "name", ox.Literal("<b> is not an IRI", datatype=ox.NamedNode(EX + "html"))),
    _t(ox.NamedNode(EX + "b"), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(EX + "Thing")),
    _t(ox.NamedNode(EX + "a"), EX + "count", ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))),
    _t(ox.NamedNode(EX + "a"), EX + "size", ox.Literal("x", datatype=ox.NamedNode("http://example.org/datatype/s"))),
    _t(ox.BlankNode("n1"), EX + "label", ox.Literal("ラベル", language="ja")),
    _t(ox.NamedNode(EX + "a"), EX + "link", ox.NamedNode("http://example.net/id/country/BR")),
    _t(ox.NamedNode(EX + "a"), EX + "link", ox.NamedNode("http://example.net/id/plain")),
]


def test_the_same_triples_in_any_order_with_duplicates_give_the_same_bytes() -> None:
    expected = write_turtle(TRIPLES, NAMESPACES)
    for seed in range(5):
        shuffled = TRIPLES * 2
        random.Random(seed).shuffle(shuffled)
        assert write_turtle(shuffled, NAMESPACES) == expected
    assert write_turtle(iter(TRIPLES), NAMESPACES) == expected  # an iterator (a CONSTRUCT answer) too


def test_subjects_in_order_with_their_type_first_and_prefixes_only_where_every_name_is_plain() -> None:
    text = write_turtle(TRIPLES, NAMESPACES).decode()
    # ex:, xsd: (a datatype) and dt: are used plainly; rec: is not declared because id/country/BR would
    # need `\/`, so both of its IRIs are written whole.
    assert {line for line in text.splitlines() if line.startswith("@prefix")} == {
        f"@prefix dt: <{NAMESPACES['dt']}> .", f"@prefix ex: <{EX}> .", f"@prefix xsd: <{XSD}> ."}
    assert "<http://example.net/id/country/BR> , <http://example.net/id/plain>" in text
    body = [line for line in text.splitlines() if not line.startswith("@prefix")]
    assert body == ["ex:a ex:count 3 ;",
                    "\tex:link <http://example.net/id/country/BR> , <http://example.net/id/plain> ;",
                    '\tex:size "x"^^dt:s .', "ex:b a ex:Thing ;", '\tex:name "<b> is not an IRI"^^ex:html .',
                    '_:n1 ex:label "ラベル"@ja .']
    assert '"<b> is not an IRI"^^ex:html' in text
    assert {q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)} == set(TRIPLES)


def test_no_triples_is_an_empty_text() -> None:
    assert write_turtle([], NAMESPACES) == b""
