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
from ictgraph.vocab import NAMESPACES

XSD = "http://www.w3.org/2001/XMLSchema#"
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
#: An absolute IRI as SPARQL's IRIREF allows it: no space, control character or <>"{}|^`\ inside.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
#: The SPARQL tokens that shape a query's groups: braces, parentheses, `*`, variables and keywords.
#: IRIs, strings (long ones first) and comments are matched as tokens of their own, so that a "#", "{"
#: or "SELECT" inside them is never read as structure; prefixed names are one token (ict:select is no
#: keyword). Anything else (numbers, "." ";" "," operators) is skipped between tokens.
_TOKEN = re.compile(
    r"(?P<skip><[^<>\"{}|^`\\\s]*>"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<name>[A-Za-z_][\w-]*(?::[\w.%-]*)?|:[\w.%-]*)"
    r"|(?P<punct>[{}()*])")
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


def sparql_iri(iri: str) -> str:
    """`iri` as a SPARQL IRI reference; QueryError if it holds a character an IRI may not hold.

    >>> sparql_iri("https://w3id.org/ictgraph/id/country/VN")
    '<https://w3id.org/ictgraph/id/country/VN>'
    """
    if not _IRI.fullmatch(iri):
        raise QueryError(f"{_shown(iri)} is not an absolute IRI")
    return f"<{iri}>"


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
    declared = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}
    return {**NAMESPACES, **declared}


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
class _Token:
    kind: str  # var, name (a keyword or prefixed name, upper-cased) or punct
    text: str
    end: int  # offset just after the token


def _tokens(text: str) -> list[_Token]:
    """The structural tokens of a query text (see `_TOKEN`), comments, IRIs and strings left out."""
    found: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "skip" or kind is None:
            continue
        word = match.group(0)
        found.append(_Token(kind, word.upper() if kind == "name" else word, match.end()))
    return found


@dataclass(frozen=True)
class _SubSelect:
    """A sub-SELECT: where its WHERE group opens, what it projects, how it groups and whether it cuts."""

    opens: int  # offset just after the `{` of its WHERE group
    projected: frozenset[str]  # variables it names in its projection
    star: bool  # it projects `*`
    grouped: frozenset[str] | None  # GROUP BY variables, None without GROUP BY
    limited: bool  # it has a LIMIT or an OFFSET, which would cut other rows if the parameter were bound inside
    enclosing: int | None  # index of the sub-SELECT it sits in, None at the query's level

    def passes(self, name: str) -> bool:
        """Whether the query's ?name is this sub-SELECT's ?name, and binding it inside keeps whole groups
        and the same rows."""
        return (not self.star and not self.limited and name in self.projected
                and (self.grouped is None or name in self.grouped))


def _variables_until(tokens: list[_Token], i: int, stop: set[str]) -> tuple[set[str], bool, int]:
    """The variables a projection or GROUP BY names from token `i` (bare ones, and `AS ?v` targets), whether
    it holds a bare `*`, and the index of the token that ends it (a keyword of `stop` or a `{`/`}` outside
    parentheses)."""
    names: set[str] = set()
    star = False
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        if depth == 0 and (token.text in stop or token.text in "{}"):
            break
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.kind == "var" and (depth == 0 or tokens[i - 1].text == "AS"):
            names.add(token.text[1:])
        elif token.text == "*" and depth == 0:
            star = True
        i += 1
    return names, star, i


def _structure(text: str) -> tuple[int | None, list[_SubSelect]]:
    """Where the outer WHERE group opens (None if the text has no `WHERE {` outside any group) and the
    query's sub-SELECTs, read from its tokens: the scopes a parameter's VALUES block may enter."""
    tokens = _tokens(text)
    where: int | None = None
    subs: list[_SubSelect] = []
    # One entry per open `{`: the index in `subs` of the sub-SELECT it opens (its outer brace), else None.
    stack: list[int | None] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text == "{":
            stack.append(None)
        elif token.text == "}":
            if stack:
                stack.pop()
        elif token.text == "WHERE" and not stack and where is None and i + 1 < len(tokens) \
                and tokens[i + 1].text == "{":
            where = tokens[i + 1].end
        elif token.text == "SELECT" and stack and tokens[i - 1].text == "{":
            projected, star, j = _variables_until(tokens, i + 1, {"WHERE"})
            if j < len(tokens) and tokens[j].text == "WHERE":
                j += 1
            if j >= len(tokens) or tokens[j].text != "{":
                break  # not a query Oxigraph would accept; leave it to the engine's error
            # The modifiers after the WHERE group: find its closing brace, then GROUP BY before the sub-SELECT's.
            depth, k = 0, j
            while k < len(tokens):
                depth += {"{": 1, "}": -1}.get(tokens[k].text, 0)
                if depth == 0:
                    break
                k += 1
            grouped: frozenset[str] | None = None
            limited = False
            while k + 1 < len(tokens) and tokens[k + 1].text != "}":
                k += 1
                limited = limited or tokens[k].text in ("LIMIT", "OFFSET")
                if tokens[k].text == "GROUP" and k + 1 < len(tokens) and tokens[k + 1].text == "BY":
                    keys, _, k = _variables_until(tokens, k + 2, {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})
                    grouped = frozenset(keys)
                    k -= 1
            enclosing = next((entry for entry in reversed(stack) if entry is not None), None)
            stack[-1] = len(subs)
            subs.append(_SubSelect(tokens[j].end, frozenset(projected), star, grouped, limited, enclosing))
        i += 1
    return where, subs


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
    where, subs = _structure(query.text)
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
