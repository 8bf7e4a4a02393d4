"""How a store is named (`--store SPEC`) and opened, and the built graph as an rdflib Graph on top of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ictgraph import resources
from ictgraph.errors import StoreError
from ictgraph.vocab import bind_prefixes

if TYPE_CHECKING:
    from rdflib import Graph

    from ictgraph.query.stores.base import Store

T = TypeVar("T")

#: How `--store` is spelled; a URL (http:// or https://) names a remote SPARQL 1.1 query endpoint.
STORE_SPECS = ("oxigraph", "oxigraph:DIR", "memory", "URL")
#: The stores that hold a copy of a graph file in memory.
IN_MEMORY = ("oxigraph", "memory")


def store_folder(spec: str) -> Path:
    """The folder of an `oxigraph:DIR` spec, if it holds a store that `ictgraph push` wrote (and marked).

    Only such a folder is opened: RocksDB would write its files into any other folder it is given.
    """
    from ictgraph.query.stores.oxigraph import pushed_store

    name = spec.removeprefix("oxigraph:")
    if not name:
        raise StoreError("--store oxigraph: names no folder (an unset variable?); give oxigraph:DIR")
    directory = Path(name).expanduser()
    if not directory.is_dir() or pushed_store(directory) is None:
        raise StoreError(f"{directory} holds no Oxigraph store: run `ictgraph push --store {spec}` first")
    return directory


def open_store(spec: str | None = None, graph: str | None = None, path: Path | None = None,
               with_ontology: bool = True, named: dict[str, Path] | None = None) -> Store:
    """Open the store a user named with `--store`/`--endpoint` (see `STORE_SPECS`).

    `path` (default graph/ict.ttl) is the graph loaded into the in-memory stores, with the ontology by
    default because the named queries read labels of topics, flags and roles from it; an on-disk store
    holds what `ictgraph push --store oxigraph:DIR` put there, and a remote store holds what was
    pushed to it (restricted to the named graph `graph` if given).

    `named` loads more Turtle files into named graphs of an in-memory store, by graph IRI (the server
    puts graph/void.ttl there): queries of the default graph see none of it.

    Oxigraph answers joins two to three orders of magnitude faster than rdflib's Memory store, so it is
    the default; rdflib's store is the reference implementation of rdflib SPARQL.

    Examples
    --------
    >>> with open_store("oxigraph") as store:
    ...     bool(store.query("ASK { ?s ?p ?o }").askAnswer)
    True
    """
    spec = spec or "oxigraph"
    if spec.startswith(("http://", "https://")):
        from ictgraph.query.stores.remote import RemoteStore

        return RemoteStore(spec, graph=graph)
    if spec.startswith("oxigraph:"):
        import pyoxigraph as ox

        from ictgraph.query.stores.oxigraph import OxigraphStore

        directory = store_folder(spec)

        return OxigraphStore(ox.Store(str(directory)), spec)
    if spec not in IN_MEMORY:
        raise StoreError(f"unknown store {spec!r}: use one of {', '.join(STORE_SPECS)}")
    source = path or resources.GRAPH_TTL
    if not source.exists():
        raise StoreError(f"{source} does not exist: run `ictgraph build` first")
    if not source.is_file():  # a folder, or a pipe or device that a parser would read from forever
        raise StoreError(f"{source} is not a file: give a Turtle graph file")
    sources = [source, resources.ONTOLOGY] if with_ontology else [source]
    if spec == "memory":
        from rdflib import Dataset, Graph, URIRef

        from ictgraph.query.stores.memory import RdflibStore

        # A Dataset only when named graphs are asked for: its default graph is then the data alone.
        graph_ = Dataset() if named else Graph()
        for src in sources:
            read_turtle(src, partial(graph_.parse, src, format="turtle"))
        if isinstance(graph_, Dataset):
            for name, src in (named or {}).items():
                read_turtle(src, partial(graph_.graph(URIRef(name)).parse, src, format="turtle"))
        return RdflibStore(graph_)
    import pyoxigraph as ox

    from ictgraph.query.stores.oxigraph import OxigraphStore, load_oxigraph

    native = read_turtle(source, lambda: load_oxigraph(sources))
    for name, src in (named or {}).items():
        read_turtle(src, partial(native.bulk_load, path=str(src), format=ox.RdfFormat.TURTLE,
                                 to_graph=ox.NamedNode(name)))
    return OxigraphStore(native, spec)


def read_turtle(src: Path, parse: Callable[[], T]) -> T:
    """Run `parse` of the Turtle file `src` (or of files Oxigraph names in its error); a syntax or
    encoding mistake becomes one `StoreError` line.

    A graph file is often the user's (`--input`, `diff OLD NEW`): whatever it holds, the reader gets
    the file, the line and the reason, never a parser's traceback.

    Examples
    --------
    >>> def parse() -> None:
    ...     raise SyntaxError("Parser error at line 2 between columns 1 and 4: no subject")
    >>> read_turtle(Path("old.ttl"), parse)
    Traceback (most recent call last):
    ictgraph.errors.StoreError: old.ttl: not valid Turtle: Parser error at line 2 between columns 1 and 4: no subject
    """
    try:
        return parse()
    except SyntaxError as exc:  # pyoxigraph's (naming its file), and rdflib's BadSyntax (a line, a reason)
        why = getattr(exc, "_why", None)
        lines = getattr(exc, "lines", None)
        reason = (f"line {lines + 1}: {why}" if why and isinstance(lines, int)
                  else (str(exc.msg or exc).splitlines() or [type(exc).__name__])[0])
        raise StoreError(f"{exc.filename or src}: not valid Turtle: {reason}") from None
    except UnicodeDecodeError as exc:
        raise StoreError(f"{src}: not valid Turtle: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                         f"offset {exc.start})") from None


def load(path: Path | None = None, store: str = "oxigraph", with_ontology: bool = False) -> Graph:
    """The built graph (`graph/ict.ttl`, and optionally the ontology) as an rdflib Graph on a store.

    `store` is a store spec that can hold a graph: `oxigraph` (default), `memory` or `oxigraph:DIR`.

    Examples
    --------
    >>> g = load()
    >>> len(g) > 15000, g.namespace_manager.expand_curie("ict:Country").endswith("ontology#Country")
    (True, True)
    """
    graph = open_store(store, path=path, with_ontology=with_ontology).graph
    bind_prefixes(graph)
    return graph
