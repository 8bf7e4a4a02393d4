"""Build the whole explorer into a folder, atomically: the old site stays until the new one is complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ictgraph import resources
from ictgraph.errors import IctgraphError
from ictgraph.publish.site import catalogue, model, views
from ictgraph.publish.site.data import GROUP_IDS, LANGS, SiteData, load_site_data, record_triples, source_triples
from ictgraph.publish.site.i18n import UI, counted
from ictgraph.publish.site.links import DOWNLOAD_RDF, ID_RDF, Links, rdf_path, record_path
from ictgraph.publish.site.palette import BADGE, GROUP_COLOURS, css_variables
from ictgraph.publish.site.reading import read_audit, reading_view
from ictgraph.publish.site.search import search_entries, search_script
from ictgraph.publish.site.vocabulary import ontology_view
from ictgraph.query.catalogue import list_queries
from ictgraph.vocab import PREFIXES

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"
MARKER = ".ictgraph-site"  # marks a folder this command made, so a rebuild may replace it
# Prefixes of the per-record Turtle: the vocabularies, not `id:` (its local names would need escaping).
RECORD_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if p != "id"}


class SiteError(IctgraphError):
    """The site cannot be built as asked; str() is the one line the user reads."""


@dataclass(frozen=True)
class BuildResult:
    """What was written: where, how many files and bytes, and how many record pages per language."""

    out: Path
    files: int
    bytes: int
    records: int


def _environment(source: dict[str, Any], sparql: str | None) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["group_ids"] = GROUP_IDS
    env.globals["source"] = source
    env.globals["sparql"] = sparql
    env.globals["rdf_names"] = {fmt.file_extension: fmt.name for fmt in DOWNLOAD_RDF}
    env.globals["counted"] = counted
    return env


class Writer:
    """Writes pages and files under one folder, creating parent folders as needed."""

    def __init__(self, root: Path, env: Environment) -> None:
        self.root = root
        self.env = env

    def write(self, rel: str, content: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    def page(self, rel: str, lang: str, template: str, title: str, **ctx: Any) -> None:
        links = Links(rel, lang)
        html = self.env.get_template(template).render(
            lang=lang, ui=UI[lang], links=links, title=title, page=rel, **ctx)
        self.write(rel, html)


def _source() -> dict[str, Any]:
    """The source's title, publisher, terms and attribution, as the corpus catalogue gives them."""
    with resources.CATALOG.open(encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    return entries[0]


def rdf_files(triples: list[ox.Triple], prefixes: dict[str, str], formats: Iterable[ox.RdfFormat]) -> dict[str, bytes]:
    """The triples in each of the given RDF formats, by file extension (ttl, nt, jsonld, rdf).

    JSON-LD is written expanded, without a context, so that it reads the same in any JSON-LD tool.
    """
    out = {}
    for fmt in formats:
        # pyoxigraph returns None only when it writes to a file, which this never asks.
        out[fmt.file_extension] = ox.serialize(
            triples, format=fmt, prefixes=None if fmt == ox.RdfFormat.JSON_LD else prefixes) or b""
    return out


def stable_blank_nodes(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with their blank nodes named b0, b1, … in order of first appearance.

    A parser names blank nodes afresh on every run; the same file, parsed in the same order, then
    gives the same names, so the files written from it are the same bytes in every build.
    """
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term, ox.BlankNode(f"b{len(names)}"))
        return term

    return [ox.Triple(stable(t.subject), t.predicate, stable(t.object)) for t in triples]


def _record_files(w: Writer, data: SiteData) -> None:
    """The RDF of every IRI under id/ that is not a node of a record: records, passages, the source."""
    described = {rec.key: record_triples(data, rec) for rec in data.records.values()} | source_triples(data)
    for key, triples in described.items():
        for ext, content in rdf_files(triples, RECORD_PREFIXES, ID_RDF).items():
            w.write(rdf_path(key, ext), content)


def _assets(w: Writer, data: SiteData, ctx: views.Context) -> None:
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            w.write(f"assets/{asset.name}", asset.read_bytes())
    css = w.env.get_template("site.css").render(variables=css_variables(), groups=GROUP_COLOURS, badges=BADGE)
    w.write("assets/site.css", css)
    w.write("assets/search-index.js", search_script(search_entries(data, views.topics(data))))


def _downloads(w: Writer, graph: Path, ontology: Path) -> None:
    """The graph as built; the ontology and the dataset description in every RDF format of the site
    (their Turtle byte for byte), so that a redirect can answer an RDF client in the format it asks."""
    w.write("downloads/ict.ttl", graph.read_bytes())
    for name, source in (("void", graph.parent / "void.ttl"), ("ontology", ontology)):
        triples = stable_blank_nodes(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))
        for ext, content in rdf_files(triples, {p: str(ns) for p, ns in PREFIXES.items()}, DOWNLOAD_RDF).items():
            w.write(f"downloads/{name}.{ext}", source.read_bytes() if ext == "ttl" else content)


def _pages(w: Writer, data: SiteData, ctx: views.Context, lang: str, marks: dict[str, Any]) -> None:
    ui = UI[lang]
    counts = {"triples": data.triples, "records": len(data.records), "passages": len(data.passages),
              "quotations": len(data.quotes())}
    home = f"{lang}/index.html"
    w.page(home, lang, "home.html", ui["home_title"], counts=counts, groups=views.group_counts(data),
           examples=views.group_examples(data, lang, Links(home, lang)), countries=len(ctx.involvement.by_country))
    for rec in data.records.values():
        rel = record_path(lang, rec.key)
        view = views.record_view(ctx, rec, lang, Links(rel, lang))
        w.page(rel, lang, "record.html", view["label"], r=view)
    reading = reading_view(data, marks, lang, Links(f"{lang}/text.html", lang))
    w.page(f"{lang}/text.html", lang, "text.html", ui["text_title"], text=reading)
    w.page(f"{lang}/timeline.html", lang, "timeline.html", ui["timeline_title"],
           t=views.timeline_view(ctx, lang, Links(f"{lang}/timeline.html", lang)))
    for group in GROUP_IDS:
        rel = f"{lang}/browse/{group}.html"
        w.page(rel, lang, "browse.html", ui[f"group_{group}"], b=views.browse_view(data, group, lang, Links(rel, lang)))
    rel = f"{lang}/browse/countries.html"
    w.page(rel, lang, "countries.html", ui["browse_countries"], items=views.countries_view(ctx, lang, Links(rel, lang)))
    for topic, keys in sorted(views.topics(data).items()):
        rel = f"{lang}/topic/{topic.rsplit('#topic-', 1)[-1]}.html"
        view = views.topic_view(ctx, topic, keys, lang, Links(rel, lang))
        w.page(rel, lang, "topic.html", view["label"], tp=view)
    rel = f"{lang}/ontology.html"
    w.page(rel, lang, "ontology.html", ui["ontology_title"], o=ontology_view(data, lang, Links(rel, lang)))
    _query_pages(w, data, lang)
    w.page(f"{lang}/search.html", lang, "search.html", ui["nav_search"])
    w.page(f"{lang}/404.html", lang, "notfound.html", ui["notfound_title"])


def _query_pages(w: Writer, data: SiteData, lang: str) -> None:
    ui = UI[lang]
    entries = []
    for query in list_queries():
        answer = catalogue.run_named(data, query, lang)
        rel = f"{lang}/queries/{query.name}.html"
        w.write(f"{lang}/queries/{query.name}.csv", catalogue.to_csv(answer))
        w.page(rel, lang, "query.html", query.title_in(lang) or query.name, q=query, answer=answer,
               table=catalogue.table_view(data, answer, lang, Links(rel, lang)))
        entries.append({"name": query.name, "title": query.title_in(lang), "question": query.question_in(lang),
                        "question_lang": query.question_lang(lang),
                        "rows": len(answer.rows), "graph": answer.graph_triples})
    w.page(f"{lang}/queries/index.html", lang, "queries.html", ui["queries_title"], queries=entries)


def _root_index(w: Writer, lang: str) -> None:
    w.page("index.html", lang, "root.html", UI[lang]["site_title"], target=f"{lang}/index.html")


def build_site(out: Path, *, lang: str = "en", graph: Path | None = None, ontology: Path | None = None,
               sparql: str | None = None, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Write the explorer into `out`: both languages, every record, the text, the catalogue, downloads.

    `sparql`, when given, is the address of a SPARQL query page that every page's menu links to: an
    absolute URL, or a path from the site's root (`ictgraph serve` builds with "sparql").

    The site is written into a fresh folder beside `out` and moved into place only when complete, so
    a failed build leaves the previous site as it was. `out` must not exist, be empty, or be a folder
    an earlier build made (it holds the marker file); anything else is refused rather than replaced.
    """
    graph = graph or resources.GRAPH_TTL
    ontology = ontology or resources.ONTOLOGY
    if lang not in LANGS:
        raise SiteError(f"--lang {lang!r}: choose one of {', '.join(LANGS)}")
    for path, what in ((graph, "graph"), (ontology, "ontology"), (graph.parent / "void.ttl", "dataset description")):
        if not path.is_file():
            raise SiteError(f"{path}: no {what} there: run `ictgraph build` first")
    _check_target(out)
    say = progress or (lambda _msg: None)
    say("reading the graph")
    data = load_site_data(graph, ontology)
    audit = read_audit(ontology)
    ctx = views.Context(data, model.involvement(data), audit.country_mentions)
    source = _source()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        w = Writer(tmp, _environment(source, sparql))
        say("writing records' triples, assets and downloads")
        _record_files(w, data)
        _assets(w, data, ctx)
        _downloads(w, graph, ontology)
        for page_lang in LANGS:
            say(f"writing the {page_lang} pages")
            _pages(w, data, ctx, page_lang, audit.marks)
        _root_index(w, lang)
        w.write(MARKER, "This folder was written by `ictgraph site`; a rebuild replaces it whole.\n")
        files = [p for p in tmp.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(out, len(files), size, len(data.records))


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder: choose a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} holds files that `ictgraph site` did not write: choose an empty or new folder")


def _swap(new: Path, out: Path) -> None:
    """Put the finished site in place; the previous one (ours, or an empty folder) is removed after."""
    os.chmod(new, 0o755)
    if not out.exists():
        new.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    new.rename(out)
    shutil.rmtree(old)
