"""Fact records: valid examples pass, and each invalid example fails with its own clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.ontology import Ontology
from ictgraph.build.graph import build_graph
from ictgraph.build.validate import validate_graph
from ictgraph.errors import FactError
from ictgraph.source.corpus import Corpus

DATA = Path(__file__).parent / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path} must start with '# expect: <message>'"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_with_its_own_message(path: Path, corpus: Corpus,
                                                    onto: Ontology) -> None:
    with pytest.raises(FactError) as info:
        load_facts(corpus, onto, [path])
    message = str(info.value)
    assert expected_message(path) in message
    assert message.startswith(f"tests/data/invalid/{path.name}:")
    assert "\n" not in message


def test_invalid_messages_are_all_different() -> None:
    messages = [expected_message(p) for p in INVALID]
    assert len(set(messages)) == len(messages) >= 12


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_builds_and_conforms(path: Path, corpus: Corpus, onto: Ontology) -> None:
    graph = build_graph(corpus, onto, [path])
    assert validate_graph(graph, onto.graph) == []


@pytest.mark.slow
def test_failed_build_leaves_the_previous_graph_untouched(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "bad.yaml").write_bytes((DATA / "invalid" / "quote-not-found.yaml").read_bytes())
    out = tmp_path / "ict.ttl"
    out.write_text("previous build\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ictgraph.cli", "build", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert "quote not found in passage 1.1.i.pa.fig6-8-1-1" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous build\n"
    assert not list(tmp_path.glob(".ict.ttl.*"))


@pytest.mark.slow
def test_build_writes_a_valid_example(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "ok.yaml").write_bytes((DATA / "valid" / "isdbt-brazil.yaml").read_bytes())
    out = tmp_path / "ict.ttl"
    proc = subprocess.run(
        [sys.executable, "-m", "ictgraph.cli", "build", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "<https://w3id.org/ictgraph/id/adoption/isdbt-BR>" in out.read_text(encoding="utf-8") \
        or "id:adoption/isdbt-BR" in out.read_text(encoding="utf-8")
