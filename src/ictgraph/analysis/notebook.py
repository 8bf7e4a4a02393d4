"""Thin helpers the notebooks call: readable tables, inline graphs, the diffusion plot and timelines."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ictgraph.analysis.fonts import JAPANESE_FONT, use_japanese_font
from ictgraph.analysis.metrics import tabulate_diffusion
from ictgraph.analysis.nodes import Lang
from ictgraph.vocab import shorten

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from IPython.display import HTML
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from ictgraph.query.run import Source

__all__ = ["JAPANESE_FONT", "labelled", "plot_diffusion", "plot_timeline", "show_graph", "show_query",
           "use_japanese_font"]

LONG_TEXT = 40  # characters: a column with longer values (quotes) gets a readable width
MAX_ROWS = 200  # rows a labelled table shows; the DataFrame keeps them all


def iri_columns(table: pd.DataFrame) -> list[str]:
    """The columns whose every non-empty value is an IRI.

    Examples
    --------
    >>> import pandas as pd
    >>> iri_columns(pd.DataFrame({"country": ["https://w3id.org/ictgraph/id/country/BR"], "n": [1]}))
    ['country']
    """
    return [c for c in table.columns if table[c].notna().any()
            and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in table[c].dropna())]


def _has_japanese(texts: Any) -> bool:
    return any(any(ord(ch) > 0x2E7F for ch in str(t)) for t in texts)


def labelled(table: pd.DataFrame, iris: str = "compact") -> Styler:
    """A table as a reader reads it: each label before its IRI (a `label` column first), IRIs compact, no NaN.

    `iris` is "compact" (`id:country/BR`), "hide" (drop IRI columns that have a label column) or
    "full". Columns of long text (quotes) get a width at which Japanese reads as lines, not as one
    character per line; at most MAX_ROWS rows are shown.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"country": ["https://w3id.org/ictgraph/id/country/BR"], "countryLabel": ["Brazil"],
    ...                    "flags": [None]})
    >>> styled = labelled(df)
    >>> list(styled.data.columns), styled.data.loc[0, "country"]
    (['countryLabel', 'country', 'flags'], 'id:country/BR')
    """
    if iris not in ("compact", "hide", "full"):
        raise ValueError(f"iris={iris!r}: choose compact, hide or full")
    links = set(iri_columns(table))
    order: list[str] = ["label"] if "label" in table.columns else []  # a metrics table's label first
    for column in table.columns:
        label = f"{column}Label"
        if column in links and label in table.columns:
            order += [label] if iris == "hide" else [label, column]
        elif column not in order:
            order.append(column)
    shown = table[order].head(MAX_ROWS).copy()
    if iris == "compact":
        for column in links & set(order):
            shown[column] = shown[column].map(lambda v: shorten(v) if isinstance(v, str) else v)
    long_text = [c for c in order if shown[c].map(lambda v: len(str(v)) if v is not None else 0).max() > LONG_TEXT]
    styler = shown.style.format(na_rep="").hide(axis="index")
    # Short values (dates, codes) on one line; long text wraps at a width that reads as lines.
    styler = styler.set_table_styles([
        {"selector": "td", "props": "text-align: left; vertical-align: top; white-space: nowrap;"},
        {"selector": "th", "props": "text-align: left;"}])
    if long_text:  # per column, so that the rule outranks the table's nowrap
        wrap = [{"selector": "td", "props": "white-space: normal; min-width: 20em; max-width: 40em;"}]
        styler = styler.set_table_styles({column: wrap for column in long_text}, overwrite=False)
    if len(table) > MAX_ROWS:
        styler = styler.set_caption(f"the first {MAX_ROWS} of {len(table)} rows")
    return styler


def show_query(name: str, graph: Source, lang: Lang = "en", **params: str) -> list[Any]:
    """A named query for a notebook: its question as a heading, its id and title, then its answer.

    Returns what to `display(*...)`: Markdown, then a labelled table (a SELECT), Turtle (a CONSTRUCT)
    or a yes/no (an ASK).
    """
    import pandas as pd
    from IPython.display import Markdown

    from ictgraph.query.catalogue import find_query
    from ictgraph.query.run import run_query

    query = find_query(name)
    heading = Markdown(f"### {query.question or query.title}\n\n`{query.id}` · {query.title}")
    answer = run_query(query.name, graph, lang=lang, **params)
    if isinstance(answer, pd.DataFrame):
        return [heading, labelled(answer) if len(answer) else Markdown("*(no rows)*")]
    if isinstance(answer, bool):
        return [heading, Markdown("**yes**" if answer else "**no**")]
    return [heading, Markdown(f"```turtle\n{answer.strip()}\n```")]


def show_graph(G: nx.Graph, title: str = "", lang: Lang = "ja", size_by: str = "weighted_degree",
               height: int = 600) -> HTML:
    """An interactive view of `G` inline in a notebook: the offline page in an iframe's srcdoc.

    An iframe keeps vis-network's globals (`network`, `nodes`) apart when a notebook shows several graphs.
    """
    from IPython.display import HTML

    from ictgraph.analysis.render import render_html

    page = render_html(G, title=title, lang=lang, size_by=size_by)
    return HTML(f'<div><iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;'
                'border:1px solid #ddd"></iframe></div>')


def plot_diffusion(D: nx.DiGraph, lang: Lang = "ja", ax: Axes | None = None) -> Axes:
    """The cumulative number of adopters over time, one labelled step per country."""
    import matplotlib.pyplot as plt
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    table = tabulate_diffusion(D, lang)
    if lang == "ja" or _has_japanese(table["label"]):
        use_japanese_font()
    when = pd.to_datetime(table["date"].fillna(table["year"].astype(str)), format="mixed")
    ax = ax or plt.subplots(figsize=(10, 5))[1]
    ax.step(when, table["adopters"], where="post", color="#0072B2")
    ax.scatter(when, table["adopters"], color="#D55E00", zorder=3)
    for x, y, label in zip(when, table["adopters"], table["label"], strict=True):
        ax.annotate(label, (x, y), xytext=(4, -3), textcoords="offset points", fontsize=8)
    ax.set_xlabel("年" if lang == "ja" else "year")
    ax.set_ylabel("採用国数（累計）" if lang == "ja" else "countries (cumulative)")
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # matplotlib's default locator for a linear axis
        locator.set_params(integer=True)
    ax.margins(x=0.08)  # room for the last country's label
    ax.grid(alpha=0.3)
    return ax


def _pick(table: pd.DataFrame, wanted: str | None, test: Any, what: str) -> str:
    if wanted is not None:
        if wanted not in table.columns:
            raise ValueError(f"no column {wanted!r} in the table (columns: {', '.join(map(str, table.columns))})")
        return wanted
    found = next((c for c in table.columns if test(c)), None)
    if found is None:
        raise ValueError(f"no {what} column in the table (columns: {', '.join(map(str, table.columns))}): "
                         f"name one with {what}=")
    return str(found)


def plot_timeline(table: pd.DataFrame, date: str | None = None, label: str | None = None, title: str = "",
                  ax: Axes | None = None) -> Axes:
    """Each row of a table at its date, one line per row, earliest at the top (a country's timeline, CQ03).

    `date` defaults to the first column called `date` (or ending in `Date`, or `year`), `label` to the
    first column ending in `Label`. The date as the text writes it (a `dateText` column) goes next to
    each point.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd

    date = _pick(table, date, lambda c: c == "date" or str(c).endswith("Date") or c == "year", "date")
    label = _pick(table, label, lambda c: str(c).endswith("Label"), "label")
    rows = table.assign(_when=pd.to_datetime(table[date].astype("string"), format="mixed", errors="coerce"))
    rows = rows.dropna(subset=["_when"]).sort_values("_when", kind="stable").reset_index(drop=True)
    if _has_japanese(rows[label]) or ("dateText" in rows and _has_japanese(rows["dateText"].dropna())):
        use_japanese_font()
    ax = ax or plt.subplots(figsize=(10, max(2.5, 0.38 * len(rows) + 1)))[1]
    ys = list(range(len(rows)))
    ax.scatter(rows["_when"], ys, color="#0072B2", zorder=3)
    ax.hlines(ys, rows["_when"].min(), rows["_when"], color="#dddddd", zorder=1)
    texts = rows["dateText"] if "dateText" in rows else rows[date]
    for x, y, text in zip(rows["_when"], ys, texts, strict=True):
        if isinstance(text, str) and text:
            ax.annotate(text, (x, y), xytext=(6, -3), textcoords="offset points", fontsize=8, color="#444444")
    ax.set_yticks(ys, [str(v) for v in rows[label]])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.invert_yaxis()
    ax.margins(x=0.12)
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    return ax
