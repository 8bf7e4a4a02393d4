"""The audit of the real corpus against the real facts, and the reviewed exclusion list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ictgraph.authoring.audit import Auditor, Exclusion, read_exclusions
from ictgraph.authoring.checker import load_facts
from ictgraph.authoring.ontology import Ontology
from ictgraph.errors import FactError
from ictgraph.source.corpus import Corpus, Passage
from ictgraph.source.mentions import Mention, scan_organisations


def test_itu_r_full_width_and_ascii_hyphen_are_one_exclusion() -> None:
    text = "（ア）　ITU－Rにおける取組"
    (m,) = [m for m in scan_organisations(Passage("t.p1", "paragraph", text, (), 1)) if m.text.startswith("ITU")]
    assert m.text == "ITU－R"
    rule = Exclusion("t.p1", "ITU-R", "organisation", "test", 1)
    assert rule.matches(m, text)


def test_a_country_needs_a_covering_quote_of_a_record_that_names_it(corpus: Corpus, onto: Ontology) -> None:
    records = load_facts(corpus, onto)
    p = corpus["2.1.ke.p2"]
    at = p.text.index("米国政府はIANA")
    us = Mention(p.id, p.part, at, at + 2, "米国", "country", "US")
    assert Auditor(corpus, records).accounts_for(us)
    # The same covered span read as another country: a quote covers it, but no record there is it.
    assert not Auditor(corpus, records).accounts_for(Mention(p.id, p.part, at, at + 2, "米国", "country", "FR"))
    # Without the records that quote this sentence, nothing accounts for it.
    quoting = {rid for s, e, rid in Auditor(corpus, records).spans[p.id] if s <= at < e}
    assert not Auditor(corpus, [r for r in records if r.id not in quoting]).accounts_for(us)


def test_malformed_exclusion_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "exclusions.yaml"
    bad.write_text("- passage: 1.1.p1\n  text: ICT\n  kind: organisation\n", encoding="utf-8")
    with pytest.raises(FactError, match=r"exclusions.yaml:1: exclusion needs reason"):
        read_exclusions(bad)


@pytest.mark.slow
def test_real_audit_accounts_for_every_mention() -> None:
    run = subprocess.run([sys.executable, "-m", "ictgraph.cli", "audit"], capture_output=True,
                         text=True, check=False)
    assert "all" in run.stdout and "100.0%" in run.stdout.splitlines()[-1], run.stdout
    assert run.returncode == 0, run.stdout + run.stderr
