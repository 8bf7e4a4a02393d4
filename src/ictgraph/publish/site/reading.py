"""The reading view's text: each passage cut into segments by the set of quotes that cover them."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictgraph.publish.site.data import COLOUR_PRIORITY, Quote, SiteData
from ictgraph.publish.site.i18n import UI
from ictgraph.publish.site.links import Links


@dataclass(frozen=True)
class Mark:
    """A mention the audit did not account for by a quote: left out on review, or missing."""

    start: int
    end: int
    status: str  # "excluded" (a reviewed exclusion) or "missing" (no fact, no exclusion)
    kind: str  # country | organisation | date | amount
    reason: str


@dataclass(frozen=True)
class Segment:
    """A stretch of a passage whose covering quotes (and audit mark) do not change inside it."""

    start: int
    end: int
    text: str
    quotes: tuple[str, ...]  # keys of the quotations that cover it, sorted
    mark: Mark | None = None
    opens: tuple[str, ...] = ()  # quotations whose first occurrence starts here (anchor targets)


def quote_spans(text: str, quotes: Iterable[Quote]) -> list[tuple[int, int, str]]:
    """(start, end, quotation key) of every occurrence of every quote in the passage text.

    Every occurrence counts, as in the audit: a quote that occurs twice supports both places.

    Examples
    --------
    >>> quote_spans("AB AB", [Quote("r/ev/1", "r", "AB", "p1", 1)])
    [(0, 2, 'r/ev/1'), (3, 5, 'r/ev/1')]
    """
    spans = []
    for q in quotes:
        start = text.find(q.text)
        while start >= 0 and q.text:
            spans.append((start, start + len(q.text), q.key))
            start = text.find(q.text, start + 1)
    return sorted(spans)


def segment(text: str, quotes: Iterable[Quote], marks: Iterable[Mark] = ()) -> list[Segment]:
    """Cut `text` at every quote and mark boundary; overlapping quotes give segments covered by both.

    Examples
    --------
    >>> qs = [Quote("a/ev/1", "a", "BCD", "p", 1), Quote("b/ev/1", "b", "CDE", "p", 1)]
    >>> [(s.text, s.quotes) for s in segment("ABCDEF", qs)]
    [('A', ()), ('B', ('a/ev/1',)), ('CD', ('a/ev/1', 'b/ev/1')), ('E', ('b/ev/1',)), ('F', ())]
    """
    spans = quote_spans(text, quotes)
    marks = sorted(marks, key=lambda m: (m.start, m.end))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans),
                   *(m.start for m in marks), *(m.end for m in marks)})
    first: dict[str, int] = {}
    for s, _, key in spans:
        first.setdefault(key, s)
    opens_at: dict[int, list[str]] = defaultdict(list)
    for key, s in first.items():
        opens_at[s].append(key)
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        covering = tuple(sorted({k for s, e, k in spans if s <= a and b <= e}))
        mark = next((m for m in marks if m.start <= a and b <= m.end), None)
        opens = tuple(sorted(opens_at.get(a, ())))
        prev = out[-1] if out else None
        if prev and prev.quotes == covering and prev.mark == mark and not opens:
            out[-1] = Segment(prev.start, b, prev.text + text[a:b], covering, mark, prev.opens)
        else:
            out.append(Segment(a, b, text[a:b], covering, mark, opens))
    return out


def coverage(text: str, segments: list[Segment]) -> float:
    """The share of the passage's non-blank characters that some quote covers (0..1)."""
    total = sum(1 for ch in text if not ch.isspace())
    covered = sum(1 for s in segments if s.quotes for ch in s.text if not ch.isspace())
    return covered / total if total else 0.0


@dataclass(frozen=True)
class AuditView:
    """The audit's verdicts as the site shows them: marks in the text, and where each country is named."""

    marks: dict[str, list[Mark]]  # passage id -> mentions left out on review, or missing
    country_mentions: dict[str, dict[str, int]]  # ISO alpha-2 -> passage id -> how many mentions


def read_audit(ontology: Path) -> AuditView:
    """Run the audit: it decides which mentions a reviewed exclusion accounts for; this only carries
    its verdicts (with the reviewer's reason) into the text, and its country mentions to country pages."""
    from ictgraph.authoring.audit import audit_corpus
    from ictgraph.authoring.ontology import load_ontology
    from ictgraph.source.corpus import load_corpus

    result = audit_corpus(load_corpus(), load_ontology(ontology))
    marks: dict[str, list[Mark]] = defaultdict(list)
    for m, exclusion in result.excluded:
        marks[m.passage].append(Mark(m.start, m.end, "excluded", m.kind, exclusion.reason))
    for m in result.missing:
        marks[m.passage].append(Mark(m.start, m.end, "missing", m.kind, ""))
    mentions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in [*result.accounted, *(m for m, _ in result.excluded), *result.missing]:
        if m.kind == "country" and m.entity:
            mentions[m.entity][m.passage] += 1
    return AuditView(dict(marks), {k: dict(v) for k, v in mentions.items()})


def colour_group(quotes: tuple[str, ...], lengths: dict[str, int], group_of: dict[str, str]) -> str:
    """The group that colours a segment: that of the record with the shortest covering quote, so that a
    country or an organisation named inside a quoted sentence shows as itself; ties go by COLOUR_PRIORITY.

    Examples
    --------
    >>> colour_group(("a/ev/1", "b/ev/1"), {"a/ev/1": 40, "b/ev/1": 4}, {"a": "events", "b": "places"})
    'places'
    """
    rank = {g: i for i, g in enumerate(COLOUR_PRIORITY)}
    best = min(quotes, key=lambda k: (lengths[k], rank.get(group_of[k.rsplit("/ev/", 1)[0]], len(rank)), k))
    return group_of[best.rsplit("/ev/", 1)[0]]


def reading_view(data: SiteData, marks: dict[str, list[Mark]], lang: str, links: Links) -> dict[str, Any]:
    """The whole section in reading order, each passage cut into segments and linked to its records."""
    ui = UI[lang]
    by_passage: dict[str, list[Quote]] = defaultdict(list)
    for q in data.quotes():
        by_passage[q.passage].append(q)
    lengths = {q.key: len(q.text) for q in data.quotes()}
    passages, covered, total = [], 0, 0
    for p in data.passages:
        quotes = by_passage.get(p.id, [])
        segments = segment(p.text, quotes, marks.get(p.id, []))
        share = coverage(p.text, segments)
        chars = sum(1 for ch in p.text if not ch.isspace())
        covered, total = covered + round(share * chars), total + chars
        record_keys = sorted({q.record for q in quotes},
                             key=lambda k: (data.label(data.records[k].iri, lang).casefold(), k))
        records = [{"key": k, "label": data.label(data.records[k].iri, lang), "href": links.record(k),
                    "group": data.records[k].group,
                    "class": data.label(data.records[k].classes[0], lang)} for k in record_keys]
        label_of = {r["key"]: f"{r['label']} ({r['class']})" for r in records}
        group_of = {r["key"]: r["group"] for r in records}
        segs = []
        for s in segments:
            keys = sorted({k.rsplit("/ev/", 1)[0] for k in s.quotes})
            view: dict[str, Any] = {"text": s.text, "opens": list(s.opens), "quotes": " ".join(s.quotes)}
            if keys:
                view["group"] = colour_group(s.quotes, lengths, group_of)
                view["records"] = " ".join(keys)
                view["title"] = "; ".join(label_of[k] for k in keys)
                view["href"] = links.record(keys[0]) if len(keys) == 1 else f"#{p.id}-records"
                view["depth"] = min(len(s.quotes), 3)
            if s.mark:
                view["mark"] = s.mark.status
                view["mark_title"] = (ui["excluded_title"].format(reason=s.mark.reason) if s.mark.status == "excluded"
                                      else ui["missing_title"].format(kind=s.mark.kind))
            segs.append(view)
        passages.append({"id": p.id, "kind": p.kind, "depth": p.depth, "segments": segs, "records": records,
                         "coverage": round(100 * share), "footnotes": list(p.footnotes)})
    return {"passages": passages, "coverage": round(100 * covered / total) if total else 0}
