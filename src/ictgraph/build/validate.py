"""Check a graph against the SHACL shapes and the QC queries, where an empty result means pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph import resources
from ictgraph.vocab import shorten

if TYPE_CHECKING:
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
    from ictgraph.build.graph import oxigraph_triples

    return _shacl(oxigraph_triples(data) + oxigraph_triples(ontology))


def _shacl(triples: list[ox.Triple]) -> list[Violation]:
    """pyrudof (a SHACL engine in Rust) on the triples: data and ontology in one graph, so that a
    shape on a class reaches the instances of its subclasses through the ontology's rdfs:subClassOf,
    as SHACL defines it, with no inference step. pySHACL gives the same verdicts (tests/test_shapes.py)
    in seconds rather than a fraction of one."""
    import pyoxigraph as ox
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""  # None only when given a file to write
    rudof.read_data(data.decode("utf-8"), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
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


def qc_violations(data: Graph, ontology: Graph, qc_dir: Path | None = None) -> list[Violation]:
    """Run each `queries/qc/*.rq` on the data and the ontology; every row it returns is a violation
    named after the file."""
    from ictgraph.build.graph import oxigraph_triples

    return _qc(oxigraph_triples(data) + oxigraph_triples(ontology), qc_dir)


def _qc(triples: list[ox.Triple], qc_dir: Path | None = None) -> list[Violation]:
    """The QC queries on an Oxigraph store of the triples."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
    out = []
    for rq in sorted((qc_dir or resources.QC_DIR).glob("*.rq")):
        rows = store.query(rq.read_text(encoding="utf-8"))
        assert isinstance(rows, ox.QuerySolutions), f"{rq.name} must be a SELECT query"
        for row in rows:
            values = [str(v.value) if v is not None else "" for v in row]
            out.append(Violation(rq.stem, values[0] if values else "", " | ".join(values[1:])))
    return out


def validate_graph(data: Graph, ontology: Graph) -> list[Violation]:
    """Everything a built graph must pass before it is written: shapes first, then QC.

    `ontology` is the graph of `ontology/ict.ttl` as the caller read it (`load_ontology().graph`):
    read once per build and handed to every check, which share one copy of the triples as Oxigraph's.
    The shapes are checked in a second thread while the QC queries run in this one: both engines are
    Rust that lets go of the interpreter, so on two cores the two take the time of the longer.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ictgraph.build.graph import oxigraph_triples

    triples = oxigraph_triples(data) + oxigraph_triples(ontology)
    with ThreadPoolExecutor(max_workers=1) as pool:
        shapes = pool.submit(_shacl, triples)
        queries = _qc(triples)
        return shapes.result() + queries
