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

RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: The local part of a prefixed name written unescaped: empty, or a letter or `_`, then letters, digits, `_`,
#: `-`, dots inside.
_PLAIN_LOCAL = re.compile(r"(?:[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")


def write_turtle(triples: Iterable[ox.Triple], namespaces: dict[str, str] | None = None) -> bytes:
    """The triples as Turtle, in UTF-8.

    `namespaces` (default the project's prefixes) are the prefixes IRIs may be written with.
    Duplicates are written once.

    The triples are ordered and their IRIs read as N-Triples lines, which Oxigraph writes in one call:
    a line is `subject predicate object .`, its terms in the form `str()` gives them, and byte order
    of UTF-8 is the order of code points, so sorting lines by their terms gives the order described
    above without making a Python object per term (a 17-triple CONSTRUCT answer in a third of the time).
    """
    import pyoxigraph as ox

    given = list(triples)
    lines = (ox.serialize(given, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines()  # one per triple, in order
    # Each distinct line once, as (subject, not rdf:type, predicate, object, triple): sorted as plain tuples
    # (two lines never tie, so the triples themselves are never compared); and every IRI it names.
    keyed: list[tuple[bytes, bool, bytes, bytes, ox.Triple]] = []
    iris: set[bytes] = set()
    add = iris.add
    for line, triple in dict(zip(lines, given, strict=True)).items():
        s, p, o = line[:-2].split(b" ", 2)
        keyed.append((s, p != RDF_TYPE, p, o, triple))
        add(p)
        if s[0] == 0x3C:  # <: an IRI, not a blank node
            add(s)
        # An object ending in ">": an IRI, a literal with its datatype ("…"^^<…>) or a triple term (<<( … )>>).
        if o[-1] == 0x3E and o[:2] != b"<<":
            add(o if o[0] == 0x3C else o[o.rindex(b"^^<") + 2:])
    keyed.sort()
    prefixes = _prefixes(iris, NAMESPACES if namespaces is None else namespaces)
    return ox.serialize([k[4] for k in keyed], format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""


def _prefixes(iris: set[bytes], namespaces: dict[str, str]) -> dict[str, str]:
    """The namespaces the IRIs (as N-Triples writes them, `<…>`) fall under where every IRI under it is a
    plain name, by prefix in order."""
    iris.discard(RDF_TYPE)  # written `a`
    # Each IRI's verdict is remembered for the project's prefixes (what every build and answer uses):
    # answers name the same classes and properties again and again.
    verdicts = _VERDICTS if namespaces is NAMESPACES else {}
    longest_first: list[tuple[str, str]] = []
    used: set[str] = set()
    spoiled: set[str] = set()
    for iri in iris:
        verdict = verdicts.get(iri)
        if verdict is None:
            longest_first = longest_first or sorted(namespaces.items(), key=lambda kv: -len(kv[1]))
            verdict = verdicts[iri] = _written_with(iri[1:-1].decode(), longest_first)
        prefix, plain = verdict
        if prefix is not None:
            (used if plain else spoiled).add(prefix)
    return {prefix: namespaces[prefix] for prefix in sorted(used - spoiled)}


#: `_written_with` of the IRIs (as N-Triples writes them, `<…>`) seen so far, under the project's prefixes.
_VERDICTS: dict[bytes, tuple[str | None, bool]] = {}


def _written_with(iri: str, longest_first: list[tuple[str, str]]) -> tuple[str | None, bool]:
    """The prefix whose namespace `iri` falls under (longest first) and whether the rest is a plain name."""
    for prefix, ns in longest_first:
        if iri.startswith(ns):
            return prefix, _PLAIN_LOCAL.fullmatch(iri, len(ns)) is not None
    return None, False
