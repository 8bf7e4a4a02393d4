"""The query catalogue: each named query's question, SPARQL and answer on the graph, as tables and CSV."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ictgraph.publish.site.data import Lit, Obj, SiteData, compact, to_obj
from ictgraph.publish.site.fmt import XSD
from ictgraph.publish.site.i18n import COLUMN_WORDS_JA, UI
from ictgraph.publish.site.links import Links
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import NamedQuery


@dataclass(frozen=True)
class Answer:
    """A query's answer in one language: the columns and rows of a SELECT, or the size of a graph."""

    query: NamedQuery
    params: list[tuple[str, str]]
    columns: list[str]
    rows: list[dict[str, Obj]]
    graph_triples: int | None = None


def run_named(data: SiteData, query: NamedQuery, lang: str) -> Answer:
    """Run a catalogue query with its default parameters (its lang parameter set to the page's).

    The named queries do not project their parameters, which Oxigraph's substitution requires, so they
    are bound as `ictgraph query` binds them: typed terms in a VALUES block (`bind_query`), never text.
    """
    values: dict[str, str] = {}
    for p in query.params:
        if p.type == "lang":
            values[p.name] = lang
        elif p.default:
            values[p.name] = p.default
    result = data.store.query(bind_query(query, values))
    shown = sorted(values.items(), key=lambda kv: [p.name for p in query.params].index(kv[0]))
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [{c: to_obj(row[c]) for c in columns if row[c] is not None} for row in result]
        return Answer(query, shown, columns, rows)
    if isinstance(result, ox.QueryBoolean):
        return Answer(query, shown, ["answer"], [{"answer": Lit("true" if bool(result) else "false")}])
    return Answer(query, shown, [], [], graph_triples=sum(1 for _ in result))


def to_csv(answer: Answer) -> str:
    """The answer as CSV (SPARQL 1.1 CSV results: IRIs in full, literals by their lexical form)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(answer.columns)
    for row in answer.rows:
        writer.writerow([(v.value if isinstance(v, Lit) else v) if (v := row.get(c)) is not None else ""
                         for c in answer.columns])
    return buf.getvalue()


NUMERIC = {f"{XSD}{t}" for t in ("decimal", "integer", "double", "float", "long", "int")}


def readable_number(lit: Lit) -> str:
    """A numeric literal with thousands separators (the CSV keeps the lexical form); others as they are.

    Examples
    --------
    >>> readable_number(Lit("30000000000000", None, XSD + "decimal"))
    '30,000,000,000,000'
    >>> readable_number(Lit("2019", None, XSD + "integer"))
    '2019'
    """
    if lit.datatype not in NUMERIC:
        return lit.value
    try:
        number = Decimal(lit.value)
    except InvalidOperation:
        return lit.value
    # Years are integers too: four digits stay as they are, so 2019 does not become 2,019.
    if abs(number) < 10000 and number == number.to_integral_value():
        return lit.value
    whole, _, frac = format(number.normalize(), "f").partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def column_heading(variable: str, lang: str = "en") -> str:
    """A result column's heading in words: the SPARQL variable's camelCase split, a `Label` suffix
    dropped (the column shows the label), a `Text` suffix read as the date or name as written; on a
    Japanese page the words of `COLUMN_WORDS_JA` where it has them.

    Examples
    --------
    >>> [column_heading(v) for v in ("country", "countryName", "kindLabel", "dateText", "events")]
    ['country', 'country name', 'kind', 'date (as written)', 'events']
    >>> [column_heading(v, "ja") for v in ("countryName", "dateText", "holderName")]
    ['国名', '日付（原文の表記）', 'holder name']
    """
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", variable).lower().split()
    if len(words) > 1 and words[-1] == "label":
        words.pop()
    as_written = len(words) > 1 and words[-1] == "text"
    if as_written:
        words.pop()
    heading = " ".join(words)
    if lang == "ja" and heading in COLUMN_WORDS_JA:
        return COLUMN_WORDS_JA[heading] + ("（原文の表記）" if as_written else "")
    return heading + (" (as written)" if as_written else "")


def table_view(data: SiteData, answer: Answer, lang: str, links: Links) -> dict[str, Any]:
    """The answer as a readable table: IRIs become labels linked to their pages; a `xLabel` column is
    folded into the link of column `x`, where the label is already shown."""
    iri_columns = {c for c in answer.columns if any(isinstance(r.get(c), str) for r in answer.rows)}
    columns = [c for c in answer.columns if not (c.endswith("Label") and c[:-5] in iri_columns)]
    rows = []
    for row in answer.rows:
        cells: list[dict[str, Any]] = []
        for c in columns:
            v = row.get(c)
            if v is None:
                cells.append({"text": ""})
            elif isinstance(v, Lit) and v.datatype == XSD + "boolean":
                cells.append({"text": UI[lang]["yes" if v.value in ("true", "1") else "no"]})
            elif isinstance(v, Lit):
                cells.append({"text": readable_number(v), "lang": v.lang})
            else:
                rec = data.record_of(v)
                if rec is not None:
                    cells.append({"text": data.label(v, lang), "href": links.record(rec.key)})
                elif v in data.terms:
                    local = v.rsplit("#", 1)[-1]
                    href = links.topic(local[6:]) if local.startswith("topic-") else links.term(local)
                    cells.append({"text": data.label(v, lang), "href": href})
                else:
                    cells.append({"text": compact(v)})
        rows.append([{"lang": None, "href": None} | cell for cell in cells])
    headings = [{"variable": c, "text": column_heading(c, lang)} for c in columns]
    return {"columns": headings, "rows": rows, "graph_triples": answer.graph_triples}
