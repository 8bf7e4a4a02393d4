"""Turn an engine's SPARQL syntax error into one line a person can act on: where, near what, and why.

The engines report a syntax error where their parser stopped, which for an undeclared prefix can be
lines after the prefixed name (Oxigraph backtracks to the end of the enclosing group) and never
names the prefix; a text that starts with a typo or an update gets a list of what the grammar
would have accepted. So, once the engine has refused a text, its tokens are read here (comments,
strings and IRIs skipped as the grammar skips them) to find what a person needs: the prefixed
name whose prefix nobody declared, the word a query cannot start with, the token at the position.
This only explains a refusal; whether a text is run is decided by the engine's own parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ictgraph.query.structure import Token, prefix_of, prefixed_names, tokens

#: Words a SPARQL query may start with (after its prologue) and those of an update, which is refused.
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
PROLOGUE = ("PREFIX", "BASE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
#: How much of the engine's list of what it expected an error line repeats.
_EXPECTED_SHOWN = 8
#: How many of the prefixes declared for a text an error line names.
_PREFIXES_SHOWN = 4

def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset, lines ending at LF as the engines count them.

    >>> position("ab\\ncd", 3)
    (2, 1)
    """
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column (the inverse of `position`), clamped to the text."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + max(column - 1, 0), len(text))


def undeclared_prefix(text: str, known: Iterable[str]) -> Token | None:
    """The first prefixed name whose prefix neither the text (`PREFIX p: <…>`) nor `known` declares."""
    declared = set(known)
    for token, declares in prefixed_names(text):
        if declares:
            declared.add(prefix_of(token))
        elif prefix_of(token) not in declared:
            return token
    return None


def slashed_name(text: str) -> tuple[Token, str] | None:
    """A prefixed name followed by a slash (`id:country/BR`, as the command line writes keys), which
    SPARQL reads as `id:country` and a stray `/`; with the whole name as written."""
    stream = list(tokens(text))
    for i, token in enumerate(stream[:-1]):
        if token.kind == "pname" and stream[i + 1].text == "/" and stream[i + 1].start == token.end:
            end = token.end
            for after in stream[i + 1:]:
                if after.start != end or not (after.text == "/" or after.kind in ("word", "pname")):
                    break
                end = after.end
            return token, text[token.start:end].rstrip(".")
    return None


def _first_word(text: str) -> Token | None:
    """The first token after the prologue (PREFIX and BASE declarations)."""
    stream = tokens(text)
    for token in stream:
        if token.kind == "word" and token.text.upper() in PROLOGUE:
            next(stream, None)  # the prefix name, or BASE's IRI
            if token.text.upper() == "PREFIX":
                next(stream, None)  # its IRI
            continue
        return token
    return None


def _near(text: str, offset: int) -> Token | None:
    """The token holding `offset`, else the last one before it (engines report the position after
    the token they stopped at)."""
    found = None
    for token in tokens(text):
        if token.start > offset:
            break
        found = token
    return found


def _expected(reason: str) -> str:
    """Oxigraph's "expected one of A, B, ['%'], …" with character classes dropped and the list cut short."""
    head, sep, listed = reason.partition("expected one of ")
    if not sep:
        return reason
    items = [i.strip() for i in re.split(r",\s*(?![^\[]*\])", listed)]
    words = [i for i in items if i and not i.startswith("[") and i != "Prefix not found"]
    shown = ", ".join(words[:_EXPECTED_SHOWN]) + (", …" if len(words) > _EXPECTED_SHOWN else "")
    return f"{head}expected one of {shown}" if words else f"{head}unexpected text"


def explain(text: str, offset: int | None, reason: str, known_prefixes: Mapping[str, str]) -> tuple[int | None, str]:
    """Where in `text` a refused query goes wrong (an offset, if any) and why, in words.

    `offset` and `reason` are what the engine said (its position, if it gave one); `known_prefixes`
    are the prefixes declared for the text without its own `PREFIX` lines (name → namespace).

    >>> explain("SELECT * WHERE {\\n  ?s foo:p ?o }", 30, "expected one of Prefix not found, ['%']", {"id": "x:"})
    (22, "prefix 'foo:' is not declared: add `PREFIX foo: <…>` (id: is declared for you)")
    >>> explain("INSERT DATA { <a:b> <a:c> <a:d> }", 7, "expected ...", {})
    (0, "'INSERT' starts an update: only queries are run (SELECT, CONSTRUCT, DESCRIBE, ASK)")
    """
    known = list(known_prefixes)
    undeclared = undeclared_prefix(text, known)
    if undeclared is not None:
        prefix = prefix_of(undeclared)
        given = ", ".join(f"{p}:" for p in known[:_PREFIXES_SHOWN]) + (", …" if len(known) > _PREFIXES_SHOWN else "")
        verb = "is" if len(known) == 1 else "are"
        return undeclared.start, (f"prefix '{prefix}:' is not declared: add `PREFIX {prefix}: <…>`"
                                  + (f" ({given} {verb} declared for you)" if known else ""))
    slashed = slashed_name(text)
    if slashed is not None:
        token, name = slashed
        prefix, _, local = name.partition(":")
        iri = f" or <{known_prefixes[prefix]}{local}>" if prefix in known_prefixes else ""
        return token.start, (f"{name} is not a SPARQL prefixed name (a '/' in one must be escaped): write "
                             f"{name.replace('/', chr(92) + '/')}{iri}")
    first = _first_word(text)
    if first is not None and first.text.upper() in UPDATES:
        return first.start, f"{first.text!r} starts an update: only queries are run ({', '.join(QUERY_FORMS)})"
    if first is not None and first.text.upper() not in QUERY_FORMS:
        return first.start, (f"a query starts with {', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]} "
                             f"(after any PREFIX and BASE lines), not {first.text[:40]!r}")
    if first is None:
        return None, "the text holds no query"
    reason = _expected(reason)
    if offset is None:
        return None, reason
    near = _near(text, offset)
    if near is None:
        return offset, reason
    return near.start, f"at {near.text[:40]!r}: {reason}"
