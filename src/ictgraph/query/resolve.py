"""A parameter value as a person gives it — an IRI, a prefixed name, a key or a name — turned into the IRI it means.

`--param country=ブラジル`, `=Brazil`, `=BR`, `=country/BR` and `=id:country/BR` all mean Brazil. The
names come from the store the query runs on, by SPARQL (`queries/lookup/`): every name of the
instances of the class the parameter's header names (`# param: country ict:Country …`), or of every
labelled node when it names none. A value is matched in tiers, and the first tier that matches
decides: a value written as an IRI (`<…>`, `id:country/BR`, or the key `country/BR`) must name a node
exactly; otherwise (1) a name exactly as written, (2) the last part of a key (`BR`), then the same
two case- and width-insensitively (NFKC, then case-folded, spaces collapsed).
Two records in the deciding tier, or none at all, is an error that lists the closest records, so a
typo never runs a query that silently answers "(no rows)".
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ictgraph import resources
from ictgraph.errors import QueryError
from ictgraph.query.binding import expand_iri, query_prefixes
from ictgraph.query.catalogue import NamedQuery, Param
from ictgraph.vocab import NAMESPACES, record_iri, shorten

if TYPE_CHECKING:
    from ictgraph.query.run import Source

LOOKUP_DIR = resources.QUERIES_DIR / "lookup"
#: How many records an ambiguous or unknown value's error names.
SHOWN = 5
#: Schemes taken as an IRI even without a declared prefix (anything else with a colon may be a name).
_SCHEMES = ("http", "https", "urn", "mailto", "file", "tag")


@dataclass
class Record:
    """A node that a parameter may name: its IRI and every name it has, by language."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language → main label
    names: set[str] = field(default_factory=set)  # every label, alternative label and abbreviation

    @property
    def key(self) -> str:
        """`country/BR` for a record, `ict:Country` for an ontology term, else the IRI."""
        return shorten(self.iri).removeprefix("id:")

    def display(self, lang: str) -> str:
        """`Brazil (id:country/BR)`: its label in `lang` (else any) and its compact IRI."""
        label = self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), "")
        return f"{label} ({shorten(self.iri)})" if label else shorten(self.iri)


def fold(text: str) -> str:
    """NFKC, case-folded, runs of spaces as one: ＢＲＡＺＩＬ, brazil and "Brazil " fold alike.

    >>> fold("ＩＴＵ－Ｒ　Study  Group")
    'itu-r study group'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def records(graph: Source, cls: str | None) -> dict[str, Record]:
    """The nodes of class `cls` (a prefixed name or IRI; every labelled node when None) with their names."""
    from ictgraph.query.run import select_rows

    if cls is None:
        rows = select_rows(graph, LOOKUP_DIR / "labelled.rq")
    else:
        rows = select_rows(graph, LOOKUP_DIR / "labelled-instances.rq", **{"class": f"<{_class_iri(cls)}>"})
    found: dict[str, Record] = {}
    for row in rows:
        record = found.setdefault(row["node"] or "", Record(row["node"] or ""))
        text, lang = row["text"], row["lang"] or ""
        if text is None:
            continue
        record.names.add(text)
        if row["main"] == "true":
            record.labels.setdefault(lang, text)
    return found


def _class_iri(cls: str) -> str:
    """The IRI of a class a parameter header names (`ict:Country`, or an IRI)."""
    return expand_iri(cls, NAMESPACES) or cls


def _last_part(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _tiers(value: str, candidates: Iterable[Record]) -> list[list[Record]]:
    """The records a name or code matches, best tier first: exactly by a name, exactly by the last part
    of the key (`BR`), then case- and width-insensitively by a name, and by the last part of the key."""
    folded = fold(value)
    tiers: list[list[Record]] = [[], [], [], []]
    for record in candidates:
        code = _last_part(record.iri)
        if value in record.names:
            tiers[0].append(record)
        elif value == code:
            tiers[1].append(record)
        elif folded in {fold(n) for n in record.names}:
            tiers[2].append(record)
        elif folded == fold(code):
            tiers[3].append(record)
    return tiers


def closest(value: str, candidates: Iterable[Record], n: int = SHOWN) -> list[Record]:
    """The records whose key or names are nearest to `value`, best first.

    First those whose key or a name contains it (`Korea` → Republic of Korea), then those with a key
    or name of three or more characters that the value contains as a word (`Government of Brazil` →
    Brazil), then the nearest in spelling.
    """
    pool = list(candidates)
    folded = fold(value)
    words = f" {' '.join(''.join(c if c.isalnum() else ' ' for c in folded).split())} "
    spelled: dict[str, list[Record]] = {}
    for record in pool:
        for spelling in {record.key, _last_part(record.iri), *record.names}:
            spelled.setdefault(fold(spelling), []).append(record)
    by_length = sorted(spelled, key=len)
    ranked: list[Record] = []
    if folded:
        ranked += [r for s in by_length if folded in s for r in spelled[s]]
        ranked += [r for s in reversed(by_length) if len(s) >= 3 and f" {s} " in words for r in spelled[s]]
    ranked += [r for s in difflib.get_close_matches(folded, list(spelled), n=n * 2, cutoff=0.6) for r in spelled[s]]
    by_iri = {r.iri: r for r in pool}
    return [by_iri[i] for i in list(dict.fromkeys(r.iri for r in ranked))[:n]]


def _listing(found: Iterable[Record], lang: str) -> str:
    return "; ".join(r.display(lang) for r in found)


def _as_iri(value: str, prefixes: dict[str, str]) -> tuple[str | None, bool]:
    """The IRI a value spells, and whether it is written as one (`<…>`, a declared prefix, a known
    scheme) rather than as a key with a slash (`country/BR`, which may also be a name: `ITU-R/ITU-T`)."""
    scheme, colon, _ = value.partition(":")
    if value.startswith("<") or (colon and (scheme in prefixes or scheme.lower() in _SCHEMES)):
        return expand_iri(value, prefixes), True
    if not colon and "/" in value and " " not in value:
        return expand_iri(record_iri(value), prefixes), False
    return None, False


def resolve_value(param: Param, value: str, graph: Source, prefixes: dict[str, str], lang: str = "en") -> str:
    """The IRI that `value` names for an `iri` parameter; QueryError (one line, closest records) if none or several.

    A value written as an IRI (`<…>`, `id:country/BR`, or the key `country/BR`) must name a node
    exactly: IRIs are case-sensitive, so `id:country/br` is an error that points at Brazil.
    """
    what = shorten(_class_iri(param.cls)) if param.cls else "node"
    value = value.strip()
    iri, written_as_iri = _as_iri(value, prefixes)
    candidates = records(graph, param.cls)
    if iri is not None and (iri in candidates or not candidates):
        return iri  # known, or a store that holds no names to check it against
    if iri is not None and written_as_iri:
        raise QueryError(_unknown_iri(param, iri, candidates, graph, what, lang))
    for tier in _tiers(value, candidates.values()):
        distinct = {r.iri: r for r in tier}
        if len(distinct) == 1:
            return next(iter(distinct))
        if distinct:
            shown = sorted(distinct.values(), key=lambda r: r.key)[:SHOWN]
            of_class = f" of class {what}" if param.cls else ""
            raise QueryError(f"parameter {param.name!r}: {value!r} names {len(distinct)} nodes{of_class}: "
                             f"{_listing(shown, lang)}; give one of their IRIs")
    if iri is not None:  # a key that names nothing
        raise QueryError(_unknown_iri(param, iri, candidates, graph, what, lang))
    near = closest(value, candidates.values())
    hint = f": closest: {_listing(near, lang)}" if near else ""
    raise QueryError(f"parameter {param.name!r}: no {what} is named {value!r}{hint}")


def _unknown_iri(param: Param, iri: str, candidates: dict[str, Record], graph: Source, what: str, lang: str) -> str:
    """Why an IRI is refused: another case of a known one, a node of another class, or nothing known."""
    same = [r for r in candidates.values() if r.iri.casefold() == iri.casefold()]
    if same:
        return (f"parameter {param.name!r}: no {what} {shorten(iri)} in the graph (IRIs are case-sensitive): "
                f"did you mean {same[0].display(lang)}?")
    if param.cls:
        others = records(graph, None)
        if iri in others:
            named = others[iri]
            near = closest(named.labels.get("en") or _last_part(iri), candidates.values())
            hint = f": closest: {_listing(near, lang)}" if near else ""
            return f"parameter {param.name!r}: {named.display(lang)} is not of class {what}{hint}"
    near = closest(_last_part(iri), candidates.values())
    hint = f": closest: {_listing(near, lang)}" if near else ""
    return f"parameter {param.name!r}: no {what} {shorten(iri)} in the graph{hint}"


def resolve_params(query: NamedQuery, values: dict[str, str], graph: Source, lang: str = "en") -> dict[str, str]:
    """`values` with each given `iri` parameter replaced by `<IRI>` of the node it names (see `resolve_value`)."""
    given = [p for p in query.params if p.type == "iri" and p.name in values]
    if not given:
        return values
    prefixes = query_prefixes(query.text)
    resolved = dict(values)
    for param in given:
        resolved[param.name] = f"<{resolve_value(param, values[param.name], graph, prefixes, lang)}>"
    return resolved
