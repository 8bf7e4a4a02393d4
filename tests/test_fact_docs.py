"""facts/README.md teaches with real records: its worked example builds exactly as the page shows it,
every id in it is a record of the fact base, and every quote on the page occurs in its passage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ictgraph import resources
from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.ontology import Ontology
from ictgraph.build.graph import build_graph
from ictgraph.build.validate import validate_graph
from ictgraph.source.corpus import Corpus

PAGE = resources.ROOT / "facts" / "README.md"


def worked_example() -> str:
    """The first YAML block under the heading 'A worked example', as the page shows it."""
    section = PAGE.read_text(encoding="utf-8").split("\n## A worked example\n", 1)[1]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start:section.index("\n```", start)] + "\n"


@pytest.fixture(scope="module")
def example_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "worked-example.yaml"
    path.write_text(worked_example(), encoding="utf-8")
    return path


def test_worked_example_builds_and_conforms(example_file: Path, corpus: Corpus, onto: Ontology) -> None:
    graph = build_graph(corpus, onto, [example_file])
    assert validate_graph(graph, onto.graph) == []


def test_worked_example_holds_records_of_the_fact_base(example_file: Path, corpus: Corpus,
                                                      onto: Ontology) -> None:
    shown = {r.id for r in load_facts(corpus, onto, [example_file])}
    assert len(shown) == 8
    assert shown <= {r.id for r in load_facts(corpus, onto)}


def test_every_quote_on_the_page_occurs_in_its_passage(corpus: Corpus) -> None:
    pairs = re.findall(r"- passage: (\S+)\n\s+quote: (.+)", PAGE.read_text(encoding="utf-8"))
    assert len(pairs) >= 10
    for passage, quote in pairs:
        assert quote.strip() in corpus[passage].text, (passage, quote)
