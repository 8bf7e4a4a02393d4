"""Where the project's files live, resolved from this file and never from the working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
LINKING_TABLE = ROOT / "linking" / "wikidata.tsv"
