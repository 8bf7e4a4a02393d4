"""`ictgraph query` and `ictgraph sparql` as a person meets them: what the table looks like, what a
parameter may be, and one line for every mistake (exit 2, nothing on stdout, no file written)."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from wcwidth import wcswidth, wcwidth

from ictgraph import resources
from ictgraph.cli import main
from ictgraph.cli.table import KNOWN_WIDTHS, char_cells, render_table
from ictgraph.query.results import Iri, Table
from ictgraph.query.run import run_query

BRAZIL_TIMELINE = "1st Japan–Brazil Joint Working Group"
# The longest quote of cq01, which the default table cuts and --wide shows whole.
BRAZIL_QUOTE = "ブラジルは、2006年（平成18年）6月に、海外で初めて日本方式の地上デジタルテレビ放送が採用された国である"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ictgraph.cli", *args], input=stdin, capture_output=True,
                          timeout=120, cwd=resources.ROOT)


# --- the table, on tables made here (fast) ------------------------------------------------------------


def test_a_table_puts_labels_first_compacts_iris_and_cuts_long_text_to_fit() -> None:
    long_quote = "日本で地上デジタル放送が開始された2003年12月頃" * 6
    table = Table(("country", "countryLabel", "quote", "value", "year"),
                  ((Iri("https://w3id.org/ictgraph/id/country/JP"), "日本", long_quote, Decimal(79200000000), 2003),
                   (Iri("https://w3id.org/ictgraph/id/country/BR"), "ブラジル", "short", None, 2006)))
    lines = render_table(table, width=80).splitlines()
    assert lines[0].split() == ["countryLabel", "quote", "value", "year", "country"]
    assert all(wcswidth(line) <= 80 for line in lines)
    assert "id:country/JP" in lines[2] and "79,200,000,000" in lines[2] and "…" in lines[2]
    assert lines[-1] == "2 rows; long cells cut (…); --wide shows everything"
    wide = render_table(table, width=80, wide=True)
    assert long_quote in wide and wide.splitlines()[-1] == "2 rows"


def test_japanese_columns_line_up_in_terminal_cells() -> None:
    table = Table(("label", "year"), (("ブラジル", 2006), ("Peru", 2009)))
    lines = render_table(table).splitlines()
    assert lines[2] == "ブラジル  2006" and lines[3] == "Peru      2009"


def test_control_characters_never_reach_the_terminal() -> None:
    table = Table(("text",), (("a\x1b[2Jb\nc\u202ed",),))
    shown = render_table(table)
    assert "\x1b" not in shown and "\u202e" not in shown and "a [2Jb c\ufffdd" in shown


def test_iri_columns_beside_their_label_column_make_room_first() -> None:
    table = Table(("record", "recordLabel", "note"),
                  ((Iri("https://w3id.org/ictgraph/id/event/" + "x" * 60), "A meeting", "n" * 120),))
    text = render_table(table, width=100)
    assert "id:event/" not in text and "1 column left out (record)" in text


# --- the table and the other formats, on the real graph -------------------------------------------------


def test_the_widths_known_without_wcwidth_are_the_ones_wcwidth_gives() -> None:
    """The table counts English and Japanese text without importing wcwidth (13-26 ms of a cold
    query); every code point it counts so must take the cells wcwidth says."""
    covered = [chr(c) for low, high, _ in KNOWN_WIDTHS for c in range(low, high + 1)]
    assert len(covered) > 20_000
    assert [ch for ch in covered if char_cells(ch) != wcwidth(ch)] == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_default_table_fits_120_columns_with_labels_before_iris(capsys: pytest.CaptureFixture[str],
                                                                   lang: str) -> None:
    code, out, _ = run(capsys, "query", "cq01", "--lang", lang)
    lines = out.splitlines()
    assert code == 0 and all(wcswidth(line) <= 120 for line in lines)
    header = lines[0].split()
    assert header[0] == "countryLabel" and header[-1] == "flags"
    assert ("日本" if lang == "ja" else "Japan") in lines[2] and "…" in out and "https://" not in out
    assert lines[-1] == "21 rows; long cells cut (…); 2 columns left out (country, adoption); --wide shows everything"


@pytest.mark.slow
def test_wide_shows_every_column_and_every_character(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "cq01", "--wide")
    assert code == 0 and BRAZIL_QUOTE in out and "id:adoption/isdbt-BR" in out
    assert out.splitlines()[0].split()[-2:] == ["country", "adoption"] and out.endswith("\n21 rows\n")


@pytest.mark.slow
def test_json_escapes_neither_slashes_nor_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "cq10", "--format", "json")
    assert code == 0 and "\\/" not in out and "\\u" not in out and "https://w3id.org/ictgraph/id/" in out
    rows = json.loads(out)
    tsukuba = next(r for r in rows if r["event"].endswith("g20-tsukuba-2019"))
    assert (tsukuba["date"], tsukuba["inCountry"]) == ("2019-06-08", True)


@pytest.mark.slow
def test_csv_holds_what_it_always_held(capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV is the DataFrame's own CSV (full IRIs, True/False, exact amounts), as before the table changed."""
    for name in ("cq01", "cq08", "cq10"):
        code, out, _ = run(capsys, "query", name, "--format", "csv")
        assert code == 0 and out == run_query(name).to_csv(index=False)


@pytest.mark.slow
def test_out_says_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cq05.csv"
    code, printed, _ = run(capsys, "query", "cq05", "--format", "csv", "--out", str(out))
    size = out.stat().st_size
    assert code == 0 and printed == f"wrote {out}: 12 rows as csv, {size / 1024:.1f} KiB\n"
    assert out.read_text(encoding="utf-8").count("\n") == 13
    turtle = tmp_path / "br.ttl"
    code, printed, _ = run(capsys, "query", "describe-entity", "--param", "node=Brazil", "--out", str(turtle))
    assert code == 0 and printed.startswith(f"wrote {turtle}: ") and "Turtle lines" in printed



@pytest.mark.slow
def test_out_file_name_chooses_the_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--out answer.csv` is CSV in full, not a table cut to fit a terminal; --format still wins."""
    import json

    for suffix, fmt in ((".csv", "csv"), (".json", "json"), (".md", "md")):
        out = tmp_path / f"cq01{suffix}"
        code, printed, _ = run(capsys, "query", "cq01", "--out", str(out))
        assert code == 0 and f"rows as {fmt}," in printed
        printed = run(capsys, "query", "cq01", "--format", fmt)[1]
        assert printed.rstrip("\n") == out.read_text(encoding="utf-8").rstrip("\n")
    assert json.loads((tmp_path / "cq01.json").read_text(encoding="utf-8"))[1]["country"].endswith("/country/BR")
    out = tmp_path / "forced.csv"
    assert run(capsys, "query", "cq01", "--format", "table", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("countryLabel  ")


# --- one language for every command -----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["query", "render", "site", "diff"])
def test_every_command_with_labels_has_one_default_language(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "default en, or the ICTGRAPH_LANG environment variable" in " ".join(capsys.readouterr().out.split())


@pytest.mark.slow
def test_ictgraph_lang_changes_the_default(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICTGRAPH_LANG", "ja")
    assert run(capsys, "query", "cq01", "--format", "csv")[1] == run_query("cq01", lang="ja").to_csv(index=False)
    assert "Brazil" in run(capsys, "query", "cq01", "--format", "csv", "--lang", "en")[1]  # --lang wins
    monkeypatch.setenv("ICTGRAPH_LANG", "fr")
    assert "ICTGRAPH_LANG='fr': set it to en or ja" in one_line_error(capsys, "query", "cq01")


@pytest.mark.slow
def test_a_lang_parameter_is_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "cq05", "--param", "lang=ja", "--format", "csv")
    assert code == 0 and "日EU・ICT政策対話" in out
    assert "disagree: give the language once" in one_line_error(capsys, "query", "cq05", "--param", "lang=ja",
                                                                "--lang", "en")


# --- parameters by name ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_brazil_by_any_name_gives_brazils_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {value: run(capsys, "query", "cq03", "--param", f"country={value}") for value in
               ("ブラジル", "Brazil", "BR", "country/BR", "id:country/BR")}
    assert {code for code, _, _ in outputs.values()} == {0}
    assert len({out for _, out, _ in outputs.values()}) == 1
    assert BRAZIL_TIMELINE in outputs["Brazil"][1]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "message"), [
    (("cq03", "--param", "country=id:country/XX"), "parameter 'country': no ict:Country id:country/XX in the graph"),
    (("cq03", "--param", "country=id:country/vn"), "did you mean Viet Nam (id:country/VN)?"),
    (("cq03", "--param", "country=Brazl"), "closest: Brazil (id:country/BR)"),
    (("describe-entity", "--param", "node=BR"), "'BR' names 2 nodes: Brazil (id:country/BR); Government of the "
                                                "Federative Republic of Brazil (id:gov/BR)"),
    (("events-in-range", "--param", "start=2020-01-01", "--param", "end=2019-12-31"),
     "events-in-range: start 2020-01-01 is after end 2019-12-31"),
    (("cq14", "--param", "minParts={two}"), "parameter 'minParts' must be an integer, got '{two}'"),
    (("cq1",), "did you mean 'cq01', 'cq10', 'cq11', 'cq12', 'cq13', 'cq14', 'cq15', 'cq16', 'cq17' or 'cq18'?"),
    (("isdbt",), "did you mean 'cq01-isdbt-adoption' or 'cq02-isdbt-cooperation-memoranda'?"),
])
def test_a_value_that_names_nothing_or_several_is_an_error_never_no_rows(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    assert message in one_line_error(capsys, "query", *args)


@pytest.mark.slow
def test_query_ids_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "query", "CQ01", "--format", "csv")[1] == run(capsys, "query", "cq01", "--format", "csv")[1]


# --- raw SPARQL --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_raw_sparql_has_the_projects_prefixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { id:country\\/BR rdfs:label ?name FILTER(LANG(?name) = 'ja') }",
                     encoding="utf-8")
    code, out, _ = run(capsys, "sparql", str(query), "--format", "csv")
    assert (code, out) == (0, "name\nブラジル\n")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "params", "where", "message"), [
    ("PREFIX ex: <http://x/>\nSELECT * WHERE {\n  ?s ex:p ?o .\n  FILTER(?o = foo:x)\n}\n", (), "4:15",
     "prefix 'foo:' is not declared: add `PREFIX foo: <…>` (ict:, id:, rdf:, rdfs:, … are declared for you)"),
    ("SELECT * WHERE {\n  ?s ?p\n}\n", (), "3:1", "at '}'"),
    ("SELEC * WHERE { ?s ?p ?o }", (), "1:1", "a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK"),
    ("INSERT DATA { id:x id:y id:z }", (), "1:1", "'INSERT' starts an update: only queries are run"),
    # The VALUES block of --param goes on the WHERE line: columns after it still point into the file.
    ("# param: n integer 1\nSELECT * WHERE { ?s ?p ?o } ORDER ?n", ("--param", "n=3"), "2:35", "at '?n': expected BY"),
    # A sub-SELECT grouped by the parameter gets a block too: columns after both still point into the file.
    ("# param: n integer 1\nSELECT * WHERE { { SELECT ?n WHERE { ?s ?p ?n } GROUP BY ?n } } ORDER ?n",
     ("--param", "n=3"), "2:71", "at '?n': expected"),
    # The command line writes keys as id:country/BR; SPARQL needs the slash escaped.
    ("ASK {\n  id:country/BR a ict:Country }", (), "2:3", "id:country/BR is not a SPARQL prefixed name (a '/' in "
     "one must be escaped): write id:country\\/BR or <https://w3id.org/ictgraph/id/country/BR>"),
])
def test_syntax_errors_point_at_the_users_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                               params: tuple[str, ...], where: str, message: str) -> None:
    query = tmp_path / "bad.rq"
    query.write_text(text, encoding="utf-8")
    err = one_line_error(capsys, "sparql", str(query), *params)
    assert err.startswith(f"ictgraph sparql: {query}:{where}: SPARQL syntax error: ") and message in err, err


@pytest.mark.parametrize(("data", "message"), [
    (b"SELECT * WHERE { ?s ?p 'caf\xe9' }", "is not UTF-8 text (byte 0xe9 on line 1): save it as UTF-8"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "is a binary file, not a SPARQL query (it holds NUL bytes)"),
    ("ASK {}".encode("utf-16"), "is UTF-16 text: save it as UTF-8"),
])
def test_a_file_that_is_not_utf8_text_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  data: bytes, message: str) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes(data)
    assert one_line_error(capsys, "sparql", str(query)) == f"ictgraph sparql: {query} {message}\n"


def test_a_folder_is_a_folder_and_a_missing_file_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert f"{tmp_path} is a folder" in one_line_error(capsys, "sparql", str(tmp_path))
    assert f"{tmp_path / 'no.rq'} does not exist" in one_line_error(capsys, "sparql", str(tmp_path / "no.rq"))


def test_binary_standard_input_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfeA\x00S\x00K\x00")))
    assert "<stdin> is UTF-16 text" in one_line_error(capsys, "sparql", "-")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"ASK { ?s ?p '\xe9' }")))
    assert "<stdin> is not UTF-8 text (byte 0xe9 on line 1)" in one_line_error(capsys, "sparql", "-")


@pytest.mark.slow
def test_a_byte_order_mark_is_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "bom.rq"
    query.write_bytes(b"\xef\xbb\xbfASK { id:country\\/BR a ict:Country }")
    assert run(capsys, "sparql", str(query)) == (0, "true\n", "")


@pytest.mark.slow
def test_two_string_parameters_cannot_inject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "two.rq"
    query.write_text("# param: a string -\n# param: b string -\nSELECT ?a ?b ?inj WHERE {\n}\n", encoding="utf-8")
    code, out, _ = run(capsys, "sparql", str(query), "--param", 'a=x\n\\"', "--param", "b=) } bind(42 as ?inj) #",
                       "--format", "json")
    assert code == 0 and json.loads(out) == [{"a": 'x\n\\"', "b": ") } bind(42 as ?inj) #", "inj": None}]


@pytest.mark.slow
def test_deep_nesting_and_long_chains_are_answered_not_crashed() -> None:
    deep = cli("sparql", "-", stdin=("ASK " + "{" * 10_000 + "}" * 10_000).encode())
    assert deep.returncode == 2 and deep.stderr == (
        b"ictgraph sparql: <stdin>: the query nests brackets more than 64 deep: write it flatter\n")
    chain = cli("sparql", "-", "--format", "csv",
                stdin=("SELECT (" + "+".join(["1"] * 30_000) + " AS ?n) {}").encode())
    assert (chain.returncode, chain.stdout) == (0, b"n\n30000\n"), chain.stderr[-300:]


@pytest.mark.slow
def test_a_service_query_is_sent_once() -> None:
    """The old syntax check ran the query on an empty store first, so SERVICE went out twice."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    accepted: list[int] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(1)
            connection.close()

    threading.Thread(target=accept, daemon=True).start()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}"
        run = cli("sparql", "-", stdin=query.encode())
        time.sleep(0.5)
    finally:
        listener.close()
    assert run.returncode == 2 and run.stderr.startswith(b"ictgraph sparql: <stdin>: the query failed: ")
    assert len(accepted) == 1


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_printing_a_result_does_not_import_pandas(fmt: str) -> None:
    code = ("import sys\nfrom ictgraph.cli import main\nmain(['query', 'cq01', '--format', '" + fmt + "'])\n"
            "sys.stderr.write('pandas imported' if 'pandas' in sys.modules else 'no pandas')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=resources.ROOT)
    assert done.stderr == "no pandas" and "Japan" in done.stdout
