"""A checked fact record and its parts, as the checker hands them to the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictgraph.authoring.amounts import Amount, Count
from ictgraph.authoring.dates import ParsedDate


@dataclass(frozen=True)
class Evidence:
    """One quote from one passage, the unit of provenance."""

    passage: str
    quote: str
    line: int


@dataclass(frozen=True)
class DateSpec:
    """A date as the text writes it, parsed; `resolved` when the analyst gave the value."""

    parsed: ParsedDate
    resolved: bool


@dataclass(frozen=True)
class ProposedDate:
    """A date the text gives as proposed or under discussion, not as the record's date (WTSA:
    2021年2月への延期を協議中), with its status, a notation of the scheme ict:dateStatuses."""

    date: DateSpec
    status: str


@dataclass
class Record:
    """One checked fact record, ready to become triples."""

    id: str
    types: list[str]
    label_ja: str
    label_en: str
    label_source: str
    path: Path
    line: int
    evidence: list[Evidence]
    alt: list[str] = field(default_factory=list)
    dates: dict[str, DateSpec] = field(default_factory=dict)  # date | start | end
    proposed_dates: list[ProposedDate] = field(default_factory=list)
    amount: tuple[Amount, str] | None = None  # (amount, kind notation)
    count: tuple[Count, str] | None = None  # (count, unit in English)
    flags: list[str] = field(default_factory=list)
    flag_note: str | None = None
    iso2: str | None = None
    wikidata: str | None = None
    see_also: list[str] = field(default_factory=list)
    props: dict[str, list[Any]] = field(default_factory=dict)
    prop_lines: dict[str, int] = field(default_factory=dict)

    def quotes(self) -> list[str]:
        return [e.quote for e in self.evidence]
