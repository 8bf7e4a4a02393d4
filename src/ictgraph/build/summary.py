"""What is in a built graph: records by category and class, dated events by type, triple counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ictgraph.vocab import ICT, local_name

# The top classes a reader sorts the records into, in the order the README shows them.
CATEGORIES = ("Agent", "Place", "Event", "EventSeries", "Agreement", "StandardAdoption", "Standard",
              "Project", "Funding", "PolicyDocument", "Principle", "Post", "Membership", "Observation")


@dataclass
class Summary:
    """Counts for the build's closing message and the README's size table."""

    triples: int
    passages: int
    quotations: int
    records: int
    by_category: dict[str, Counter[str]] = field(default_factory=dict)
    events_by_year: Counter[int] = field(default_factory=Counter)


def summarise(graph: Graph, ontology: Graph) -> Summary:
    """Count the records (nodes with evidence) under each category of the ontology."""
    records = {s for s in graph.subjects(ICT.evidence, None) if isinstance(s, URIRef)}
    summary = Summary(len(graph), len(set(graph.subjects(RDF.type, ICT.Passage))),
                      len(set(graph.subjects(RDF.type, ICT.Quotation))), len(records))
    for node in sorted(records):
        classes = set(graph.objects(node, RDF.type))
        supers = {s for c in classes for s in ontology.transitive_objects(c, RDFS.subClassOf)}
        category = next((c for c in CATEGORIES if ICT[c] in supers), "Other")
        counter = summary.by_category.setdefault(category, Counter())
        counter.update(local_name(str(c)) or str(c) for c in classes)
        if category == "Event" and isinstance(year := graph.value(node, ICT.year), Literal):
            summary.events_by_year[int(year)] += 1
    return summary


def format_summary(s: Summary, markdown: bool = False) -> str:
    """Plain text for the terminal, or a Markdown table for the README."""
    head = (f"{s.triples} triples; {s.records} records (entities and facts); "
            f"{s.passages} passages; {s.quotations} quotations")
    ordered = [c for c in (*CATEGORIES, "Other") if c in s.by_category]
    if markdown:
        lines = [head, "", "| category | records | by class |", "|---|---:|---|"]
        for cat in ordered:
            counts = s.by_category[cat]
            detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"| {cat} | {sum(counts.values())} | {detail} |")
        return "\n".join(lines)
    lines = [head]
    for cat in ordered:
        counts = s.by_category[cat]
        lines.append(f"  {cat:<17} {sum(counts.values()):>4}  " + ", ".join(
            f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))
    years = ", ".join(f"{y}: {n}" for y, n in sorted(s.events_by_year.items()))
    lines.append(f"  dated events by year: {years}")
    return "\n".join(lines)
