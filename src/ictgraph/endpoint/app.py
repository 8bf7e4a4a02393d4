"""The SPARQL 1.1 Protocol endpoint, its query page, the explorer and the graph's IRIs, as a Starlette app.

The event loop only reads requests (with byte limits), checks where they come from and hands the
text to the worker pool: parsing, vetting and running a query all happen in a worker process. The
explorer and the documents that IRIs resolve to are files of a site built before the server starts
(`ictgraph.endpoint.explorer`); an IRI answers 303 See Other (`ictgraph.endpoint.linked_data`).
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ictgraph.endpoint.description import PREFIXES as SD_PREFIXES
from ictgraph.endpoint.description import service_description
from ictgraph.endpoint.formats import negotiate, preferred
from ictgraph.endpoint.guard import Refused
from ictgraph.endpoint.linked_data import RDF_FILES, RDF_FORMATS, LinkedData, language, safe_key, wants
from ictgraph.endpoint.pool import PoolLimits, QueryFailed, QueryPool, StoreConfig
from ictgraph.query.safety import MAX_DEPTH
from ictgraph.vocab import BASE

STATIC = resources.files("ictgraph.endpoint") / "static"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@dataclass(frozen=True)
class Limits:
    """The safety limits of one server (all configurable from `ictgraph serve`)."""

    timeout: float = 10.0
    max_results: int = 100_000
    max_request_bytes: int = 256 * 1024  # a body, or a GET query string (then 414)
    workers: int = 2
    short_timeout: float = 0.25  # on the worker kept for short queries
    max_memory: int | None = 1 << 30  # address space of each query worker, bytes
    max_waiting: int = 64  # queries waiting for a worker at once

    def pool(self, short_workers: int = 1) -> PoolLimits:
        return PoolLimits(workers=self.workers, timeout=self.timeout, short_timeout=self.short_timeout,
                          short_workers=short_workers, max_memory=self.max_memory, max_waiting=self.max_waiting)


@dataclass(frozen=True)
class Explorer:
    """The built explorer site, the base the server's paths are public under, and its default language."""

    site: Path
    public: str = BASE
    lang: str = "en"


def create_app(config: StoreConfig, limits: Limits, explorer: Explorer, port: int | None = None,
               announce: Callable[[str], None] | None = None, short_workers: int = 1) -> Starlette:
    """The app: /sparql (GET, POST form, POST direct; without a query the query page or the service
    description), /queries.json, /health, /static, and the explorer at / with the graph's IRIs:
    /id/..., /ontology, /dataset..., /.well-known/void.

    `port`: answer only requests whose Host is a loopback name with this port (a loopback server
    must not be reachable under another name: DNS rebinding); None for a public server.
    `announce` receives one line saying how workers are walled off from the network.
    """
    pool = QueryPool(config, limits.pool(short_workers))
    ld = LinkedData(explorer.site, explorer.public)
    description_graph = next((name for name, _ in config.named), None)
    sd = service_description(explorer.public, description_graph,
                             f"A query runs for at most {limits.timeout:g} s and answers at most "
                             f"{limits.max_results} rows or triples.")
    service = {ext: ox_serialize(sd, ext) for ext in RDF_FILES}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        app.state.pool = pool
        if announce is not None:
            from ictgraph.endpoint.sandbox import Protection

            announce(Protection(**pool.protection).summary() if pool.protection else "no query worker started")
        yield
        await pool.close()

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, limits.max_request_bytes)
            if text is None:  # no query: the page for a person, the service description for a program
                fmt = wants(request.headers.get("accept"))
                if fmt == "html":
                    return FileResponse(str(STATIC / "index.html"), media_type="text/html; charset=utf-8",
                                        headers=VARY)
                if fmt is None:
                    return _not_acceptable()
                return Response(service[fmt], media_type=RDF_FILES[fmt], headers=VARY)
            choice = negotiate(request.headers.get("accept"))
            body, media_type = await pool.run(text, choice, limits.max_results)
        except Refused as exc:
            return _one_line(exc.status, str(exc))
        except QueryFailed as exc:
            headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
            return _one_line(exc.status, str(exc), headers)
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return _see_other(request, "index.html", ".well-known/void")

    async def identified(request: Request) -> Response:
        """An IRI under id/: 303 to its page or its triples; or one of those triples files itself."""
        key = safe_key(request.path_params["path"])
        if key is None:
            return not_found(request, "no IRI of this graph has this path")
        stem, _, ext = key.rpartition(".")
        if ext in RDF_FILES and stem:
            body = await run_in_threadpool(ld.document, f"id/{stem}", ext)
            if body is not None:
                return Response(body, media_type=RDF_FILES[ext])
        found = await run_in_threadpool(ld.find, key)
        if found is None:
            return not_found(request, f"{explorer.public}id/{key} is not an IRI of this graph")
        return _see_other(request, found.page, f"id/{found.owner}.{{ext}}")

    async def ontology(request: Request) -> Response:
        return _see_other(request, "ontology.html", "downloads/ontology.{ext}")

    async def dataset(request: Request) -> Response:
        rest = request.path_params.get("path")
        if f"{BASE}dataset" + (f"/{rest}" if rest else "") not in ld.dataset_nodes:
            return not_found(request, "the dataset description names nothing at this path")
        return _see_other(request, "index.html#h-downloads", "downloads/void.{ext}")

    async def well_known_void(request: Request) -> Response:
        fmt = wants(request.headers.get("accept"), html=False)
        if fmt is None:
            return _not_acceptable()
        body = await run_in_threadpool(ld.document, "downloads/void", fmt)
        return Response(body, media_type=RDF_FILES[fmt], headers=VARY)

    async def downloads(request: Request) -> Response:
        name = request.path_params["name"]
        stem, _, ext = name.rpartition(".")
        body = await run_in_threadpool(ld.document, f"downloads/{stem}", ext) if safe_key(stem) else None
        if body is not None:
            return Response(body, media_type=RDF_FILES[ext])
        raise HTTPException(404)  # anything else under downloads/ is a file of the site, or nothing

    def _see_other(request: Request, page: str, document: str) -> Response:
        """303 to the page (in the browser's language) or to the document in the RDF format asked for."""
        fmt = wants(request.headers.get("accept"))
        if fmt is None:
            return _not_acceptable()
        root = request.scope.get("root_path", "")
        if fmt == "html":
            lang = language(request.headers.get("accept-language"), explorer.lang)
            return RedirectResponse(f"{root}/{lang}/{page}", status_code=303,
                                    headers={"Vary": "Accept, Accept-Language"})
        return RedirectResponse(f"{root}/{document.format(ext=fmt)}", status_code=303, headers=VARY)

    def not_found(request: Request, message: str) -> Response:
        """404: the explorer's page with a search box for a browser, one line for anything else."""
        if preferred(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html":
            lang = language(request.headers.get("accept-language"), explorer.lang)
            page = ld.not_found_page(lang, request.scope.get("root_path", ""))
            return HTMLResponse(page, status_code=404, headers=VARY)
        return _one_line(404, message, VARY)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found(request, "nothing at this address")

    async def favicon(request: Request) -> Response:
        # Browsers ask for /favicon.ico on every page of the server, not only on the query page.
        return FileResponse(str(STATIC / "favicon.svg"), media_type="image/svg+xml")

    async def examples(request: Request) -> Response:
        from ictgraph.query.binding import bind_query
        from ictgraph.query.catalogue import list_queries

        return JSONResponse([{"name": q.name, "title": q.title, "question": q.question,
                              "query": bind_query(q, {})} for q in list_queries()])

    async def health(request: Request) -> Response:
        return JSONResponse({"store": config.spec, **pool.status(), "limits": {
            "timeout": limits.timeout, "short_timeout": limits.short_timeout, "max_results": limits.max_results,
            "max_request_bytes": limits.max_request_bytes, "max_memory": limits.max_memory,
            "max_depth": MAX_DEPTH, "max_waiting": limits.max_waiting, "host_check": port is not None}})

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", examples),
        Route("/health", health),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        Route("/", home),
        Route("/id/{path:path}", identified),
        Route("/ontology", ontology),
        Route("/dataset", dataset),
        Route("/dataset/{path:path}", dataset),
        Route("/.well-known/void", well_known_void),
        Route("/downloads/{name}", downloads),
        Mount("/", StaticFiles(directory=str(explorer.site), html=True), name="explorer"),
    ]
    # Read access from any origin, as public SPARQL endpoints allow: the data is public and every
    # route only reads. No credentials: a browser sends no cookies and reads no private answer.
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"], allow_credentials=False, max_age=86400)]
    if port is not None:
        middleware.insert(0, Middleware(LoopbackHostOnly, port=port))
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware, exception_handlers={404: missing})


class LoopbackHostOnly:
    """Refuse (421) any HTTP request whose Host header is not a loopback name or address with our port.

    A page on another site can make a browser resolve its own name to 127.0.0.1 (DNS rebinding) and
    then read a loopback server as if it were that site; the Host header still says the site's name.
    """

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app = app
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not _is_loopback_host(host, self.port):
                shown = host.encode("ascii", "backslashreplace").decode()[:100] or "none"
                response = _one_line(421, f"this server answers only to a loopback Host with port {self.port} "
                                          f"(Host: {shown}); serve it with --public to answer other names")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _is_loopback_host(host: str, port: int) -> bool:
    """True for localhost, 127.0.0.0/8 or [::1], with `port` (or no port when it is 80).

    >>> _is_loopback_host("127.0.0.1:7878", 7878), _is_loopback_host("localhost:7878", 7878)
    (True, True)
    >>> _is_loopback_host("[::1]:7878", 7878), _is_loopback_host("evil.example:7878", 7878)
    (True, False)
    >>> _is_loopback_host("127.0.0.1:80", 7878), _is_loopback_host("localhost.", 80)
    (False, False)
    """
    name, has_port, given = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not has_port:
        name, given = host, "80"
    if not given.isdigit() or int(given) != port:
        return False
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


#: Every answer that depends on the Accept header says so, for caches between the server and the client.
VARY = {"Vary": "Accept"}


def ox_serialize(triples: list[ox.Triple], ext: str) -> bytes:
    """Triples in the RDF format of a file extension (RDF_FILES), with readable prefixes where the format has them."""
    prefixes = None if ext in ("nt", "jsonld") else SD_PREFIXES
    return ox.serialize(triples, format=RDF_FORMATS[ext], prefixes=prefixes) or b""


def _not_acceptable() -> Response:
    return _one_line(406, "this address answers text/html or " + ", ".join(RDF_FILES.values()), VARY)


def _one_line(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.splitlines()[0] + "\n" if message else "\n", status_code=status, headers=headers)


async def _query_text(request: Request, max_bytes: int) -> str | None:
    """The query from any of the three SPARQL 1.1 Protocol forms; None when none was given (GET /sparql)."""
    if request.method == "GET":
        raw = request.scope.get("query_string", b"")
        if len(raw) > max_bytes:
            raise Refused(414, f"the query string is longer than this server's limit of {max_bytes} bytes: "
                               "POST the query instead")
        params = _fields(raw, "the query string")
        if "update" in params:
            raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
        _refuse_datasets(params.get("default-graph-uri", []) + params.get("named-graph-uri", []))
        return params["query"][0] if "query" in params else None
    body = await _read_body(request, max_bytes)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/sparql-update":
        raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
    if media_type == DIRECT:
        params = _fields(request.scope.get("query_string", b""), "the query string")
        _refuse_datasets(params.get("default-graph-uri", []) + params.get("named-graph-uri", []))
        return _utf8(body, "the query")
    if media_type != FORM:
        raise Refused(415, f"POST a query as {FORM} or {DIRECT}, not {media_type or 'no content type'}")
    form = _fields(body, "the form")
    if "update" in form:
        raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
    _refuse_datasets(form.get("default-graph-uri", []) + form.get("named-graph-uri", []))
    if "query" not in form:
        raise Refused(400, "the request has no `query` parameter")
    return form["query"][0]


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"{what} is not UTF-8 text (byte {exc.start}): send it encoded as UTF-8") from None


def _fields(raw: bytes, what: str) -> dict[str, list[str]]:
    """Form fields (or query-string parameters), refusing any that are not UTF-8 once percent-decoded."""
    try:
        return parse_qs(_utf8(raw, what), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"{what} is not UTF-8 text once percent-decoded ({exc.reason}): "
                           "send it encoded as UTF-8") from None


async def _read_body(request: Request, max_bytes: int) -> bytes:
    """Read at most `max_bytes`, trusting neither a missing nor a false Content-Length."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise Refused(413, f"the request is larger than this server's limit of {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise Refused(413, f"the request is larger than this server's limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_datasets(graphs: list[str]) -> None:
    # The store's dataset is fixed: a dataset clause would silently query something else.
    if any(graphs):
        raise Refused(400, "default-graph-uri and named-graph-uri are not supported: the data is in the default graph "
                           "and its description in a named graph (GET /sparql lists it): use GRAPH in the query")
