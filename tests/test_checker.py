"""Fact records: valid examples pass, each invalid example fails with its own clear message, and a
run reports every error of every file, sorted by file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import facts_folder

from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.ontology import Ontology
from ictgraph.authoring.reader import MAX_BYTES, MAX_RECORDS
from ictgraph.build.graph import build_graph
from ictgraph.build.validate import validate_graph
from ictgraph.errors import FactErrors
from ictgraph.source.corpus import Corpus

DATA = Path(__file__).parent / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path} must start with '# expect: <message>'"
    return first.removeprefix("# expect: ")


def errors_of(corpus: Corpus, onto: Ontology, files: list[Path]) -> list[str]:
    with pytest.raises(FactErrors) as info:
        load_facts(corpus, onto, files)
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_with_its_own_message(path: Path, corpus: Corpus,
                                                    onto: Ontology) -> None:
    (message,) = errors_of(corpus, onto, [path])
    assert expected_message(path) in message
    assert message.startswith(f"tests/data/invalid/{path.name}:")
    assert "\n" not in message


def test_invalid_messages_are_all_different() -> None:
    messages = [expected_message(p) for p in INVALID]
    assert len(set(messages)) == len(messages) >= 30


def test_a_run_reports_every_error_sorted_by_file_and_line(tmp_path: Path, corpus: Corpus,
                                                           onto: Ontology) -> None:
    """Three mistakes in two records of one file and one in another: all four, in file order."""
    a = tmp_path / "a.yaml"
    a.write_text(
        "- id: country/B R\n"               # 1: whitespace in the id
        "  type: Country\n"
        "  label: {ja: ブラジル, en: Brazil}\n"
        "  iso2: XB\n"                      # 4: no such code
        "  evidence:\n"
        "    - {passage: 1.1.u.pi.A.h, quote: ブラジル}\n"
        "- id: event/eu-cyber-4\n"
        "  type: DialogueSession\n"
        "  label: {ja: 第4回「日EUサイバー対話」, en: 4th Japan–EU Cyber Dialogue}\n"
        "  sessionNumber: four\n"           # 10: not a number
        "  evidence:\n"
        "    - {passage: 1.2.a.pi.p1, quote: 第4回「日EUサイバー対話」}\n",
        encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_bytes((DATA / "invalid" / "see-also-whitespace.yaml").read_bytes())
    errors = errors_of(corpus, onto, [b, a])
    assert [e.split(": ", 1)[0] for e in errors] == [f"{a}:1", f"{a}:4", f"{a}:10", f"{b}:5"]
    assert "holds whitespace" in errors[0] and "'XB'" in errors[1] and "'four'" in errors[2]


def test_a_broken_record_is_reported_once_not_at_every_reference(tmp_path: Path, corpus: Corpus,
                                                                 onto: Ontology) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(
        "- id: country/BR\n  type: Country\n  label: {ja: ブラジル, en: Brazil}\n  iso2: XB\n"
        "  evidence:\n    - {passage: 1.1.u.pi.A.h, quote: ブラジル}\n"
        "- id: city/x\n  type: City\n  label: {ja: ブラジル, en: Somewhere}\n  country: country/BR\n"
        "  evidence:\n    - {passage: 1.1.u.pi.A.h, quote: ブラジル}\n", encoding="utf-8")
    (message,) = errors_of(corpus, onto, [path])
    assert "iso2 'XB'" in message


def test_a_fact_file_past_the_size_limit_is_refused(tmp_path: Path, corpus: Corpus,
                                                    onto: Ontology) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    (message,) = errors_of(corpus, onto, [path])
    assert message == f"{path}:0: a fact file holds at most 256 KiB; split it into several files"


def test_a_fact_file_past_the_record_limit_is_refused(tmp_path: Path, corpus: Corpus,
                                                      onto: Ontology) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("- {}\n" * (MAX_RECORDS + 1), encoding="utf-8")
    (message,) = errors_of(corpus, onto, [path])
    assert f"holds at most {MAX_RECORDS} records, this one {MAX_RECORDS + 1}" in message


def test_a_file_that_is_not_utf8_is_one_line(tmp_path: Path, corpus: Corpus, onto: Ontology) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("- id: country/BR\n  label: {ja: Brésil}\n".encode("latin-1"))
    assert errors_of(corpus, onto, [path]) == [f"{path}:0: not UTF-8 text"]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_builds_and_conforms(path: Path, corpus: Corpus, onto: Ontology) -> None:
    graph = build_graph(corpus, onto, [path])
    assert validate_graph(graph, onto.graph) == []


@pytest.mark.slow
def test_failed_build_leaves_the_previous_graph_untouched(tmp_path: Path) -> None:
    facts = facts_folder(tmp_path, "invalid/quote-not-found.yaml")
    out = tmp_path / "ict.ttl"
    out.write_text("previous build\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ictgraph.cli", "build", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert "quote not found in passage 1.1.i.pa.fig6-8-1-1" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous build\n"
    assert not list(tmp_path.glob(".ict.ttl.*"))


@pytest.mark.slow
def test_the_build_prints_every_error_and_a_count_line(tmp_path: Path) -> None:
    names = ["iso2-unknown.yaml", "billion-laughs.yaml", "session-number-text.yaml"]
    facts = facts_folder(tmp_path, *(f"invalid/{name}" for name in names))
    out = tmp_path / "ict.ttl"
    proc = subprocess.run(
        [sys.executable, "-m", "ictgraph.cli", "build", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert [line.split(":", 2)[1].rsplit("/", 1)[-1] for line in lines[:-1]] == sorted(names)
    assert all(expected_message(DATA / "invalid" / n) in line
               for n, line in zip(sorted(names), lines[:-1], strict=True))
    assert lines[-1] == "ictgraph build: build stopped: 3 fact errors in 3 files; graph/ left unchanged"
    assert not out.exists()


@pytest.mark.slow
def test_build_writes_a_valid_example(tmp_path: Path) -> None:
    facts = facts_folder(tmp_path, "valid/isdbt-brazil.yaml")
    out = tmp_path / "ict.ttl"
    proc = subprocess.run(
        [sys.executable, "-m", "ictgraph.cli", "build", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "<https://w3id.org/ictgraph/id/adoption/isdbt-BR>" in out.read_text(encoding="utf-8") \
        or "id:adoption/isdbt-BR" in out.read_text(encoding="utf-8")
