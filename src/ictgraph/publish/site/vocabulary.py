"""The ontology page: classes, relations, values and concept schemes with labels, alignments and use."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ictgraph.publish.site.data import RDFS, SKOS, Lit, SiteData, Term
from ictgraph.publish.site.links import Links
from ictgraph.vocab import ICT, PREFIXES

OWL = "http://www.w3.org/2002/07/owl#"
ALIGNMENTS = (f"{RDFS}subClassOf", f"{OWL}equivalentClass", f"{SKOS}closeMatch", f"{SKOS}relatedMatch",
              f"{RDFS}subPropertyOf")


def short(iri: str) -> str:
    """A prefixed name for an IRI of a known vocabulary (`schema:Country`), else the IRI."""
    extra = {"time": "http://www.w3.org/2006/time#", "qb": "http://purl.org/linked-data/cube#",
             "ic": "http://imi.go.jp/ns/core/rdf#"}
    for prefix, ns in [*((p, str(n)) for p, n in PREFIXES.items()), *extra.items()]:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _definition(term: Term) -> str:
    found = [o.value for o in term.props.get(f"{SKOS}definition", []) if isinstance(o, Lit) and o.lang == "en"]
    return found[0] if found else ""


def _term_ref(data: SiteData, iri: str, lang: str, links: Links) -> dict[str, str]:
    """A term named by its label with a link to its entry, or by its prefixed name if it is not ours."""
    if iri in data.terms:
        return {"text": data.label(iri, lang), "href": links.term(iri.rsplit("#", 1)[-1])}
    return {"text": short(iri), "href": ""}


def _subclasses(data: SiteData) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for iri, term in data.terms.items():
        if term.kind == "class":
            for sup in term.props.get(f"{RDFS}subClassOf", []):
                if isinstance(sup, str) and sup in data.terms:
                    children[sup].append(iri)
    return children


def _descendants(children: dict[str, list[str]], iri: str) -> set[str]:
    out, todo = set(), [iri]
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo += children.get(c, [])
    return out


def _entry(data: SiteData, term: Term, lang: str, links: Links) -> dict[str, Any]:
    labels = data.labels.get(term.iri, {})
    alignments = []
    for p in ALIGNMENTS:
        for o in term.props.get(p, []):
            if isinstance(o, str) and not (p == f"{RDFS}subClassOf" and o in data.terms):
                alignments.append({"relation": short(p), "target": short(o)})
    return {"local": term.local, "iri": term.iri, "short": short(term.iri), "ja": labels.get("ja", ""),
            "en": labels.get("en", ""), "definition": _definition(term), "alignments": alignments}


def ontology_view(data: SiteData, lang: str, links: Links) -> dict[str, Any]:
    """Every ict: term with both labels, its definition, alignments and how often the graph uses it."""
    children = _subclasses(data)
    classes: list[dict[str, Any]] = []
    objprops: list[dict[str, Any]] = []
    dataprops: list[dict[str, Any]] = []
    schemes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for iri in sorted(data.terms, key=lambda i: data.terms[i].local.casefold()):
        term = data.terms[iri]
        entry = _entry(data, term, lang, links)
        if term.kind == "class":
            own = data.usage.get((iri, "class"), 0)
            entry["records"] = own
            entry["records_all"] = sum(data.usage.get((c, "class"), 0) for c in _descendants(children, iri))
            entry["parents"] = [_term_ref(data, s, lang, links) for s in term.props.get(f"{RDFS}subClassOf", [])
                                if isinstance(s, str) and s in data.terms]
            classes.append(entry)
        elif term.kind in ("object-property", "datatype-property"):
            entry["uses"] = data.usage.get((iri, "property"), 0)
            entry["domain"] = [_term_ref(data, d, lang, links) for d in term.props.get(f"{RDFS}domain", [])
                               if isinstance(d, str) and not d.startswith("_")]
            entry["range"] = [_term_ref(data, r, lang, links) for r in term.props.get(f"{RDFS}range", [])
                              if isinstance(r, str) and not r.startswith("_")]
            (objprops if term.kind == "object-property" else dataprops).append(entry)
        elif term.kind == "concept":
            entry["uses"] = data.usage.get((iri, "concept"), 0)
            entry["notation"] = next((o.value for o in term.props.get(f"{SKOS}notation", []) if isinstance(o, Lit)), "")
            entry["topic_href"] = links.topic(term.local[len("topic-"):]) if term.local.startswith("topic-") else ""
            for scheme in term.props.get(f"{SKOS}inScheme", []):
                if isinstance(scheme, str):
                    schemes[scheme].append(entry)
    scheme_list: list[dict[str, Any]] = [{"local": s.rsplit("#", 1)[-1], "label": data.label(s, lang),
                    "definition": _definition(data.terms[s]) if s in data.terms else "",
                    "concepts": sorted(entries, key=lambda e: e["local"])} for s, entries in schemes.items()]
    return {"classes": classes, "object_properties": objprops, "datatype_properties": dataprops,
            "schemes": sorted(scheme_list, key=lambda s: s["local"]), "namespace": str(ICT)}
