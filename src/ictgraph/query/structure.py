"""The shape of a SPARQL text, read from its tokens: its groups, sub-SELECTs and prefixed names.

Binding needs to know which sub-SELECTs a parameter may enter, and running a text which of the
project's prefixes it uses without declaring them. Both are read here from a small lexer of the
SPARQL grammar's terminals (IRIs, strings, comments, variables, names, brackets), never from a
pattern over the raw text: a `{`, `#` or `SELECT` inside an IRI, a string or a comment is not
structure. What is read only ever narrows work the engine does anyway; the engine still parses and
judges every text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

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
    r"|(?P<name>[A-Za-z_](?:[\w.-]*[\w-])?(?::[\w.%-]*)?|:[\w.%-]*)"
    r"|(?P<punct>[{}()*])")


@dataclass(frozen=True)
class Token:
    kind: str  # var, name (a keyword or a prefixed name) or punct
    text: str  # as written, upper-cased for a name (keywords are compared in upper case)
    raw: str  # as written
    end: int  # offset just after the token


def lex(text: str) -> list[Token]:
    """The structural tokens of a query text (see `_TOKEN`), comments, IRIs and strings left out."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "skip" or kind is None:
            continue
        word = match.group(0)
        found.append(Token(kind, word.upper() if kind == "name" else word, word, match.end()))
    return found


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


def _variables_until(tokens: list[Token], i: int, stop: set[str]) -> tuple[set[str], bool, int]:
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


def read_structure(text: str) -> tuple[int | None, list[SubSelect]]:
    """Where the outer WHERE group opens (None if the text has no `WHERE {` outside any group) and the
    query's sub-SELECTs, read from its tokens: the scopes a parameter's VALUES block may enter."""
    tokens = lex(text)
    where: int | None = None
    subs: list[SubSelect] = []
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
            subs.append(SubSelect(tokens[j].end, frozenset(projected), star, grouped, limited, enclosing))
        i += 1
    return where, subs


@functools.lru_cache(maxsize=256)
def undeclared_prefixes(text: str) -> frozenset[str]:
    """The prefixes of the prefixed names a text uses without a `PREFIX` line for them (`_:` blank nodes
    are not prefixed names).

    >>> sorted(undeclared_prefixes("PREFIX ex: <http://x/> SELECT * { ?s ex:p ict:Country . ?b a _:n }"))
    ['ict']
    >>> undeclared_prefixes('SELECT * { ?s <http://x/#ict:a> "rdf:b" } # skos:c')
    frozenset()
    """
    tokens = lex(text)
    declared = {tokens[i + 1].raw.partition(":")[0] for i in range(len(tokens) - 1)
                if tokens[i].text == "PREFIX" and tokens[i + 1].kind == "name"}
    used = {token.raw.partition(":")[0] for token in tokens if token.kind == "name" and ":" in token.raw}
    return frozenset(used - declared - {"_"})
