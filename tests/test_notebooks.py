"""Every notebook runs headless on the real graph, shows the text's answers, and is stored without outputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import IN_CI
from nbclient import NotebookClient

from ictgraph.analysis.notebook import JAPANESE_FONT, use_japanese_font

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TIME_LIMIT = 60  # seconds per cell: a hung kernel fails the test instead of stalling it

# Strings each notebook's outputs must contain: answers from the white paper, not just "it ran".
EXPECTED = {
    "01-overview": ["StandardAdoption", "part-of links", "ictgraph-legend"],
    # The %sparql magic: a named query with a parameter in Japanese, a timeline, a graph, a raw SPARQL cell.
    "02-sparql-cookbook": ["テメル大統領訪日", "id:country/BR", "image/png", "ictgraph-legend", "ベトナム",
                           "Which countries have adopted ISDB-T", "`cq01` · ISDB-T adoption by country", "Brazil"],
    "03-network-analysis": ["総務省", "betweenness", "日本政府"],
    "04-isdbt-diffusion": ["ブラジル", "2006-06", "image/png", "2009 ['Argentina', 'Brazil', 'Chile', 'Japan', 'Peru'"],
    "05-country-profile": ["country/VN — ベトナム / Viet Nam", "消防", "ハノイ", "image/png"],
}


def _output_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(json.dumps(out.get("data", {}), ensure_ascii=False))
    return "\n".join(parts)


def test_every_notebook_is_covered() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_is_stored_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), f"{name}: strip the outputs"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_and_shows_the_answers(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    # Raises on any cell error, and on a cell that runs longer than TIME_LIMIT.
    NotebookClient(nb, kernel_name="python3", timeout=TIME_LIMIT,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    text = _output_text(nb)
    missing = [s for s in EXPECTED[name] if s not in text]
    assert not missing, f"{name}: outputs lack {missing}"
    # matplotlib warns "Glyph … missing from font(s)" for each character it draws as an empty box.
    assert "missing from font" not in text and "Glyph" not in text, f"{name}: a plot lost its Japanese"
    assert "NaN" not in _html_tables(nb), f"{name}: a table shows NaN for empty cells"


def _html_tables(nb: nbformat.NotebookNode) -> str:
    return "\n".join(out.get("data", {}).get("text/html", "") for cell in nb.cells for out in cell.get("outputs", [])
                     if "<table" in out.get("data", {}).get("text/html", ""))


def test_each_notebook_opens_with_its_question() -> None:
    for name in EXPECTED:
        first = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells[0]
        assert first.cell_type == "markdown" and "**Question:**" in first.source, name


def _require_cjk_font() -> None:
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "fonts-noto-cjk"], capture_output=True,
                               text=True, check=False).stdout if shutil.which("dpkg-query") else ""
    if "install ok installed" not in installed:
        message = "fonts-noto-cjk is not installed: run `make system-deps` (as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


# Draws the notebooks' plots in a fresh interpreter and reports, for every text of the figures, the
# characters its font lacks, and every warning matplotlib gave while drawing.
PLOT_SCRIPT = """
import json, warnings
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
import ictgraph
from ictgraph import analysis as nw
from ictgraph.analysis.notebook import plot_diffusion, plot_timeline
from ictgraph.query.run import run_query

known_before = any("CJK" in f.name for f in font_manager.fontManager.ttflist)
g = ictgraph.load(with_ontology=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    axes = [plot_diffusion(nw.build_diffusion_graph(g), lang="ja"),
            plot_timeline(run_query("cq03", g, lang="ja"), title="ベトナム：日付のある記録")]
    for ax in axes:
        ax.figure.canvas.draw()
lacking, japanese = {}, 0
for ax in axes:
    for text in ax.figure.findobj(matplotlib.text.Text):
        words = text.get_text()
        if not words.strip():
            continue
        japanese += any(ord(ch) > 0x2E7F for ch in words)
        charmap = FT2Font(font_manager.findfont(text.get_fontproperties())).get_charmap()
        gone = sorted({ch for ch in words if not ch.isspace() and ord(ch) not in charmap})
        if gone:
            lacking[words] = gone
print(json.dumps({"known_before": known_before, "japanese_texts": japanese, "lacking": lacking,
                  "warnings": [str(w.message) for w in caught]}, ensure_ascii=False))
"""


def _plot_report(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PLOT_SCRIPT], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.slow
def test_every_japanese_label_of_the_plots_has_its_glyphs() -> None:
    _require_cjk_font()
    report = _plot_report(dict(os.environ))
    assert report["japanese_texts"], "the plots draw Japanese labels"
    assert report["lacking"] == {}
    assert not [w for w in report["warnings"] if "Glyph" in str(w)]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_japanese_renders_with_a_font_cache_made_before_the_font(tmp_path: Path) -> None:
    """matplotlib's cache lists the fonts of the day it was made: one written without Noto CJK (as
    on a machine where `make system-deps` ran after the first plot) must still give Japanese glyphs."""
    _require_cjk_font()
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    stale = ("import matplotlib as mpl; from pathlib import Path; from matplotlib import font_manager as fm;"
             "fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if 'CJK' not in f.name];"
             "fm.json_dump(fm.fontManager, Path(mpl.get_cachedir()) / f'fontlist-v{fm.FontManager.__version__}.json')")
    subprocess.run([sys.executable, "-c", stale], env=env, check=True, timeout=300)
    report = _plot_report(env)
    assert report["known_before"] is False, "the cache the test wrote lists no CJK font"
    assert report["japanese_texts"] and report["lacking"] == {}
    assert not [w for w in report["warnings"] if "Glyph" in str(w)]  # type: ignore[attr-defined]
    # The cache was rewritten: the next session knows the font from the start.
    assert _plot_report(env)["known_before"] is True


def test_a_missing_font_is_warned_about() -> None:
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert use_japanese_font("No Such Font CJK") is None


def test_japanese_font_is_used_when_installed() -> None:
    _require_cjk_font()
    assert use_japanese_font() == JAPANESE_FONT
