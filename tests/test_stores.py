"""Every store answers every named query with the same rows; push fills an on-disk store whole."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import rows_by_value

from ictgraph.errors import StoreError
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import find_query, list_queries
from ictgraph.query.stores import Store, open_store

DATA = Path(__file__).parent / "data" / "serve"
pytestmark = pytest.mark.slow

NAMED = list_queries()


def _ictgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph.cli", *args], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def disk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("oxigraph") / "store"
    done = _ictgraph("push", "--store", f"oxigraph:{directory}")
    assert done.returncode == 0, done.stderr
    return directory


@pytest.fixture(scope="module")
def stores(disk_dir: Path) -> dict[str, Store]:
    opened = {spec: open_store(spec) for spec in ("oxigraph", "memory", f"oxigraph:{disk_dir}")}
    yield opened
    for store in opened.values():
        store.close()


def test_push_reports_graph_and_ontology_and_replaces_whole(disk_dir: Path) -> None:
    with open_store("oxigraph") as memory:
        expected = len(memory.native)
    again = _ictgraph("push", "--store", f"oxigraph:{disk_dir}")
    assert again.returncode == 0, again.stderr
    # A second push replaces the store: the count is the same, not doubled.
    assert again.stdout.strip() == f"{disk_dir.resolve()}: {expected} triples"
    assert expected > 15_000


def test_pushed_store_follows_the_umask(disk_dir: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(disk_dir.stat().st_mode) == 0o777 & ~umask  # not the 0700 of a temporary folder
    assert sorted(p.name for p in disk_dir.parent.iterdir()) == ["store"]  # nothing left aside


@pytest.mark.parametrize("query", NAMED, ids=[q.id for q in NAMED])
def test_every_store_gives_the_same_rows(stores: dict[str, Store], query) -> None:
    text = bind_query(query, {})
    answers = {spec: rows_by_value(store.query(text)) for spec, store in stores.items()}
    reference = answers.pop("oxigraph")
    assert reference, f"{query.name} returned no rows"
    for spec, rows in answers.items():
        assert rows == reference, f"{query.name} differs on {spec}"


def test_brazil_adopted_isdbt_in_june_2006_on_every_store(stores: dict[str, Store]) -> None:
    text = bind_query(find_query("cq01"), {})
    for spec, store in stores.items():
        rows = {str(r.countryLabel): str(r.date) for r in store.query(text)}
        assert rows["Brazil"] == "2006-06", spec
        assert rows["Japan"] == "2003-12", spec


def test_answers_are_canonical_json_or_ntriples(stores: dict[str, Store]) -> None:
    import json

    from rdflib import Graph

    for spec, store in stores.items():
        count = store.answer((DATA / "country-count.rq").read_text())
        assert count.kind == "solutions"
        n = int(json.loads(count.data)["results"]["bindings"][0]["countries"]["value"])
        assert n >= 30, spec  # the section names ISDB-T adopters in Latin America, Africa and Asia
        assert store.answer((DATA / "has-brazil.rq").read_text()).kind == "boolean"
        brazil = store.answer((DATA / "brazil.rq").read_text())
        assert brazil.kind == "graph"
        labels = {str(o) for o in Graph().parse(data=brazil.data.decode(), format="nt").objects()}
        assert {"Brazil", "ブラジル", "BR", "BRA"} <= labels, spec


def test_syntax_errors_come_from_the_store(stores: dict[str, Store]) -> None:
    with pytest.raises(SyntaxError, match=r"error at 2:1"):
        stores["oxigraph"].answer((DATA / "malformed.rq").read_text())


def test_store_spec_mistakes_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store 'sqlite'"):
        open_store("sqlite")
    with pytest.raises(StoreError, match=r"holds no Oxigraph store: run `ictgraph push --store oxigraph:"):
        open_store(f"oxigraph:{tmp_path}")
    with pytest.raises(StoreError, match=r"missing\.ttl does not exist: run `ictgraph build` first"):
        open_store("oxigraph", path=tmp_path / "missing.ttl")


def test_push_without_a_target_says_what_to_give() -> None:
    done = _ictgraph("push")
    assert done.returncode == 2
    assert done.stderr.strip() == ("ictgraph push: push needs --store oxigraph:DIR, or --endpoint QUERY_URL "
                                   "--graph-store GSP_URL --graph IRI")
