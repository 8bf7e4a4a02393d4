"""The guard's verdicts that workers start with: from the same parse as any text, and kept.

No server here (see test_endpoint_safety.py for the guard under attack through a real one).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ictgraph.endpoint import guard
from ictgraph.endpoint.guard import Refused, check_query, named_query_verdicts, remember_verdicts, verdict
from ictgraph.query.binding import bind_query
from ictgraph.query.catalogue import list_queries


@pytest.fixture
def fresh_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Empty verdict tables for one test, and the list of texts the guard parses meanwhile."""
    monkeypatch.setattr(guard, "_KNOWN", {})
    monkeypatch.setattr(guard, "_VERDICTS", type(guard._VERDICTS)())
    parsed: list[str] = []

    def counted(sparql: str, readings: tuple[guard.Reading, ...]) -> guard.Verdict:
        parsed.append(sparql)
        return verdict(sparql, readings)

    monkeypatch.setattr(guard, "verdict", counted)
    yield parsed


def test_named_query_verdicts_come_from_the_guards_parse_of_what_the_query_page_sends(fresh_guard: list[str]) -> None:
    # /queries.json gives the page bind_query(q, {}) of each named query; the page posts it unchanged.
    texts = {bind_query(q, {}) for q in list_queries()}
    verdicts = named_query_verdicts(("oxigraph",))
    assert set(verdicts) == texts
    assert sorted(fresh_guard) == sorted(texts)  # each by `verdict`, as any text the guard is sent
    assert set(verdicts.values()) == {None}  # every named query is a read-only query


def test_remembered_verdicts_are_used_and_never_evicted(fresh_guard: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_CACHED_VERDICTS", 2)
    remember_verdicts({"SELECT * {}": None, "LOAD <http://x/>": (403, "refused as remembered")}, ("oxigraph",))
    for text in ("ASK {}", "ASK { ?s ?p ?o }", "SELECT ?s {}", "SELECT ?o {}"):  # past the recent texts' bound
        check_query(text)
    check_query("SELECT * {}")
    with pytest.raises(Refused, match="refused as remembered"):
        check_query("LOAD <http://x/>")
    assert fresh_guard == ["ASK {}", "ASK { ?s ?p ?o }", "SELECT ?s {}", "SELECT ?o {}"]


def test_a_verdict_is_remembered_only_for_its_readings(fresh_guard: list[str]) -> None:
    # A text is read differently by each engine (`as_read_by`): a verdict in one reading says nothing
    # about another, which gets its own parse.
    remember_verdicts({"SELECT * {}": None}, ("oxigraph",))
    check_query("SELECT * {}", ("rdflib",))
    assert fresh_guard == ["SELECT * {}"]
