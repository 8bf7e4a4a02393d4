"""Interactive HTML views of a network (pyvis / vis-network) that open with no network access."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ictgraph.analysis.metrics import compute_centrality, label_of
from ictgraph.analysis.nodes import CLASS_GROUPS, OTHER_GROUP, Lang

if TYPE_CHECKING:
    from pyvis.network import Network

# One colour per class group (colour-blind-safe where possible: Okabe–Ito first, then Tableau).
GROUP_COLOURS: dict[str, str] = dict(zip((*CLASS_GROUPS, OTHER_GROUP), (
    "#0072B2", "#56B4E9", "#009E73", "#D55E00", "#E69F00", "#CC79A7", "#F0E442", "#B8A000",
    "#8C564B", "#9467BD", "#BCBD22", "#17BECF", "#7F7F7F", "#AEC7E8", "#FF9896", "#C7C7C7",
), strict=True))
SIZE_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
MIN_SIZE, MAX_SIZE = 8.0, 40.0
STABILIZATION_ITERATIONS = 400

# External tags pyvis writes even in its "in_line" mode (Bootstrap from jsdelivr, vis from cdnjs).
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.IGNORECASE | re.DOTALL)
_EXTERNAL_REF = re.compile(r"""<[a-z][^>]*?\s(?:src|href)\s*=\s*["']?(?!data:|#)([^"'\s>]+)""", re.IGNORECASE)

# Runs after pyvis's drawGraph(): tooltips become elements built from our escaped HTML (vis-network
# shows plain strings as text), and physics is switched off once the layout has settled, so that the
# page stops using the CPU and dragged nodes stay where they are put.
_AFTER_DRAW_JS = """
<script>
(function () {
  function asElement(item) {
    if (typeof item.title !== "string") { return null; }
    var el = document.createElement("div");
    el.className = "ictgraph-tip";
    el.innerHTML = item.title;
    return {id: item.id, title: el};
  }
  nodes.update(nodes.get().map(asElement).filter(Boolean));
  edges.update(edges.get().map(asElement).filter(Boolean));
  function settle() { network.setOptions({physics: false}); window.ictgraphSettled = true; }
  // Stabilisation runs in timer tasks, which the browser may run before it reaches this script (it
  // can yield between two scripts): then the iterations are done already and the event is past.
  if (nodes.length === 0 || network.physics.ready) { settle(); }
  else { network.once("stabilizationIterationsDone", settle); }
})();
</script>
"""

_STYLE = """
<style>
  body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans", sans-serif; }
  #mynetwork { box-sizing: border-box; }
  #ictgraph-legend { position: absolute; top: 8px; left: 8px; z-index: 10; background: rgba(255,255,255,.92);
    border: 1px solid #ccc; border-radius: 4px; padding: 6px 10px; font-size: 13px; max-width: 320px; }
  #ictgraph-legend h2 { font-size: 14px; margin: 0 0 4px 0; }
  #ictgraph-legend .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
    margin-right: 6px; vertical-align: middle; }
  .ictgraph-tip { white-space: normal; max-width: 420px; font-family: inherit; font-size: 13px; }
  .ictgraph-tip blockquote { margin: 4px 0 0 0; padding-left: 6px; border-left: 3px solid #aaa; }
</style>
"""


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


def make_offline(page: str) -> str:
    """Remove every external script and stylesheet from a pyvis page and inline vis-network instead.

    Raises `ValueError` if a reference outside the page survives, so that a future pyvis template that
    loads something new fails loudly here rather than silently in an offline browser.

    Examples
    --------
    >>> page = make_offline('<html><head><script src="https://cdn/vis.js"></script></head><body></body></html>')
    >>> "cdn" in page, "@version 9.1.2" in page
    (False, True)
    """
    page = _HEADING.sub("", _LINK.sub("", _SCRIPT_SRC.sub("", page)))
    # Checked before vis-network goes in: its minified code is trusted and holds `src=` in JavaScript.
    left = find_external_refs(page)
    if left:
        raise ValueError(f"the rendered page still references {left[:3]}: extend ictgraph.analysis.render.make_offline")
    css, js = _vis_assets()
    # A function as replacement: the minified JS holds backslashes that re.sub would interpret.
    return re.sub(r"<head>", lambda _: f"<head>\n<style>{css}</style>\n<script>{js}</script>\n{_STYLE}",
                  page, count=1, flags=re.IGNORECASE)


def _tooltip(G: nx.Graph, node: str) -> str:
    """Both labels, class, date and the supporting quote, each escaped, as an HTML fragment."""
    attrs = G.nodes[node]
    lines = [f"<b>{html.escape(attrs.get('label_ja') or '')}</b>", html.escape(attrs.get("label_en") or ""),
             f"<i>{html.escape(attrs.get('cls') or '')}</i> · {html.escape(str(node))}"]
    when = attrs.get("date_text") or attrs.get("date")
    if when:
        lines.append(html.escape(str(when)))
    if attrs.get("quote"):
        lines.append(f"<blockquote>{html.escape(attrs['quote'])}</blockquote>")
    return "<br>".join(line for line in lines if line)


def _edge_text(attrs: dict[str, Any]) -> tuple[str, str]:
    """An edge's label (its relation, or how many records it rests on) and its escaped tooltip."""
    label = attrs.get("relation") or (str(attrs["weight"]) if "weight" in attrs else "")
    tip = [html.escape(label)]
    if attrs.get("years"):
        tip.append(html.escape(", ".join(map(str, attrs["years"]))))
    tip += [html.escape(r) for r in sorted(attrs.get("records", {}))]
    return label, "<br>".join(tip)


def _sizes(G: nx.Graph, size_by: str) -> dict[Any, float]:
    """Node sizes scaled by the square root of a metric, so that area (not radius) follows it."""
    if size_by not in SIZE_METRICS:
        raise ValueError(f"size_by={size_by!r}: choose one of {', '.join(SIZE_METRICS)}")
    metric = compute_centrality(G).set_index("node")[size_by]
    top = float(metric.max()) if len(metric) else 0.0
    return {n: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(float(metric[n]) / top) if top > 0 else MIN_SIZE
            for n in G.nodes}


def to_pyvis(G: nx.Graph, lang: Lang = "en", size_by: str = "weighted_degree") -> Network:
    """A pyvis Network of `G`: colour by class group, size by a metric, arrows if `G` is directed.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("org/itu-r", label_en="ITU-R", group="Organization")
    >>> G.add_edge("org/itu-r", "org/itu", relation="partOf")
    >>> net = to_pyvis(G)
    >>> [n["label"] for n in net.nodes], net.edges[0]["label"], net.edges[0]["arrows"]
    (['ITU-R', 'org/itu'], 'partOf', 'to')
    """
    from pyvis.network import Network

    net = Network(height="96vh", width="100%", directed=G.is_directed(), cdn_resources="remote")
    sizes = _sizes(G, size_by)
    for n, attrs in G.nodes(data=True):
        group = attrs.get("group", OTHER_GROUP)
        net.add_node(str(n), label=label_of(G, n, lang), title=_tooltip(G, n), size=sizes[n],
                     color=GROUP_COLOURS.get(group, GROUP_COLOURS[OTHER_GROUP]), shape="dot")
    for u, v, attrs in G.edges(data=True):
        label, tip = _edge_text(attrs)
        edge: dict[str, Any] = {"label": label, "title": tip, "width": 1 + math.log2(attrs.get("weight", 1))}
        if G.is_directed():
            edge["arrows"] = "to"
        net.add_edge(str(u), str(v), **edge)
    net.set_options(json.dumps({
        "physics": {"solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": STABILIZATION_ITERATIONS, "fit": True}},
        "edges": {"smooth": False, "font": {"size": 10, "align": "middle"}, "color": {"inherit": "from"}},
        "nodes": {"font": {"size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 120},
    }))
    return net


def _legend(G: nx.Graph, title: str) -> str:
    groups = sorted({attrs.get("group", OTHER_GROUP) for _, attrs in G.nodes(data=True)},
                    key=lambda grp: (*CLASS_GROUPS, OTHER_GROUP).index(grp) if grp in GROUP_COLOURS else 99)
    items = "".join(f'<div><span class="swatch" style="background:{GROUP_COLOURS.get(grp, "#ccc")}"></span>'
                    f"{html.escape(grp)}</div>" for grp in groups)
    counts = f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    return f'<div id="ictgraph-legend"><h2>{html.escape(title)}</h2><div>{counts}</div>{items}</div>'


def render_html(G: nx.Graph, title: str = "", lang: Lang = "en", size_by: str = "weighted_degree") -> str:
    """The complete, self-contained HTML page of `G` (legend, tooltips, settling physics).

    Examples
    --------
    >>> page = render_html(nx.Graph([("a", "b")]), title="demo")
    >>> find_external_refs(page), "ictgraph-legend" in page
    ([], True)
    """
    page = make_offline(to_pyvis(G, lang, size_by).generate_html())
    extra = _legend(G, title or G.graph.get("name", "")) + _AFTER_DRAW_JS
    return page.replace("</body>", extra + "</body>", 1)


def write_html(G: nx.Graph, path: Path, title: str = "", lang: Lang = "en",
               size_by: str = "weighted_degree") -> Path:
    """Write `render_html(G)` to `path` atomically (readers never see half a page)."""
    from ictgraph.io import write_atomic

    write_atomic(path, render_html(G, title, lang, size_by).encode("utf-8"))
    return path
