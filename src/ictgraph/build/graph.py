"""Turn the corpus and the checked fact records into the RDF graph, with provenance on every node."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.stores.memory import SimpleMemory

from ictgraph.authoring.amounts import Amount, Count
from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.dates import DateValue
from ictgraph.authoring.ontology import Ontology, load_ontology
from ictgraph.authoring.records import DateSpec, ProposedDate, Record
from ictgraph.authoring.reference import country, japanese_name, read_linking_table
from ictgraph.source.corpus import Corpus, Passage, load_corpus
from ictgraph.turtle import write_turtle
from ictgraph.vocab import ICT, WD, bind_prefixes, passage_iri, record_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

SOURCE_ID = "source/wp2020-ch6-sec8"
PUBLISHER_ID = "org/jp-mic"  # 総務省, the record of the ministry that publishes the white paper

# The terms a date key writes, so that a start and an end never become an unordered pair:
# key -> (calendar date, its year, fiscal year, the date as written, its qualifier).
DATE_TERMS = {
    "date": ("date", "year", "fiscalYear", "dateText", "dateQualifier"),
    "start": ("startDate", "startYear", "startFiscalYear", "startDateText", "startDateQualifier"),
    "end": ("endDate", "endYear", "endFiscalYear", "endDateText", "endDateQualifier"),
}


def content_key(*parts: str) -> str:
    """The first 12 hex digits of the SHA-256 of the parts joined by line breaks: the name of a
    node by what it holds, so that reordering a fact file renames nothing.

    Examples
    --------
    >>> content_key("1.1.i.pa.fig6-8-1-1", "ブラジル（2006年6月方式決定）")
    '8399ab87a1a4'
    """
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def quotation_iri(record: str, passage: str, quote: str) -> URIRef:
    """`<record>/ev/<h>`, h from the passage id and the quote (queries/qc/evidence-iri recomputes it)."""
    return URIRef(f"{record}/ev/{content_key(passage, quote)}")


def statement_iri(record: str, predicate: URIRef, obj: URIRef | Literal, source: URIRef) -> URIRef:
    """`<record>/ref/<h>`, h from the predicate, the object in N-Triples and the reference source."""
    return URIRef(f"{record}/ref/{content_key(str(predicate), obj.n3(), str(source))}")


def proposed_date_iri(record: str, value: DateValue, end: DateValue | None) -> URIRef:
    """`<record>/proposed-date/2021-02`: a proposed date is named by its value."""
    return URIRef(f"{record}/proposed-date/{value}{f'..{end}' if end else ''}")


class GraphBuilder:
    """Accumulates triples; every helper names the record whose evidence backs what it adds."""

    def __init__(self, onto: Ontology) -> None:
        self.onto = onto
        # rdflib's store without named graphs (an instance graph has none): it adds a triple in half
        # the time of the default one, which keeps an index of contexts and sends an event per triple.
        self.g = Graph(store=SimpleMemory())
        bind_prefixes(self.g)
        self.minted: dict[URIRef, tuple[str, ...]] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def mint(self, iri: URIRef, *content: str) -> URIRef:
        """Name a sub-node by its content; the same name for other content is a hash collision,
        which would merge two nodes silently, so it stops the build."""
        if self.minted.setdefault(iri, content) != content:
            raise AssertionError(f"{iri} names two different nodes: lengthen content_key()")
        return iri

    # -- source ---------------------------------------------------------------------------------
    def add_source(self, corpus: Corpus) -> URIRef:
        doc = URIRef(record_iri(SOURCE_ID))
        self.add(doc, RDF.type, ICT.SourceDocument)
        self.add(doc, RDFS.label, Literal("令和2年版 情報通信白書 第6章第8節「ICT国際戦略の推進」", "ja"))
        self.add(doc, RDFS.label, Literal(
            "2020 White Paper on Information and Communications in Japan, ch. 6 sec. 8", "en"))
        # IRIs a client can follow: MIC's record, and the licence the ontology describes.
        self.add(doc, DCTERMS.publisher, URIRef(record_iri(PUBLISHER_ID)))
        self.add(doc, DCTERMS.issued, Literal("2020", datatype=XSD.gYear))
        self.add(doc, DCTERMS.identifier, Literal(f"sha256:{corpus.sha256}"))
        self.add(doc, DCTERMS.license, ICT.GovernmentOfJapanStandardTermsOfUse2)
        for p in corpus.passages:
            self.add_passage(doc, p)
        return doc

    def add_passage(self, doc: URIRef, p: Passage) -> None:
        node = URIRef(passage_iri(p.id))
        self.add(node, RDF.type, ICT.Passage)
        self.add(node, ICT.passageId, Literal(p.id))
        self.add(node, ICT.passageKind, Literal(p.kind))
        self.add(node, ICT.text, Literal(p.text, "ja"))
        self.add(node, ICT.headingPath, Literal(p.heading_path, "ja"))
        self.add(node, ICT.part, Literal(p.part))
        self.add(node, ICT.order, Literal(p.order))
        self.add(node, DCTERMS.isPartOf, doc)
        for fid in p.footnotes:
            self.add(node, ICT.footnote, URIRef(passage_iri(fid)))
        if p.kind != "heading" and p.headings:
            path = ".".join(h.segment for h in p.headings if h.segment)
            self.add(node, ICT.heading, URIRef(passage_iri(f"{path}.h" if path else "title")))

    # -- records --------------------------------------------------------------------------------
    def add_record(self, rec: Record) -> None:
        s = URIRef(record_iri(rec.id))
        for t in rec.types:
            self.add(s, RDF.type, ICT[t])
        self.add_evidence(s, rec)
        self.add_labels(s, rec)
        for form in rec.alt:
            self.add(s, SKOS.altLabel, Literal(form, "ja"))
        flags = set(rec.flags)
        for key, spec in rec.dates.items():
            flags |= self.add_date(s, key, spec)
        for proposed in rec.proposed_dates:
            # The node's qualifier says a proposed date is approximate; the record's own date is not.
            flags |= self.add_proposed_date(s, proposed) - {"approximate"}
        for flag in sorted(flags):
            self.add(s, ICT.flag, self.onto.known_concept("Flag", flag))
        if rec.flag_note:
            self.add(s, ICT.flagNote, Literal(rec.flag_note, "en"))
        if rec.amount:
            self.add_amount(s, *rec.amount)
        if rec.count:
            self.add_count(s, *rec.count)
        if rec.iso2:
            self.add_country_codes(s, rec.iso2)
        if rec.wikidata:
            self.add_wikidata(s, rec.wikidata)
        for url in rec.see_also:
            self.add(s, RDFS.seeAlso, URIRef(url))
        for key, values in rec.props.items():
            prop = self.onto.properties[key]
            for v in values:
                self.add(s, prop.iri, self.term(prop.name, v))

    def term(self, name: str, value: object) -> URIRef | Literal:
        prop = self.onto.properties[name]
        if prop.concept_class:
            return self.onto.known_concept(prop.concept_class, str(value))
        if prop.is_object:
            return URIRef(record_iri(str(value)))
        return prop.literal(value)

    def add_evidence(self, s: URIRef, rec: Record) -> None:
        for ev in rec.evidence:
            q = self.mint(quotation_iri(s, ev.passage, ev.quote), ev.passage, ev.quote)
            passage = URIRef(passage_iri(ev.passage))
            self.add(s, ICT.evidence, q)
            self.add(s, PROV.wasDerivedFrom, passage)
            self.add(q, RDF.type, ICT.Quotation)
            self.add(q, PROV.value, Literal(ev.quote, "ja"))
            self.add(q, PROV.wasQuotedFrom, passage)

    def reference(self, s: URIRef, p: URIRef, o: URIRef | Literal, source: URIRef) -> None:
        """Add a triple that comes from reference data, and a reified statement saying whence."""
        self.add(s, p, o)
        st = self.mint(statement_iri(s, p, o, source), str(p), o.n3(), str(source))
        self.add(st, RDF.type, ICT.ReferenceStatement)
        self.add(st, RDF.subject, s)
        self.add(st, RDF.predicate, p)
        self.add(st, RDF.object, o)
        self.add(st, ICT.referenceSource, source)

    def add_labels(self, s: URIRef, rec: Record) -> None:
        if rec.label_source == "pycountry" and rec.iso2:
            self.reference(s, RDFS.label, Literal(japanese_name(rec.iso2), "ja"), ICT.Pycountry)
        elif rec.label_source == "editorial":
            self.reference(s, RDFS.label, Literal(rec.label_ja, "ja"), ICT.EditorialTranslation)
        else:
            self.add(s, RDFS.label, Literal(rec.label_ja, "ja"))
        self.reference(s, RDFS.label, Literal(rec.label_en, "en"), ICT.EditorialTranslation)

    def add_date(self, s: URIRef, key: str, spec: DateSpec) -> set[str]:
        """Write a date under its key's own terms (DATE_TERMS); return the flags it raises.

        A range written in one string (only under `date:`; the checker refuses it under start/end)
        gives a start and an end, and, for a calendar range, the start as the record's date.
        """
        parsed = spec.parsed
        self.add(s, ICT[DATE_TERMS[key][3]], Literal(parsed.text, "ja"))
        if parsed.end is None:
            self.add_date_value(s, key, parsed.start, parsed.qualifier)
        else:
            self.add_date_value(s, "start", parsed.start, parsed.qualifier)
            self.add_date_value(s, "end", parsed.end, parsed.end_qualifier)
            if not parsed.fiscal:
                self.add_date_value(s, "date", parsed.start, parsed.qualifier)
        raised = {"approximate": parsed.approximate, "fiscal-year": parsed.fiscal,
                  "era-mismatch": parsed.era_mismatch, "from-context": parsed.relative or spec.resolved}
        return {flag for flag, on in raised.items() if on}

    def add_date_value(self, s: URIRef, key: str, value: DateValue, qualifier: str | None) -> None:
        """One end of a date: a calendar date and its year, or a fiscal year; and its qualifier."""
        date_p, year_p, fiscal_p, _, qualifier_p = DATE_TERMS[key]
        if value.fiscal:
            self.add(s, ICT[fiscal_p], Literal(value.year))
        else:
            lexical, dtype = value.xsd()
            self.add(s, ICT[date_p], Literal(lexical, datatype=XSD[dtype]))
            self.add(s, ICT[year_p], Literal(value.year))
        if qualifier:
            self.add(s, ICT[qualifier_p], self.onto.known_concept("DateQualifier", qualifier))

    def add_proposed_date(self, s: URIRef, proposed: ProposedDate) -> set[str]:
        """A date under discussion or proposed: a node of its own with the date and its status."""
        parsed = proposed.date.parsed
        node = proposed_date_iri(s, parsed.start, parsed.end)
        self.add(s, ICT.proposedDate, node)
        self.add(node, RDF.type, ICT.ProposedDate)
        self.add(node, ICT.dateStatus, self.onto.known_concept("DateStatus", proposed.status))
        return self.add_date(node, "date", proposed.date)

    def _value_node(self, s: URIRef, link: URIRef, cls: URIRef, suffix: str, value: object,
                    approximate: bool, text_property: URIRef, text: str) -> URIRef:
        """A node for a number the text gives (an amount, a count), with the words it was read from."""
        node = URIRef(f"{s}/{suffix}")
        self.add(s, link, node)
        self.add(node, RDF.type, cls)
        self.add(node, ICT.value, Literal(value, datatype=XSD.decimal))
        self.add(node, ICT.isApproximate, Literal(approximate))
        self.add(node, text_property, Literal(text, "ja"))
        return node

    def add_amount(self, s: URIRef, amount: Amount, kind: str) -> None:
        node = self._value_node(s, ICT.amount, ICT.MonetaryAmount, "amount", amount.value,
                                amount.approximate, ICT.amountText, amount.text)
        self.add(node, ICT.currency, Literal(amount.currency))
        self.add(node, ICT.amountKind, self.onto.known_concept("AmountKind", kind))

    def add_count(self, s: URIRef, count: Count, unit: str) -> None:
        node = self._value_node(s, ICT.quantity, ICT.Quantity, "quantity", count.value,
                                count.approximate, ICT.quantityText, count.text)
        self.add(node, ICT.isLowerBound, Literal(count.lower_bound))
        if unit:
            self.add(node, ICT.unitText, Literal(unit, "en"))

    def add_country_codes(self, s: URIRef, iso2: str) -> None:
        record = country(iso2)
        self.reference(s, ICT.iso3166Alpha2, Literal(record.alpha_2), ICT.Pycountry)
        self.reference(s, ICT.iso3166Alpha3, Literal(record.alpha_3), ICT.Pycountry)
        for row in read_linking_table():
            if row.iso2 == iso2 and row.verified:
                self.reference(s, OWL.sameAs, WD[row.wikidata], ICT.LinkingTable)

    def add_wikidata(self, s: URIRef, qid: str) -> None:
        # The checker admits only verified rows of the linking table.
        self.reference(s, OWL.sameAs, WD[qid], ICT.LinkingTable)


def build_graph(corpus: Corpus | None = None, onto: Ontology | None = None,
                fact_files: list[Path] | None = None) -> Graph:
    """Check every fact and produce the instance graph (without the ontology's own triples)."""
    corpus = corpus or load_corpus()
    onto = onto or load_ontology()
    records = load_facts(corpus, onto, fact_files)
    builder = GraphBuilder(onto)
    builder.add_source(corpus)
    for rec in records:
        builder.add_record(rec)
    blank = [t for t in builder.g if any(isinstance(x, BNode) for x in t)]
    if blank:
        raise AssertionError(f"the build minted {len(blank)} blank-node triples; it must mint none")
    return builder.g


def serialize_turtle(g: Graph) -> bytes:
    """Turtle with the project's prefixes, written by `ictgraph.turtle`: sorted, so the same graph always
    gives the same bytes (and ten times faster than rdflib's serialiser)."""
    return write_turtle(oxigraph_triples(g))


def oxigraph_triples(g: Graph) -> list[ox.Triple]:
    """The triples of an rdflib graph as Oxigraph's terms (a literal keeps its lexical form, language
    and datatype; a blank node its label), for Oxigraph's stores, pyrudof and `ictgraph.turtle`."""
    import pyoxigraph as ox

    named: dict[str, ox.NamedNode] = {}

    def node(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            found = named.get(term)
            if found is None:
                found = named[term] = ox.NamedNode(term)
            return found
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(term, language=term.language)
            return ox.Literal(term, datatype=node(term.datatype)) if term.datatype else ox.Literal(term)  # type: ignore[arg-type]
        if isinstance(term, BNode):
            return ox.BlankNode(term)
        raise TypeError(f"not an RDF term: {term!r}")

    return [ox.Triple(node(s), node(p), node(o)) for s, p, o in g]  # type: ignore[arg-type]
