"""Projections of the RDF graph into NetworkX, and the metrics that make sense on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from ictgraph import resources
from ictgraph.vocab import ICT, ID

if TYPE_CHECKING:
    import pandas as pd

Lang = Literal["ja", "en"]
NETWORK_QUERIES = resources.QUERIES_DIR / "network"
ISDB_T = "standard/isdb-t"

# Coarse classes for colours and legends, most specific first: a node takes the first one its class
# is (a subclass of). Government and Ministry stay apart from other organisations because the actor
# network is mostly about which government bodies meet.
CLASS_GROUPS: tuple[str, ...] = (
    "Country", "Place", "GovernmentOrganization", "InternationalOrganization", "Organization", "Person",
    "Event", "EventSeries", "Agreement", "StandardAdoption", "Standard", "Project", "Funding",
    "PolicyDocument", "Topic",
)
OTHER_GROUP = "Other"


def shorten(iri: str) -> str:
    """The node key used in every projection: `country/VN` for records, `ict:topic-5g` for concepts.

    Short keys keep notebooks, tests and the CLI (`ego:country/VN`) readable; `iri` stays on the node.

    Examples
    --------
    >>> shorten("https://w3id.org/ictgraph/id/country/VN")
    'country/VN'
    >>> shorten("https://w3id.org/ictgraph/ontology#topic-5g")
    'ict:topic-5g'
    """
    if iri.startswith(str(ID)):
        return iri[len(str(ID)):]
    if iri.startswith(str(ICT)):
        return "ict:" + iri[len(str(ICT)):]
    return iri


def expand(key: str) -> URIRef:
    """The IRI of a node key made by `shorten` (its inverse).

    Examples
    --------
    >>> str(expand("ict:topic-5g"))
    'https://w3id.org/ictgraph/ontology#topic-5g'
    """
    if key.startswith("ict:"):
        return ICT[key[4:]]
    return URIRef(key) if "://" in key else ID[key]


def select_rows(g: Graph, name: str, **params: str) -> list[dict[str, str | None]]:
    """Run `queries/network/<name>.rq` on `g`; each row as {variable: lexical form or None}.

    Header parsing, parameter typing and binding are the query library's (`ictgraph.query.binding`), so the
    .rq files follow the same `# param:` convention and still run unchanged in any SPARQL tool. Rows
    stay strings here (not pandas) because a missing year must stay None, not become a float NaN.

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/org/a> "
    ...     "<https://w3id.org/ictgraph/ontology#partOf> <https://w3id.org/ictgraph/id/org/b> .", format="nt")
    >>> select_rows(g, "org-hierarchy")
    [{'child': 'https://w3id.org/ictgraph/id/org/a', 'parent': 'https://w3id.org/ictgraph/id/org/b'}]
    """
    from ictgraph.query.binding import bind_query, parse_query_file

    query = parse_query_file(NETWORK_QUERIES / f"{name}.rq")
    result = g.query(bind_query(query, params))
    names = [str(v) for v in result.vars or []]
    return [{n: (None if v is None else str(v)) for n, v in zip(names, row, strict=True)} for row in result]


@cache
def _superclasses() -> dict[str, frozenset[str]]:
    """Each ict: class with itself and all its superclasses, from the ontology (the graph has asserted
    types only, and `rdfs:subClassOf*` is left out of the queries because Virtuoso needs a bound start)."""
    from ictgraph.authoring.ontology import load_ontology

    onto = load_ontology().graph
    out: dict[str, frozenset[str]] = {}
    for cls in set(onto.subjects(RDFS.subClassOf, None)) | set(onto.objects(None, RDFS.subClassOf)):
        if isinstance(cls, URIRef) and str(cls).startswith(str(ICT)):
            ups = {str(c) for c in onto.transitive_objects(cls, RDFS.subClassOf)}
            out[str(cls)[len(str(ICT)):]] = frozenset(u[len(str(ICT)):] for u in ups if u.startswith(str(ICT)))
    return out


def classify(types: Iterable[str]) -> tuple[str, str]:
    """The display class (the most specific asserted one) and the colour group of a node's types.

    Examples
    --------
    >>> classify(["Visit", "Meeting"])
    ('Meeting', 'Event')
    >>> classify(["Ministry"])
    ('Ministry', 'GovernmentOrganization')
    """
    names = sorted(t.rsplit("#", 1)[-1] for t in types)
    if not names:
        return OTHER_GROUP, OTHER_GROUP
    supers = _superclasses()
    # The most specific type has the most ancestors; ties go to the name first in alphabetical order.
    cls = min(names, key=lambda n: (-len(supers.get(n, ())), n))
    ancestors = supers.get(cls, frozenset({cls}))
    group = next((grp for grp in CLASS_GROUPS if grp in ancestors), OTHER_GROUP)
    return cls, group


def describe_nodes(g: Graph) -> dict[str, dict[str, Any]]:
    """Node attributes for every record and topic: labels, class, colour group, date, one quote.

    Topics take their labels from the ontology: load the graph `with_ontology=True` to have them.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...   @prefix ict: <https://w3id.org/ictgraph/ontology#> .
    ...   <https://w3id.org/ictgraph/id/country/VN> a ict:Country ; <http://www.w3.org/2000/01/rdf-schema#label>
    ...   "ベトナム"@ja, "Viet Nam"@en .''')
    >>> d = describe_nodes(g)["country/VN"]
    >>> d["label_ja"], d["label_en"], d["group"]
    ('ベトナム', 'Viet Nam', 'Country')
    """
    info: dict[str, dict[str, Any]] = {}
    for row in select_rows(g, "node-info"):
        cls, group = classify((row["types"] or "").split())
        info[shorten(row["node"] or "")] = {
            "iri": row["node"], "label_ja": row["ja"], "label_en": row["en"], "cls": cls, "group": group,
            "date": row["date"], "date_text": row["dateText"], "quote": row["quote"],
        }
    return info


def _add_described_nodes(G: nx.Graph, g: Graph, keys: Iterable[str], **extra: Any) -> None:
    info = describe_nodes(g)
    for key in keys:
        G.add_node(key, **{**info.get(key, {"iri": str(expand(key)), "cls": OTHER_GROUP, "group": OTHER_GROUP}),
                           **extra})


def _add_record_edge(G: nx.Graph, u: str, v: str, record: str, year: int | None) -> None:
    """Add one supporting record to an edge; weight and years are always derived from `records`."""
    if not G.has_edge(u, v):
        G.add_edge(u, v, records={})
    G.edges[u, v]["records"][record] = year
    _refresh_edge(G.edges[u, v])


def _refresh_edge(attrs: dict[str, Any]) -> None:
    attrs["weight"] = len(attrs["records"])
    attrs["years"] = sorted({y for y in attrs["records"].values() if y is not None})


def _year(value: str | None) -> int | None:
    return int(value) if value is not None else None


def build_actor_graph(g: Graph) -> nx.Graph:
    """Countries, governments, ministries and organisations, linked when they share a record.

    A record is an event, agreement, standard adoption, project or funding; the actor may be its
    party, participant (chair, visitor, …), host, adopter, country, location, funder, framework,
    leader or contributor. Edge `weight` is the number of shared records, `years` their years and
    `records` maps each record to its year. Actors with no partner stay as isolated nodes; node
    attribute `records` counts the records an actor appears in.

    Parameters
    ----------
    g : rdflib.Graph
        The built graph (see `ictgraph.load`).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...   @prefix ict: <https://w3id.org/ictgraph/ontology#> . @prefix c: <https://w3id.org/ictgraph/id/country/> .
    ...   c:JP a ict:Country . c:VN a ict:Country .
    ...   <https://w3id.org/ictgraph/id/event/e1> ict:participant c:JP, c:VN ; ict:year 2019 .''')
    >>> G = build_actor_graph(g)
    >>> G.edges["country/JP", "country/VN"]["weight"], G.edges["country/JP", "country/VN"]["years"]
    (1, [2019])
    """
    actors: dict[str, set[str]] = defaultdict(set)
    years: dict[str, int | None] = {}
    for row in select_rows(g, "actor-links"):
        record = shorten(row["record"] or "")
        actors[record].add(shorten(row["actor"] or ""))
        years[record] = _year(row["year"])
    G = nx.Graph(name="actors")
    counts: dict[str, int] = defaultdict(int)
    for members in actors.values():
        for m in members:
            counts[m] += 1
    _add_described_nodes(G, g, sorted(counts))
    for key, n in counts.items():
        G.nodes[key]["records"] = n
    for record, members in sorted(actors.items()):
        for u, v in combinations(sorted(members), 2):
            _add_record_edge(G, u, v, record, years[record])
    return G


def build_country_topic_graph(g: Graph) -> nx.Graph:
    """The bipartite graph of countries (`bipartite=0`) and topics (`bipartite=1`).

    A country is linked to a topic for each record with that topic that concerns the country, directly
    or through one of its ministries or cities; `weight` counts those records (CQ09 as a graph).

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...   @prefix ict: <https://w3id.org/ictgraph/ontology#> .
    ...   <https://w3id.org/ictgraph/id/country/VN> a ict:Country .
    ...   <https://w3id.org/ictgraph/id/event/e1> ict:country <https://w3id.org/ictgraph/id/country/VN> ;
    ...       ict:topic ict:topic-5g .''')
    >>> B = build_country_topic_graph(g)
    >>> list(B.edges(data="weight"))
    [('country/VN', 'ict:topic-5g', 1)]
    """
    rows = select_rows(g, "country-topics")
    B = nx.Graph(name="topics")
    _add_described_nodes(B, g, sorted({shorten(r["country"] or "") for r in rows}), bipartite=0)
    _add_described_nodes(B, g, sorted({shorten(r["topic"] or "") for r in rows}), bipartite=1)
    for r in rows:
        _add_record_edge(B, shorten(r["country"] or ""), shorten(r["topic"] or ""), shorten(r["record"] or ""),
                         _year(r["year"]))
    return B


def project_countries(B: nx.Graph) -> nx.Graph:
    """Countries linked by the topics they share; `weight` is the number of shared topics.

    Examples
    --------
    >>> B = nx.Graph([("JP", "5g"), ("VN", "5g"), ("JP", "ai"), ("VN", "ai"), ("TH", "ai")])
    >>> nx.set_node_attributes(B, {"JP": 0, "VN": 0, "TH": 0, "5g": 1, "ai": 1}, "bipartite")
    >>> P = project_countries(B)
    >>> P.edges["JP", "VN"]["weight"], P.edges["JP", "TH"]["weight"]
    (2, 1)
    """
    countries = [n for n, side in B.nodes(data="bipartite") if side == 0]
    P = nx.bipartite.weighted_projected_graph(B, countries)
    P.graph["name"] = "countries-by-topic"
    return P


def build_org_hierarchy(g: Graph) -> nx.DiGraph:
    """The part-of tree of organisations: an edge child → parent for each `ict:partOf` (CQ06).

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/org/itu-r> "
    ...     "<https://w3id.org/ictgraph/ontology#partOf> <https://w3id.org/ictgraph/id/org/itu> .", format="nt")
    >>> list(build_org_hierarchy(g).edges)
    [('org/itu-r', 'org/itu')]
    """
    rows = select_rows(g, "org-hierarchy")
    D = nx.DiGraph(name="orgs")
    _add_described_nodes(D, g, sorted({shorten(r[k] or "") for r in rows for k in ("child", "parent")}))
    for r in rows:
        D.add_edge(shorten(r["child"] or ""), shorten(r["parent"] or ""), relation="partOf")
    return D


def build_diffusion_graph(g: Graph, standard: str = ISDB_T) -> nx.DiGraph:
    """A standard and the countries that adopted it: an edge standard → country per adopter.

    The edge carries the first adoption's `year`, `date` and `kind`, its `order` among adopters
    (1 = first) and `records` (every adoption of that country: a re-affirmation adds one). Use
    `slice_by_year` to see the diffusion at any year.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...   @prefix ict: <https://w3id.org/ictgraph/ontology#> . @prefix id: <https://w3id.org/ictgraph/id/> .
    ...   id:a1 a ict:StandardAdoption ; ict:standard <https://w3id.org/ictgraph/id/standard/isdb-t> ;
    ...       ict:adopter <https://w3id.org/ictgraph/id/country/BR> ; ict:year 2006 .''')
    >>> D = build_diffusion_graph(g)
    >>> D.edges["standard/isdb-t", "country/BR"]["year"], D.edges["standard/isdb-t", "country/BR"]["order"]
    (2006, 1)
    """
    rows = select_rows(g, "standard-adoptions", standard=str(expand(standard)))
    D = nx.DiGraph(name="diffusion")
    _add_described_nodes(D, g, [standard])
    _add_described_nodes(D, g, sorted({shorten(r["country"] or "") for r in rows}))
    for r in rows:  # ordered by year and date, so the first row of a country is its first adoption
        country = shorten(r["country"] or "")
        first = not D.has_edge(standard, country)
        _add_record_edge(D, standard, country, shorten(r["adoption"] or ""), _year(r["year"]))
        if first:
            D.edges[standard, country].update(
                year=_year(r["year"]), date=r["date"], date_text=r["dateText"],
                kind=shorten(r["kind"]).removeprefix("ict:adoptionKind-") if r["kind"] else None,
                order=D.out_degree(standard), relation="adopted")
    return D


def build_record_graph(g: Graph) -> nx.DiGraph:
    """Every record-to-record link of the graph (parties, participants, places, series, part-of, …).

    Provenance, passages, reference statements, amounts and concepts are left out: as nodes they would
    be hubs that say nothing. `relation` names the property (several joined by ', ').

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/event/e1> "
    ...     "<https://w3id.org/ictgraph/ontology#location> <https://w3id.org/ictgraph/id/city/hanoi> .", format="nt")
    >>> list(build_record_graph(g).edges(data="relation"))
    [('event/e1', 'city/hanoi', 'location')]
    """
    rows = select_rows(g, "record-links")
    D = nx.DiGraph(name="records")
    _add_described_nodes(D, g, sorted({shorten(r[k] or "") for r in rows for k in ("s", "o")}))
    for r in rows:
        u, v, rel = shorten(r["s"] or ""), shorten(r["o"] or ""), shorten(r["p"] or "").removeprefix("ict:")
        old = D.edges[u, v]["relation"] if D.has_edge(u, v) else None
        D.add_edge(u, v, relation=f"{old}, {rel}" if old else rel)
    return D


def find_node(G: nx.Graph, name: str) -> str:
    """The node of `G` that `name` designates: a key (`country/VN`), a full IRI or an exact label.

    Raises `KeyError` naming what was looked for when nothing (or more than one node) matches.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("country/VN", label_ja="ベトナム", label_en="Viet Nam")
    >>> find_node(G, "ベトナム"), find_node(G, "https://w3id.org/ictgraph/id/country/VN")
    ('country/VN', 'country/VN')
    """
    key = shorten(name)
    if key in G:
        return key
    hits = [n for n, d in G.nodes(data=True) if name in (d.get("label_ja"), d.get("label_en"))]
    if len(hits) == 1:
        return hits[0]
    reason = f"{len(hits)} nodes are labelled" if hits else "no node has the key, IRI or label"
    raise KeyError(f"{name!r}: {reason} {name!r} in the {G.graph.get('name', '')} graph")


def ego_network(G: nx.Graph, center: str, radius: int = 1) -> nx.Graph:
    """The nodes within `radius` links of `center` (edges followed both ways), as a new graph.

    Examples
    --------
    >>> sorted(ego_network(nx.path_graph(5), 2, radius=1).nodes)
    [1, 2, 3]
    """
    E = nx.ego_graph(G, center, radius=radius, undirected=True).copy()
    E.graph["name"] = f"ego:{center}"
    E.graph["center"] = center
    return E


def slice_by_year(G: nx.Graph, until: int) -> nx.Graph:
    """The graph as it stood at the end of `until`: only records of that year or before count.

    Edges built from records (`records` maps record → year) keep the records up to `until`, and their
    weight and years are recomputed; edges left with none, and records with no known year, are dropped.
    Nodes keep only if an edge remains.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("JP", "VN", records={"e1": 2018, "e2": 2020}, weight=2, years=[2018, 2020])
    >>> G.add_edge("JP", "TH", records={"e3": 2021}, weight=1, years=[2021])
    >>> S = slice_by_year(G, 2019)
    >>> list(S.edges(data="weight"))
    [('JP', 'VN', 1)]
    """
    S = G.__class__()
    S.graph.update(G.graph, until=until)
    for u, v, attrs in G.edges(data=True):
        kept = {r: y for r, y in attrs.get("records", {}).items() if y is not None and y <= until}
        if kept:
            S.add_node(u, **G.nodes[u])
            S.add_node(v, **G.nodes[v])
            S.add_edge(u, v, **{**attrs, "records": kept})
            _refresh_edge(S.edges[u, v])
    return S


def label_of(G: nx.Graph, node: str, lang: Lang = "en") -> str:
    """A node's label in `lang`, else in the other language, else its key.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("country/VN", label_ja="ベトナム")
    >>> label_of(G, "country/VN", "en")
    'ベトナム'
    """
    other = "ja" if lang == "en" else "en"
    attrs = G.nodes[node]
    return attrs.get(f"label_{lang}") or attrs.get(f"label_{other}") or str(node)


def compute_centrality(G: nx.Graph, lang: Lang = "en") -> pd.DataFrame:
    """Degree, weighted degree, betweenness and PageRank of every node, most connected first.

    Betweenness ignores weights (normalised, as networkx does by default): a weight here counts shared
    records, a closeness, and betweenness would read it as a distance. PageRank uses the weights and,
    unlike eigenvector centrality, is defined on a graph with several components.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2)
    >>> G.add_edge("b", "c", weight=1)
    >>> df = compute_centrality(G)
    >>> df[["node", "degree", "weighted_degree", "betweenness"]].values.tolist()
    [['b', 2, 3, 1.0], ['a', 1, 2, 0.0], ['c', 1, 1, 0.0]]
    """
    import pandas as pd

    pagerank = nx.pagerank(G, weight="weight") if len(G) else {}
    betweenness = nx.betweenness_centrality(G)
    df = pd.DataFrame({
        "node": list(G.nodes),
        "label": [label_of(G, n, lang) for n in G.nodes],
        "class": [G.nodes[n].get("cls", "") for n in G.nodes],
        "degree": [G.degree(n) for n in G.nodes],
        "weighted_degree": [G.degree(n, weight="weight") for n in G.nodes],
        "betweenness": [betweenness[n] for n in G.nodes],
        "pagerank": [pagerank.get(n, 0.0) for n in G.nodes],
    })
    return df.sort_values(["weighted_degree", "degree", "node"], ascending=[False, False, True],
                          ignore_index=True)


def detect_communities(G: nx.Graph, seed: int = 7, lang: Lang = "en") -> pd.DataFrame:
    """Louvain communities (weighted, fixed seed so that reruns agree), numbered from the largest.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> df = detect_communities(G)
    >>> df.groupby("community")["node"].apply(sorted).tolist()
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    import pandas as pd

    found = nx.community.louvain_communities(G.to_undirected(as_view=True), weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    rows = [(n, label_of(G, n, lang), G.nodes[n].get("cls", ""), i, len(c))
            for i, c in enumerate(ordered) for n in sorted(c, key=str)]
    return pd.DataFrame(rows, columns=["node", "label", "class", "community", "size"])


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def graph_from_table(table: pd.DataFrame, g: Graph | None = None, name: str = "query") -> nx.DiGraph:
    """A graph of a query's result: per row, the first IRI column links to each other IRI column.

    A column counts as IRI-valued when every non-empty value in it is an IRI; the edge's `relation` is
    the column name (`party`, `parent`, `topic`). With `g`, nodes get labels, class and quote.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"organisation": ["https://w3id.org/ictgraph/id/org/itu-r"], "label": ["ITU-R"],
    ...                    "parent": ["https://w3id.org/ictgraph/id/org/itu"]})
    >>> list(graph_from_table(df).edges(data="relation"))
    [('org/itu-r', 'org/itu', 'parent')]
    """
    iri_columns = [c for c in table.columns
                   if table[c].notna().any() and all(_is_iri(v) for v in table[c].dropna())]
    if not iri_columns:
        raise ValueError(f"the result of {name!r} has no column of IRIs to draw (columns: {', '.join(table.columns)})")
    keys = {shorten(v) for c in iri_columns for v in table[c].dropna()}
    D = nx.DiGraph(name=name)
    if g is None:
        D.add_nodes_from(sorted(keys))
    else:
        _add_described_nodes(D, g, sorted(keys))
    head, rest = iri_columns[0], iri_columns[1:]
    for row in table.itertuples(index=False):
        values = row._asdict()
        for col in rest:
            if _is_iri(values[head]) and _is_iri(values[col]):
                D.add_edge(shorten(values[head]), shorten(values[col]), relation=col)
    return D


VIEWS = ("actors", "topics", "countries", "orgs", "diffusion", "ego:NODE", "query:NAME")


def build_view(g: Graph, view: str, radius: int = 1, **params: str) -> nx.Graph:
    """The graph a named view shows (see `VIEWS`); `ego:` takes a key, IRI or label, `query:` a query name.

    Raises `ValueError` for an unknown view and `KeyError` for an ego centre not in the graph.

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/org/itu-r> "
    ...     "<https://w3id.org/ictgraph/ontology#partOf> <https://w3id.org/ictgraph/id/org/itu> .", format="nt")
    >>> sorted(build_view(g, "ego:org/itu").nodes)
    ['org/itu', 'org/itu-r']
    """
    kind, _, arg = view.partition(":")
    if kind == "ego" and arg:
        R = build_record_graph(g)
        return ego_network(R, find_node(R, arg), radius)
    if kind == "query" and arg:
        from ictgraph.query.binding import run_query

        table = run_query(arg, g, **params)
        if not hasattr(table, "columns"):
            raise ValueError(f"query {arg!r} is not a SELECT query: only tables can be drawn")
        return graph_from_table(table, g, name=f"query:{arg}")
    builders = {"actors": build_actor_graph, "topics": build_country_topic_graph,
                "countries": lambda gr: project_countries(build_country_topic_graph(gr)),
                "orgs": build_org_hierarchy, "diffusion": build_diffusion_graph}
    if view not in builders:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    return builders[view](g)


def tabulate_neighbours(G: nx.Graph, node: str, lang: Lang = "en") -> pd.DataFrame:
    """The neighbours of `node` with label, class, edge weight and years, strongest link first.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("JP", "VN", weight=3, years=[2018, 2020])
    >>> G.add_edge("JP", "TH", weight=1, years=[2019])
    >>> tabulate_neighbours(G, "JP")[["neighbour", "weight", "years"]].values.tolist()
    [['VN', 3, '2018, 2020'], ['TH', 1, '2019']]
    """
    import pandas as pd

    rows = [(v, label_of(G, v, lang), G.nodes[v].get("cls", ""), attrs.get("weight", 1),
             ", ".join(map(str, attrs.get("years", []))), attrs.get("relation", ""))
            for v, attrs in ((v, G.edges[node, v]) for v in nx.all_neighbors(G, node))]
    df = pd.DataFrame(rows, columns=["neighbour", "label", "class", "weight", "years", "relation"])
    return df.sort_values(["weight", "neighbour"], ascending=[False, True], ignore_index=True)


def tabulate_diffusion(D: nx.DiGraph, lang: Lang = "en") -> pd.DataFrame:
    """The adopters of a diffusion graph in order, with date, kind and the running count of adopters.

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("std", "JP", order=1, year=2003, date="2003-12", date_text=None, kind="start", years=[2003])
    >>> D.add_edge("std", "BR", order=2, year=2006, date="2006-06", date_text=None, kind="decision", years=[2006])
    >>> tabulate_diffusion(D)[["order", "country", "date", "adopters"]].values.tolist()
    [[1, 'JP', '2003-12', 1], [2, 'BR', '2006-06', 2]]
    """
    import pandas as pd

    rows = sorted(((d["order"], v, label_of(D, v, lang), d["date"], d["date_text"], d["year"], d["kind"],
                    ", ".join(map(str, d["years"]))) for _, v, d in D.edges(data=True)), key=lambda r: r[0])
    df = pd.DataFrame(rows, columns=["order", "country", "label", "date", "date_text", "year", "kind", "years"])
    df["adopters"] = range(1, len(df) + 1)
    return df
