"""`ictgraph diff` on real variants of the built graph: a record removed, a label changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ictgraph import resources
from ictgraph.build.graph import content_key, quotation_iri, serialize_turtle
from ictgraph.cli import main
from ictgraph.publish.diff import diff_graphs, read_graph
from ictgraph.vocab import ID

pytestmark = pytest.mark.slow

BRAZIL_ADOPTION = URIRef(f"{ID}adoption/isdbt-BR")
CHILE = URIRef(f"{ID}country/CL")
FIGURE = ("1.1.i.pa.fig6-8-1-1", "ブラジル（2006年6月方式決定）")  # the passage and quote of Brazil's figure entry


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
    assert [(c.entity, c.kind) for c in changes] == [(BRAZIL_ADOPTION, "-"), (CHILE, "~")]
    assert {t for c in changes for t in c.removed} == removed
    assert {t for c in changes for t in c.added} == added
    assert quotation_iri(BRAZIL_ADOPTION, *FIGURE) in {s for s, _, _ in changes[0].removed}  # quotes come along


def test_cli_prints_labelled_changes_and_exits_1(variant: tuple[Path, set, set],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path, removed, _ = variant
    assert main(["diff", str(resources.GRAPH_TTL), str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    headers = [line for line in lines if not line.startswith(" ")][:-1]
    assert headers == ["- id:adoption/isdbt-BR (Brazil's decision on ISDB-T (June 2006))",
                       "~ id:country/CL (Republic of Chile)"]
    assert '    - rdfs:label "Chile"@en' in lines and '    + rdfs:label "Republic of Chile"@en' in lines
    assert "    - ict:adopter id:country/BR (Brazil)" in lines
    assert f'    - /ev/{content_key(*FIGURE)} prov:value "ブラジル（2006年6月方式決定）"@ja' in lines
    assert lines[-1] == (f"2 entities differ (0 new, 1 gone, 1 changed); 1 triple(s) added, "
                         f"{len(removed)} removed")


def test_reversed_diff_reports_a_new_entity(variant: tuple[Path, set, set],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = variant
    assert main(["diff", str(path), str(resources.GRAPH_TTL)]) == 1
    assert "+ id:adoption/isdbt-BR (Brazil's decision on ISDB-T (June 2006))" in capsys.readouterr().out


def test_identical_graphs_print_nothing_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(resources.GRAPH_TTL), str(resources.GRAPH_TTL)]) == 0
    assert capsys.readouterr().out == ""


def test_a_broken_file_is_one_line_with_its_line_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ict: <https://w3id.org/ictgraph/ontology#> .\nict:a ict:b .\n", encoding="utf-8")
    assert main(["diff", str(resources.GRAPH_TTL), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}: not valid Turtle" in err and "line 2" in err
