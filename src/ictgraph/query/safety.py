"""What a SPARQL text asks for, read from a real parse: nesting depth, updates, SERVICE, FROM.

Whoever runs a query for somebody else must know, before the engine sees the text, whether it
writes (an update, LOAD), reaches the network (SERVICE, or FROM in engines that fetch a graph
named there) or nests deeply enough to overflow a parser's stack. A scan of the text for keywords
cannot know: `FILTER(0<1)SERVICE#>` is an IRI to a scanner and a comparison followed by SERVICE
to a parser. So the answer comes from rdflib's SPARQL 1.1 grammar, fed the text exactly as the
engine that will run it reads it (`as_read_by`), and from a walk of the parse tree.

Order matters: `nesting_depth` is a linear lexer that runs first, so that no parser ever sees a
text nested past `MAX_DEPTH`; only then does `inspect` parse. A text that does not parse is an
error, never "nothing forbidden was found".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from ictgraph.errors import QueryError

#: Deepest bracket nesting ( {, (, [ together ) accepted. Real queries stay under 10; rdflib's
#: parser needs up to 60 Python frames per level, and Oxigraph overflowed 8 MiB at 10,000.
MAX_DEPTH = 64
#: Stack for a thread that parses or runs a query: Oxigraph recurses once per operator of a chain
#: (`1+1+…`, `{…} UNION {…} UNION …`); 64 MiB was enough for every chain that fits in 256 KiB.
DEEP_STACK_BYTES = 256 * 1024 * 1024
#: Python frames allowed to rdflib's parser in such a thread: 64 levels of the deepest construct,
#: nested parentheses in an expression, need up to 4000 (measured); five times that.
RECURSION_LIMIT = 20_000
#: More simultaneous readings of one text than this, and the lexer gives up (refused, not guessed).
MAX_READINGS = 64

#: How an engine reads a text before its grammar does. Oxigraph (0.5) applies \\u escapes inside
#: strings and IRIs only and ends comments at CR or LF; rdflib applies them everywhere first (as
#: SPARQL 1.1 §19.2 says) and ends comments at LF only.
Reading = Literal["oxigraph", "rdflib"]

T = TypeVar("T")


class QueryRefused(QueryError):
    """A text that cannot be vetted: `kind` is "syntax", "depth" or "complex"; str() is one line."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Findings:
    """What a query asks for, beyond reading the data it is run against."""

    update: str | None = None  # the first update operation (INSERT, LOAD, ...), if the text is an update
    service: bool = False  # a SERVICE clause anywhere, at any depth
    dataset: bool = False  # a FROM or FROM NAMED clause anywhere

    def __or__(self, other: Findings) -> Findings:
        return Findings(self.update or other.update, self.service or other.service, self.dataset or other.dataset)


def check_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """Raise `QueryRefused` ("depth") if the text nests brackets deeper than `limit`; else the depth.

    >>> check_depth("SELECT * { { ?s ?p ?o } FILTER((1)) }")
    3
    >>> check_depth("ASK " + "{" * 100 + "}" * 100)
    Traceback (most recent call last):
    ictgraph.query.safety.QueryRefused: the query nests brackets more than 64 deep: write it flatter
    """
    depth = nesting_depth(text, stop_above=limit)
    if depth > limit:
        raise QueryRefused("depth", f"the query nests brackets more than {limit} deep: write it flatter")
    return depth


# ---------------------------------------------------------------------------------------------
# The lexer. SPARQL's tokens are ambiguous without the grammar: `<` starts an IRI or is "less
# than"; `\` before a quote is an escape in a prefixed name (ex:a\'b) or nothing. Where a text
# can be read two ways the lexer follows both readings and keeps the deepest, so its answer is an
# upper bound of what any parser will nest, whichever way it reads the text. Readings that reach
# the same place in the same state merge, so the work stays linear.

_CODE, _COMMENT, _S1, _S2, _L1, _L2 = range(6)
_CODE_SKIP = re.compile(r"[^\"'<#(){}\[\]\\]*")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_COMMENT_END = re.compile(r"[\n\r]")
_STRING_BODY = {
    _S1: re.compile(r"(?:[^'\\\n\r]|\\.)*", re.DOTALL),
    _S2: re.compile(r"(?:[^\"\\\n\r]|\\.)*", re.DOTALL),
    _L1: re.compile(r"(?:[^'\\]|\\.|'(?!''))*", re.DOTALL),
    _L2: re.compile(r"(?:[^\"\\]|\\.|\"(?!\"\"))*", re.DOTALL),
}
_CLOSER = {_S1: "'", _S2: '"', _L1: "'''", _L2: '"""'}


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """The deepest nesting of ( [ { in `text` outside strings and comments, in any reading of it.

    Linear in the length of the text: regular expressions skip runs of uninteresting characters,
    and at most `MAX_READINGS` readings are alive at once (past that, `QueryRefused` "complex").
    With `stop_above`, it stops as soon as the depth passes it (and returns that depth).

    >>> nesting_depth('SELECT * { FILTER(?x = "((((") } # ((((')
    2
    >>> nesting_depth("SELECT * { FILTER(0<1)SERVICE#>\\n<http://x/>{?s ?p ?o}} }")
    3
    """
    lexer = _Lexer(text)
    pending: dict[int, dict[int, int]] = {0: {_CODE: 0}}
    deepest = 0
    while pending:
        pos = min(pending)
        states = pending.pop(pos)
        for mode, depth in states.items():
            deepest = max(deepest, depth)
            if stop_above is not None and deepest > stop_above:
                return deepest
            for next_pos, next_mode, next_depth in lexer.step(pos, mode, depth):
                if next_pos >= len(text):
                    deepest = max(deepest, next_depth)
                    continue
                at = pending.setdefault(next_pos, {})
                at[next_mode] = max(at.get(next_mode, 0), next_depth)
        if sum(len(s) for s in pending.values()) > MAX_READINGS or lexer.scanned > 4 * len(text) + 65536:
            raise QueryRefused("complex", "the query can be read in too many ways to check it: "
                                          "close its strings, IRIs and comments")
    return deepest


class _Lexer:
    """The transitions of the lexer over one text, counting the characters its scans consume.

    Two readings that scan the same stretch (a comment that one of them entered inside an IRI)
    would make the work quadratic: the end of a comment is remembered, and `scanned` lets the
    caller give up on texts built to make readings overlap anyway.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanned = 0
        self._comment = (1, 0)  # the last comment scanned: from start, its line break at end

    def step(self, pos: int, mode: int, depth: int) -> Iterator[tuple[int, int, int]]:
        """The states that follow (`pos`, `mode`, `depth`): one, or two where readings part."""
        text = self.text
        if mode == _COMMENT:
            end = self._comment_end(pos)
            if end >= len(text):
                return
            yield end + 1, _CODE, depth
            if text[end] == "\r":  # rdflib's comment goes on to the LF; Oxigraph's ends here
                yield end + 1, _COMMENT, depth
            return
        if mode != _CODE:
            body = _STRING_BODY[mode].match(text, pos)
            end = body.end() if body else pos  # each body pattern matches the empty string, so always
            self.scanned += end - pos
            closer = _CLOSER[mode]
            # A string that ends in a line break or at the end of the text is a syntax error;
            # reading on as code keeps the bound an upper bound whatever the parser makes of it.
            yield (end + len(closer) if text.startswith(closer, end) else end), _CODE, depth
            return
        start = pos
        skipped = _CODE_SKIP.match(text, pos)
        pos = skipped.end() if skipped else pos  # the pattern matches the empty string, so always
        self.scanned += pos - start
        if pos >= len(text):
            return
        char = text[pos]
        if char in "([{":
            yield pos + 1, _CODE, depth + 1
        elif char in ")]}":
            yield pos + 1, _CODE, max(depth - 1, 0)
        elif char == "#":
            yield pos + 1, _COMMENT, depth
        elif char in "'\"":
            long = text.startswith(char * 3, pos)
            mode = (_L1 if long else _S1) if char == "'" else (_L2 if long else _S2)
            yield pos + (3 if long else 1), mode, depth
        elif char == "<":
            yield pos + 1, _CODE, depth  # "less than", or the start of << (a quoted triple)
            iri = _IRIREF.match(text, pos)
            if iri:
                self.scanned += iri.end() - pos
                yield iri.end(), _CODE, depth
        else:
            # A backslash outside strings: in a text that parses, an escape in a prefixed name
            # (ex:a\'b), so the next character is part of the name.
            yield pos + 2, _CODE, depth

    def _comment_end(self, pos: int) -> int:
        """The position of the line break that ends a comment running from `pos` (or the text's length)."""
        start, end = self._comment
        if not start <= pos <= end:
            found = _COMMENT_END.search(self.text, pos)
            end = found.start() if found else len(self.text)
            self.scanned += end - pos
            self._comment = (pos, end)
        return end


# ---------------------------------------------------------------------------------------------
# The parse.

_CODEPOINT_ESCAPE = re.compile(r"\\(\\|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def as_read_by(text: str, reading: Reading) -> str:
    """The text that rdflib's grammar (without its own escape pass) must parse to see what `reading` sees.

    For Oxigraph: a \\u escape stays an escape inside a string, so its backslash is doubled (an
    escaped backslash to rdflib's string grammar; still a syntax error outside strings, as in
    Oxigraph), and a CR ends a comment as an LF does. For rdflib: its own escape pass.

    >>> as_read_by('SELECT ("\\\\u0041" AS ?a) {} # x\\rSERVICE', "oxigraph")
    'SELECT ("\\\\\\\\u0041" AS ?a) {} # x\\nSERVICE'
    >>> as_read_by("\\\\u0053ELECT", "rdflib")
    'SELECT'
    """
    if reading == "rdflib":
        from rdflib.plugins.sparql.parser import expandUnicodeEscapes

        try:
            return expandUnicodeEscapes(text)
        except ValueError as exc:
            raise QueryRefused("syntax", f"SPARQL syntax error: {exc}") from None
    escaped = _CODEPOINT_ESCAPE.sub(lambda m: m.group() if m.group(1) == "\\" else "\\" + m.group(), text)
    return escaped.replace("\r", "\n")


def inspect(text: str, readings: tuple[Reading, ...] = ("oxigraph",), limit: int = MAX_DEPTH) -> Findings:
    """What `text` asks for, in every one of `readings` (their union: the caller refuses any).

    Raises `QueryRefused` when the text nests past `limit` ("depth"), or does not parse as a
    SPARQL 1.1 query or update in one of the readings ("syntax"). Call it in a thread with
    `DEEP_STACK_BYTES` of stack (see `run_with_deep_stack`): rdflib's parser recurses deeply.

    >>> inspect("SELECT * { FILTER(0<1)SERVICE#>\\n<http://127.0.0.1:9/x>{?s ?p ?x} }").service
    True
    >>> inspect("LOAD <http://example.org/data.ttl>").update
    'LOAD'
    >>> inspect('SELECT ?service { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
    Findings(update=None, service=False, dataset=False)
    >>> inspect("PREFIX ex: <urn:x:>")  # a prologue alone parses as an update of no operation
    Traceback (most recent call last):
    ictgraph.query.safety.QueryRefused: SPARQL syntax error: the text holds no query
    """
    findings = Findings()
    for reading in readings:
        findings |= _inspect_one(as_read_by(text, reading), limit)
    return findings


class _ServiceFound(Exception):
    """Raised out of rdflib's parser at the first SERVICE clause it builds (see `_stop_at_service`)."""


_INSPECTING = threading.local()


def _stop_at_service() -> None:
    """Make rdflib's parser stop at the first SERVICE clause it builds, while `inspect` runs.

    For its own evaluator, rdflib stores the source text of each SERVICE clause by searching the
    whole query again from its start, which re-enters the parser for a SERVICE nested in another
    (seconds, then RecursionError). The guard refuses any SERVICE, so it need not parse further.
    Outside `inspect` (rdflib evaluating a query for somebody else) nothing changes.
    """
    from rdflib.plugins.sparql import parser

    element: Any = parser.ServiceGraphPattern  # rdflib's Comp, patched on the instance
    if getattr(element, "_ictgraph_stops", False):
        return
    build = element.postParse

    def post_parse(instring: str, loc: int, tokens: Any) -> Any:
        if getattr(_INSPECTING, "on", False):
            raise _ServiceFound
        return build(instring, loc, tokens)

    element.postParse = post_parse
    element._ictgraph_stops = True


def _inspect_one(text: str, limit: int) -> Findings:
    check_depth(text, limit)
    _stop_at_service()
    _INSPECTING.on = True
    try:
        return _parse_findings(text)
    except _ServiceFound:
        return Findings(service=True)
    finally:
        _INSPECTING.on = False


def _parse_findings(text: str) -> Findings:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    try:
        tree = Query.parse_string(text, parse_all=True)
    except ParseBaseException as query_error:
        try:
            update = UpdateUnit.parse_string(text, parse_all=True)[0]
        except ParseBaseException:
            raise QueryRefused("syntax", _syntax_message(query_error)) from None
        except RecursionError:
            raise QueryRefused("depth", "the query nests too deeply for the parser: write it flatter") from None
        # Not `.get`: a CompValue's get() answers a missing key with the key's own name.
        operations = update["request"] if "request" in update else []  # noqa: SIM401
        if not operations:
            raise QueryRefused("syntax", "SPARQL syntax error: the text holds no query") from None
        return Findings(update=_UPDATE_NAMES.get(operations[0].name, operations[0].name.upper()))
    except RecursionError:
        raise QueryRefused("depth", "the query nests too deeply for the parser: write it flatter") from None
    service = dataset = False
    for name in _node_names(tree):
        service = service or name == "ServiceGraphPattern"
        dataset = dataset or name == "DatasetClause"
    return Findings(service=service, dataset=dataset)


_UPDATE_NAMES = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
                 "Modify": "DELETE/INSERT"}


def _node_names(tree: object) -> Iterator[str]:
    """The name of every node of an rdflib parse tree (iteratively: the tree may be deep)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


def _syntax_message(error: Exception) -> str:
    line, column = getattr(error, "lineno", "?"), getattr(error, "col", "?")
    detail = str(getattr(error, "msg", error)).splitlines()[0] if str(error) else "not SPARQL"
    return f"SPARQL syntax error: error at {line}:{column}: {detail}"


def run_with_deep_stack(function: Callable[[], T]) -> T:
    """Run `function` in a thread with `DEEP_STACK_BYTES` of stack and a high recursion limit.

    For callers on a main thread (8 MiB of stack); returns its result or raises its exception.
    """
    import sys

    outcome: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as exc:
            outcome.append((False, exc))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    previous = threading.stack_size(DEEP_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="ictgraph-deep-stack")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]
