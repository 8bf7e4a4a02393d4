"""The graph as the explorer reads it: records, labels, statements, quotes and passages, by SPARQL."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ictgraph import resources
from ictgraph.vocab import ICT, ID

SITE_QUERIES = resources.QUERIES_DIR / "site"
RECORD_LINKS = resources.QUERIES_DIR / "network" / "record-links.rq"
LANGS = ("en", "ja")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
WIKIDATA = "http://www.wikidata.org/entity/"

# The colour groups of the explorer, in the order the home page offers them, each with the top
# classes of the ontology that fall into it. A record takes the first group one of its classes
# descends from.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("places", ("Place",)),
    ("organisations", ("Organization",)),
    ("events", ("Event", "EventSeries")),
    ("agreements", ("Agreement",)),
    ("projects", ("Project", "Funding", "Observation")),
    ("people", ("Person", "Post", "Membership")),
    ("standards", ("Standard", "StandardAdoption")),
    ("documents", ("PolicyDocument", "Principle")),
)
GROUP_IDS = tuple(g for g, _ in GROUPS)
# Which group colours a stretch of text that supports records of several groups: facts before the
# entities they are about, so that a sentence that became an agreement reads as one.
COLOUR_PRIORITY = ("projects", "agreements", "events", "standards", "documents", "people", "organisations",
                   "places")


class Lit(NamedTuple):
    """A literal as the site needs it: its lexical form, language tag and datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Obj = str | Lit  # an IRI (str) or a literal


@dataclass(frozen=True)
class Quote:
    """One evidence quotation of a record: the exact words and the passage they come from."""

    key: str  # the quotation's key, e.g. country/BR/ev/1
    record: str
    text: str
    passage: str
    number: int  # 1-based, in the order of the record's quotations


@dataclass(frozen=True)
class Reference:
    """A statement about a record that comes from reference data, not from the text."""

    predicate: str
    object: Obj
    source: str  # the ict: reference source concept


@dataclass
class Record:
    """A node with evidence: everything a record page shows about it."""

    key: str
    iri: str
    classes: list[str]  # IRIs of the asserted classes
    group: str
    statements: list[tuple[str, Obj]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    """A heading, paragraph, figure or footnote of the source, in reading order."""

    id: str
    kind: str
    text: str
    order: int
    part: int
    depth: int  # how many headings sit above it (the section title has 1)
    heading_path: str
    footnotes: tuple[str, ...]


@dataclass
class Term:
    """A class, property, concept or scheme of the ontology with its annotations."""

    iri: str
    kind: str
    props: dict[str, list[Obj]] = field(default_factory=lambda: defaultdict(list))

    @property
    def local(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


@dataclass
class SiteData:
    """All that the pages need, read once from the graph and the ontology."""

    store: ox.Store
    records: dict[str, Record]
    labels: dict[str, dict[str, str]]  # IRI -> lang -> label
    alt_labels: dict[str, list[Lit]]
    terms: dict[str, Term]
    values: dict[str, dict[str, list[Obj]]]  # amount/quantity node -> property -> values
    passages: list[Passage]
    usage: dict[tuple[str, str], int]  # (term IRI, kind) -> uses
    links: list[tuple[str, str, str]]  # (subject key, property IRI, object key) between records
    triples: int
    incoming: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    outgoing: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    shown: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> lang -> label as lists show it

    def label(self, iri: str, lang: str) -> str:
        """The label in `lang`, else in the other language, else the compact key: never a bare IRI.

        Where a label alone says nothing in a list (「第14回会合」), it comes with its series: see
        `with_series`. The record's own page shows the label as the text writes it, too.
        """
        other = "ja" if lang == "en" else "en"
        return self.own_label(iri, lang) or self.own_label(iri, other) or compact(iri)

    def own_label(self, iri: str, lang: str) -> str:
        """The label in exactly `lang` as lists show it, or "" if the record has none in that language."""
        return self.shown.get(iri, {}).get(lang) or self.labels.get(iri, {}).get(lang, "")

    def record_of(self, iri: str) -> Record | None:
        return self.records.get(key_of(iri)) if iri.startswith(str(ID)) else None

    def quotes(self) -> list[Quote]:
        return [q for r in self.records.values() for q in r.quotes]


#: A Japanese label that names only a session: 第14回会合, 第1回, 第３回会議 (the meeting's number and,
#: at most, a word for "meeting"). Numbers in any digits the text uses.
BARE_SESSION = re.compile(r"第\s*[0-9０-９〇一二三四五六七八九十百]+\s*回(会合|会議|総会|大会)?")


def with_series(label: str, series: str) -> str | None:
    """How a list names a session whose Japanese label is only its number: with its series, in the
    form the white paper itself uses (日独ICT政策対話（第4回）); None when the label says more.

    Examples
    --------
    >>> with_series("第14回会合", "インターネット・ガバナンス・フォーラム")
    'インターネット・ガバナンス・フォーラム（第14回会合）'
    >>> with_series("第1回日豪ICT政策対話", "日豪ICT政策対話") is None
    True
    """
    if not BARE_SESSION.fullmatch(label.strip()) or not series or series in label:
        return None
    return f"{series}（{label.strip()}）"


def key_of(iri: str) -> str:
    """The key of an instance IRI: `country/BR` for `https://w3id.org/ictgraph/id/country/BR`."""
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def compact(iri: str) -> str:
    """A short form for the rare place an identifier must show (`id:country/BR`, `ict:Country`).

    Examples
    --------
    >>> compact("https://w3id.org/ictgraph/id/country/BR"), compact("https://w3id.org/ictgraph/ontology#Country")
    ('id:country/BR', 'ict:Country')
    """
    for prefix, ns in (("id", str(ID)), ("ict", str(ICT)), ("wd", WIKIDATA)):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def fold(text: str) -> str:
    """NFKC and case-folded, so that ＩＴＵ, itu and ITU compare equal (labels and quotes alike)."""
    return unicodedata.normalize("NFKC", text).casefold()


def to_obj(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Obj:
    """An Oxigraph term as the site's plain value: an IRI string or a Lit."""
    if isinstance(term, ox.Literal):
        return Lit(term.value, term.language, term.datatype.value if term.language is None else None)
    # Blank node labels differ from load to load: marked so that no page ever shows or sorts by one.
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def read_query(name: str) -> str:
    return (SITE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def select(store: ox.Store, text: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, Obj]]:
    """Rows of a SELECT as dicts of plain values; parameters are bound by substitution, never formatted."""
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): v for k, v in bindings.items()}
    result = store.query(text, substitutions=subs or None)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("the explorer's queries are SELECT queries")
    names = [v.value for v in result.variables]
    return [{n: to_obj(term) for n in names if (term := row[n]) is not None} for row in result]


def iri(row: dict[str, Obj], name: str) -> str:
    """The IRI bound to `name` in a row (the site's queries bind IRIs where they say so)."""
    value = row[name]
    if isinstance(value, Lit):
        raise TypeError(f"?{name} is bound to a literal, {value.value!r}, where the query promises an IRI")
    return value


def text(row: dict[str, Obj], name: str) -> str:
    """The lexical form of the literal bound to `name` in a row."""
    value = row[name]
    return value.value if isinstance(value, Lit) else value


def literal(row: dict[str, Obj], name: str) -> Lit:
    """The literal bound to `name` in a row, with its language and datatype."""
    value = row[name]
    if not isinstance(value, Lit):
        raise TypeError(f"?{name} is bound to the IRI {value} where the query promises a literal")
    return value


def open_store(graph: Path, ontology: Path) -> tuple[ox.Store, int]:
    """The graph and the ontology in one in-memory store (Oxigraph's own parser), and the graph's size."""
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
    triples = len(store)
    store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE)
    return store, triples


def _ancestors(terms: dict[str, Term], cls: str) -> list[str]:
    """The class and its ict: superclasses, nearest first."""
    out, todo = [], [cls]
    while todo:
        c = todo.pop(0)
        if c in out or c not in terms:
            continue
        out.append(c)
        todo += sorted(o for o in terms[c].props.get(f"{RDFS}subClassOf", []) if isinstance(o, str))
    return out


def group_of(terms: dict[str, Term], classes: list[str]) -> str:
    """The colour group of a record of these classes (see GROUPS); "other" if none fits."""
    ancestors = {a.rsplit("#", 1)[-1] for c in classes for a in _ancestors(terms, c)}
    return next((g for g, tops in GROUPS if ancestors & set(tops)), "other")


def load_site_data(graph: Path, ontology: Path) -> SiteData:
    """Read everything the site shows, with one SPARQL query per kind of thing."""
    store, triples = open_store(graph, ontology)

    terms: dict[str, Term] = {}
    for row in select(store, read_query("ontology-terms")):
        term = terms.setdefault(iri(row, "term"), Term(iri(row, "term"), text(row, "kind")))
        term.props[iri(row, "p")].append(row["o"])

    labels: dict[str, dict[str, str]] = defaultdict(dict)
    alt_labels: dict[str, list[Lit]] = defaultdict(list)
    for row in select(store, read_query("labels")):
        label = literal(row, "label")
        if text(row, "kind") == "alt":
            alt_labels[iri(row, "node")].append(label)
        else:
            # The first label in each language wins (sorted by the query), so pages are stable.
            labels[iri(row, "node")].setdefault(label.lang or "en", label.value)

    classes: dict[str, list[str]] = defaultdict(list)
    for row in select(store, read_query("records")):
        classes[iri(row, "record")].append(iri(row, "class"))
    records = {key_of(iri): Record(key_of(iri), iri, cls, group_of(terms, cls)) for iri, cls in classes.items()}

    for row in select(store, read_query("record-statements")):
        if iri(row, "p") not in (RDF_TYPE, f"{ICT}evidence"):
            records[key_of(iri(row, "record"))].statements.append((iri(row, "p"), row["o"]))

    for row in select(store, read_query("quotations")):
        rec = records[key_of(iri(row, "record"))]
        rec.quotes.append(Quote(key_of(iri(row, "quotation")), rec.key, text(row, "quote"), text(row, "passageId"),
                                len(rec.quotes) + 1))

    for row in select(store, read_query("reference-statements")):
        referred = records.get(key_of(iri(row, "subject")))
        if referred is not None:
            referred.references.append(Reference(iri(row, "predicate"), row["object"], iri(row, "source")))

    values: dict[str, dict[str, list[Obj]]] = defaultdict(lambda: defaultdict(list))
    for row in select(store, read_query("values")):
        values[iri(row, "node")][iri(row, "p")].append(row["o"])

    passages = []
    for row in select(store, read_query("passages")):
        heading_path = text(row, "headingPath") if "headingPath" in row else ""
        footnotes = text(row, "footnotes").split() if "footnotes" in row else []
        passages.append(Passage(text(row, "passageId"), text(row, "kind"), text(row, "text"), int(text(row, "order")),
                                int(text(row, "part")) if "part" in row else 0,
                                heading_path.count(" > ") + 1 if heading_path else 0, heading_path,
                                tuple(sorted(footnotes, key=lambda f: int(f[2:])))))

    usage = {(iri(row, "term"), text(row, "kind")): int(text(row, "uses"))
             for row in select(store, read_query("term-usage"))}

    links = [(key_of(iri(row, "s")), iri(row, "p"), key_of(iri(row, "o")))
             for row in select(store, RECORD_LINKS.read_text(encoding="utf-8"))
             if key_of(iri(row, "s")) in records and key_of(iri(row, "o")) in records]
    incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
    outgoing: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in links:
        incoming[o].append((p, s))
        outgoing[s].append((p, o))

    return SiteData(store, records, dict(labels), dict(alt_labels), terms, values, passages, usage, links,
                    triples, dict(incoming), dict(outgoing), _session_labels(records, labels))


def _session_labels(records: dict[str, Record], labels: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Japanese labels that lists show with their series (`with_series`); the data keeps the text's words."""
    shown: dict[str, dict[str, str]] = {}
    for rec in records.values():
        own = labels.get(rec.iri, {}).get("ja", "")
        series = [o for p, o in rec.statements if p == f"{ICT}inSeries" and isinstance(o, str)]
        for named in (with_series(own, labels.get(o, {}).get("ja", "")) for o in sorted(series)):
            if named:
                shown[rec.iri] = {"ja": named}
                break
    return shown


def country_records(data: SiteData, country: Record) -> dict[str, set[str]]:
    """Record key -> how it involves the country (direct, city, government), by country-records.rq."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in select(data.store, read_query("country-records"), country=ox.NamedNode(country.iri)):
        if key_of(iri(row, "record")) in data.records:
            out[key_of(iri(row, "record"))].add(text(row, "via"))
    return dict(out)


def source_triples(data: SiteData) -> dict[str, list[ox.Triple]]:
    """The triples of each passage and of the source document (source-triples.rq), by key, sorted."""
    result = data.store.query(read_query("source-triples"))
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("source-triples.rq is a SELECT query")
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for row in result:
        node, p, o = row["node"], row["p"], row["o"]
        if isinstance(node, ox.NamedNode) and isinstance(p, ox.NamedNode) and o is not None:
            out[key_of(node.value)].append(ox.Triple(node, p, o))
    return {k: sorted(v, key=lambda t: (str(t.predicate), str(t.object))) for k, v in out.items()}


def record_triples(data: SiteData, record: Record) -> list[ox.Triple]:
    """The record's own triples (record-triples.rq), sorted so that the files are the same every build."""
    result = data.store.query(read_query("record-triples"),
                              substitutions={ox.Variable("record"): ox.NamedNode(record.iri)})
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("record-triples.rq is a CONSTRUCT query")
    return sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
