"""Where the project's data lives: package data in a wheel, the checkout's top-level folders otherwise."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DATA = _PACKAGE / "data"


def _find_root() -> Path:
    """The folder holding ontology/, queries/, graph/, …: the wheel's data folder, else the checkout.

    Resolved from this file, never from the working directory, so `ictgraph` answers the same in any
    folder. A wheel carries the data under `ictgraph/data/` (pyproject.toml's hatch force-include);
    an editable install or a checkout reads it where it is edited, at the top of the repository.
    """
    if (_DATA / "ontology" / "ict.ttl").is_file():
        return _DATA
    return _PACKAGE.parents[1]


ROOT = _find_root()
CORPUS_DIR = ROOT / "corpus"
CATALOG = CORPUS_DIR / "catalog.yaml"
FACTS_DIR = ROOT / "facts"
ONTOLOGY = ROOT / "ontology" / "ict.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
GRAPH_DIR = ROOT / "graph"
GRAPH_TTL = GRAPH_DIR / "ict.ttl"
VOID_TTL = GRAPH_DIR / "void.ttl"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
NETWORK_QUERIES_DIR = QUERIES_DIR / "network"
LINKING_TABLE = ROOT / "linking" / "wikidata.tsv"
EXCLUSIONS = ROOT / "audit" / "exclusions.yaml"
PYPROJECT = ROOT / "pyproject.toml"


def display_path(path: Path) -> str:
    """A path as a user reads it in a message: relative to the project's folder when inside it.

    Examples
    --------
    >>> display_path(ROOT / "facts" / "part1.yaml")
    'facts/part1.yaml'
    >>> display_path(Path("/elsewhere/x.yaml"))
    '/elsewhere/x.yaml'
    """
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
