"""`ictgraph diff` on real variants of the built graph: a record removed, a label changed, a topic added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ictgraph import resources
from ictgraph.build.graph import content_key, quotation_iri, serialize_turtle
from ictgraph.cli import main
from ictgraph.publish.diff import diff_graphs, read_graph
from ictgraph.vocab import ICT, ID, PREFIXES

pytestmark = pytest.mark.slow

BRAZIL_ADOPTION = URIRef(f"{ID}adoption/isdbt-BR")
CHILE = URIRef(f"{ID}country/CL")
AEC_ESTABLISHMENT = "event/aec-establishment-2015"
FIGURE = ("1.1.i.pa.fig6-8-1-1", "ブラジル（2006年6月方式決定）")  # the passage and quote of Brazil's figure entry
FIGURE_QUOTE = f"quotation {content_key(*FIGURE)[:6]}"  # how the diff names that quotation node


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set, set]:
    """graph/ict.ttl without Brazil's ISDB-T adoption (and its quotes and references), Chile renamed."""
    g = Graph().parse(resources.GRAPH_TTL, format="turtle")
    removed = {t for t in g if t[0] == BRAZIL_ADOPTION or str(t[0]).startswith(f"{BRAZIL_ADOPTION}/")}
    removed.add((CHILE, RDFS.label, Literal("Chile", "en")))
    added = {(CHILE, RDFS.label, Literal("Republic of Chile", "en"))}
    assert len(removed) > 10 and all(t in g for t in removed)
    for t in removed:
        g.remove(t)
    for t in added:
        g.add(t)
    path = tmp_path_factory.mktemp("diff") / "variant.ttl"
    path.write_bytes(serialize_turtle(g))
    return path, removed, added


def test_diff_groups_exactly_the_changed_triples_under_their_record(variant: tuple[Path, set, set]) -> None:
    path, removed, added = variant
    changes = diff_graphs(read_graph(resources.GRAPH_TTL), read_graph(path))
    assert [(c.record, c.kind) for c in changes] == [(BRAZIL_ADOPTION, "-"), (CHILE, "~")]
    assert {t for c in changes for t in c.removed} == removed
    assert {t for c in changes for t in c.added} == added
    assert quotation_iri(BRAZIL_ADOPTION, *FIGURE) in {s for s, _, _ in changes[0].removed}  # quotes come along


def test_cli_prints_labelled_changes_and_exits_1(variant: tuple[Path, set, set],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path, removed, _ = variant
    assert main(["diff", str(resources.GRAPH_TTL), str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    headers = [line for line in lines if not line.startswith(" ")][:-1]
    assert headers == ["- Brazil's decision on ISDB-T (June 2006)  [id:adoption/isdbt-BR]",
                       "~ Republic of Chile  [id:country/CL]"]
    assert '    - label: "Chile"@en' in lines and '    + label: "Republic of Chile"@en' in lines
    assert "    - adopter: Brazil" in lines and f"    - evidence: {FIGURE_QUOTE}" in lines
    assert f'    - {FIGURE_QUOTE} · value: "ブラジル（2006年6月方式決定）"@ja' in lines
    assert not any("https://" in line for line in lines)  # labels and compact names, not IRIs
    assert lines[-1] == f"0 appeared, 1 disappeared, 1 changed (1 statement added, {len(removed)} removed)"


def test_reversed_diff_reports_a_record_that_appeared(variant: tuple[Path, set, set],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = variant
    assert main(["diff", str(path), str(resources.GRAPH_TTL), "--lang", "ja"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "+ ブラジルの方式決定  [id:adoption/isdbt-BR]" in out and "    + 採用国: ブラジル" in out
    assert out[-1].startswith("1 appeared, 0 disappeared, 1 changed")


def test_a_changed_quote_changes_its_record_and_makes_no_new_one(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    g = Graph().parse(resources.GRAPH_TTL, format="turtle")
    quote = quotation_iri(str(BRAZIL_ADOPTION), *FIGURE)
    old = g.value(quote, URIRef(f"{PREFIXES['prov']}value"))
    g.set((quote, URIRef(f"{PREFIXES['prov']}value"), Literal(f"{old}。", lang="ja")))
    path = tmp_path / "quote.ttl"
    path.write_bytes(serialize_turtle(g))
    assert main(["diff", str(resources.GRAPH_TTL), str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "~ Brazil's decision on ISDB-T (June 2006)  [id:adoption/isdbt-BR]"
    assert out[1:3] == [f'    - {FIGURE_QUOTE} · value: "{old}"@ja', f'    + {FIGURE_QUOTE} · value: "{old}。"@ja']
    assert out[-1] == "0 appeared, 0 disappeared, 1 changed (1 statement added, 1 removed)"


def test_two_builds_that_differ_by_one_topic_differ_by_one_changed_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second build from a copy of the facts in which one event gained a topic: exactly one record
    changed, none appeared or disappeared (the earlier diff called every record that gained a
    statement "new")."""
    facts = tmp_path / "facts"
    shutil.copytree(resources.FACTS_DIR, facts)
    fact_file = facts / "12-country-projects.yaml"
    text = fact_file.read_text(encoding="utf-8")
    before = f"- id: {AEC_ESTABLISHMENT}\n"
    start = text.index(before)
    record_end = text.index("\n- id:", start + 1)
    record = text[start:record_end]
    assert record.count("  topic: [trade]\n") == 1
    fact_file.write_text(text[:start] + record.replace("  topic: [trade]\n", "  topic: [trade, 5g]\n")
                         + text[record_end:], encoding="utf-8")
    rebuilt = tmp_path / "ict.ttl"
    assert main(["build", "--facts", str(facts), "--out", str(rebuilt)]) == 0
    capsys.readouterr()

    changes = diff_graphs(read_graph(resources.GRAPH_TTL), read_graph(rebuilt))
    assert [(c.record, c.kind) for c in changes] == [(URIRef(f"{ID}{AEC_ESTABLISHMENT}"), "~")]
    assert changes[0].added == [(URIRef(f"{ID}{AEC_ESTABLISHMENT}"), ICT.topic, ICT["topic-5g"])]
    assert changes[0].removed == []
    assert main(["diff", str(resources.GRAPH_TTL), str(rebuilt)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "~ Establishment of the ASEAN Economic Community (AEC), end of 2015  [id:event/aec-establishment-2015]",
        "    + topic: 5G",
        "0 appeared, 0 disappeared, 1 changed (1 statement added, 0 removed)"]


def test_identical_graphs_say_so_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(resources.GRAPH_TTL), str(resources.GRAPH_TTL)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("identical: the two graphs hold the same ") and out.count("\n") == 1


def test_a_broken_file_is_one_line_with_its_line_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ict: <https://w3id.org/ictgraph/ontology#> .\nict:a ict:b .\n", encoding="utf-8")
    assert main(["diff", str(resources.GRAPH_TTL), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}: not valid Turtle" in err and "line 2" in err
