"""Check the curated fact records against the corpus and the ontology, one key at a time."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ictgraph import resources
from ictgraph.authoring.amounts import Amount, Count, parse_amount, parse_count
from ictgraph.authoring.dates import ParsedDate, parse_date, parse_date_value
from ictgraph.authoring.ontology import Ontology
from ictgraph.authoring.reader import read_yaml
from ictgraph.authoring.records import DateSpec, Evidence, Record
from ictgraph.errors import AmountError, DateError, FactError
from ictgraph.resources import display_path
from ictgraph.source.corpus import Corpus

ID_PATTERN = re.compile(r"^[a-z]+/[A-Za-z0-9._-]+$")
RESERVED = {
    "id", "type", "label", "label_source", "alt", "evidence", "date", "start", "end", "amount",
    "count", "flags", "flag_note", "iso2", "wikidata", "see_also",
}
LABEL_SOURCES = {"text", "editorial", "pycountry"}


def _resolved_date(text: str, value: Any) -> ParsedDate:
    """A date the analyst resolved from context: `2019-07`, or `2019-10-10/2019-10-11` for a span."""
    if value is None:
        raise DateError(f"date {text!r}: a resolved date needs 'value' (YYYY, YYYY-MM or YYYY-MM-DD)")
    start, _, end = str(value).partition("/") if isinstance(value, str) else (value, "", "")
    return ParsedDate(text, parse_date_value(start), parse_date_value(end) if end else None)


# -- checking ------------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class _Checker:
    """Checks raw records one key at a time; every failure names the file, line and record."""

    def __init__(self, corpus: Corpus, onto: Ontology) -> None:
        self.corpus = corpus
        self.onto = onto
        self.full_text = corpus.text()

    def fail(self, raw: dict[str, Any], path: Path, key: str | None, reason: str) -> FactError:
        line = raw["__lines__"].get(key, raw["__line__"]) if key else raw["__line__"]
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        return FactError(path, line, rid, reason)

    def record(self, raw: dict[str, Any], path: Path) -> Record:
        for key in ("id", "type", "label", "evidence"):
            if key not in raw:
                raise self.fail(raw, path, None, f"missing required field '{key}'")
        rid = raw["id"]
        if not isinstance(rid, str) or not ID_PATTERN.match(rid):
            raise self.fail(raw, path, "id", f"id {rid!r} is not a slug like 'country/BR'")
        types = [str(t) for t in _as_list(raw["type"])]
        for t in types:
            if t not in self.onto.classes:
                raise self.fail(raw, path, "type", f"unknown class {t!r} (not in ontology/ict.ttl)")
        evidence = self.evidence(raw, path)
        quotes = [e.quote for e in evidence]
        label = raw["label"]
        if not isinstance(label, dict) or not label.get("ja") or not label.get("en"):
            raise self.fail(raw, path, "label", "label needs both 'ja' and 'en'")
        source = str(raw.get("label_source", "text"))
        if source not in LABEL_SOURCES:
            raise self.fail(raw, path, "label_source", f"label_source must be one of "
                            f"{sorted(LABEL_SOURCES)}, not {source!r}")
        if source == "text" and not any(str(label["ja"]) in q for q in quotes):
            raise self.fail(raw, path, "label", f"Japanese label {label['ja']!r} does not occur in "
                            "any quote of the record; quote it, or set label_source")
        rec = Record(rid, types, str(label["ja"]), str(label["en"]), source, path,
                     raw["__line__"], evidence)
        rec.alt = [str(a) for a in _as_list(raw.get("alt", []))]
        for form in rec.alt:
            if form not in self.full_text:
                raise self.fail(raw, path, "alt", f"alternative form {form!r} does not occur in the text")
        rec.flags = [str(f) for f in _as_list(raw.get("flags", []))]
        for flag in rec.flags:
            if not self.onto.concept("Flag", flag):
                raise self.fail(raw, path, "flags", f"unknown flag {flag!r}")
        rec.flag_note = raw.get("flag_note")
        for key in ("date", "start", "end"):
            if key in raw:
                rec.dates[key] = self.date(raw, path, key, quotes, rec.flags)
        if "amount" in raw:
            rec.amount = self.amount(raw, path, quotes)
        if "count" in raw:
            rec.count = self.count(raw, path, quotes)
        rec.iso2 = raw.get("iso2")
        rec.wikidata = raw.get("wikidata")
        rec.see_also = [str(u) for u in _as_list(raw.get("see_also", []))]
        for key, value in raw.items():
            if key.startswith("__") or key in RESERVED:
                continue
            if key not in self.onto.properties:
                raise self.fail(raw, path, key, f"unknown property {key!r} (not in ontology/ict.ttl)")
            rec.props[key] = self.values(raw, path, key, value)
            rec.prop_lines[key] = raw["__lines__"][key]
        return rec

    def evidence(self, raw: dict[str, Any], path: Path) -> list[Evidence]:
        items = raw["evidence"]
        if not isinstance(items, list) or not items:
            raise self.fail(raw, path, "evidence", "evidence must be a non-empty list")
        out = []
        for item in items:
            line = item.get("__line__", raw["__line__"]) if isinstance(item, dict) else 0
            if not isinstance(item, dict) or "passage" not in item or "quote" not in item:
                raise self.fail(raw, path, "evidence", "each evidence item needs passage and quote")
            pid, quote = str(item["passage"]), str(item["quote"])
            if pid not in self.corpus:
                raise FactError(path, line, raw["id"], f"unknown passage {pid!r} "
                                "(`ictgraph corpus` lists the ids)")
            if not quote or quote not in self.corpus[pid].text:
                raise FactError(path, line, raw["id"], f"quote not found in passage {pid}: "
                                f"{quote[:60]!r}")
            out.append(Evidence(pid, quote, line))
        return out

    def date(self, raw: dict[str, Any], path: Path, key: str, quotes: list[str],
             flags: list[str]) -> DateSpec:
        value = raw[key]
        resolved = isinstance(value, dict)
        text = str(value.get("text")) if resolved else str(value)
        if not any(text in q for q in quotes):
            raise self.fail(raw, path, key, f"{key} {text!r} does not occur in any quote")
        try:
            if resolved:
                parsed = _resolved_date(text, value.get("value"))
            else:
                parsed = parse_date(text, allow_era_mismatch="era-mismatch" in flags)
        except DateError as exc:
            raise self.fail(raw, path, key, str(exc)) from exc
        return DateSpec(parsed, resolved)

    def amount(self, raw: dict[str, Any], path: Path, quotes: list[str]) -> tuple[Amount, str]:
        spec = raw["amount"]
        if not isinstance(spec, dict) or "text" not in spec or "kind" not in spec:
            raise self.fail(raw, path, "amount", "amount needs 'text' and 'kind'")
        text, kind = str(spec["text"]), str(spec["kind"])
        if not any(text in q for q in quotes):
            raise self.fail(raw, path, "amount", f"amount {text!r} does not occur in any quote")
        if not self.onto.concept("AmountKind", kind):
            raise self.fail(raw, path, "amount", f"unknown amount kind {kind!r}")
        try:
            return parse_amount(text), kind
        except AmountError as exc:
            raise self.fail(raw, path, "amount", str(exc)) from exc

    def count(self, raw: dict[str, Any], path: Path, quotes: list[str]) -> tuple[Count, str]:
        spec = raw["count"]
        if not isinstance(spec, dict) or "text" not in spec:
            raise self.fail(raw, path, "count", "count needs 'text' (and 'unit')")
        text = str(spec["text"])
        if not any(text in q for q in quotes):
            raise self.fail(raw, path, "count", f"count {text!r} does not occur in any quote")
        try:
            return parse_count(text), str(spec.get("unit", ""))
        except AmountError as exc:
            raise self.fail(raw, path, "count", str(exc)) from exc

    def values(self, raw: dict[str, Any], path: Path, key: str, value: Any) -> list[Any]:
        prop = self.onto.properties[key]
        out = []
        for v in _as_list(value):
            if isinstance(v, dict):
                raise self.fail(raw, path, key, f"{key} takes plain values, not a mapping")
            if prop.concept_class:
                if not self.onto.concept(prop.concept_class, str(v)):
                    known = ", ".join(sorted(self.onto.concepts[prop.concept_class]))
                    raise self.fail(raw, path, key, f"{v!r} is not a {prop.concept_class} "
                                    f"notation (known: {known})")
            elif prop.is_object and not (isinstance(v, str) and ID_PATTERN.match(v)):
                raise self.fail(raw, path, key, f"{key} takes record ids, not {v!r}")
            out.append(v)
        return out


def load_facts(corpus: Corpus, onto: Ontology, files: list[Path] | None = None) -> list[Record]:
    """Read every fact file and check every record; raises the first FactError found.

    Checks that need the whole set (unique ids, references that resolve) run after all files
    are read, so that the order of files never matters.
    """
    files = files if files is not None else sorted(resources.FACTS_DIR.glob("*.yaml"))
    checker = _Checker(corpus, onto)
    records: list[Record] = []
    seen: dict[str, Record] = {}
    for path in files:
        for raw in read_yaml(path):
            rec = checker.record(raw, path)
            if rec.id in seen:
                first = seen[rec.id]
                raise FactError(path, rec.line, rec.id, f"duplicate id, first defined at "
                                f"{display_path(first.path)}:{first.line}")
            seen[rec.id] = rec
            records.append(rec)
    for rec in records:
        for key, values in rec.props.items():
            prop = onto.properties[key]
            if not prop.is_object or prop.concept_class:
                continue
            for v in values:
                if v not in seen:
                    raise FactError(rec.path, rec.prop_lines[key], rec.id,
                                    f"{key} refers to unknown record {v!r}")
    return records
