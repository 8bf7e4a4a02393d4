"""The shape of a SPARQL text, read from its tokens: its groups, sub-SELECTs and prefixed names.

Binding needs to know which sub-SELECTs a parameter may enter, running a text which of the
project's prefixes it uses without declaring them, and explaining a refused text (`diagnose`) which
token the engine stopped at. All three read the one lexer here, of the SPARQL grammar's terminals,
never a pattern over the raw text: a `{`, `#` or `SELECT` inside an IRI, a string or a comment is not
structure. What is read only ever narrows work the engine does anyway, or explains its refusal; the
engine still parses and judges every text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: The SPARQL grammar's terminals: IRIs, strings (long ones first; one left open runs to the end), comments
#: and prefixed names are tokens of their own, so that a `{`, `#` or `SELECT` inside one is never read as
#: structure.
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              |'(?:[^'\\\r\n]|\\.)*'?|"(?:[^"\\\r\n]|\\.)*"?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<bnode>_:[\w.\-\u00B7]*)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00B7]*)?:(?:[\w:%\-\u00B7.]|\\.)*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    """One token of a SPARQL text and where it starts (offset into the text)."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, without spaces and comments.

    >>> [t.text for t in tokens('PREFIX ex: <http://x/> SELECT * { ?s ex:p "a # b" } # c')]
    ['PREFIX', 'ex:', '<http://x/>', 'SELECT', '*', '{', '?s', 'ex:p', '"a # b"', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def prefix_of(token: Token) -> str:
    """The prefix of a prefixed name (`ict` of `ict:Country`)."""
    return token.text.partition(":")[0]


def prefixed_names(text: str) -> Iterator[tuple[Token, bool]]:
    """Each prefixed name of a text, and whether it is the one a `PREFIX` declaration names."""
    previous: Token | None = None
    for token in tokens(text):
        if token.kind == "pname":
            yield token, previous is not None and previous.kind == "word" and previous.text.upper() == "PREFIX"
        previous = token


def prefix_declarations(text: str) -> dict[str, str]:
    """The namespace each `PREFIX` declaration of a text gives its prefix (a later one wins, as in SPARQL).

    >>> prefix_declarations('PREFIX ex: <http://x/> PREFIX : <http://y/> SELECT * { ?s ex:p "PREFIX no: <z>" }')
    {'ex': 'http://x/', '': 'http://y/'}
    """
    stream = list(tokens(text))
    return {prefix_of(name): iri.text[1:-1]
            for word, name, iri in zip(stream, stream[1:], stream[2:], strict=False)
            if word.kind == "word" and word.text.upper() == "PREFIX" and name.kind == "pname" and iri.kind == "iri"}


@dataclass(frozen=True)
class SubSelect:
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


#: The keywords that may end a GROUP BY clause.
_AFTER_GROUP_BY = {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


def _variables_until(stream: list[Token], words: list[str], i: int, stop: set[str]) -> tuple[set[str], bool, int]:
    """The variables a projection or GROUP BY names from token `i` (bare ones, and `AS ?v` targets), whether
    it holds a bare `*`, and the index of the token that ends it (a keyword of `stop` or a `{`/`}` outside
    parentheses)."""
    names: set[str] = set()
    star = False
    depth = 0
    while i < len(stream):
        word = words[i]
        if depth == 0 and (word in stop or word in ("{", "}")):
            break
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
        elif stream[i].kind == "var" and (depth == 0 or words[i - 1] == "AS"):
            names.add(stream[i].text[1:])
        elif word == "*" and depth == 0:
            star = True
        i += 1
    return names, star, i


def read_structure(text: str) -> tuple[int | None, list[SubSelect]]:
    """Where the outer WHERE group opens (None if the text has no `WHERE {` outside any group) and the
    query's sub-SELECTs, read from its tokens: the scopes a parameter's VALUES block may enter."""
    stream = list(tokens(text))
    words = [t.text.upper() if t.kind == "word" else t.text for t in stream]  # keywords in any case
    where: int | None = None
    subs: list[SubSelect] = []
    # One entry per open `{`: the index in `subs` of the sub-SELECT it opens (its outer brace), else None.
    stack: list[int | None] = []
    i = 0
    while i < len(stream):
        word = words[i]
        if word == "{":
            stack.append(None)
        elif word == "}":
            if stack:
                stack.pop()
        elif word == "WHERE" and not stack and where is None and i + 1 < len(stream) and words[i + 1] == "{":
            where = stream[i + 1].end
        elif word == "SELECT" and stack and words[i - 1] == "{":
            projected, star, j = _variables_until(stream, words, i + 1, {"WHERE"})
            if j < len(stream) and words[j] == "WHERE":
                j += 1
            if j >= len(stream) or words[j] != "{":
                break  # not a query Oxigraph would accept; leave it to the engine's error
            # The modifiers after the WHERE group: find its closing brace, then GROUP BY before the sub-SELECT's.
            depth, k = 0, j
            while k < len(stream):
                depth += {"{": 1, "}": -1}.get(words[k], 0)
                if depth == 0:
                    break
                k += 1
            grouped: frozenset[str] | None = None
            limited = False
            while k + 1 < len(stream) and words[k + 1] != "}":
                k += 1
                limited = limited or words[k] in ("LIMIT", "OFFSET")
                if words[k] == "GROUP" and k + 1 < len(stream) and words[k + 1] == "BY":
                    keys, _, k = _variables_until(stream, words, k + 2, _AFTER_GROUP_BY)
                    grouped = frozenset(keys)
                    k -= 1
            enclosing = next((entry for entry in reversed(stack) if entry is not None), None)
            stack[-1] = len(subs)
            subs.append(SubSelect(stream[j].end, frozenset(projected), star, grouped, limited, enclosing))
        i += 1
    return where, subs


@functools.lru_cache(maxsize=256)
def undeclared_prefixes(text: str) -> frozenset[str]:
    """The prefixes of the prefixed names a text uses without a `PREFIX` declaration for them.

    >>> sorted(undeclared_prefixes("PREFIX ex: <http://x/> SELECT * { ?s ex:p ict:Country . ?b a _:n }"))
    ['ict']
    >>> undeclared_prefixes('SELECT * { ?s <http://x/#ict:a> "rdf:b" } # skos:c')
    frozenset()
    """
    used: set[str] = set()
    declared: set[str] = set()
    for token, declares in prefixed_names(text):
        (declared if declares else used).add(prefix_of(token))
    return frozenset(used - declared)
