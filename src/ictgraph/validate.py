"""Check a graph against the SHACL shapes and the QC queries, where an empty result means pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ictgraph import paths


@dataclass(frozen=True)
class Violation:
    """One failed check: which check, on which node, and why."""

    check: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.focus}: {self.message}"


def shacl_violations(data: Graph, ontology: Graph | None = None) -> list[Violation]:
    """Run pySHACL with RDFS inference over the ontology, so shapes on a class reach subclasses."""
    import pyshacl
    from rdflib.namespace import SH

    shapes = Graph().parse(paths.SHAPES, format="turtle")
    onto = ontology if ontology is not None else Graph().parse(paths.ONTOLOGY, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=onto, inference="rdfs", advanced=True,
        allow_warnings=True,
    )
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


def qc_violations(data: Graph, qc_dir: Path | None = None) -> list[Violation]:
    """Run each `queries/qc/*.rq`; every row it returns is a violation named after the file."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    store.load(paths.ONTOLOGY.read_bytes(), ox.RdfFormat.TURTLE,
               to_graph=ox.DefaultGraph())
    out = []
    for rq in sorted((qc_dir or paths.QC_DIR).glob("*.rq")):
        for row in store.query(rq.read_text(encoding="utf-8")):
            values = [str(v.value) if v is not None else "" for v in row]
            out.append(Violation(rq.stem, values[0] if values else "", " | ".join(values[1:])))
    return out


def validate_graph(data: Graph) -> list[Violation]:
    """Everything a built graph must pass before it is written: shapes first, then QC."""
    return shacl_violations(data) + qc_violations(data)
