"""Check the curated fact records against the corpus, the ontology and the reference data.

Every key a record may hold is checked, and every failure is kept: one run reports all the errors
of all the files (file:line, record, reason), so that an author fixes them in one pass. A record
with an error never reaches the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ictgraph import resources
from ictgraph.authoring.amounts import Amount, Count, parse_amount, parse_count
from ictgraph.authoring.dates import parse_date, parse_resolved_date
from ictgraph.authoring.ontology import Ontology, Property
from ictgraph.authoring.reader import read_yaml
from ictgraph.authoring.records import DateSpec, Evidence, ProposedDate, Record
from ictgraph.authoring.reference import LinkRow, country, read_linking_table
from ictgraph.errors import AmountError, DateError, FactError, FactErrors
from ictgraph.resources import display_path
from ictgraph.source.corpus import Corpus

ID_PATTERN = re.compile(r"^[a-z]+/[A-Za-z0-9._-]+$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
REQUIRED = ("id", "type", "label", "evidence")
RESERVED = {
    "id", "type", "label", "label_source", "alt", "evidence", "date", "start", "end",
    "proposed_date", "amount", "count", "flags", "flag_note", "iso2", "wikidata", "see_also",
}
LABEL_SOURCES = {"text", "editorial", "pycountry"}
# Characters an IRI may not hold (RFC 3987), besides whitespace and control characters.
_NOT_IN_IRI = set('<>"{}|\\^`')


def shown(value: object) -> str:
    """A YAML value as a message shows it: a collection by its kind (its repr would show the
    reader's line bookkeeping), anything else by its repr, which escapes line breaks.

    Examples
    --------
    >>> shown(["BR"]), shown("country/BR\\n")
    ('a list', "'country/BR\\\\n'")
    """
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def id_problem(value: object) -> str | None:
    """Why `value` is not a record id (``kind/slug``), or None if it is one.

    Examples
    --------
    >>> id_problem("country/BR") is None
    True
    >>> id_problem("country/B R")
    "id 'country/B R' holds whitespace (a space or a line break); an id is one word like 'country/BR'"
    >>> id_problem("País/BR")
    "id 'País/BR' is not a slug like 'country/BR' (a lower-case kind, '/', then ASCII letters, digits, '.', '_' or '-')"
    """
    if not isinstance(value, str):
        return f"id {shown(value)} is not text; an id is one word like 'country/BR'"
    if any(c.isspace() for c in value):
        return f"id {value!r} holds whitespace (a space or a line break); an id is one word like 'country/BR'"
    if not ID_PATTERN.match(value):
        return (f"id {value!r} is not a slug like 'country/BR' (a lower-case kind, '/', then ASCII "
                "letters, digits, '.', '_' or '-')")
    return None


def url_problem(value: object) -> str | None:
    """Why `value` is not an absolute http(s) URL the graph can hold as an IRI, or None.

    Read with urllib's parser, not a pattern: the scheme and host are what it finds.

    Examples
    --------
    >>> url_problem("https://www.itu.int/en/Pages/default.aspx") is None
    True
    >>> url_problem("https://www.itu.int/en/ Pages")
    'holds whitespace; a URL has none (write a space as %20)'
    >>> url_problem("www.itu.int")
    'is not an absolute http(s) URL (https://host/path)'
    """
    if not isinstance(value, str):
        return f"is {shown(value)}, not a URL"
    if any(c.isspace() for c in value):
        return "holds whitespace; a URL has none (write a space as %20)"
    if any(ord(c) < 32 or ord(c) == 127 or c in _NOT_IN_IRI for c in value):
        return "holds a character a URL cannot hold (a control character or one of <>\"{}|\\^`)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 — reading the port checks it: a port that is no number raises
    except ValueError as exc:
        return f"cannot be read as a URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) URL (https://host/path)"
    return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class _Checker:
    """Checks raw records one key at a time; every failure names the file, line and record."""

    def __init__(self, corpus: Corpus, onto: Ontology, links: tuple[LinkRow, ...]) -> None:
        self.corpus = corpus
        self.onto = onto
        self.full_text = corpus.text()
        self.links = {row.wikidata: row for row in links}
        self.errors: list[FactError] = []

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Run one check; the FactError it raises is kept and the next check runs."""
        try:
            yield
        except FactError as exc:
            self.errors.append(exc)

    def fail(self, raw: dict[str, Any], path: Path, key: str | None, reason: str) -> FactError:
        line = raw["__lines__"].get(key, raw["__line__"]) if key else raw["__line__"]
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        return FactError(path, line, rid, reason)

    def record(self, raw: dict[str, Any], path: Path) -> Record | None:
        """The checked record, or None when any check failed (the failures are in `errors`)."""
        errors_before = len(self.errors)
        for key in REQUIRED:
            if key not in raw:
                self.errors.append(self.fail(raw, path, None, f"missing required field '{key}'"))
        rec = Record(str(raw.get("id")), [], "", "", "text", path, raw["__line__"], [])
        if "id" in raw and (problem := id_problem(raw["id"])):
            self.errors.append(self.fail(raw, path, "id", problem))
        if "type" in raw:
            with self.kept():
                rec.types = self.types(raw, path)
        quotes: list[str] | None = None  # None: the evidence failed, so no quote can be checked against
        if "evidence" in raw and (evidence := self.evidence(raw, path)) is not None:
            rec.evidence, quotes = evidence, [e.quote for e in evidence]
        if "label" in raw:
            with self.kept():
                rec.label_ja, rec.label_en, rec.label_source = self.label(raw, path, quotes)
        with self.kept():
            rec.alt = self.alt(raw, path)
        with self.kept():
            rec.flags = self.flags(raw, path)
        with self.kept():
            rec.flag_note = self.flag_note(raw, path)
        for key in ("date", "start", "end"):
            if key in raw:
                with self.kept():
                    rec.dates[key] = self.date(raw, path, key, raw[key], quotes)
        if "proposed_date" in raw:
            with self.kept():
                rec.proposed_dates = self.proposed_dates(raw, path, quotes, rec.dates.get("date"))
        if "amount" in raw:
            with self.kept():
                rec.amount = self.amount(raw, path, quotes)
        if "count" in raw:
            with self.kept():
                rec.count = self.count(raw, path, quotes)
        if "iso2" in raw:
            with self.kept():
                rec.iso2 = self.iso2(raw, path)
        if raw.get("label_source") == "pycountry" and "iso2" not in raw:
            self.errors.append(self.fail(raw, path, "label_source", "label_source pycountry takes the "
                                         "label from the country's iso2: add iso2"))
        if "wikidata" in raw:
            with self.kept():
                rec.wikidata = self.wikidata(raw, path)
        with self.kept():
            rec.see_also = self.see_also(raw, path)
        for key, value in raw.items():
            if key.startswith("__") or key in RESERVED:
                continue
            with self.kept():
                rec.props[key] = self.values(raw, path, key, value)
                rec.prop_lines[key] = raw["__lines__"][key]
        return rec if len(self.errors) == errors_before else None

    def types(self, raw: dict[str, Any], path: Path) -> list[str]:
        types = _as_list(raw["type"])
        for t in types:
            if not isinstance(t, str):
                raise self.fail(raw, path, "type", f"type takes class names, not {shown(t)}")
            if t not in self.onto.classes:
                raise self.fail(raw, path, "type", f"unknown class {t!r} (not in ontology/ict.ttl)")
        return types

    def evidence(self, raw: dict[str, Any], path: Path) -> list[Evidence] | None:
        """The record's quotes, or None when any of them failed (each failure is kept)."""
        items = raw["evidence"]
        if not isinstance(items, list) or not items:
            self.errors.append(self.fail(raw, path, "evidence", "evidence must be a non-empty list"))
            return None
        out: list[Evidence] = []
        failed = False
        for item in items:
            try:
                ev = self.evidence_item(raw, path, item)
            except FactError as exc:
                self.errors.append(exc)
                failed = True
                continue
            if (ev.passage, ev.quote) in {(e.passage, e.quote) for e in out}:
                self.errors.append(FactError(path, ev.line, raw.get("id"), f"duplicate evidence: the "
                                             f"same quote of passage {ev.passage} is given twice"))
                failed = True
            out.append(ev)
        return None if failed else out

    def evidence_item(self, raw: dict[str, Any], path: Path, item: Any) -> Evidence:
        if not isinstance(item, dict) or "passage" not in item or "quote" not in item:
            raise self.fail(raw, path, "evidence", "each evidence item needs passage and quote")
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        pid, quote = item["passage"], item["quote"]
        if not isinstance(pid, str) or pid not in self.corpus:
            raise FactError(path, item["__lines__"]["passage"], rid, f"unknown passage {pid!r} "
                            "(`ictgraph corpus` lists the ids)")
        if not isinstance(quote, str) or not quote or quote not in self.corpus[pid].text:
            shown_quote = quote[:60] if isinstance(quote, str) else quote
            raise FactError(path, item["__lines__"]["quote"], rid, f"quote not found in passage {pid}: "
                            f"{shown_quote!r} (`ictgraph passage {pid}` prints its text)")
        return Evidence(pid, quote, item["__line__"])

    def label(self, raw: dict[str, Any], path: Path, quotes: list[str] | None) -> tuple[str, str, str]:
        label = raw["label"]
        if not isinstance(label, dict) or not all(isinstance(label.get(k), str) and label[k].strip()
                                                  for k in ("ja", "en")):
            raise self.fail(raw, path, "label", "label needs both 'ja' and 'en', as text")
        source = raw.get("label_source", "text")
        if source not in LABEL_SOURCES:
            raise self.fail(raw, path, "label_source", f"label_source must be one of "
                            f"{sorted(LABEL_SOURCES)}, not {shown(source)}")
        if source == "text" and quotes is not None and not any(label["ja"] in q for q in quotes):
            raise self.fail(raw, path, "label", f"Japanese label {label['ja']!r} does not occur in "
                            "any quote of the record; quote it, or set label_source")
        return label["ja"], label["en"], source

    def alt(self, raw: dict[str, Any], path: Path) -> list[str]:
        forms = _as_list(raw.get("alt", []))
        for form in forms:
            if not isinstance(form, str):
                raise self.fail(raw, path, "alt", f"alt takes names as text, not {shown(form)}")
            if form not in self.full_text:
                raise self.fail(raw, path, "alt", f"alternative form {form!r} does not occur in the text")
        return forms

    def flags(self, raw: dict[str, Any], path: Path) -> list[str]:
        flags = _as_list(raw.get("flags", []))
        for flag in flags:
            if not isinstance(flag, str) or not self.onto.concept("Flag", flag):
                known = ", ".join(sorted(self.onto.concepts["Flag"]))
                raise self.fail(raw, path, "flags", f"unknown flag {shown(flag)} (known: {known})")
        return flags

    def flag_note(self, raw: dict[str, Any], path: Path) -> str | None:
        note = raw.get("flag_note")
        if note is not None and not isinstance(note, str):
            raise self.fail(raw, path, "flag_note", f"flag_note takes a sentence, not {shown(note)}")
        return note

    def date(self, raw: dict[str, Any], path: Path, key: str, value: Any,
             quotes: list[str] | None) -> DateSpec:
        """A date under `key` (date, start, end, proposed_date): a string as written, or
        {text, value} for a date the text gives by reference."""
        resolved = isinstance(value, dict)
        text = value.get("text") if resolved else value
        if not isinstance(text, str):
            raise self.fail(raw, path, key, f"{key} takes the date as written, or {{text: ..., value: "
                            f"YYYY-MM}}, not {shown(text)}")
        if quotes is not None and not any(text in q for q in quotes):
            raise self.fail(raw, path, key, f"{key} {text!r} does not occur in any quote")
        allow_mismatch = "era-mismatch" in _as_list(raw.get("flags", []))
        try:
            if resolved:
                parsed = parse_resolved_date(text, value.get("value"))
            else:
                parsed = parse_date(text, allow_era_mismatch=allow_mismatch)
        except DateError as exc:
            raise self.fail(raw, path, key, str(exc)) from exc
        if key in ("start", "end") and parsed.is_range:
            raise self.fail(raw, path, key, f"{key} {text!r} is a range: start/end take one date; "
                            "write the range under date:")
        return DateSpec(parsed, resolved)

    def proposed_dates(self, raw: dict[str, Any], path: Path, quotes: list[str] | None,
                       own: DateSpec | None) -> list[ProposedDate]:
        """`proposed_date: {text: 2021年2月, status: under-discussion}` (or a list of them): a date
        the text proposes or discusses, which is not the record's date."""
        out = []
        statuses = self.onto.concepts.get("DateStatus", {})
        for item in _as_list(raw["proposed_date"]):
            if not isinstance(item, dict) or "text" not in item or "status" not in item:
                raise self.fail(raw, path, "proposed_date", "proposed_date needs 'text' (the date as "
                                "written) and 'status'")
            status = item["status"]
            if status not in statuses:
                raise self.fail(raw, path, "proposed_date", f"unknown date status {shown(status)} "
                                f"(known: {', '.join(sorted(statuses))})")
            value = {"text": item["text"], "value": item["value"]} if "value" in item else item["text"]
            spec = self.date(raw, path, "proposed_date", value, quotes)
            if own is not None and (spec.parsed.start, spec.parsed.end) == (own.parsed.start, own.parsed.end):
                raise self.fail(raw, path, "proposed_date", f"proposed date {spec.parsed.text!r} is the "
                                "record's own date: a proposed date is not the date")
            out.append(ProposedDate(spec, status))
        return out

    def amount(self, raw: dict[str, Any], path: Path, quotes: list[str] | None) -> tuple[Amount, str]:
        spec = raw["amount"]
        if not isinstance(spec, dict) or "text" not in spec or "kind" not in spec:
            raise self.fail(raw, path, "amount", "amount needs 'text' and 'kind'")
        text, kind = str(spec["text"]), str(spec["kind"])
        if quotes is not None and not any(text in q for q in quotes):
            raise self.fail(raw, path, "amount", f"amount {text!r} does not occur in any quote")
        if not self.onto.concept("AmountKind", kind):
            raise self.fail(raw, path, "amount", f"unknown amount kind {kind!r}")
        try:
            return parse_amount(text), kind
        except AmountError as exc:
            raise self.fail(raw, path, "amount", str(exc)) from exc

    def count(self, raw: dict[str, Any], path: Path, quotes: list[str] | None) -> tuple[Count, str]:
        spec = raw["count"]
        if not isinstance(spec, dict) or "text" not in spec:
            raise self.fail(raw, path, "count", "count needs 'text' (and 'unit')")
        text = str(spec["text"])
        if quotes is not None and not any(text in q for q in quotes):
            raise self.fail(raw, path, "count", f"count {text!r} does not occur in any quote")
        try:
            return parse_count(text), str(spec.get("unit", ""))
        except AmountError as exc:
            raise self.fail(raw, path, "count", str(exc)) from exc

    def iso2(self, raw: dict[str, Any], path: Path) -> str:
        code = raw["iso2"]
        if not isinstance(code, str):
            raise self.fail(raw, path, "iso2", f"iso2 takes one ISO 3166-1 alpha-2 code such as BR, "
                            f"not {shown(code)}")
        try:
            known = country(code).alpha_2 == code  # pycountry also answers to lower case
        except ValueError:
            known = False
        if not known:
            raise self.fail(raw, path, "iso2", f"iso2 {code!r} is not an ISO 3166-1 alpha-2 code "
                            "(two capital letters that pycountry knows, such as BR)")
        return code

    def wikidata(self, raw: dict[str, Any], path: Path) -> str:
        qid = raw["wikidata"]
        if not isinstance(qid, str) or not WIKIDATA_ID.match(qid):
            raise self.fail(raw, path, "wikidata", f"wikidata takes one Wikidata item id such as "
                            f"Q155, not {shown(qid)}")
        row = self.links.get(qid)
        if row is None:
            raise self.fail(raw, path, "wikidata", f"wikidata {qid!r} is not a row of "
                            "linking/wikidata.tsv; add it there once you have checked the item")
        if not row.verified:
            raise self.fail(raw, path, "wikidata", f"wikidata {qid!r} is not verified in "
                            "linking/wikidata.tsv; check the item and mark the row verified")
        return qid

    def see_also(self, raw: dict[str, Any], path: Path) -> list[str]:
        urls = _as_list(raw.get("see_also", []))
        for url in urls:
            if problem := url_problem(url):
                raise self.fail(raw, path, "see_also", f"see_also {shown(url)} {problem}")
        return urls

    def values(self, raw: dict[str, Any], path: Path, key: str, value: Any) -> list[Any]:
        prop = self.onto.properties.get(key)
        if prop is None:
            raise self.fail(raw, path, key, f"unknown property {key!r} (not in ontology/ict.ttl)")
        if prop.derived_from:
            raise self.fail(raw, path, key, f"{key!r} is not a fact key: the build writes it from "
                            f"{prop.derived_from}")
        values = _as_list(value)
        for v in values:
            self.value(raw, path, prop, v)
        return values

    def value(self, raw: dict[str, Any], path: Path, prop: Property, v: Any) -> None:
        key = prop.name
        if isinstance(v, dict | list):
            raise self.fail(raw, path, key, f"{key} takes plain values, not {shown(v)}")
        if prop.concept_class:
            if not self.onto.concept(prop.concept_class, str(v)):
                known = ", ".join(sorted(self.onto.concepts[prop.concept_class]))
                raise self.fail(raw, path, key, f"{v!r} is not a {prop.concept_class} "
                                f"notation (known: {known})")
        elif prop.is_object:
            if id_problem(v):
                raise self.fail(raw, path, key, f"{key} takes record ids, not {v!r}")
        elif problem := prop.value_problem(v):
            raise self.fail(raw, path, key, f"{key} {problem}")


def load_facts(corpus: Corpus, onto: Ontology, files: list[Path] | None = None) -> list[Record]:
    """Read every fact file and check every record; raise `FactErrors` with every error found.

    Checks that need the whole set (unique ids, references that resolve) run after all files
    are read, so that the order of files never matters. An id counts as defined even when its
    record has an error, so that one mistake is reported once, not again at every reference.
    """
    files = files if files is not None else sorted(resources.FACTS_DIR.glob("*.yaml"))
    checker = _Checker(corpus, onto, read_linking_table())
    records: list[Record] = []
    defined: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            raws = read_yaml(path)
        except FactError as exc:
            checker.errors.append(exc)
            continue
        for raw in raws:
            rid = raw.get("id")
            if isinstance(rid, str) and rid in defined:
                first_path, first_line = defined[rid]
                checker.errors.append(FactError(path, raw["__line__"], rid, "duplicate id, first "
                                                f"defined at {display_path(first_path)}:{first_line}"))
            elif isinstance(rid, str):
                defined[rid] = (path, raw["__line__"])
            if (rec := checker.record(raw, path)) is not None:
                records.append(rec)
    for rec in records:
        for key, values in rec.props.items():
            prop = onto.properties[key]
            if not prop.is_object or prop.concept_class:
                continue
            for v in values:
                if v not in defined:
                    checker.errors.append(FactError(rec.path, rec.prop_lines[key], rec.id,
                                                    f"{key} refers to unknown record {v!r}"))
    if checker.errors:
        raise FactErrors(checker.errors)
    return records
