"""Any SPARQL 1.1 Protocol query endpoint (Virtuoso, Fuseki, `ictgraph serve`, …) as a store."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ictgraph.errors import StoreError
from ictgraph.query.stores.base import N_TRIPLES, SOLUTIONS_JSON, Answer, Store, result_from_answer

if TYPE_CHECKING:
    import httpx
    from rdflib.query import Result


#: Only these URLs name a SPARQL endpoint or Graph Store; anything else (ftp://, file://) is refused.
HTTP_SCHEMES = ("http", "https")
#: Seconds to wait for a TCP connection: a store that is up accepts at once, so waiting longer only
#: delays the message about a wrong host or a firewall that drops packets.
CONNECT_TIMEOUT = 10.0


def check_http_url(url: str, option: str) -> str:
    """`url` if it is an http(s) URL with a host; otherwise the one-line reason, naming `option`.

    >>> check_http_url("ftp://x/q", "--endpoint")
    Traceback (most recent call last):
    ...
    ictgraph.errors.StoreError: --endpoint ftp://x/q: not an http:// or https:// URL; give the store's http(s) URL
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        raise StoreError(f"{option} {url}: not an http:// or https:// URL; give the store's http(s) URL")
    return url


def transport_failure(what: str, exc: Exception, timeout: float) -> str:
    """One line for a request that got no HTTP answer: refused, unreachable, or silent past the timeout.

    `what` names the request (e.g. "POST http://host/sparql"); the line ends with what to do.
    """
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return (f"{what}: no connection within {min(timeout, CONNECT_TIMEOUT):g} s; check the host and port "
                "(a firewall may drop the packets)")
    if isinstance(exc, httpx.TimeoutException):
        return f"{what}: no answer within {timeout:g} s; raise --timeout if the store is slow, or check it"
    reason = re.sub(r"^\[Errno -?\d+\] ", "", " ".join(str(exc).split())) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"{what}: cannot connect ({reason}); check that the store runs and the URL"
    return f"{what}: the connection failed ({reason}); check the store and the URL"


def http_timeout(seconds: float) -> httpx.Timeout:
    """Wait at most `seconds` for each step of a request (send, first byte, each read), and at most
    `CONNECT_TIMEOUT` for the connection: a server that accepts and never answers costs `seconds`."""
    import httpx

    return httpx.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT))


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line of an answer's body, cut to `limit` characters: error pages can be long.

    >>> first_line("\\n  <html>\\n<body>Internal error</body>")
    '<html>'
    """
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:limit]


class RemoteStore(Store):
    """Any SPARQL 1.1 Protocol query endpoint, optionally restricted to one named graph."""

    def __init__(self, query_url: str, graph: str | None = None, timeout: float = 60.0) -> None:
        import httpx

        self.spec = check_http_url(query_url, "--endpoint")
        self.named_graph = graph
        self.timeout = timeout
        self._client = httpx.Client(timeout=http_timeout(timeout), follow_redirects=True)

    def answer(self, sparql: str) -> Answer:
        import httpx

        params = {"default-graph-uri": self.named_graph} if self.named_graph else {}
        try:
            response = self._client.post(
                self.spec, params=params, data={"query": sparql},
                headers={"Accept": f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9, text/plain;q=0.5"})
        except httpx.TransportError as exc:
            raise StoreError(transport_failure(f"POST {self.spec}", exc, self.timeout)) from None
        if response.status_code != 200:
            detail = first_line(response.text, 300)
            raise StoreError(f"POST {self.spec} answered {response.status_code}{f' ({detail})' if detail else ''}; "
                             "check the URL and the store's log")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if "json" in media_type:
            import pyoxigraph as ox

            try:
                parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"{self.spec} answered JSON that is no SPARQL result ({exc}); "
                                 "check that the URL is a SPARQL query endpoint") from None
            return Answer("boolean" if isinstance(parsed, ox.QueryBoolean) else "solutions", response.content)
        return Answer("graph", response.content)

    def query(self, sparql: str) -> Result:
        return result_from_answer(self.answer(sparql))

    def close(self) -> None:
        self._client.close()
