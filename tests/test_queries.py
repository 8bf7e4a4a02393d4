"""The named SPARQL queries: answers from the text, the same on both stores, and one-line CLI errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from ictgraph import resources
from ictgraph.errors import QueryError
from ictgraph.query.binding import bind_query, normalise_text
from ictgraph.query.catalogue import find_query, list_queries, parse_query_text
from ictgraph.query.run import run_query
from ictgraph.query.stores import IN_MEMORY, load
from ictgraph.vocab import ICT, ID

CATALOGUE = list_queries()
SEPARATORS = re.compile(r" \| |; |, ")
# The figure says 開始 (start), the body text 頃 (around): both quotes are kept on Japan's start.
JAPAN_START_QUOTES = {"1.1.i.pa.fig6-8-1-1": "日本（2003年12月開始）",
                      "1.1.i.pa.p3": "日本で地上デジタル放送が開始された2003年12月頃"}
# Parameters other than the defaults, one set per parametrised query, to show that binding works.
OTHER_PARAMS: dict[str, dict[str, str]] = {
    "cq03-country-timeline": {"country": "id:country/TH", "lang": "ja"},
    "cq14-countries-across-parts": {"minParts": "3"},
    "events-in-range": {"start": "2020-01-01", "end": "2021-12-31"},
    "search-label": {"text": "ＩＴＵ－Ｒ"},
    "instances-of-class": {"class": "ict:Event"},
    "agreements-by-party": {"party": "<https://w3id.org/ictgraph/id/gov/JP>"},
    "describe-entity": {"node": "id:adoption/isdbt-JP-start"},
    "provenance": {"node": "id:adoption/isdbt-PH-reaffirmation"},
    "cq16-passage-of-a-fact": {"node": "id:country/VN", "lang": "ja"},
}


@pytest.fixture(scope="session")
def graphs(ox: Graph) -> dict[str, Graph]:
    """The built graph with the ontology, once in each store."""
    return {store: ox if store == "oxigraph" else load(store=store, with_ontology=True) for store in IN_MEMORY}


@pytest.fixture(scope="session")
def ox() -> Graph:
    """The built graph with the ontology on Oxigraph, fast to load: the golden answers run on it."""
    return load(with_ontology=True)


def ask(name: str, graph: Graph, **params: str) -> pd.DataFrame:
    result = run_query(name, graph, **params)
    assert isinstance(result, pd.DataFrame)
    return result


def _cell(value: object) -> object:
    """A cell compared by value: joined lists as sorted tuples (their order is undefined), decimals normalised."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str) and SEPARATORS.search(value):
        return tuple(sorted(SEPARATORS.split(value)))
    return value


def as_bag(df: pd.DataFrame) -> list[tuple]:
    """Rows as value tuples in a canonical order, so that ties sorted differently still compare equal."""
    return sorted((tuple(_cell(v) for v in row) for row in df.itertuples(index=False)), key=repr)


def by(df: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    return df[df[column] == value]


# --- the catalogue -----------------------------------------------------------------------------------


def test_catalogue_has_one_query_per_competency_question() -> None:
    ids = sorted(q.id for q in CATALOGUE if q.id.startswith("cq"))
    assert ids == [f"cq{n:02d}" for n in range(1, 19)]
    everyday = {"describe-entity", "search-label", "instances-of-class", "events-in-range",
                "agreements-by-party", "provenance"}
    assert everyday <= {q.name for q in CATALOGUE}


@pytest.mark.parametrize("query", CATALOGUE, ids=lambda q: q.name)
def test_headers_and_portability(query) -> None:
    assert query.title and query.question.endswith("?")
    # The Japanese pages of the explorer read the catalogue in Japanese.
    assert query.title_in("ja") != query.title and query.question_in("ja").endswith("。")
    text = query.text
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    used = set(re.findall(r"\b([a-z]+):[A-Za-z]", body)) - {"http", "https"}
    declared = set(re.findall(r"^PREFIX (\w+):", text, re.MULTILINE))
    assert used <= declared, f"prefixes used but not declared: {used - declared}"
    assert "subClassOf*" not in body and "YEAR(" not in body.upper()
    assert not re.search(r"\bid:[\w-]+/", body), "id:x/y is not a legal prefixed name: write the full IRI"


# --- every query on both stores ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("query", CATALOGUE, ids=lambda q: q.name)
def test_same_answers_on_both_stores(query, graphs: dict[str, Graph]) -> None:
    results = {store: run_query(query.name, g, **OTHER_PARAMS.get(query.name, {})) for store, g in graphs.items()}
    first, second = results["oxigraph"], results["memory"]
    if isinstance(first, pd.DataFrame):
        assert list(first.columns) == list(second.columns)
        assert len(first) > 0, f"{query.name} returned no rows"
        assert as_bag(first) == as_bag(second)
    else:
        assert isomorphic(Graph().parse(data=first, format="turtle"), Graph().parse(data=second, format="turtle"))


# --- answers from the text, one test per competency question -----------------------------------------


def test_cq01_isdbt_adoption_in_date_order(ox: Graph) -> None:
    df = ask("cq01", ox)
    assert len(df) == 21 and df.country.nunique() == 20
    japan = df.iloc[0]
    assert (japan.countryLabel, japan.date, japan.kindLabel) == ("Japan", "2003-12", "start of service")
    assert set(japan["flags"].split(" | ")) == {"approximate", "contradiction in source"}
    assert set(japan.quotes.split(" | ")) == set(JAPAN_START_QUOTES.values())
    assert (df.iloc[1].countryLabel, df.iloc[1].date) == ("Brazil", "2006-06")
    order = list(df.countryLabel)
    assert order.index("Paraguay") + 1 == order.index("Philippines")
    assert by(df, "countryLabel", "Paraguay").date.item() == "2010-06"
    philippines = by(df, "countryLabel", "Philippines")
    assert list(zip(philippines.date, philippines.kindLabel, strict=True)) == [
        ("2010-06", "decision"), ("2013-11", "re-affirmation")]
    assert list(df.date) == sorted(df.date, key=lambda d: (d[:4], d))
    assert ask("cq01", ox, lang="ja").countryLabel.iloc[1] == "ブラジル"


def test_cq02_memoranda_with_isdbt_countries(ox: Graph) -> None:
    df = ask("cq02", ox)
    got = {(r.countryLabel, r.date, r.levelLabel) for r in df.itertuples()}
    assert got == {("Botswana", "2013-07", "government level"), ("Brazil", "2016-10", "government level"),
                   ("Brazil", "2018-08", "ministry level"), ("Chile", "2010", "government level"),
                   ("Peru", "2016-11", "ministry level")}
    brazil_2018 = df[df.date == "2018-08"].topics.item()
    assert {"digital terrestrial broadcasting", "use of ICT (general)"} <= set(brazil_2018.split(", "))
    assert "infrastructure" in df[df.date == "2016-10"].topics.item()


def test_cq03_vietnam_timeline(ox: Graph) -> None:
    df = ask("cq03", ox)
    assert list(df.date)[:6] == ["2018-01", "2018-10", "2018-12", "2019-11", "2020-01", "2020-01"]
    assert df.recordLabel.iloc[0] == "1st Japan–Vietnam ICT Joint Working Group"
    assert "Hanoi" in df.recordLabel.iloc[3]
    january_2020 = set(df[df.date == "2020-01"].recordLabel)
    assert any("revision" in label for label in january_2020) and any("Visit" in label for label in january_2020)
    thailand = ask("cq03", ox, country="id:country/TH", lang="ja")
    assert "情報通信デジタル技術分野の協力に関する覚書" in set(thailand.recordLabel)


def test_cq04_agreements_with_parties(ox: Graph) -> None:
    df = ask("cq04", ox)
    fire = df[df.agreementLabel.str.contains("fire services")].iloc[0]
    assert (fire.date, set(fire.parties.split("; "))) == (
        "2018-10", {"Government of Japan", "Government of Vietnam"})
    types = set(df.typeLabel)
    assert {"Memorandum of cooperation", "Joint statement", "Declaration", "Agreement"} <= types
    assert "Trade agreement" not in types


def test_cq05_latest_dialogue_editions(ox: Graph) -> None:
    df = ask("cq05", ox).set_index("seriesLabel")
    assert tuple(df.loc["Japan–EU ICT Policy Dialogue", ["latest", "date", "placeLabel"]]) == (25, "2019-12", "Tokyo")
    assert tuple(df.loc["Japan–US Cyber Dialogue", ["latest", "date"]]) == (7, "2019-10")
    assert tuple(df.loc["Japan–Germany ICT Policy Dialogue", ["latest", "date"]]) == (4, "2020-02")


def test_cq06_organisation_hierarchy(ox: Graph) -> None:
    parent = {r.organisation: r.parent for r in ask("cq06", ox).itertuples()}
    org = f"{ID}org/"
    for body in ("itu-r", "itu-t", "itu-d"):
        assert parent[org + body] == org + "itu"
    assert parent[org + "apec-tel"] == parent[org + "apec-telmin"] == org + "apec"
    assert parent[org + "oecd-cdep"] == org + "oecd"
    assert parent[org + "itu"] == org + "un" and pd.isna(parent[org + "oecd"])


def test_cq07_posts_held_by_japan(ox: Graph) -> None:
    df = ask("cq07", ox)
    apt = df[df.bodyLabel == "Asia-Pacific Telecommunity (APT)"].iloc[0]
    assert (apt.roleLabel, apt.holderLabel) == ("deputy secretary-general", "Katsunori Kondo")
    cdep = df[df.bodyLabel == "OECD Committee on Digital Economy Policy (CDEP)"].iloc[0]
    # The text names no person: the post has no holder, MIC provided the chair.
    assert (cdep.roleLabel, cdep.since, cdep.fromLabel) == (
        "chair", "2020-01", "Ministry of Internal Affairs and Communications")
    assert pd.isna(cdep.holderLabel)


def test_cq07_posts_held_by_staff_of_japanese_companies(ox: Graph) -> None:
    bodies = set(ask("cq07", ox).bodyLabel)
    assert {"Radio Regulations Board (RRB)", "ITU-R Study Group 6 (broadcasting service)",
            "Internet Corporation for Assigned Names and Numbers (ICANN)"} <= bodies


def test_cq08_amounts_in_yen(ox: Graph) -> None:
    df = ask("cq08", ox).set_index("record")
    cables = df.loc[f"{ID}funding/jict-submarine-cables"]
    assert (cables.value, cables.approximate, cables.amountText, cables.kindLabel) == (
        Decimal(79_200_000_000), True, "約792億円", "total project cost")
    assert pd.isna(cables.countries)
    jbic = df.loc[f"{ID}funding/jbic-angola-brazil-cable"]
    assert (jbic.value, jbic.kindLabel, set(jbic.countries.split(", "))) == (
        Decimal(7_000_000_000), "loan amount", {"Angola", "Brazil"})
    assert df.loc[f"{ID}funding/mm-telecom-network-improvement-loan"].kindLabel == "loan ceiling"
    assert df.loc[f"{ID}funding/id-disaster-information-sharing-grant", "kindLabel"] == "grant size"


def test_cq09_topics_by_country(ox: Graph) -> None:
    pairs = {(r.countryLabel, r.topicLabel) for r in ask("cq09", ox).itertuples()}
    assert {("Viet Nam", "fire service"), ("Viet Nam", "statistics"), ("Viet Nam", "5G"),
            ("Thailand", "postal services"), ("Thailand", "cybersecurity")} <= pairs
    assert not any(country == "Japan" for country, _ in pairs)


def test_cq10_events_hosted_in_japan(ox: Graph) -> None:
    df = ask("cq10", ox)
    in_japan = dict(zip(df.event.str.removeprefix(f"{ID}event/"), df.placeLabel, strict=True))
    japan = set(df[df.inCountry].event.str.removeprefix(f"{ID}event/"))
    assert {"g20-tsukuba-2019", "icann-64", "jp-africa-ict-hlrt-2019"} <= japan
    assert (in_japan["g20-tsukuba-2019"], in_japan["icann-64"], in_japan["jp-africa-ict-hlrt-2019"]) == (
        "Tsukuba", "Kobe", "Yokohama")
    assert not by(df, "placeLabel", "Addis Ababa").inCountry.any()


def test_cq11_ministers_and_their_roles(ox: Graph) -> None:
    rows = {(r.personLabel, r.roleLabel, r.date) for r in ask("cq11", ox).itertuples()}
    assert {("Takaichi", "signatory", "2017-06"), ("Takaichi", "visitor", "2020-01"),
            ("Terada", "visitor", "2019-12")} <= rows
    co_chairs = {person for person, role, date in rows if role == "co-chair" and str(date).startswith("2019-06")}
    assert co_chairs == {"Ishida", "Seko", "Kono"}


def test_cq12_meeting_outcomes(ox: Graph) -> None:
    df = ask("cq12", ox)
    outcomes = {(e.removeprefix(f"{ID}event/"), o) for e, o in zip(df.event, df.outcomeLabel, strict=True)}
    assert {("g20-osaka-summit-2019", "G20 AI Principles"), ("g20-osaka-summit-2019", "Osaka Track"),
            ("oecd-mcm-2019", "OECD Council Recommendation on Artificial Intelligence"),
            ("un-hlp-report-submission-2019", "The Age of Digital Interdependence")} <= outcomes


def test_cq13_events_per_year_match_the_graph(ox: Graph) -> None:
    df = ask("cq13", ox)
    sessions_2019 = {s for s in ox.subjects(RDF.type, ICT.DialogueSession) if (s, ICT.year, None) in ox
                     and ox.value(s, ICT.year).toPython() == 2019}
    row = df[(df.year == 2019) & (df.typeLabel == "Dialogue session") & ~df.planned]
    assert row.events.item() == len(sessions_2019) > 0
    assert df[df.planned].year.min() >= 2020
    assert set(df[df.planned & (df.year == 2021)].typeLabel) >= {"Conference"}


def test_cq14_countries_in_several_parts(ox: Graph) -> None:
    df = ask("cq14", ox)
    assert {"Viet Nam", "Philippines", "Brazil", "Chile", "India", "Thailand", "Myanmar"} <= set(df.countryLabel)
    vietnam = by(df, "countryLabel", "Viet Nam").iloc[0]
    assert {"1.1.u", "2.2.u"} <= set(vietnam.partList.split(" | "))
    assert all(df.parts >= 2)
    three = ask("cq14", ox, minParts="3")
    assert "Brazil" not in set(three.countryLabel) and all(three.parts >= 3)


def test_cq15_trade_agreements(ox: Graph) -> None:
    df = ask("cq15", ox).set_index("agreement")
    tpp = df.loc[f"{ID}agreement/tpp11"]
    assert (tpp.statusLabel, tpp.date) == ("in force", "2018-12") and pd.isna(tpp.partners)
    assert tuple(df.loc[f"{ID}agreement/jp-eu-epa", ["date", "partners"]]) == ("2019-02", "European Union")
    epa = df[df.statusLabel == "concluded"]
    assert len(epa) == 15 and "Association of Southeast Asian Nations (ASEAN)" in set(epa.partners)
    assert set(df.loc[f"{ID}agreement/cjk-fta", "partners"].split(", ")) == {"China", "Republic of Korea"}
    assert df.loc[f"{ID}agreement/rcep", "statusLabel"] == "under negotiation"


def test_cq16_passage_and_quote_of_a_fact(ox: Graph) -> None:
    df = ask("cq16", ox)
    assert dict(zip(df.passageId, df.quote, strict=True)) == JAPAN_START_QUOTES


def test_cq17_standards_led_by_japanese_organisations(ox: Graph) -> None:
    df = ask("cq17", ox)
    qkd = df[df.standard == f"{ID}standard/itu-t-qkd-network-overview"]
    assert set(qkd.organisation.str.removeprefix(f"{ID}org/")) == {"nict", "nec", "toshiba"}
    assert set(qkd.bodyLabel) == {"ITU-T Study Group 13"} and set(qkd.year) == {2019}


def test_cq18_planned_and_postponed_meetings(ox: Graph) -> None:
    df = ask("cq18", ox)
    # WTSA: planned for November 2020; February 2021 is under discussion, not a postponement.
    wtsa = df[df.recordLabel.str.contains("WTSA")]
    assert set(wtsa.flagLabel) == {"planned"} and set(wtsa.date) == {"2020-11"}
    assert (set(wtsa.proposedDate), set(wtsa.proposedDateText), set(wtsa.proposedStatusLabel)) == (
        {"2021-02"}, {"2021年2月"}, {"under discussion"})
    igf = df[df.recordLabel.str.contains("Internet Governance Forum")].iloc[0]
    assert (igf.dateText, igf.endDateText) == ("2006年（平成18年）", "2025年（令和7年）")
    wtdc = df[df.recordLabel.str.contains("WTDC-21")].iloc[0]
    assert (str(wtdc.date), wtdc.placeLabel) == ("2021-11-08", "Addis Ababa")


# --- everyday queries --------------------------------------------------------------------------------


def test_describe_entity_carries_its_quotations(ox: Graph) -> None:
    turtle = run_query("describe-entity", ox)
    assert isinstance(turtle, str)
    g = Graph().parse(data=turtle, format="turtle")
    brazil = URIRef(f"{ID}country/BR")
    assert (brazil, RDFS.label, None) in g and len(set(g.objects(brazil, ICT.evidence))) == 2
    assert all(g.value(ev, URIRef("http://www.w3.org/ns/prov#value")) for ev in g.objects(brazil, ICT.evidence))


def test_search_label_folds_width_and_case(ox: Graph) -> None:
    wide = ask("search-label", ox, text="ＩＴＵ－Ｒ")
    assert set(wide.node) == set(ask("search-label", ox, text="itu-r").node)
    assert f"{ID}org/itu-r" in set(wide.node)
    spaced = ask("search-label", ox, text="西田 幸博")  # the label has an ideographic space
    assert set(spaced.label) == {"Yukihiro Nishida"}
    assert ask("search-label", ox, text='" } } DELETE WHERE { ?s ?p ?o } #').empty  # text stays a literal


def test_labels_hold_only_the_full_width_characters_search_label_folds(ox: Graph) -> None:
    folded = set("（）－／：\u3000")
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for label in ox.objects(None, prop):
            odd = {c for c in str(label) if unicodedata.normalize("NFKC", c) != c} - folded
            assert not odd, f"{label!r} has {odd}: add them to queries/search-label.rq"


def test_instances_of_class_follow_subclasses(ox: Graph) -> None:
    df = ask("instances-of-class", ox, **{"class": "ict:Organization"})
    assert {"Government", "Ministry", "International organization"} <= set(df.typeLabel)
    assert f"{ID}org/jp-mic" in set(df.instance)


def test_events_in_range_compare_at_the_texts_precision(ox: Graph) -> None:
    dates = set(ask("events-in-range", ox, start="2019-06-01", end="2019-06-30").date.astype(str))
    assert {"2019-06", "2019-06-08"} <= dates  # G20 Osaka (June 2019) and G20 Tsukuba (8-9 June 2019)
    assert dates <= {"2019", "2019-06", "2019-06-08"}  # a year-only date overlaps any range inside its year


def test_agreements_by_party(ox: Graph) -> None:
    df = ask("agreements-by-party", ox)
    thailand = df[df.agreement == f"{ID}agreement/jp-th-ict-digital-moc-2017"].iloc[0]
    assert thailand.otherParties == "Ministry of Digital Economy and Society (Thailand)"


def test_provenance_includes_reference_statements(ox: Graph) -> None:
    df = ask("provenance", ox)
    assert set(df.kind) == {"quotation", "derived-from", "reference"}
    refs = df[df.kind == "reference"]
    assert {"BR", "BRA", "Brazil"} <= set(refs.object) and refs.source.notna().all()


# --- parameters and errors in Python -----------------------------------------------------------------


def test_parameters_become_typed_terms_in_a_values_block() -> None:
    query = find_query("cq14")
    text = bind_query(query, {"minParts": "3", "lang": "ja"})
    assert 'VALUES (?minParts ?lang) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer> "ja") }' in text
    assert text.count("\n") == query.text.count("\n")  # positions in errors still match the file
    assert normalise_text("ＩＴＵ－Ｒ") == "itu-r"


def test_only_search_parameters_are_folded() -> None:
    query = parse_query_text("# param: text search x\n# param: name string x\nSELECT * WHERE { ?s ?p ?o }",
                             Path("inline.rq"))
    text = bind_query(query, {"text": "ＩＴＵ－Ｒ", "name": "ＩＴＵ－Ｒ"})
    assert 'VALUES (?text ?name) { ("itu-r" "ＩＴＵ－Ｒ") }' in text


@pytest.mark.parametrize(("name", "params", "message"), [
    ("cq01-isdbt-adoptoin", {}, "did you mean 'cq01-isdbt-adoption'?"),
    ("cq03", {"country": "not an iri"}, "no ict:Country is named 'not an iri'"),
    ("cq14", {"minParts": "two"}, "must be an integer"),
    ("events-in-range", {"start": "2019-02-30"}, "must be a date"),
    ("cq05", {"country": "id:country/JP"}, "has no parameter 'country'"),
])
def test_bad_calls_raise_query_error(name: str, params: dict[str, str], message: str, ox: Graph) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        run_query(name, ox, **params)


# --- the command line --------------------------------------------------------------------------------


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=resources.ROOT)


@pytest.mark.slow
def test_cli_lists_the_catalogue() -> None:
    run = cli("queries")
    assert run.returncode == 0
    names = re.findall(r"^(\S+)  ", run.stdout, re.MULTILINE)
    assert names == [q.name for q in CATALOGUE]
    assert f"{len(CATALOGUE)} queries" in run.stdout


@pytest.mark.slow
def test_cli_query_formats(tmp_path: Path) -> None:
    out = tmp_path / "cq05.csv"
    assert cli("query", "cq05", "--format", "csv", "--out", str(out)).returncode == 0
    table = pd.read_csv(out)
    assert tuple(table[table.latest == 25][["seriesLabel", "placeLabel"]].iloc[0]) == (
        "Japan–EU ICT Policy Dialogue", "Tokyo")
    rows = json.loads(cli("query", "cq01", "--format", "json", "--lang", "ja").stdout)
    assert (rows[0]["countryLabel"], rows[0]["date"]) == ("日本", "2003-12")
    markdown = cli("query", "cq16", "--format", "md").stdout.splitlines()
    assert markdown[0].startswith("| node | nodeLabel | passageId |") and len(markdown) == 4
    construct = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ; <https://w3id.org/ictgraph/ontology#iso3166Alpha2> "VN" }'
    turtle = Graph().parse(data=cli("sparql", "-", stdin=construct).stdout, format="turtle")
    assert (URIRef(f"{ID}country/VN"), RDFS.label, None) in turtle
    assert cli("sparql", "-", stdin="ASK { ?s a <https://w3id.org/ictgraph/ontology#Country> }").stdout == "true\n"


@pytest.mark.slow
@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("query", "cq0l"), None, "no query named 'cq0l'"),
    (("query", "cq03", "--param", "country=not-an-iri"), None, "no ict:Country is named 'not-an-iri'"),
    (("query", "cq14", "--param", "minParts=two"), None, "must be an integer"),
    (("query", "events-in-range", "--param", "end=2019-13-01"), None, "must be a date"),
    (("query", "cq03", "--param", "country"), None, "is not name=value"),
    (("query", "cq05", "--param", "country=id:country/JP"), None, "has no parameter 'country'"),
    (("sparql", "-"), "# param: node iri -\nSELECT * WHERE { ?node ?p ?o }", "needs --param node"),
    (("sparql", "-"), "SELECT * WHERE {\n  ?s ?p\n}", "<stdin>:3:"),
    (("sparql", "no-such-file.rq"), None, "no-such-file.rq does not exist"),
])
def test_cli_errors_are_one_line(args: tuple[str, ...], stdin: str | None, message: str, tmp_path: Path) -> None:
    out = tmp_path / "result.csv"
    run = cli(*args, "--out", str(out), stdin=stdin)
    assert run.returncode == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == "" and not out.exists()


def test_a_text_may_use_the_projects_and_its_graphs_prefixes_without_declaring_them() -> None:
    from ictgraph.query.run import run_text

    g = load()
    g.bind("land", "https://w3id.org/ictgraph/id/country/")
    # Only the prefixes a text uses undeclared are handed to the engine: the graph's own (land:), the
    # project's (rdfs:), and none at all for a text that declares what it uses.
    assert run_text('SELECT ?l WHERE { land:BR rdfs:label ?l FILTER(LANG(?l) = "en") }', g)["l"].tolist() == ["Brazil"]
    declared = 'PREFIX r: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?c r:label "ブラジル"@ja , ?l }'
    assert "Brazil" in run_text(declared, g)["l"].tolist()
    with pytest.raises(QueryError, match=r"^<query>:1:21: SPARQL syntax error: prefix 'foo:' is not declared"):
        run_text("SELECT * WHERE { ?s foo:p ?o }", g)
