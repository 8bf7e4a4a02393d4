"""Turtle written the same way every time: the graph file of the build, and CONSTRUCT answers.

Oxigraph's Turtle serialiser writes the text (escaping, `a`, `;` and `,` for a repeated subject and
predicate, numbers and booleans unquoted); it writes the triples in the order it is given them, so
they are handed over sorted: subjects, then `rdf:type` before the other predicates, then predicates
and objects, each in its N-Triples form. The same set of triples always gives the same bytes.

A prefix is declared only when the triples use it and every IRI under it is a plain name
(`ict:Country`). The records' IRIs (`<…/id/country/BR>`) stay whole: as prefixed names their `/`
would be escaped (`id:country\\/BR`), which no reader wants to see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ictgraph.vocab import NAMESPACES

if TYPE_CHECKING:
    import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The local part of a prefixed name written unescaped: empty, or a letter or `_`, then letters, digits, `_`,
#: `-`, dots inside.
_PLAIN_LOCAL = re.compile(r"(?:[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")


def write_turtle(triples: Iterable[ox.Triple | ox.Quad], namespaces: dict[str, str] | None = None) -> bytes:
    """The triples (of quads, their triples: graph names are ignored) as Turtle, in UTF-8.

    `namespaces` (default the project's prefixes) are the prefixes IRIs may be written with.
    Duplicates are written once.
    """
    import pyoxigraph as ox

    unique = {t if isinstance(t, ox.Triple) else t.triple for t in triples}
    ordered = sorted(unique, key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, str(t.predicate),
                                            str(t.object)))
    prefixes = _prefixes(ordered, NAMESPACES if namespaces is None else namespaces)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""


def _prefixes(triples: list[ox.Triple], namespaces: dict[str, str]) -> dict[str, str]:
    """The namespaces the triples use where every IRI under it is a plain name, by prefix in order."""
    import pyoxigraph as ox

    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.language is None:
                iris.add(term.datatype.value)
    iris.discard(RDF_TYPE)  # written `a`
    iris.discard(XSD_STRING)  # a plain literal
    # Each IRI's verdict is remembered for the project's prefixes (what every build and answer uses):
    # answers name the same classes and properties again and again.
    verdicts = _VERDICTS if namespaces is NAMESPACES else {}
    longest_first = sorted(namespaces.items(), key=lambda kv: -len(kv[1]))
    used: set[str] = set()
    spoiled: set[str] = set()
    for iri in iris:
        verdict = verdicts.get(iri)
        if verdict is None:
            verdict = verdicts[iri] = _written_with(iri, longest_first)
        prefix, plain = verdict
        if prefix is not None:
            (used if plain else spoiled).add(prefix)
    return {prefix: namespaces[prefix] for prefix in sorted(used - spoiled)}


#: `_written_with` of the IRIs seen so far, under the project's prefixes.
_VERDICTS: dict[str, tuple[str | None, bool]] = {}


def _written_with(iri: str, longest_first: list[tuple[str, str]]) -> tuple[str | None, bool]:
    """The prefix whose namespace `iri` falls under (longest first) and whether the rest is a plain name."""
    for prefix, ns in longest_first:
        if iri.startswith(ns):
            return prefix, _PLAIN_LOCAL.fullmatch(iri, len(ns)) is not None
    return None, False
