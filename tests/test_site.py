"""The static explorer, built from the real graph: links, reachability, quotes, RDF files, refusals."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from sitecheck import LOADING, broken_links, clicks_from, is_external, parse_page, parse_site

from ictgraph import resources
from ictgraph.publish.site.build import MARKER, SiteError, build_site
from ictgraph.publish.site.palette import GRAPHIC_PAIRS, TEXT_PAIRS, contrast

# The module builds the whole site once (seconds) and walks every page of it.
pytestmark = pytest.mark.slow

ICT = "https://w3id.org/ictgraph/ontology#"
ID = "https://w3id.org/ictgraph/id/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("explorer") / "site", lang="ja").out


@pytest.fixture(scope="module")
def pages(site: Path):
    return parse_site(site)


@pytest.fixture(scope="module")
def graph() -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(resources.GRAPH_TTL), format=ox.RdfFormat.TURTLE)
    return store


def _count(graph: ox.Store, pattern: str) -> int:
    """How many distinct subjects the pattern's first variable takes, counted by the engine."""
    variable = pattern.split()[0]
    rows = graph.query(f"SELECT (COUNT(DISTINCT {variable}) AS ?n) WHERE {{ {pattern.format(ICT=ICT)} }}")
    return int(next(iter(rows))["n"].value)


def record_keys(graph: ox.Store) -> set[str]:
    rows = graph.query(f"SELECT DISTINCT ?r WHERE {{ ?r <{ICT}evidence> ?q }}")
    return {row["r"].value[len(ID):] for row in rows}


def test_both_languages_have_every_record_page(site: Path, graph: ox.Store) -> None:
    keys = record_keys(graph)
    assert len(keys) == _count(graph, "?r a ?class . ?r <{ICT}evidence> ?q")  # every record, none twice
    for lang in ("en", "ja"):
        assert {str(p.relative_to(site / lang / "id"))[:-5] for p in (site / lang / "id").rglob("*.html")} == keys
    # The root opens in the language asked for (--lang ja here).
    assert 'url=ja/index.html' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / MARKER).is_file()


def test_no_broken_internal_link_or_anchor(pages, graph: ox.Store) -> None:
    assert len(pages) > 2 * len(record_keys(graph))
    assert broken_links(pages) == []


def test_every_record_page_within_three_clicks_of_home(site: Path, pages, graph: ox.Store) -> None:
    for lang in ("en", "ja"):
        depth = clicks_from(pages, site / lang / "index.html")
        far = [k for k in record_keys(graph) if depth.get((site / lang / "id" / f"{k}.html").resolve(), 99) > 3]
        assert far == [], f"{lang}: {len(far)} record pages are more than three clicks from home, e.g. {far[:3]}"


def test_nothing_loads_from_outside(pages, site: Path) -> None:
    """Scripts, styles and images come from the site itself; outside URLs are only links to follow."""
    for path, page in pages.items():
        for tag, attr, url in page.links:
            assert not ((tag, attr) in LOADING and is_external(url)), f"{path}: <{tag} {attr}={url}>"
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    assert (site / "assets" / "fuse.LICENSE.txt").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def test_every_quotation_is_highlighted_and_linked_to_its_record(site: Path, graph: ox.Store) -> None:
    quotes = {row["q"].value[len(ID):]: (row["r"].value[len(ID):], row["v"].value) for row in graph.query(
        f"SELECT ?q ?r ?v WHERE {{ ?r <{ICT}evidence> ?q . ?q <http://www.w3.org/ns/prov#value> ?v }}")}
    assert len(quotes) == _count(graph, "?q a <{ICT}Quotation>")  # every quotation of the graph
    for lang in ("en", "ja"):
        page = parse_page(site / lang / "text.html")
        text = (site / lang / "text.html").read_text(encoding="utf-8")
        for key, (record, words) in quotes.items():
            assert f"q/{key}" in page.ids, f"{lang}: no anchor for quotation {key}"
            covering = [s for s in page.segments if key in s["q"].split()]
            assert covering, f"{lang}: quotation {key} is not highlighted"
            assert all(record in s["r"].split() for s in covering)
            # The first run of segments that carry the quote spells it exactly.
            run, started = "", False
            for s in page.segments:
                if key in s["q"].split():
                    run, started = run + s["text"], True
                    if run == words:
                        break
                elif started:
                    run, started = "", False
            assert run == words, f"{lang}: the highlight of {key} reads {run[:40]!r}"
            # Each segment links to the record, or to the passage's list of records, which links to it.
            href = f"id/{record}.html"
            assert all(s["href"].endswith(href) or s["href"].endswith("-records") for s in covering)
            assert href in text


def test_record_page_reads_as_the_text_says(site: Path) -> None:
    vn = (site / "en" / "id" / "country" / "VN.html").read_text(encoding="utf-8")
    for words in ("Viet Nam", "ベトナム", "Country", "Wikidata Q881", "editorial translation", "pycountry",
                  "ベトナムについては、2020年（令和2年）1月に高市総務大臣がベトナムを訪問し", "Timeline", "Partners",
                  "Passages that mention it", "smart city"):
        assert words in vn, words
    assert "https://w3id.org/ictgraph/id/country/VN" in vn  # the IRI is there, one step away, not the label
    assert '<span class="n">1 mention</span>' in vn and "1 mentions" not in vn  # counts read as English
    funding = (site / "en" / "id" / "funding" / "jict-submarine-cables.html").read_text(encoding="utf-8")
    assert "約792億円" in funding and "about ¥79.2 billion" in funding and "79,200,000,000円" in funding
    assert "total project cost" in funding
    fiscal = (site / "ja" / "id" / "event" / "apt-training-in-japan-fy2019.html").read_text(encoding="utf-8")
    assert "2019年度（2019年4月～2020年3月）" in fiscal
    # A date the text writes as the calendar does is said once, not twice, on a Japanese page.
    brazil = (site / "ja" / "id" / "adoption" / "isdbt-BR.html").read_text(encoding="utf-8")
    assert brazil.count(">2006年6月<") == 1
    timeline = (site / "ja" / "timeline.html").read_text(encoding="utf-8")
    entry = [li for li in timeline.split("<li ") if "isdbt-BR.html" in li]
    assert len(entry) == 1 and entry[0].count("2006年6月") == 1, entry


def test_flags_are_explained_in_words(site: Path, graph: ox.Store) -> None:
    planned = sorted(row["r"].value[len(ID):] for row in graph.query(
        f"SELECT ?r WHERE {{ ?r <{ICT}flag> <{ICT}flag-planned> }}"))
    assert planned
    page = (site / "en" / "id" / f"{planned[0]}.html").read_text(encoding="utf-8")
    assert 'class="badge badge-planned"' in page
    assert "lies in the future of the text" in page  # the ontology's definition of the flag


def test_record_triples_files_parse_and_hold_the_record(site: Path) -> None:
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        triples = list(ox.parse(path=str(site / "id" / "country" / f"BR.{ext}"), format=fmt))
        subjects = {t.subject.value for t in triples}
        assert f"{ID}country/BR" in subjects and any(s.startswith(f"{ID}country/BR/ev/") for s in subjects)
        values = {t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/prov#value"}
        assert any(v.startswith("ブラジルは、2006年") for v in values)


def test_every_iri_under_id_has_its_rdf_and_the_downloads_come_in_four_formats(site: Path, graph: ox.Store) -> None:
    """What a static redirect needs: a file for each record, passage and the source (a node inside a
    record is in its record's file), and the ontology and dataset description in every format."""
    iris = {row["s"].value for row in graph.query(
        f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{ID}')) }}")}
    own = {key for key in (iri[len(ID):] for iri in iris) if (site / "id" / f"{key}.ttl").is_file()}
    assert {k.split("/")[0] for k in own} >= {"country", "passage", "source"}
    for iri in iris:  # every other IRI is a node of a record: a quotation, amount, quantity or reference
        key = iri[len(ID):]
        if key not in own:
            owner = next(o for o in sorted(own, key=len, reverse=True) if key.startswith(o + "/"))
            assert key[len(owner) + 1:].split("/")[0] in ("ev", "ref", "proposed-date", "amount", "quantity"), key
    passage = list(ox.parse(path=str(site / "id" / "passage" / "1.1.u.pi.A.p1.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert any(t.predicate.value == f"{ICT}text" and t.object.value.startswith("ブラジルは") for t in passage)
    for name in ("ontology", "void"):
        counts = {len(list(ox.parse(path=str(site / "downloads" / f"{name}.{fmt.file_extension}"), format=fmt)))
                  for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML)}
        assert len(counts) == 1, name  # the same triples in each
    assert (site / "downloads" / "ontology.ttl").read_bytes() == resources.ONTOLOGY.read_bytes()


def test_the_404_pages_offer_a_search(site: Path) -> None:
    for lang, words in (("en", "Nothing at this address"), ("ja", "このアドレスには何もありません")):
        page = (site / lang / "404.html").read_text(encoding="utf-8")
        assert words in page and 'class="search-big"' in page and 'id="search-results"' in page
        assert "<head>\n" in page  # where `ictgraph serve` adds the <base> that lets it work at any address


def test_a_session_label_is_listed_with_its_series(site: Path) -> None:
    listed = "インターネット・ガバナンス・フォーラム（第14回会合）"
    assert listed in (site / "ja" / "browse" / "events.html").read_text(encoding="utf-8")
    assert listed in (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    page = (site / "ja" / "id" / "event" / "igf-14.html").read_text(encoding="utf-8")
    assert f"<h1>{listed}</h1>" in page  # the title lists it with its series; the labels are the text's words:
    assert '<span class="lang-tag" aria-hidden="true">ja</span> 第14回会合</li>' in page


def test_query_catalogue_answers_with_csv(site: Path) -> None:
    page = (site / "en" / "queries" / "cq01-isdbt-adoption.html").read_text(encoding="utf-8")
    assert "Brazil" in page and "PREFIX ict:" in page
    # Column headings in words, the SPARQL variable one hover away.
    heads = re.findall(r'<th scope="col" title="\?(\w+)">([^<]*)</th>', page)
    assert ("countryName", "country name") in heads and ("dateText", "date (as written)") in heads
    answer = (site / "en" / "queries" / "cq01-isdbt-adoption.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(answer)))
    assert len(rows) > 10 and any("https://w3id.org/ictgraph/id/country/BR" in r for r in rows)
    ja = (site / "ja" / "queries" / "index.html").read_text(encoding="utf-8")
    assert "国別のISDB-T採用" in ja and '<p lang="ja">ISDB-T（日本方式の地上デジタルテレビ放送）を採用した国' in ja
    page = (site / "ja" / "queries" / "cq01-isdbt-adoption.html").read_text(encoding="utf-8")
    assert '<h1 lang="ja">国別のISDB-T採用' in page
    assert '<th scope="col" title="?dateText">日付（原文の表記）</th>' in page
    money = (site / "ja" / "queries" / "cq08-funding-amounts.html").read_text(encoding="utf-8")
    assert "<td>はい</td>" in money and "<td>true</td>" not in money  # booleans in words


def test_search_index_holds_both_labels_and_alternative_names(site: Path) -> None:
    index = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.ICTGRAPH_SEARCH = [")
    assert "ブラジル連邦共和国" in index and '"en":"Brazil"' in index and "</script" not in index


def test_reading_view_shows_reviewed_exclusions(site: Path) -> None:
    text = (site / "en" / "text.html").read_text(encoding="utf-8")
    assert 'class="mark-excluded"' in text and "Left out on review: JICT&#39;s statutory purpose" in text


def test_palette_meets_wcag_aa() -> None:
    low = [(fg, bg, round(contrast(fg, bg), 2)) for fg, bg in TEXT_PAIRS if contrast(fg, bg) < 4.5]
    assert low == []
    low = [(fg, bg, round(contrast(fg, bg), 2)) for fg, bg in GRAPHIC_PAIRS if contrast(fg, bg) < 3.0]
    assert low == []


def test_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again", lang="ja").out

    def digest(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    first, second = digest(site), digest(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError, match="did not write"):
        build_site(out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "site", "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("ictgraph site: ") and "did not write" in done.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_missing_graph_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "ictgraph.cli", "site", "-o", str(tmp_path / "out"), "--input",
                           str(tmp_path / "none.ttl")], capture_output=True, text=True)
    assert done.returncode == 2 and "run `ictgraph build` first" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []
