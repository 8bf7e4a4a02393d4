"""Check that every country, organisation, date and amount the text mentions is in some fact."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.ontology import Ontology
from ictgraph.authoring.reader import read_yaml
from ictgraph.authoring.records import Record
from ictgraph.errors import FactError
from ictgraph.resources import EXCLUSIONS, display_path
from ictgraph.source.corpus import Corpus, Passage
from ictgraph.source.mentions import KINDS, Mention, normalise_acronym, scan_passage

ANY_PASSAGE = "*"
# How far from the quoting record the mentioned country may be: the event → its party (a
# ministry) → that ministry's country is two hops.
LINK_DEPTH = 2
# Japan narrates the whole section (我が国, 日本企業, 日本方式): the graph links it only where it
# acts as a party, so a mention of Japan is accounted for by any quote that covers it.
NARRATOR = "JP"


@dataclass(frozen=True)
class Exclusion:
    """A mention knowingly left out of the graph, with the reviewer's reason."""

    passage: str  # a passage id, or "*" for words that never name an entity (ICT, 日本企業)
    text: str  # the words as written around the mention (日本企業 for the 日本 in it), or the mention
    kind: str
    reason: str
    line: int

    def matches(self, m: Mention, passage_text: str) -> bool:
        """The mention lies inside an occurrence of the excluded words in its passage."""
        if self.kind != m.kind or self.passage not in (ANY_PASSAGE, m.passage):
            return False
        words, text = normalise_acronym(self.text), normalise_acronym(passage_text)
        start = text.find(words, max(0, m.end - len(words)))
        return 0 <= start <= m.start and m.end <= start + len(words)


@dataclass
class Coverage:
    """The audit's result: each mention with its verdict, and the exclusions that matched nothing."""

    accounted: list[Mention] = field(default_factory=list)
    excluded: list[tuple[Mention, Exclusion]] = field(default_factory=list)
    missing: list[Mention] = field(default_factory=list)
    unused: list[Exclusion] = field(default_factory=list)

    def table(self) -> list[tuple[str, int, int, int, int, int]]:
        """Rows (kind, part, found, accounted, excluded, missing); part 0 is the section title."""
        counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
        for col, mentions in enumerate((self.accounted, [m for m, _ in self.excluded], self.missing)):
            for m in mentions:
                counts[(m.kind, m.part)][col] += 1
        return [(kind, part, sum(c), c[0], c[1], c[2]) for (kind, part), c in
                sorted(counts.items(), key=lambda kv: (KINDS.index(kv[0][0]), kv[0][1]))]


def read_exclusions(path: Path = EXCLUSIONS) -> list[Exclusion]:
    """The reviewed exclusion list; a malformed entry raises a FactError naming its line."""
    out = []
    for raw in read_yaml(path):
        line = raw["__line__"]
        missing = [k for k in ("passage", "text", "kind", "reason") if not raw.get(k)]
        if missing:
            raise FactError(path, line, None, f"exclusion needs {', '.join(missing)}")
        if raw["kind"] not in KINDS:
            raise FactError(path, line, None, f"kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
        out.append(Exclusion(str(raw["passage"]), str(raw["text"]), raw["kind"], str(raw["reason"]), line))
    return out


def quote_spans(corpus: Corpus, records: Iterable[Record]) -> dict[str, list[tuple[int, int, str]]]:
    """Passage id → (start, end, record id) of every occurrence of every evidence quote.

    Every occurrence counts: a quote that occurs twice in its passage supports both places.
    """
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for rec in records:
        for ev in rec.evidence:
            text = corpus[ev.passage].text
            start = text.find(ev.quote)
            while start >= 0:
                spans[ev.passage].append((start, start + len(ev.quote), rec.id))
                start = text.find(ev.quote, start + 1)
    return spans


def _key(m: Mention) -> tuple[str, str]:
    """What makes two mentions the same: the country code, else the words (hyphens unified)."""
    return m.kind, m.entity or normalise_acronym(m.text)


def _linked(records: dict[str, Record], rid: str, depth: int) -> set[str]:
    """The record and the records it refers to, up to `depth` object-property hops away."""
    seen, frontier = {rid}, {rid}
    for _ in range(depth):
        frontier = {v for r in frontier if r in records for vals in records[r].props.values()
                    for v in vals if isinstance(v, str) and v in records} - seen
        seen |= frontier
    return seen


class Auditor:
    """Decides, mention by mention, whether a fact accounts for it."""

    def __init__(self, corpus: Corpus, records: list[Record]) -> None:
        self.corpus = corpus
        self.records = {r.id: r for r in records}
        self.spans = quote_spans(corpus, records)
        self._reach: dict[str, set[str]] = {}

    def countries_of(self, rid: str) -> set[str]:
        """ISO codes of the countries the record is, or links to within LINK_DEPTH hops."""
        if rid not in self._reach:
            linked = _linked(self.records, rid, LINK_DEPTH)
            self._reach[rid] = {iso2 for r in linked if (iso2 := self.records[r].iso2)}
        return self._reach[rid]

    def accounts_for(self, m: Mention) -> bool:
        """A quote of the passage covers the mention, and for a country a covering record names it."""
        covering = [rid for s, e, rid in self.spans.get(m.passage, ()) if s <= m.start and m.end <= e]
        if m.kind != "country" or m.entity == NARRATOR:
            return bool(covering)
        return any(m.entity in self.countries_of(rid) for rid in covering)

    def heading_accounted(self, heading: Passage, m: Mention, accounted: dict[str, set[tuple[str, str]]]) -> bool:
        """A heading states no fact: it announces its passages, so it is accounted for when a
        passage under it has the same mention accounted for."""
        own = heading.headings[-1]
        return any(_key(m) in accounted[q.id] for q in self.corpus.passages
                   if q is not heading and own in q.headings)

    def run(self, exclusions: list[Exclusion], parts: set[int] | None = None) -> Coverage:
        """Audit every passage (or those of `parts`); an exclusion that matches nothing is reported."""
        result = Coverage()
        used: set[Exclusion] = set()
        in_scope = [p for p in self.corpus.passages if parts is None or p.part in parts]
        accounted: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for p in self.corpus.passages:  # all parts: a heading may look into any passage under it
            if p.kind != "heading":
                accounted[p.id] = {_key(m) for m in scan_passage(p) if self.accounts_for(m)}
        for p in in_scope:
            for m in scan_passage(p):
                if self.accounts_for(m) or (p.kind == "heading" and self.heading_accounted(p, m, accounted)):
                    result.accounted.append(m)
                elif ex := next((x for x in exclusions if x.matches(m, p.text)), None):
                    result.excluded.append((m, ex))
                    used.add(ex)
                else:
                    result.missing.append(m)
        in_scope_ids = {p.id for p in in_scope}
        # A "*" exclusion may be needed only in the part left out, so it is judged on a full audit.
        result.unused = [x for x in exclusions if x not in used
                         and (x.passage in in_scope_ids or (x.passage == ANY_PASSAGE and parts is None))]
        return result


def audit_corpus(corpus: Corpus, onto: Ontology, parts: set[int] | None = None,
                 exclusions_path: Path = EXCLUSIONS) -> Coverage:
    """Audit the chosen parts against the checked fact records and the reviewed exclusions.

    The audit reads the fact records rather than graph/ict.ttl: it then needs no build, cannot be
    fooled by a stale graph, and the build makes exactly one Quotation per evidence item anyway.
    """
    records = load_facts(corpus, onto)
    exclusions = read_exclusions(exclusions_path) if exclusions_path.exists() else []
    return Auditor(corpus, records).run(exclusions, parts)


def report_lines(result: Coverage, corpus: Corpus, context: int = 20) -> list[str]:
    """What `ictgraph audit` prints: each unaccounted mention in context, stale exclusions, coverage."""
    lines = []
    for m in result.missing:
        text = corpus[m.passage].text
        around = f"{text[max(0, m.start - context):m.start]}【{m.text}】{text[m.end:m.end + context]}"
        lines.append(f"unaccounted {m.kind:<12} {m.passage:<22} {m.text}  …{around.replace(chr(10), ' ')}…")
    for x in result.unused:
        lines.append(f"stale exclusion {display_path(EXCLUSIONS)}:{x.line}: {x.passage} {x.kind} {x.text!r} "
                     "matches no unaccounted mention: delete it")
    lines.append(f"{'kind':<13}{'part':>4}{'found':>7}{'accounted':>10}{'excluded':>9}{'missing':>8}{'covered':>9}")
    rows = result.table()
    lines += [_coverage_line(*row) for row in rows]
    lines.append(_coverage_line("all", "-", sum(r[2] for r in rows), sum(r[3] for r in rows),
                                sum(r[4] for r in rows), sum(r[5] for r in rows)))
    return lines


def _coverage_line(kind: str, part: int | str, found: int, acc: int, exc: int, miss: int) -> str:
    share = 100 * (acc + exc) / found if found else 100.0
    return f"{kind:<13}{part:>4}{found:>7}{acc:>10}{exc:>9}{miss:>8}{share:>8.1f}%"

