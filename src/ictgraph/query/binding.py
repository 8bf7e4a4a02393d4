"""Safe parameter binding: each value becomes one RDF term, written by the SPARQL grammar, in a VALUES block.

The terms are written here rather than by rdflib's `Literal.n3()`, which picks a long-string form for
text holding a newline and then mis-escapes a value ending in `\\"`: with two string parameters in one
query that let the second value's text run as SPARQL. A string here is always a short
`"…"` literal with `\\`, `"`, LF and CR escaped (SPARQL 1.1 grammar, STRING_LITERAL2 and ECHAR),
so every character of a value stays inside its literal whatever the value holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from ictgraph.errors import QueryError
from ictgraph.query.catalogue import NamedQuery, Param
from ictgraph.query.structure import prefix_declarations, read_structure
from ictgraph.vocab import NAMESPACES

XSD = "http://www.w3.org/2001/XMLSchema#"
#: An absolute IRI as SPARQL's IRIREF allows it: no space, control character or <>"{}|^`\ inside.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: How much of a refused value an error message repeats.
_SHOWN = 60


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


def sparql_string(value: str) -> str:
    """`value` as a SPARQL string literal that holds exactly it.

    >>> print(sparql_string('x\\n\\\\"'))
    "x\\n\\\\\\""
    """
    return f'"{value.translate(_ESCAPES)}"'


def _shown(value: str) -> str:
    """A value as an error message repeats it: quoted, and cut if long."""
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def expand_iri(value: str, prefixes: dict[str, str]) -> str | None:
    """The absolute IRI that `value` spells (`<…>`, a prefixed name under `prefixes`, or an absolute IRI), else None.

    >>> expand_iri("id:country/VN", {"id": "https://w3id.org/ictgraph/id/"})
    'https://w3id.org/ictgraph/id/country/VN'
    >>> expand_iri("Viet Nam", {}) is None
    True
    """
    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    prefix, colon, local = iri.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        iri = prefixes[prefix] + local
    return iri if _IRI.fullmatch(iri) else None


def query_prefixes(text: str) -> dict[str, str]:
    """The project's prefixes, overridden by the `PREFIX` lines of a query text."""
    return {**NAMESPACES, **prefix_declarations(text)}


def to_term(param: Param, value: str, prefixes: dict[str, str]) -> str:
    """The SPARQL text of the RDF term of the parameter's declared type; QueryError if the value does not fit.

    A `search` parameter is normalised with `normalise_text` (its query compares it with folded
    labels); a `string` parameter is bound exactly as given.

    Examples
    --------
    >>> to_term(Param("text", "search", None), "ＩＴＵ", {})
    '"itu"'
    >>> to_term(Param("name", "string", None), "ＩＴＵ", {})
    '"ＩＴＵ"'
    >>> to_term(Param("country", "iri", None), "id:country/VN", {"id": "https://w3id.org/ictgraph/id/"})
    '<https://w3id.org/ictgraph/id/country/VN>'
    >>> to_term(Param("n", "integer", None), "{3}", {})
    Traceback (most recent call last):
    ictgraph.errors.QueryError: parameter 'n' must be an integer, got '{3}'
    """
    return _convert(param, value, prefixes)[0]


def _convert(param: Param, value: str, prefixes: dict[str, str]) -> tuple[str, object]:
    """The term's SPARQL text and its Python value (for `# range:` checks)."""
    value = value.strip()

    def refuse(expected: str) -> QueryError:
        return QueryError(f"parameter {param.name!r} must be {expected}, got {_shown(value)}")

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refuse("text (it holds bytes that are not UTF-8)") from None
    if param.type == "iri":
        iri = expand_iri(value, prefixes)
        if iri is None:
            raise refuse("an absolute IRI or a prefixed name such as id:country/VN")
        return f"<{iri}>", iri
    if param.type == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise refuse("a date YYYY-MM-DD") from None
        return f'"{day.isoformat()}"^^<{XSD}date>', day
    if param.type == "integer":
        try:
            number = int(value) if re.fullmatch(r"[+-]?\d+", value) else None
        except ValueError:  # more digits than Python converts
            number = None
        if number is None:
            raise refuse("an integer")
        return f'"{number}"^^<{XSD}integer>', number
    if param.type == "lang":
        if not _LANG.fullmatch(value):
            raise refuse("a language tag such as ja or en")
        return sparql_string(value.lower()), value.lower()
    if param.type == "search":
        return sparql_string(normalise_text(value)), value
    return sparql_string(value), value


@dataclass(frozen=True)
class BoundQuery:
    """A query text with its parameters bound, and where VALUES blocks went (to map error positions back)."""

    text: str
    #: (offset in the original text, characters added) of each block, in the order of the text.
    insertions: tuple[tuple[int, int], ...] = ()

    def original_offset(self, offset: int) -> int:
        """The offset in the query as written of an offset in the bound text (inside a block: its start)."""
        shift = 0
        for at, length in self.insertions:
            if offset <= at + shift:
                break
            if offset < at + shift + length:
                return at
            shift += length
        return offset - shift


def bind(query: NamedQuery, values: dict[str, str]) -> BoundQuery:
    """The query with its parameters placed in a VALUES block at the start of the outer WHERE, and again
    at the start of every sub-SELECT whose answer they narrow.

    Values become typed RDF terms written by `to_term`, so user text can never change the query's
    shape. A sub-SELECT gets the block of the parameters it projects (and groups by, if it groups), when
    every sub-SELECT around it does too: there the parameter is the same variable as outside, and
    binding it inside changes no answer, while the engine, which joins a grouped sub-SELECT only after
    computing it whole, no longer computes it for every value the data holds (agreements of one party
    at x1000: 2.4 s to a few ms). Each block goes on the line of its `{`, so error lines still match
    the file (and `BoundQuery.original_offset` maps columns back). Remembered for the last few queries
    and values (a named query run in a loop is bound once).
    """
    return _bind(query, tuple(sorted(values.items())))


@functools.lru_cache(maxsize=128)
def _bind(query: NamedQuery, items: tuple[tuple[str, str], ...]) -> BoundQuery:
    values = dict(items)
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"{query.name} has no parameter {_shown(unknown[0])} (its parameters: {known})")
    if not declared:
        return BoundQuery(query.text)
    prefixes = query_prefixes(query.text)
    terms: dict[str, str] = {}
    python: dict[str, object] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"{query.path}: needs --param {param.name}=<{param.type}> ({param.description})")
        terms[param.name], python[param.name] = _convert(param, raw, prefixes)
    for low, high in query.ranges:
        if python[low] > python[high]:  # type: ignore[operator]  # one ordered type, checked by the header
            raise QueryError(f"{query.name}: {low} {python[low]} is after {high} {python[high]}: "
                             f"give a {low} on or before the {high}")
    where, subs = read_structure(query.text)
    if where is None:
        raise QueryError(f"{query.path}: a query with parameters needs a `WHERE {{` to bind them in")
    blocks = {where: list(terms)}
    for sub in subs:
        chain = [sub]
        while chain[-1].enclosing is not None:
            chain.append(subs[chain[-1].enclosing])
        narrowing = [name for name in terms if all(s.passes(name) for s in chain)]
        if narrowing:
            blocks[sub.opens] = narrowing
    text, insertions, last = [], [], 0
    for at in sorted(blocks):
        names = blocks[at]
        block = (f" VALUES ({' '.join(f'?{n}' for n in names)}) "
                 f"{{ ({' '.join(terms[n] for n in names)}) }}")
        text += [query.text[last:at], block]
        insertions.append((at, len(block)))
        last = at
    text.append(query.text[last:])
    return BoundQuery("".join(text), tuple(insertions))


def bind_query(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with its parameters bound (see `bind`)."""
    return bind(query, values).text
