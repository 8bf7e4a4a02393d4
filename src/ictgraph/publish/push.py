"""Copy the built graph into a persistent Oxigraph folder or a remote store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ictgraph.errors import PushError
from ictgraph.io import (
    foreign_names,
    marker_path,
    prepare_folder,
    read_marker,
    replace_folder,
    write_marker,
)
from ictgraph.query.stores.oxigraph import STORE_MARKER, is_store_file, load_oxigraph, pushed_store

USER_ENV = "ICTGRAPH_SPARQL_USER"
PASSWORD_ENV = "ICTGRAPH_SPARQL_PASSWORD"
COUNT_QUERY = Path(__file__).parent / "count-triples.rq"
#: Seconds a remote store may stay silent (while connecting: at most 10) before a push gives up.
DEFAULT_TIMEOUT = 60.0


def _holds_store_files_only(folder: Path) -> bool:
    """True if `folder` holds nothing but what Oxigraph and push write: safe to remove whole."""
    return not foreign_names(folder, is_store_file)


def _is_our_store(folder: Path) -> bool:
    """A folder push may replace: a complete store it wrote, holding nothing anyone added since."""
    return pushed_store(folder) is not None and _holds_store_files_only(folder)


def _is_our_leftover(folder: Path) -> bool:
    """A staging folder of a killed push: marked by push (loading or complete), or still empty."""
    return _holds_store_files_only(folder) and (read_marker(folder, STORE_MARKER) is not None
                                                or not any(folder.iterdir()))


def _refusal(folder: Path) -> str:
    """Why `folder` is not replaced, and what to do: the line a user reads."""
    foreign = foreign_names(folder, is_store_file)
    listed = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
    if pushed_store(folder) is not None:
        return (f"a store that `ictgraph push` wrote, but it also holds {listed}, which neither Oxigraph nor "
                "push wrote; move that out, or give a new or empty folder")
    if not foreign:  # RocksDB's files without push's mark: another program's store, or an older ictgraph's
        return (f"an Oxigraph store without the mark of `ictgraph push` ({marker_path(folder, STORE_MARKER).name}); "
                "remove it yourself if it can be rebuilt, or give a new or empty folder")
    return (f"not an Oxigraph store that `ictgraph push` wrote (it holds {listed}); "
            "give a new or empty folder, or one push filled before")


def _not_turtle(exc: SyntaxError, sources: list[Path]) -> PushError:
    """Oxigraph's parse error as the one line a user reads: which file, where, and what to do."""
    return PushError(f"{exc.filename or sources[0]}: not Turtle that Oxigraph reads ({exc.msg}); "
                     "fix the file or give another --input")


def _sources_facts(sources: list[Path]) -> list[dict[str, str]]:
    return [{"file": str(src), "sha256": hashlib.sha256(src.read_bytes()).hexdigest()} for src in sources]


def push_to_directory(sources: list[Path], directory: Path) -> tuple[Path, int]:
    """Load the sources into a new on-disk store and switch it in whole; the folder and its triple count.

    Only a new path, an empty folder or a store that push wrote (it holds `.ictgraph-store.json`,
    and nothing but RocksDB's files beside it) is replaced; anything else is refused before anything
    is written. The load goes into a staging sibling (`.NAME.ictgraph-staging.HOST.PID.xxxx`,
    marked "loading"), marked "complete" once loaded and closed, then switched in with the old store
    in one step: a push killed at any moment leaves the old store as it was, and the next push
    removes the staging folders that killed pushes left.
    """
    real = prepare_folder(directory, _is_our_store, _refusal, _is_our_leftover)
    facts: dict[str, object] = {"pid": os.getpid(), "sources": _sources_facts(sources)}

    def fill(staging: Path) -> int:
        write_marker(staging, STORE_MARKER, {**facts, "state": "loading"})
        native = load_oxigraph(sources, staging)
        count = len(native)
        native.flush()
        del native  # closes RocksDB, releasing its lock before the folder moves
        write_marker(staging, STORE_MARKER, {**facts, "state": "complete", "triples": count,
                                             "written": datetime.now(UTC).isoformat(timespec="seconds")})
        return count
    try:
        count = replace_folder(real, fill, _is_our_leftover)
    except SyntaxError as exc:
        raise _not_turtle(exc, sources) from None
    except OSError as exc:
        raise PushError(f"{directory}: cannot write the store ({exc.strerror or exc}); the old store, if any, "
                        "is unchanged: choose a place you can write to, with room") from None
    return real, count


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


def graph_store_body(sources: list[Path]) -> bytes:
    """The sources as one N-Triples document (N-Triples is Turtle too), blank nodes kept apart per file.

    One document, so that one PUT replaces the graph whole: a push that fails half way, or a reader
    in between, never finds the data without the ontology.
    """
    import pyoxigraph as ox

    try:
        native = load_oxigraph(sources)
    except SyntaxError as exc:
        raise _not_turtle(exc, sources) from None
    return native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""


def push_to_graph_store(sources: list[Path], graph_store_url: str, graph: str,
                        timeout: float = DEFAULT_TIMEOUT) -> None:
    """Replace the named graph with the sources' triples: one HTTP PUT (SPARQL 1.1 Graph Store Protocol).

    Every failure is one line naming the URL: not http(s), no connection, silent past `timeout`
    seconds, or an answer other than 200/201/204.
    """
    from ictgraph.query.stores.remote import check_http_url, first_line, http_timeout, transport_failure

    check_http_url(graph_store_url, "--graph-store")
    body = graph_store_body(sources)
    what = f"PUT {graph_store_url}"
    try:
        with httpx.Client(auth=credentials_for(graph_store_url), timeout=http_timeout(timeout)) as client:
            response = client.put(graph_store_url, params={"graph": graph}, content=body,
                                  headers={"Content-Type": "text/turtle"})
    except httpx.TransportError as exc:
        raise PushError(transport_failure(what, exc, timeout)) from None
    if response.status_code not in (200, 201, 204):
        todo = ("set $ICTGRAPH_SPARQL_USER and $ICTGRAPH_SPARQL_PASSWORD, or a line in ~/.netrc"
                if response.status_code in (401, 403) else "check the --graph-store URL and the store's log")
        detail = first_line(response.text)
        raise PushError(f"{what} answered {response.status_code}{f' ({detail})' if detail else ''}; {todo}")


def count_triples(query_url: str, graph: str, timeout: float = DEFAULT_TIMEOUT) -> int:
    """The number of triples the endpoint now holds in `graph`, read back through its query URL."""
    import json

    from ictgraph.query.stores.remote import RemoteStore

    with RemoteStore(query_url, graph=graph, timeout=timeout) as store:
        answer = store.answer(COUNT_QUERY.read_text(encoding="utf-8"))
    try:
        return int(json.loads(answer.data)["results"]["bindings"][0]["triples"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PushError(f"{query_url}: the count of triples came back as no number; check that --endpoint is "
                        "the store's SPARQL query URL") from None
