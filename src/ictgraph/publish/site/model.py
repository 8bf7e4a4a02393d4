"""What the pages derive from the records: dates, flags, values, country involvement, quote matching."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ictgraph.publish.site import fmt
from ictgraph.publish.site.data import Lit, Obj, Quote, Record, SiteData, country_records, fold, key_of
from ictgraph.vocab import ICT

DATE_PROPS = tuple(f"{ICT}{p}" for p in ("date", "startDate", "endDate", "fiscalYear", "startFiscalYear",
                                          "endFiscalYear", "dateText", "startDateText", "endDateText"))
# Integers that repeat a date's year for portable queries: the date is shown, not its copy.
YEAR_PROPS = tuple(f"{ICT}{p}" for p in ("year", "startYear", "endYear"))
TIMELINE_GROUPS = ("events", "agreements", "standards")
# Flags that say a dated record did not take place as dated: it lies ahead, was postponed, or stopped.
# With a proposed date (a date under discussion or proposed), they are the statuses the timeline marks.
STATUS_FLAGS = ("planned", "postponed", "suspended")


@dataclass(frozen=True)
class When:
    """A record's date: as the text writes it, and its typed values."""

    text: tuple[str, ...]
    date: Lit | None
    start: Lit | None
    end: Lit | None
    fiscal: int | None
    fiscal_end: int | None = None  # the last fiscal year of a fiscal range (2014年度から2019年度)
    fiscal_open: bool = False  # a start fiscal year without an end (2018年度から)

    @property
    def sort_key(self) -> str:
        """An ISO-like key that orders records by when they begin (a fiscal year begins in April)."""
        if self.date or self.start:
            return (self.date or self.start).value  # type: ignore[union-attr]
        return f"{self.fiscal:04d}-04" if self.fiscal is not None else ""

    @property
    def year(self) -> int | None:
        key = self.sort_key
        return int(key[:4]) if key else None

    def western(self, lang: str) -> str:
        """The Western form at the precision the text gives, a range as start – end."""
        def one(lit: Lit | None) -> str:
            return fmt.western_date(lit.value, lit.datatype or "", lang) if lit else ""
        parts = []
        # A dated range also carries its start as ict:date (for queries that want one date): the range says it.
        if self.date and not (self.start or self.end):
            parts.append(one(self.date))
        ja = lang == "ja"
        if self.start and self.end:
            parts.append(f"{one(self.start)} – {one(self.end)}")
        elif self.start:
            parts.append(f"{one(self.start)}〜" if ja else f"from {one(self.start)}")
        elif self.end:
            parts.append(f"〜{one(self.end)}" if ja else f"until {one(self.end)}")
        if self.fiscal is not None and self.fiscal_open:
            parts.append(f"{self.fiscal}年度～" if ja else f"from FY{self.fiscal}")
        elif self.fiscal is not None:
            parts.append(fmt.fiscal_year(self.fiscal, lang, self.fiscal_end))
        return " · ".join(parts)


def values_of(record: Record, prop: str) -> list[Obj]:
    return [o for p, o in record.statements if p == prop]


def when_of(record: Record) -> When | None:
    """The record's date, or None if the text gives it none."""
    def first(prop: str) -> Lit | None:
        found = [o for o in values_of(record, f"{ICT}{prop}") if isinstance(o, Lit)]
        return found[0] if found else None
    fiscal, fiscal_end = first("fiscalYear") or first("startFiscalYear"), first("endFiscalYear")
    texts = (o for p in ("dateText", "startDateText", "endDateText") for o in values_of(record, f"{ICT}{p}"))
    when = When(tuple(o.value for o in texts if isinstance(o, Lit)),
                first("date"), first("startDate"), first("endDate"), int(fiscal.value) if fiscal else None,
                int(fiscal_end.value) if fiscal_end else None,
                first("fiscalYear") is None and fiscal is not None and fiscal_end is None)
    return when if when.sort_key or when.text else None


def flags_of(record: Record) -> list[str]:
    """The notations of the record's flags (approximate, planned, ...), from their concept IRIs."""
    return sorted(o.split("#flag-", 1)[-1] for o in values_of(record, f"{ICT}flag") if isinstance(o, str))


def is_reference(record: Record, prop: str, obj: Obj) -> str | None:
    """The reference source of a statement that comes from reference data, else None."""
    return next((r.source for r in record.references if r.predicate == prop and r.object == obj), None)


def words_for(data: SiteData, obj: Obj) -> list[str]:
    """The words by which a quote would name a value: labels, alternative names, abbreviation, text."""
    if isinstance(obj, Lit):
        return [obj.value]
    words = [*data.labels.get(obj, {}).values(), *(a.value for a in data.alt_labels.get(obj, []))]
    rec = data.record_of(obj)
    if rec:
        words += [o.value for o in values_of(rec, f"{ICT}abbreviation") if isinstance(o, Lit)]
    node = data.values.get(obj)
    if node:
        words += [o.value for p in (f"{ICT}amountText", f"{ICT}quantityText", f"{ICT}dateText")
                  for o in node.get(p, []) if isinstance(o, Lit)]
    return words


def quotes_holding(words: list[str], quotes: list[Quote]) -> list[Quote]:
    """The quotes that contain one of the words (compared after NFKC and case folding).

    Examples
    --------
    >>> q = [Quote("r/ev/1", "r", "ＩＴＵ理事会", "p", 1), Quote("r/ev/2", "r", "総務省", "p", 2)]
    >>> [x.number for x in quotes_holding(["ITU"], q)]
    [1]
    """
    folded = [fold(w) for w in words if len(w.strip()) > 1]
    return [q for q in quotes if any(w in fold(q.text) for w in folded)]


@dataclass(frozen=True)
class Amount:
    """A money amount or a count as the text writes it, with its value, hedges, kind or unit."""

    text: str
    value: Decimal
    approximate: bool
    lower_bound: bool
    money: bool
    kind: str | None  # amount kind concept IRI
    unit: str | None  # what a count counts (English)

    def english(self) -> str:
        if self.money:
            return fmt.yen_en(self.value, self.approximate)
        return fmt.count_en(self.value, self.approximate, self.lower_bound, self.unit)


def amount_of(data: SiteData, node: str) -> Amount | None:
    props = data.values.get(node)
    if not props:
        return None

    def one(name: str) -> Obj | None:
        found = props.get(f"{ICT}{name}", [])
        return found[0] if found else None
    value, text = one("value"), one("amountText") or one("quantityText")
    if not isinstance(value, Lit) or not isinstance(text, Lit):
        return None
    approx, lower, kind, unit = one("isApproximate"), one("isLowerBound"), one("amountKind"), one("unitText")
    return Amount(text.value, Decimal(value.value), isinstance(approx, Lit) and approx.value == "true",
                  isinstance(lower, Lit) and lower.value == "true", one("amountText") is not None,
                  kind if isinstance(kind, str) else None, unit.value if isinstance(unit, Lit) else None)


def proposed_dates_of(data: SiteData, record: Record, lang: str) -> list[str]:
    """The record's proposed dates as a reader sees them (2021年2月 · under discussion)."""
    found = (proposed_date_of(data, o, lang) for o in values_of(record, f"{ICT}proposedDate") if isinstance(o, str))
    return sorted(p for p in found if p is not None)


def proposed_date_of(data: SiteData, node: str, lang: str) -> str | None:
    """A proposed date as a reader sees it: the date as written and its status (2021年2月 · under
    discussion), or None if `node` is no proposed date."""
    props = data.values.get(node, {})
    text, status = props.get(f"{ICT}dateText", []), props.get(f"{ICT}dateStatus", [])
    if not text or not status or not isinstance(text[0], Lit) or not isinstance(status[0], str):
        return None
    return f"{text[0].value} · {data.label(status[0], lang)}"


@dataclass
class Involvement:
    """Which records involve each country (country-records.rq), and the reverse."""

    by_country: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    by_record: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def involvement(data: SiteData) -> Involvement:
    out = Involvement()
    for rec in data.records.values():
        if f"{ICT}Country" in rec.classes:
            out.by_country[rec.key] = country_records(data, rec)
            for key in out.by_country[rec.key]:
                out.by_record[key].append(rec.key)
    return out


def government_of(data: SiteData) -> dict[str, str]:
    """Agent key -> the country key it is a government body of (ict:ministryOf)."""
    return {r.key: key_of(o) for r in data.records.values() for o in values_of(r, f"{ICT}ministryOf")
            if isinstance(o, str)}


def partners(data: SiteData, country: str, involved: dict[str, set[str]]) -> list[tuple[str, int]]:
    """Countries and organisations that share records with the country, most shared first.

    A government body of another country counts for that country; the country's own bodies and
    places are not partners.
    """
    gov = government_of(data)
    own = {k for k, via in involved.items() if "direct" in via and (gov.get(k) == country or
           f"{ICT}City" in data.records[k].classes)}
    partner_groups = ("places", "organisations")
    shared: dict[str, set[str]] = defaultdict(set)
    for rec in involved:
        for _, other in [*data.outgoing.get(rec, []), *data.incoming.get(rec, [])]:
            if other in own or other == country:
                continue
            other = gov.get(other, other)
            target = data.records.get(other)
            if other == country or target is None or target.group not in partner_groups:
                continue
            if f"{ICT}City" in target.classes:
                continue
            shared[other].add(rec)
    return sorted(((k, len(v)) for k, v in shared.items()), key=lambda kv: (-kv[1], kv[0]))


def topics_of(records: list[Record]) -> list[tuple[str, int]]:
    """Topic IRIs of the records, most frequent first."""
    counts = Counter(o for r in records for o in values_of(r, f"{ICT}topic") if isinstance(o, str))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
