"""Interactive HTML views of a network (vis-network) that a reader can search, filter and open offline.

The page is one file: vis-network (from the copy bundled inside the installed pyvis package), the
page's own script and style (`analysis/page/`), and the graph as JSON. Every text a reader sees comes
from here in the page's language: labels of records, and class, link and kind names from the
ontology's own labels (`G.graph["terms"]`, kept there by the projections).
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ictgraph.analysis.metrics import compute_centrality, label_of
from ictgraph.analysis.nodes import CLASS_GROUPS, OTHER_GROUP, Lang, term_label

# One colour per class group (colour-blind-safe where possible: Okabe–Ito first, then Tableau).
GROUP_COLOURS: dict[str, str] = dict(zip((*CLASS_GROUPS, OTHER_GROUP), (
    "#0072B2", "#56B4E9", "#009E73", "#D55E00", "#E69F00", "#CC79A7", "#F0E442", "#B8A000",
    "#8C564B", "#9467BD", "#BCBD22", "#17BECF", "#7F7F7F", "#AEC7E8", "#FF9896", "#C7C7C7",
), strict=True))
SIZE_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
LAYOUTS = ("force", "timeline")
MAX_TIP_RECORDS = 6  # records named in one link's tooltip; the rest are counted
# A node's label is drawn on at most LABEL_LINES lines of about LABEL_COLUMNS columns (a Japanese
# character is two): a 160-character treaty title on one line runs off the drawing and over its
# neighbours. The tooltip and the search list keep the whole name.
LABEL_COLUMNS, LABEL_LINES = 30, 3
PAGE = resources.files("ictgraph.analysis") / "page"
# Between the names in one link's label: characters no label of the ontology holds (・ and , do).
_SEPARATOR: dict[str, str] = {"ja": "、", "en": "; "}

_EXTERNAL_REF = re.compile(r"""<[a-z][^>]*?\s(?:src|href)\s*=\s*["']?(?!data:|#)([^"'\s>]+)""", re.IGNORECASE)

# What the page's own controls say, in each language.
UI: dict[str, dict[str, str]] = {
    "ja": {"nodes": "ノード", "links": "リンク", "shown": "表示中", "search": "検索（日本語・英語）",
           "no_match": "見つかりません", "classes": "クラス", "years": "年", "from": "から", "to": "まで",
           "country": "国", "all_countries": "すべての国", "reset": "すべて表示", "isolated": "つながりのないノード",
           "isolated_note": "図の下にまとめて並べています",
           "hint": "クリックでつながりを強調、ホイールで拡大すると小さなノードの名前も表示",
           "more": "ほか {n} 件", "year_axis": "採用年", "other": "その他", "weight": "リンクの重み",
           "weight_note": "重みはリンクが表す共通の記録やトピックの数。最初は重いリンクだけを表示しています"},
    "en": {"nodes": "nodes", "links": "links", "shown": "shown", "search": "Search (Japanese or English)",
           "no_match": "no match", "classes": "Classes", "years": "Years", "from": "from", "to": "to",
           "country": "Country", "all_countries": "all countries", "reset": "Show all",
           "isolated": "Nodes with no link", "isolated_note": "gathered in rows under the drawing",
           "hint": "Click a node to highlight its links; zoom in to read the names of small nodes",
           "more": "{n} more", "year_axis": "year of adoption", "other": "Other", "weight": "Link weight",
           "weight_note": "how many records or topics a link stands for; at first only the strongest links show"},
}


def wrap_label(text: str, columns: int = LABEL_COLUMNS, lines: int = LABEL_LINES) -> str:
    """`text` broken into lines of about `columns` columns, between words (or between two Japanese
    characters, which need no space), at most `lines` of them, the last ending in … if cut.

    Examples
    --------
    >>> wrap_label("Memorandum of Cooperation between Japan and Brazil on Infrastructure", 30)
    'Memorandum of Cooperation\\nbetween Japan and Brazil on\\nInfrastructure'
    >>> wrap_label("日本国及びブラジル連邦共和国との間のインフラ分野における協力覚書", 20, 2)
    '日本国及びブラジル連\\n邦共和国との間のイ…'
    >>> wrap_label("Japan")
    'Japan'
    """
    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    # A word (with the spaces after it) or one wide character: the pieces a line may break between.
    pieces = re.findall(r"[^\s\u3000-\u9fff\uf900-\uffef]+\s*|\S\s*|\s+", text)
    out: list[str] = []
    line = ""
    for piece in pieces:
        if line and width(line + piece.rstrip()) > columns:
            out.append(line.rstrip())
            line = ""
        line += piece.lstrip() if not line else piece
    out.append(line.rstrip())
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and width(last) + 1 > columns:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return "\n".join(out)


def _asset(name: str) -> str:
    return (PAGE / name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's CSS and JS as bundled inside the installed pyvis package (no download)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.css").read_text(encoding="utf-8"), (lib / "vis-network.min.js").read_text(
        encoding="utf-8")


def find_external_refs(page: str) -> list[str]:
    """The targets of tags' `src=` / `href=` in a page, other than data: URIs and in-page anchors.

    Examples
    --------
    >>> find_external_refs('<img src="data:image/png;base64,AA"><a href="#x"></a><script src="https://cdn/x.js">')
    ['https://cdn/x.js']
    """
    return _EXTERNAL_REF.findall(page)


def script_json(value: Any) -> str:
    """JSON that can sit inside a `<script>` element: `<`, `>` and `&` are written as \\u escapes.

    Examples
    --------
    >>> script_json({"quote": "</script>"})
    '{"quote": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _terms(G: nx.Graph) -> Mapping[str, Mapping[str, str | None]]:
    terms: Mapping[str, Mapping[str, str | None]] = G.graph.get("terms", {})
    return terms


def _group_label(G: nx.Graph, group: str, lang: Lang) -> str:
    return UI[lang]["other"] if group == OTHER_GROUP else term_label(_terms(G), group, lang)


def _year_of(date: Any) -> int | None:
    text = str(date or "")
    return int(text[:4]) if text[:4].isdigit() else None


def _when(attrs: Mapping[str, Any], lang: Lang) -> str:
    """A date as the text writes it (Japanese pages) or as typed (English pages)."""
    first, second = ("date_text", "date") if lang == "ja" else ("date", "date_text")
    return str(attrs.get(first) or attrs.get(second) or "")


def _quote(text: str | None) -> str:
    return f"<blockquote>{html.escape(text)}</blockquote>" if text else ""


def _node_tip(G: nx.Graph, node: Any, lang: Lang) -> str:
    """Both labels, the class in the page's language, the key, the date and the supporting quote, escaped."""
    attrs = G.nodes[node]
    other: Lang = "en" if lang == "ja" else "ja"
    lines = [f"<b>{html.escape(attrs.get(f'label_{lang}') or label_of(G, node, lang))}</b>",
             html.escape(attrs.get(f"label_{other}") or ""),
             f"<i>{html.escape(term_label(_terms(G), attrs.get('cls') or OTHER_GROUP, lang))}</i>"
             f" · <code>{html.escape(str(node))}</code>",
             html.escape(_when(attrs, lang))]
    return "<br>".join(line for line in lines if line) + _quote(attrs.get("quote"))


def _record_line(G: nx.Graph, record: str, lang: Lang) -> str:
    """One record behind a link: its class, label and date, then its quote."""
    info = G.graph.get("records", {}).get(record, {})
    other: Lang = "en" if lang == "ja" else "ja"
    label = info.get(f"label_{lang}") or info.get(f"label_{other}") or record
    cls = term_label(_terms(G), info.get("cls") or OTHER_GROUP, lang)
    when = _when(info, lang)
    head = f"<i>{html.escape(cls)}</i> <b>{html.escape(label)}</b>" + (f" · {html.escape(when)}" if when else "")
    return f"<li>{head}{_quote(info.get('quote'))}</li>"


def _records_label(G: nx.Graph, records: Iterable[str], lang: Lang) -> str:
    """The kinds of records behind a link, in the page's language: `会合 ×2、協定`."""
    known = G.graph.get("records", {})
    counts: dict[str, int] = {}
    for r in records:
        cls = known.get(r, {}).get("cls") or OTHER_GROUP
        counts[cls] = counts.get(cls, 0) + 1
    parts = [term_label(_terms(G), cls, lang) + (f" ×{n}" if n > 1 else "")
             for cls, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _SEPARATOR[lang].join(parts)


def edge_label(G: nx.Graph, attrs: Mapping[str, Any], lang: Lang) -> str:
    """What a link is, in words from the ontology: its property, the topics or the kinds of records behind it.

    Examples
    --------
    >>> G = nx.DiGraph(terms={"partOf": {"ja": "所属先組織", "en": "part of"}})
    >>> edge_label(G, {"relation": "partOf"}, "ja"), edge_label(G, {"relation": "parent"}, "en")
    ('所属先組織', 'parent')
    """
    sep = _SEPARATOR[lang]
    if attrs.get("relation"):
        return sep.join(term_label(_terms(G), rel.strip().removeprefix("ict:"), lang)
                        for rel in str(attrs["relation"]).split(","))
    if attrs.get("topics"):
        names = [term_label(_terms(G), t.removeprefix("ict:"), lang) for t in attrs["topics"]]
        return sep.join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
    if attrs.get("records"):
        return _records_label(G, attrs["records"], lang)
    return ""


def _edge_tip(G: nx.Graph, u: Any, v: Any, attrs: Mapping[str, Any], label: str, lang: Lang) -> str:
    """The two ends, what links them, and each record behind the link with its date and quote, escaped."""
    arrow = " → " if G.is_directed() else " — "
    lines = [f"<b>{html.escape(label_of(G, u, lang))}{arrow}{html.escape(label_of(G, v, lang))}</b>"]
    if label:
        lines.append(html.escape(label))
    if attrs.get("kind"):
        lines.append(html.escape(term_label(_terms(G), f"adoptionKind-{attrs['kind']}", lang))
                     + (f" · {html.escape(_when(attrs, lang))}" if _when(attrs, lang) else ""))
    if attrs.get("years"):
        lines.append(html.escape(", ".join(map(str, attrs["years"]))))
    records = sorted(attrs.get("records", {}), key=lambda r: (attrs["records"][r] or 0, r))
    items = "".join(_record_line(G, r, lang) for r in records[:MAX_TIP_RECORDS])
    if len(records) > MAX_TIP_RECORDS:
        items += f"<li>{html.escape(UI[lang]['more'].format(n=len(records) - MAX_TIP_RECORDS))}</li>"
    return "<br>".join(lines) + (f"<ul>{items}</ul>" if items else "")


def _metric(G: nx.Graph, size_by: str) -> dict[Any, float]:
    if size_by not in SIZE_METRICS:
        raise ValueError(f"size_by={size_by!r}: choose one of {', '.join(SIZE_METRICS)}")
    table = compute_centrality(G).set_index("node")[size_by]
    return {n: float(table[n]) for n in G.nodes}


def _links(G: nx.Graph, node: Any) -> list[Mapping[str, Any]]:
    """The attributes of every link of a node, whichever way it points."""
    incoming = list(G.in_edges(node, data=True)) if G.is_directed() else []
    return [attrs for _, _, attrs in incoming + list(G.edges(node, data=True))]


def _node_years(G: nx.Graph, node: Any) -> list[int]:
    """The years a node belongs to: its own date, its records' years and those of its links."""
    attrs = G.nodes[node]
    years = set(attrs.get("years") or ())
    if (own := _year_of(attrs.get("date"))) is not None:
        years.add(own)
    for link in _links(G, node):
        years.update(link.get("years") or ())
    return sorted(years)


def timeline_positions(G: nx.Graph, year_height: float = 36.0, row_gap: float = 46.0,
                       column_width: float = 130.0) -> tuple[dict[Any, tuple[float, float]], dict[str, Any]]:
    """Place each dated node at its date, time running down the page, side by side where dates crowd.

    A node's date is its own, or that of its only link (a country's adoption); a node with several
    links and no date of its own (the standard) stands above the first year. Where dates crowd, a
    node may sit a little below its date (its label says the date). Returns the positions
    and the year axis (`years`, their `y`, and the `left`/`right` ends of its lines) for the page.

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("std", "JP", date="2003-12")
    >>> D.add_edge("std", "BR", date="2006-06")
    >>> pos, axis = timeline_positions(D)
    >>> pos["JP"][1] < pos["BR"][1], pos["std"][1] < pos["JP"][1], axis["years"][:2]
    (True, True, [2003, 2004])
    """
    def when(node: Any) -> float | None:
        own = G.nodes[node].get("date")
        dates = [link.get("date") or link.get("year") for link in _links(G, node)]
        text = str(own or (dates[0] if len(dates) == 1 else "") or "")
        if not text[:4].isdigit():
            return None
        month = int(text[5:7]) if text[5:7].isdigit() else 1
        return int(text[:4]) + (month - 1) / 12

    dated = sorted(((t, n) for n in G.nodes if (t := when(n)) is not None), key=lambda tn: (tn[0], str(tn[1])))
    if not dated:
        return {}, {}
    first, last = math.floor(dated[0][0]), math.floor(dated[-1][0]) + 1
    slack = year_height * 0.6
    columns: list[float] = []  # the y of the last node in each column
    positions: dict[Any, tuple[float, float]] = {}
    for t, n in dated:
        y = (t - first) * year_height
        # The first column with room, moving the node down by at most `slack` (its label gives the date).
        column = next((c for c, end in enumerate(columns) if end + row_gap <= y + slack), len(columns))
        y = max(y, columns[column] + row_gap) if column < len(columns) else y
        columns[column:column + 1] = [y]
        positions[n] = (column * column_width, y)
    undated = [n for n in G.nodes if n not in positions]
    for i, n in enumerate(undated):
        positions[n] = ((len(columns) - 1) * column_width / 2 + i * column_width, -2 * year_height)
    axis = {"years": list(range(first, last + 1)),
            "y": [(y - first) * year_height for y in range(first, last + 1)],
            "left": -column_width * 0.75, "right": (len(columns) - 0.4) * column_width}
    return positions, axis


def page_data(G: nx.Graph, title: str = "", lang: Lang = "en", size_by: str = "weighted_degree",
              layout: str | None = None) -> dict[str, Any]:
    """Everything the page shows, in the page's language: nodes, links, legend, filters and texts."""
    layout = layout or G.graph.get("layout", "force")
    if layout not in LAYOUTS:
        raise ValueError(f"layout={layout!r}: choose one of {', '.join(LAYOUTS)}")
    metric = _metric(G, size_by)
    positions, axis = timeline_positions(G) if layout == "timeline" else ({}, {})
    nodes = []
    for n, attrs in G.nodes(data=True):
        group = attrs.get("group", OTHER_GROUP)
        name = label_of(G, n, lang)
        label = wrap_label(name)
        if layout == "timeline" and G.degree(n) == 1 and (when := _when(_links(G, n)[0], lang)):
            label = f"{label}\n{when}"  # the date a country sits at, as the text writes it
        node = {"id": str(n), "label": label, "name": name,
                "names": [attrs.get("label_ja") or "", attrs.get("label_en") or "", str(n)],
                "group": group, "color": GROUP_COLOURS.get(group, GROUP_COLOURS[OTHER_GROUP]),
                "value": metric[n], "title": _node_tip(G, n, lang), "years": _node_years(G, n),
                "countries": list(attrs.get("countries") or ()), "isolated": G.degree(n) == 0}
        if n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)
    edges = []
    for i, (u, v, attrs) in enumerate(G.edges(data=True)):
        label = edge_label(G, attrs, lang)
        edges.append({"id": i, "from": str(u), "to": str(v), "label": label,
                      "title": _edge_tip(G, u, v, attrs, label, lang), "value": attrs.get("weight", 1),
                      "years": list(attrs.get("years") or ())})
    present = {node["group"] for node in nodes}
    groups = [{"id": grp, "label": _group_label(G, grp, lang), "color": GROUP_COLOURS[grp],
               "count": sum(1 for node in nodes if node["group"] == grp)}
              for grp in (*CLASS_GROUPS, OTHER_GROUP) if grp in present]
    country_keys = sorted({c for node in nodes for c in node["countries"]})
    countries = sorted(({"id": c, "label": label_of(G, c, lang) if c in G else c} for c in country_keys),
                       key=lambda c: c["label"])
    return {"lang": lang, "title": title, "text": UI[lang], "directed": G.is_directed(), "layout": layout,
            "nodes": nodes, "edges": edges, "groups": groups, "countries": countries, "axis": axis}


def render_html(G: nx.Graph, title: str = "", lang: Lang = "en", size_by: str = "weighted_degree",
                layout: str | None = None) -> str:
    """The complete, self-contained HTML page of `G`: search, filters, legend, tooltips, settling layout.

    `title` defaults to the view's own title in `lang` (`G.graph["title"]`), else its name; `layout`
    to `G.graph["layout"]` ("force", or "timeline" for the diffusion of a standard).

    Examples
    --------
    >>> page = render_html(nx.Graph([("a", "b")]), title="demo")
    >>> find_external_refs(page), "ictgraph-legend" in page, '<html lang="en">' in page
    ([], True, True)
    """
    titles = G.graph.get("title") or {}
    title = title or titles.get(lang) or titles.get("en") or str(G.graph.get("name", ""))
    data = page_data(G, title, lang, size_by, layout)
    css, js = _vis_assets()
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n<style>{_asset('graph.css')}</style>\n"
            f'</head>\n<body>\n<aside id="ictgraph-legend"></aside>\n<div id="mynetwork"></div>\n'
            f"<script>{js}</script>\n"
            f'<script type="application/json" id="ictgraph-data">{script_json(data)}</script>\n'
            f"<script>{_asset('graph.js')}</script>\n</body>\n</html>\n")


def write_html(G: nx.Graph, path: Path, title: str = "", lang: Lang = "en",
               size_by: str = "weighted_degree") -> Path:
    """Write `render_html(G)` to `path` atomically (readers never see half a page)."""
    from ictgraph.io import write_atomic

    write_atomic(path, render_html(G, title, lang, size_by).encode("utf-8"))
    return path
