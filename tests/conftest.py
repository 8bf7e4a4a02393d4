"""Shared fixtures: the real corpus, ontology and built graph, loaded once per test session."""

from __future__ import annotations

import os
import shutil

import pytest

from ictgraph.authoring.ontology import Ontology, load_ontology
from ictgraph.source.corpus import Corpus, load_corpus

IN_CI = os.environ.get("CI") == "true"


def require_tool(name: str, install: str = "make system-deps") -> str:
    """The path of a system tool; in CI a missing tool fails the test, elsewhere it skips it."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: run `{install}` (as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def onto() -> Ontology:
    return load_ontology()
