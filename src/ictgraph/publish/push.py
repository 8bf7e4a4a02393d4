"""Copy the built graph into a persistent Oxigraph folder or a remote store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import base64
import netrc
import os
import shutil
from collections.abc import Generator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ictgraph.errors import PushError
from ictgraph.io import staging_folder, swap_in
from ictgraph.query.stores.oxigraph import load_oxigraph

USER_ENV = "ICTGRAPH_SPARQL_USER"
PASSWORD_ENV = "ICTGRAPH_SPARQL_PASSWORD"
COUNT_QUERY = Path(__file__).parent / "count-triples.rq"


def push_to_directory(sources: list[Path], directory: Path) -> int:
    """Load the sources into a new on-disk store and swap it in whole; returns the number of triples.

    A half-loaded store must never be left behind, so the load goes to a sibling folder that replaces
    the old one only once it is complete and closed.
    """
    directory = directory.expanduser().resolve()
    staging = staging_folder(directory)
    try:
        native = load_oxigraph(sources, staging)
        count = len(native)
        native.flush()
        del native  # closes RocksDB, releasing its lock before the folder moves
        swap_in(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


class ChallengeAuth(httpx.Auth):
    """Answer a 401 with Digest or Basic credentials, whichever the server's challenge asks for.

    Virtuoso's Graph Store endpoint wants Digest, most others Basic; the credentials come from the
    environment or ~/.netrc so that they never appear on a command line or in shell history.
    """

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self.password = password

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        if response.status_code != 401:
            return
        scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        if scheme == "digest":
            digest = httpx.DigestAuth(self.user, self.password).auth_flow(request)
            next(digest)  # the unauthenticated request, already sent
            yield digest.send(response)
        else:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.headers["Authorization"] = f"Basic {token}"
            yield request


def credentials_for(url: str) -> ChallengeAuth | None:
    """Credentials from $ICTGRAPH_SPARQL_USER/$ICTGRAPH_SPARQL_PASSWORD, else from $NETRC or ~/.netrc."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return ChallengeAuth(user, password)
    netrc_path = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    if netrc_path.exists():
        try:
            entry = netrc.netrc(str(netrc_path)).authenticators(urlsplit(url).hostname or "")
        except netrc.NetrcParseError as exc:
            raise PushError(f"{netrc_path}:{exc.lineno}: {exc.msg}") from None
        if entry:
            return ChallengeAuth(entry[0], entry[2] or "")
    return None


def push_to_graph_store(sources: list[Path], graph_store_url: str, graph: str) -> None:
    """Replace the named graph with the sources' triples (HTTP PUT of Turtle, then POST for the rest)."""
    auth = credentials_for(graph_store_url)
    with httpx.Client(auth=auth, timeout=300) as client:
        for i, src in enumerate(sources):
            method = "PUT" if i == 0 else "POST"  # PUT replaces the graph, POST adds to it
            response = client.request(method, graph_store_url, params={"graph": graph},
                                      content=src.read_bytes(), headers={"Content-Type": "text/turtle"})
            if response.status_code not in (200, 201, 204):
                hint = " (set $ICTGRAPH_SPARQL_USER/$ICTGRAPH_SPARQL_PASSWORD or ~/.netrc)" \
                    if response.status_code in (401, 403) else ""
                raise PushError(f"{method} {src.name} to {graph_store_url} answered "
                                f"{response.status_code}{hint}: {response.text.strip()[:200]}")


def count_triples(query_url: str, graph: str) -> int:
    """The number of triples the endpoint now holds in `graph`, read back through its query URL."""
    from ictgraph.query.stores.base import solutions
    from ictgraph.query.stores.remote import RemoteStore

    with RemoteStore(query_url, graph=graph) as store:
        rows = list(solutions(store.query(COUNT_QUERY.read_text(encoding="utf-8"))))
    return int(str(rows[0][0]))
