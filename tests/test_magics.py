"""The %sparql magics in a real IPython shell: answers, their labelled view, and one-line mistakes.

The notebook 02-sparql-cookbook runs them in a kernel (tests/test_notebooks.py); here each case of the
magic's own rules is checked directly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.slow  # a kernel-less shell, but the built graph and a page for .graph()


@pytest.fixture(scope="module")
def shell() -> Iterator[object]:
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "ictgraph")
    yield ip
    InteractiveShell.clear_instance()


def test_a_named_query_answers_with_labels_first(shell) -> None:
    from ictgraph.analysis.magics import SparqlResult

    result = shell.run_line_magic("sparql", "cq03 --param country=id:country/BR --lang ja")
    assert isinstance(result, SparqlResult) and len(result) > 0
    assert result["record"].str.startswith("https://w3id.org/ictgraph/id/").all()  # the data keeps full IRIs
    page = result._repr_html_()
    assert page.index("recordLabel") < page.index(">record<") and "id:event/" in page and "nan" not in page
    assert "ictgraph-legend" in shell.run_line_magic("sparql", "cq06 --lang ja").graph().data


def test_a_cell_of_sparql_and_an_ask(shell) -> None:
    cell = "PREFIX ict: <https://w3id.org/ictgraph/ontology#>\nSELECT ?c WHERE { ?c a ict:Country } LIMIT 3"
    assert len(shell.run_cell_magic("sparql", "", cell)) == 3
    assert shell.run_cell_magic("sparql", "", "ASK { ?s ?p ?o }") is True


@pytest.mark.parametrize(("line", "cell", "message"), [
    ("", None, "give a query name"),
    ("cq01", "SELECT * WHERE { ?s ?p ?o }", "give a query name"),
    ("nope", None, "no query named 'nope'"),
    ("cq03 --param country", None, "write NAME=VALUE"),
    ("", "SELECT * WHERE { ?s ?p", "the cell:1:"),
])
def test_mistakes_are_one_line(shell, line: str, cell: str | None, message: str) -> None:
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match=message) as caught:
        if cell is None:
            shell.run_line_magic("sparql", line)
        else:
            shell.run_cell_magic("sparql", line, cell)
    assert "\n" not in str(caught.value)
