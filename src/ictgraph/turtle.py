"""Turtle written the same way every time: the graph file of the build, and CONSTRUCT answers.

rdflib's Turtle serialiser took most of a second on the built graph; this writer takes Oxigraph's
terms, whose N-Triples forms Oxigraph writes (escaping included), and lays them out in a fixed
order: subjects sorted, `a` first and then the predicates sorted, objects sorted, each subject a
block of its own. The same set of triples always gives the same bytes. IRIs are written with the
project's prefixes where the rest of the IRI is a plain name (`ict:Country`; `<…/id/country/BR>`
stays whole, as a `/` in a prefixed name would need escaping), and only the prefixes used are
declared.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ictgraph.vocab import NAMESPACES

if TYPE_CHECKING:
    import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: The local part of a prefixed name written unescaped: a letter or `_`, then letters, digits, `_`, `-`, dots inside.
_PLAIN_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
INDENT = "    "


@functools.lru_cache(maxsize=1 << 16)
def _written_iri(iri: str, namespaces: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """`prefix:local` and the prefix, when a namespace fits and the local part is a plain name; else `<iri>`, None.

    `namespaces` are (prefix, namespace) pairs, longest namespace first. Remembered: a graph names
    the same classes and properties thousands of times.
    """
    for prefix, ns in namespaces:
        if iri.startswith(ns) and _PLAIN_LOCAL.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}", prefix
    return f"<{iri}>", None


class _Writer:
    """Turns terms into Turtle text, remembering which prefixes it used."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        import pyoxigraph as ox

        self.namespaces = tuple(sorted(namespaces.items(), key=lambda kv: -len(kv[1])))
        self.used: set[str] = set()
        self._named_node, self._literal = ox.NamedNode, ox.Literal

    def iri(self, iri: str) -> str:
        written, prefix = _written_iri(iri, self.namespaces)
        if prefix is not None:
            self.used.add(prefix)
        return written

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
        kind = type(term)
        if kind is self._named_node:
            return self.iri(term.value)  # type: ignore[union-attr]
        if kind is self._literal:
            return self.literal(term)  # type: ignore[arg-type]
        return str(term)  # a blank node (_:id) or an RDF-star triple, as N-Triples writes it

    def literal(self, term: ox.Literal) -> str:
        text = str(term)  # "…"@lang, "…" (xsd:string) or "…"^^<datatype>, escaped by Oxigraph
        if term.language is not None:
            return text
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return text
        if datatype == XSD + "integer" and _INTEGER.fullmatch(term.value):
            return term.value
        if datatype == XSD + "boolean" and term.value in ("true", "false"):
            return term.value
        quoted = text[: len(text) - len(datatype) - 4]  # without ^^<datatype>
        return f"{quoted}^^{self.iri(datatype)}"


def write_turtle(triples: Iterable[ox.Triple | ox.Quad], namespaces: dict[str, str] | None = None) -> bytes:
    """The triples (of quads, their triples: graph names are ignored) as Turtle, in UTF-8.

    `namespaces` (default the project's prefixes) are the prefixes IRIs may be written with.
    Duplicates are written once.
    """
    writer = _Writer(NAMESPACES if namespaces is None else namespaces)
    term = writer.term
    by_subject: dict[str, dict[str, set[str]]] = {}
    for triple in triples:
        predicates = by_subject.setdefault(term(triple.subject), {})
        predicates.setdefault(triple.predicate.value, set()).add(term(triple.object))
    blocks = []
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        lines = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF_TYPE, p)):
            name = "a" if predicate == RDF_TYPE else writer.iri(predicate)
            objects = f" ,\n{INDENT * 2}".join(sorted(predicates[predicate]))
            lines.append(f"{name} {objects}")
        blocks.append(f"{subject} " + f" ;\n{INDENT}".join(lines) + " .\n")
    header = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(
        (p, ns) for p, ns in (NAMESPACES if namespaces is None else namespaces).items() if p in writer.used))
    return (header + ("\n" if header and blocks else "") + "\n".join(blocks)).encode("utf-8")
