"""Thin helpers the notebooks call: a Japanese font for matplotlib, inline graphs, the diffusion plot."""

from __future__ import annotations

import html
import warnings
from typing import TYPE_CHECKING

from ictgraph.analysis.metrics import tabulate_diffusion
from ictgraph.analysis.nodes import Lang

if TYPE_CHECKING:
    import networkx as nx
    from IPython.display import HTML
    from matplotlib.axes import Axes

JAPANESE_FONT = "Noto Sans CJK JP"


def use_japanese_font(family: str = JAPANESE_FONT) -> str | None:
    """Make matplotlib draw Japanese with Noto Sans CJK (Debian's fonts-noto-cjk) when it is installed.

    Without it, Japanese labels come out as empty boxes: warn, name the package, and keep the default
    font so that plots still appear. Returns the family in use, or None.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    if any(f.name == family for f in font_manager.fontManager.ttflist):
        # Through the generic family, so that matplotlib does not warn about each absent fallback font.
        mpl.rcParams["font.sans-serif"] = [family, *mpl.rcParams["font.sans-serif"]]
        mpl.rcParams["font.family"] = "sans-serif"
        return family
    warnings.warn(f"font {family!r} not found: Japanese labels will not render; install the Debian package "
                  "fonts-noto-cjk (`make system-deps` as root)", stacklevel=2)
    return None


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
