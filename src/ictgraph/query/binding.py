"""Safe parameter binding: each value becomes a typed RDF term in a VALUES block, never query text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ictgraph.errors import QueryError
from ictgraph.query.catalogue import NamedQuery, Param

_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# Tokens that may hold "#" or "{" without opening a comment or a group, skipped when looking for WHERE.
_SKIP = re.compile(r"<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def _blank_skipped(text: str) -> str:
    """The text with comments, IRIs and strings blanked to spaces, so that offsets stay valid."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def normalise_text(value: str) -> str:
    """NFKC then case-fold, so that full-width ＩＴＵ, ｉｔｕ and ITU all become itu.

    SPARQL has no NFKC, so search parameters are normalised here, before binding; queries compare them
    with LCASE() of labels, which suffices because the graph's labels are already NFKC-clean ASCII/kana.

    Examples
    --------
    >>> normalise_text("ＩＴＵ－Ｒ")
    'itu-r'
    """
    return unicodedata.normalize("NFKC", value).casefold()


def to_term(param: Param, value: str, prefixes: dict[str, str]) -> URIRef | Literal:
    """The RDF term of the parameter's declared type; raises QueryError when the value does not fit it.

    A `search` parameter is normalised with `normalise_text` (its query compares it with folded
    labels); a `string` parameter is bound exactly as given.

    Examples
    --------
    >>> to_term(Param("text", "search", None), "ＩＴＵ", {}).n3()
    '"itu"'
    >>> to_term(Param("name", "string", None), "ＩＴＵ", {}).n3()
    '"ＩＴＵ"'
    >>> to_term(Param("country", "iri", None), "id:country/VN", {"id": "https://w3id.org/ictgraph/id/"}).n3()
    '<https://w3id.org/ictgraph/id/country/VN>'
    """
    value = value.strip()
    fail = f"parameter {param.name!r} must be {{}}, got {value!r}"
    if param.type == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        prefix, _, local = iri.partition(":")
        if prefix in prefixes and not local.startswith("//"):
            iri = prefixes[prefix] + local
        if not _IRI.fullmatch(iri):
            raise QueryError(fail.format("an absolute IRI or a prefixed name such as id:country/VN"))
        return URIRef(iri)
    if param.type == "date":
        try:
            return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
        except ValueError:
            raise QueryError(fail.format("a date YYYY-MM-DD")) from None
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(fail.format("an integer"))
        return Literal(int(value), datatype=XSD.integer)
    if param.type == "lang":
        if not _LANG.fullmatch(value):
            raise QueryError(fail.format("a language tag such as ja or en"))
        return Literal(value.lower())
    if param.type == "search":
        return Literal(normalise_text(value))
    return Literal(value)


def bind_query(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with every parameter placed in a VALUES block at the start of the outer WHERE.

    Values become typed RDF terms serialised by rdflib, so user text can never change the query's
    shape; the block goes on the line of `WHERE {`, so error positions still match the file.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"{query.name} has no parameter {unknown[0]!r} (its parameters: {known})")
    if not declared:
        return query.text
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(query.text)}
    terms: list[str] = []
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"{query.path}: needs --param {param.name}=<{param.type}> ({param.description})")
        terms.append(to_term(param, raw, prefixes).n3())
    where = _WHERE.search(_blank_skipped(query.text))
    if where is None:
        raise QueryError(f"{query.path}: a query with parameters needs a `WHERE {{` to bind them in")
    names = " ".join(f"?{p.name}" for p in query.params)
    block = f" VALUES ({names}) {{ ({' '.join(terms)}) }}"
    return query.text[:where.end()] + block + query.text[where.end():]
