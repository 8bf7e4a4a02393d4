"""Check a graph against the SHACL shapes and the QC queries, where an empty result means pass."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph import resources
from ictgraph.vocab import shorten

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pyoxigraph as ox
    from rdflib import Graph

#: A literal as pyrudof writes the messages of a result: `"text"` or `"text"@en`, several joined.
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@[A-Za-z-]+)?')


@dataclass(frozen=True)
class Violation:
    """One failed check: which check, on which node, and why."""

    check: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.focus}: {self.message}"


def shacl_violations(data: Graph, ontology: Graph) -> list[Violation]:
    """The shapes of ontology/shapes.ttl on the data with the ontology merged in, checked by pyrudof."""
    return _shacl(_ntriples(_merged(data, ontology)))


def qc_violations(data: Graph, ontology: Graph, qc_dir: Path | None = None) -> list[Violation]:
    """Run each `queries/qc/*.rq` on the data and the ontology; every row it returns is a violation
    named after the file."""
    return _qc(_store(_ntriples(_merged(data, ontology))), qc_dir)


def validate_graph(data: Graph, ontology: Graph) -> list[Violation]:
    """Everything a built graph must pass before it is written: shapes first, then QC.

    `ontology` is the graph of `ontology/ict.ttl` as the caller read it (`load_ontology().graph`).
    """
    return start_validation(_merged(data, ontology)).violations()


@dataclass(frozen=True)
class Validation:
    """The checks of one graph under way: the shapes still running in their own thread, the QC
    queries' rows already in."""

    shapes: Future[list[Violation]]
    queries: list[Violation]

    def violations(self) -> list[Violation]:
        """Every violation, the shapes' first: waits for the shapes."""
        return self.shapes.result() + self.queries


def start_validation(triples: Sequence[ox.Triple]) -> Validation:
    """Start the shapes on the triples (data and ontology) in a second thread, run the QC queries in
    this one, and return without waiting for the shapes.

    Both engines are Rust that lets go of the interpreter, so on two cores the shapes also run beside
    whatever the caller does next (the build writes its Turtle meanwhile): the caller waits only at
    `Validation.violations()`. The triples are written as N-Triples once, which both engines read.
    """
    from concurrent.futures import ThreadPoolExecutor

    data = _ntriples(triples)
    pool = ThreadPoolExecutor(max_workers=1)
    shapes = pool.submit(_shacl, data)
    pool.shutdown(wait=False)  # the thread ends when the shapes are checked
    return Validation(shapes, _qc(_store(data)))


def _merged(data: Graph, ontology: Graph) -> list[ox.Triple]:
    """The triples of the data and of the ontology as Oxigraph's, in one list: what every check reads."""
    from ictgraph.build.graph import oxigraph_triples

    return oxigraph_triples(data) + oxigraph_triples(ontology)


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""  # None only when given a file to write


def _store(ntriples: bytes) -> ox.Store:
    """An Oxigraph store of the triples, parsed by Oxigraph from N-Triples (faster than adding them
    one Python object at a time)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


def _shacl(ntriples: bytes) -> list[Violation]:
    """pyrudof (a SHACL engine in Rust) on the triples: data and ontology in one graph, so that a
    shape on a class reaches the instances of its subclasses through the ontology's rdfs:subClassOf,
    as SHACL defines it, with no inference step. pySHACL gives the same verdicts (tests/test_shapes.py)
    in seconds rather than a fraction of one."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    # Lax: the N-Triples are Oxigraph's own writing of terms it already holds, so checking every IRI
    # again (Strict) only costs time (40 of the build's milliseconds, on its longest path).
    rudof.read_data(ntriples.decode("utf-8"), format=pyrudof.RDFFormat.NTriples,
                    reader_mode=pyrudof.ReaderMode.Lax)
    rudof.read_shacl(str(resources.SHAPES), reader_mode=pyrudof.ReaderMode.Strict)
    out = []
    for result in rudof.validate_shacl():
        if result.severity != "Violation":
            continue
        messages = _QUOTED.findall(result.message)
        message = messages[-1].replace('\\"', '"') if messages else result.message  # sh:message comes last
        where = f" ({shorten(result.path)})" if result.path else ""
        out.append(Violation("shacl", result.focus_node, f"{message}{where}"))
    return sorted(out, key=str)


def _qc(store: ox.Store, qc_dir: Path | None = None) -> list[Violation]:
    """The QC queries on the store."""
    import pyoxigraph as ox

    out = []
    for rq in sorted((qc_dir or resources.QC_DIR).glob("*.rq")):
        rows = store.query(rq.read_text(encoding="utf-8"))
        assert isinstance(rows, ox.QuerySolutions), f"{rq.name} must be a SELECT query"
        for row in rows:
            values = [str(v.value) if v is not None else "" for v in row]
            out.append(Violation(rq.stem, values[0] if values else "", " | ".join(values[1:])))
    return out
