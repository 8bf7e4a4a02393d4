"""Refuse updates and federated queries before a store sees them (both stores would run them)."""

from __future__ import annotations

import re

from ictgraph.errors import IctgraphError

# Strings, IRIs, comments, variables and prefixed names can contain any word without it being a
# keyword, so the scanner consumes them whole and only bare words are checked.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*"
    r"|[?$]\w+"
    r"|[\w.-]*:[\w.:%-]*"
    r"|(?P<word>[A-Za-z_]\w*)",
    re.DOTALL,
)
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"})


class Refused(IctgraphError):
    """A request this endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_query(sparql: str) -> None:
    """Raise `Refused` (403) if the text is a SPARQL Update or calls SERVICE.

    pyoxigraph and rdflib both fetch SERVICE clauses over HTTP, which would let any client make the
    server call arbitrary hosts; and this endpoint is read-only whatever the store could do.

    >>> check_query('SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
    >>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ictgraph.endpoint.guard.Refused: federated queries (SERVICE) are refused by this endpoint
    """
    for match in _TOKEN.finditer(sparql):
        word = (match.group("word") or "").upper()
        if word == "SERVICE":
            raise Refused(403, "federated queries (SERVICE) are refused by this endpoint")
        if word in UPDATE_KEYWORDS:
            raise Refused(403, f"SPARQL Update ({word}) is refused: this endpoint is read-only")
