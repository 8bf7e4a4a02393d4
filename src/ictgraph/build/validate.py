"""Check a graph against the SHACL shapes and the QC queries, where an empty result means pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from ictgraph import resources


@dataclass(frozen=True)
class Violation:
    """One failed check: which check, on which node, and why."""

    check: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.focus}: {self.message}"


def with_superclass_types(data: Graph, ontology: Graph) -> Graph:
    """A copy of the data where every node also carries the superclasses of its classes.

    pySHACL's own RDFS inference runs owlrl over data and ontology together, which took minutes
    on this graph; the shapes only need the subclass closure of rdf:type, which takes a second.
    """
    supers = {c: set(ontology.transitive_objects(c, RDFS.subClassOf))
              for c in set(ontology.subjects(RDFS.subClassOf, None))}
    out = Graph()
    for triple in data:
        out.add(triple)
    for s, cls in data.subject_objects(RDF.type):
        for sup in supers.get(cls, set()):
            if sup is not None:
                out.add((s, RDF.type, sup))
    return out


def shacl_violations(data: Graph, ontology: Graph) -> list[Violation]:
    """Run pySHACL on the type-closed data, with the ontology's concepts alongside."""
    import pyshacl

    shapes = Graph().parse(resources.SHAPES, format="turtle")
    closed = with_superclass_types(data, ontology)
    for triple in ontology:
        closed.add(triple)
    conforms, report, _ = pyshacl.validate(closed, shacl_graph=shapes, inference="none",
                                           advanced=True, allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        where = f" ({path.n3(report.namespace_manager)})" if path is not None else ""
        out.append(Violation("shacl", str(focus), f"{message}{where}"))
    return sorted(out, key=str)


def qc_violations(data: Graph, ontology: Graph, qc_dir: Path | None = None) -> list[Violation]:
    """Run each `queries/qc/*.rq` on the data and the ontology; every row it returns is a violation
    named after the file."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    store.load(ontology.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
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
    read once per build and handed to every check.
    """
    return shacl_violations(data, ontology) + qc_violations(data, ontology)
