"""The SPARQL 1.1 Protocol endpoint and the offline query page, as a Starlette ASGI app."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ictgraph.endpoint.formats import negotiate
from ictgraph.endpoint.guard import Refused, check_query
from ictgraph.endpoint.pool import QueryFailed, QueryPool, StoreConfig

STATIC = resources.files("ictgraph.endpoint") / "static"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@dataclass(frozen=True)
class Limits:
    """The safety limits of one server (all configurable from `ictgraph serve`)."""

    timeout: float = 10.0
    max_results: int = 100_000
    max_request_bytes: int = 256 * 1024
    workers: int = 2


def create_app(config: StoreConfig, limits: Limits) -> Starlette:
    """The app: /sparql (GET, POST form, POST direct), / (query page), /queries.json, /static."""
    pool = QueryPool(config, size=limits.workers, timeout=limits.timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        app.state.pool = pool
        yield
        await pool.close()

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, limits.max_request_bytes)
            if text is None:
                return RedirectResponse("/", status_code=303)
            check_query(text)
            choice = negotiate(request.headers.get("accept"))
            body, media_type = await pool.run(text, choice, limits.max_results)
        except (Refused, QueryFailed) as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status)
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

    async def page(request: Request) -> Response:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html; charset=utf-8")

    async def examples(request: Request) -> Response:
        from ictgraph.query.binding import bind_query
        from ictgraph.query.catalogue import list_queries

        return JSONResponse([{"name": q.name, "title": q.title, "question": q.question,
                              "query": bind_query(q, {})} for q in list_queries()])

    async def health(request: Request) -> Response:
        return JSONResponse({"store": config.spec, "workers": pool.pids()})

    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", examples),
        Route("/health", health),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _query_text(request: Request, max_bytes: int) -> str | None:
    """The query from any of the three SPARQL 1.1 Protocol forms; None when none was given (GET /sparql)."""
    if request.method == "GET":
        if len(request.url.query) > max_bytes:
            raise Refused(413, f"the request is larger than this server's limit of {max_bytes} bytes")
        params = request.query_params
        if "update" in params:
            raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
        _refuse_datasets(params.getlist("default-graph-uri") + params.getlist("named-graph-uri"))
        return params.get("query")
    body = await _read_body(request, max_bytes)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/sparql-update":
        raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
    if media_type == DIRECT:
        _refuse_datasets(request.query_params.getlist("default-graph-uri")
                         + request.query_params.getlist("named-graph-uri"))
        return body.decode("utf-8")
    if media_type != FORM:
        raise Refused(415, f"POST a query as {FORM} or {DIRECT}, not {media_type or 'no content type'}")
    from urllib.parse import parse_qs

    form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    if "update" in form:
        raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
    _refuse_datasets(form.get("default-graph-uri", []) + form.get("named-graph-uri", []))
    if "query" not in form:
        raise Refused(400, "the request has no `query` parameter")
    return form["query"][0]


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
    # The store holds one default graph: a dataset clause would silently query something else.
    if any(graphs):
        raise Refused(400, "default-graph-uri and named-graph-uri are not supported: the data is in the default graph")
