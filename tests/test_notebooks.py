"""Every notebook runs headless on the real graph, shows the text's answers, and is stored without outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
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
    "02-sparql-cookbook": ["cq01-isdbt-adoption", "Brazil", "ブラジル"],
    "03-network-analysis": ["総務省", "betweenness", "日本政府"],
    "04-isdbt-diffusion": ["ブラジル", "2006-06", "image/png", "2009 ['Argentina', 'Brazil', 'Chile', 'Japan', 'Peru'"],
    "05-country-profile": ["country/VN — ベトナム / Viet Nam", "消防", "ハノイ"],
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


def test_a_missing_font_is_warned_about() -> None:
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert use_japanese_font("No Such Font CJK") is None


def test_japanese_font_is_used_when_installed() -> None:
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "fonts-noto-cjk"], capture_output=True,
                               text=True, check=False).stdout if shutil.which("dpkg-query") else ""
    if "install ok installed" not in installed:
        message = "fonts-noto-cjk is not installed: run `make system-deps` (as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert use_japanese_font() == JAPANESE_FONT
