"""Projections of the RDF graph into NetworkX: actors, country × topic, organisations, diffusion, records."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Graph

from ictgraph.analysis.nodes import Lang, add_described_nodes, describe_nodes, describe_terms, node_iri, node_key
from ictgraph.errors import ViewError
from ictgraph.query.run import select_rows
from ictgraph.resources import NETWORK_QUERIES_DIR

if TYPE_CHECKING:
    import pandas as pd

    from ictgraph.query.run import Source

__all__ = ["build_actor_graph", "build_country_topic_graph", "build_diffusion_graph", "build_org_hierarchy",
           "build_record_graph", "ego_network", "graph_from_table", "project_countries", "record_links",
           "slice_by_year"]

ISDB_T = "standard/isdb-t"


def _rows(g: Graph, name: str, **params: str) -> list[dict[str, str | None]]:
    """The rows of `queries/network/<name>.rq` on `g`."""
    return select_rows(g, NETWORK_QUERIES_DIR / f"{name}.rq", **params)


def record_links(g: Source) -> list[tuple[str, str, str]]:
    """Every record-to-record link as (subject, property, object) IRIs, sorted.

    The one definition of "a link between two records" (`queries/network/record-links.rq`), shared by
    the record graph of the views and by the network exports: an ict: property from one instance to
    another, leaving out provenance, passages, reference statements, amounts and concepts.

    Examples
    --------
    >>> g = Graph().parse(data="<https://w3id.org/ictgraph/id/event/e1> "
    ...     "<https://w3id.org/ictgraph/ontology#location> <https://w3id.org/ictgraph/id/city/hanoi> .", format="nt")
    >>> [tuple(iri.rsplit("/", 1)[-1] for iri in link) for link in record_links(g)]
    [('e1', 'ontology#location', 'hanoi')]
    """
    rows = select_rows(g, NETWORK_QUERIES_DIR / "record-links.rq")
    return [(r["s"] or "", r["p"] or "", r["o"] or "") for r in rows]


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


def _describe(G: nx.Graph, g: Graph) -> dict[str, dict[str, Any]]:
    """`describe_nodes(g)`, keeping the ontology's labels on `G` (`G.graph["terms"]`) for legends and links."""
    G.graph["terms"] = describe_terms(g)
    return describe_nodes(g)


def _keep_records(G: nx.Graph, info: dict[str, dict[str, Any]]) -> None:
    """Keep the description of each record behind an edge in `G.graph["records"]`: a page names them."""
    used = {r for _, _, records in G.edges(data="records") if records for r in records}
    G.graph["records"] = {r: info[r] for r in sorted(used) if r in info}


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
    for row in _rows(g, "actor-links"):
        record = node_key(row["record"] or "")
        actors[record].add(node_key(row["actor"] or ""))
        years[record] = _year(row["year"])
    G = nx.Graph(name="actors")
    counts: dict[str, int] = defaultdict(int)
    for members in actors.values():
        for m in members:
            counts[m] += 1
    info = _describe(G, g)
    add_described_nodes(G, info, sorted(counts))
    for key, n in counts.items():
        G.nodes[key]["records"] = n
    for record, members in sorted(actors.items()):
        for m in members:
            G.nodes[m].setdefault("years", set()).add(years[record])
        for u, v in combinations(sorted(members), 2):
            _add_record_edge(G, u, v, record, years[record])
    for _, attrs in G.nodes(data=True):
        attrs["years"] = sorted(y for y in attrs.get("years", ()) if y is not None)
    _keep_records(G, info)
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
    rows = _rows(g, "country-topics")
    B = nx.Graph(name="topics")
    info = _describe(B, g)
    add_described_nodes(B, info, sorted({node_key(r["country"] or "") for r in rows}), bipartite=0)
    add_described_nodes(B, info, sorted({node_key(r["topic"] or "") for r in rows}), bipartite=1)
    for r in rows:
        _add_record_edge(B, node_key(r["country"] or ""), node_key(r["topic"] or ""), node_key(r["record"] or ""),
                         _year(r["year"]))
    _keep_records(B, info)
    return B


def project_countries(B: nx.Graph) -> nx.Graph:
    """Countries linked by the topics they share; `weight` is the number of shared topics, `topics` lists them.

    `years` are the years of the records on those topics, of either country.

    Examples
    --------
    >>> B = nx.Graph([("JP", "5g"), ("VN", "5g"), ("JP", "ai"), ("VN", "ai"), ("TH", "ai")])
    >>> nx.set_node_attributes(B, {"JP": 0, "VN": 0, "TH": 0, "5g": 1, "ai": 1}, "bipartite")
    >>> P = project_countries(B)
    >>> P.edges["JP", "VN"]["weight"], P.edges["JP", "TH"]["weight"], P.edges["JP", "VN"]["topics"]
    (2, 1, ['5g', 'ai'])
    """
    countries = [n for n, side in B.nodes(data="bipartite") if side == 0]
    P = nx.bipartite.weighted_projected_graph(B, countries)
    P.graph.update(name="countries-by-topic", terms=B.graph.get("terms", {}))
    for u, v, attrs in P.edges(data=True):
        shared = sorted(set(B[u]) & set(B[v]))
        attrs["topics"] = shared
        attrs["years"] = sorted({y for t in shared for w in (u, v) for y in B.edges[w, t].get("years", [])})
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
    rows = _rows(g, "org-hierarchy")
    D = nx.DiGraph(name="orgs")
    info = _describe(D, g)
    add_described_nodes(D, info, sorted({node_key(r[k] or "") for r in rows for k in ("child", "parent")}))
    for r in rows:
        D.add_edge(node_key(r["child"] or ""), node_key(r["parent"] or ""), relation="partOf")
    return D


def build_diffusion_graph(g: Graph, standard: str = ISDB_T) -> nx.DiGraph:
    """A standard and the countries that adopted it: an edge standard → country per adopter.

    The edge carries the first adoption's `year`, `date` and `kind`, its `order` among adopters
    (1 = first), `relation` ("adopter") and `records` (every adoption of that country: a
    re-affirmation adds one). Use `slice_by_year` to see the diffusion at any year. `D.graph["layout"]`
    is "timeline": a page places each country at its adoption date.

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
    rows = _rows(g, "standard-adoptions", standard=str(node_iri(standard)))
    D = nx.DiGraph(name="diffusion", layout="timeline")
    info = _describe(D, g)
    add_described_nodes(D, info, [standard])
    add_described_nodes(D, info, sorted({node_key(r["country"] or "") for r in rows}))
    for r in rows:  # ordered by year and date, so the first row of a country is its first adoption
        country = node_key(r["country"] or "")
        first = not D.has_edge(standard, country)
        _add_record_edge(D, standard, country, node_key(r["adoption"] or ""), _year(r["year"]))
        if first:
            D.edges[standard, country].update(
                year=_year(r["year"]), date=r["date"], date_text=r["dateText"],
                kind=node_key(r["kind"]).removeprefix("ict:adoptionKind-") if r["kind"] else None,
                order=D.out_degree(standard), relation="adopter")
    _keep_records(D, info)
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
    links = record_links(g)
    D = nx.DiGraph(name="records")
    info = _describe(D, g)
    add_described_nodes(D, info, sorted({node_key(iri) for s, _, o in links for iri in (s, o)}))
    for s, p, o in links:
        u, v, rel = node_key(s), node_key(o), node_key(p).removeprefix("ict:")
        old = D.edges[u, v]["relation"] if D.has_edge(u, v) else None
        D.add_edge(u, v, relation=f"{old}, {rel}" if old else rel)
    return D


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


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def graph_from_table(table: pd.DataFrame, g: Graph | None = None, name: str = "query",
                     lang: Lang = "en") -> nx.DiGraph:
    """A graph of a query's result: per row, the first IRI column links to each other IRI column.

    A column counts as IRI-valued when every non-empty value in it is an IRI; the edge's `relation` is
    the column name (`party`, `parent`, `topic`). With `g`, nodes get labels, class and quote;
    without it, a node takes its label (in `lang`) from the column `<column>Label` where the table
    has one. A result with fewer than two such columns has no links to draw: `ViewError` names its columns.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"organisation": ["https://w3id.org/ictgraph/id/org/itu-r"], "label": ["ITU-R"],
    ...                    "parent": ["https://w3id.org/ictgraph/id/org/itu"]})
    >>> list(graph_from_table(df).edges(data="relation"))
    [('org/itu-r', 'org/itu', 'parent')]
    """
    if table.empty:
        raise ViewError(f"{name}: the result has no rows, so there is nothing to draw")
    iri_columns = [c for c in table.columns
                   if table[c].notna().any() and all(_is_iri(v) for v in table[c].dropna())]
    if len(iri_columns) < 2:
        found = f"only {iri_columns[0]!r} holds IRIs" if iri_columns else "no column holds IRIs"
        raise ViewError(f"{name}: cannot draw links: a graph needs two columns of IRIs and {found} "
                        f"(columns: {', '.join(map(str, table.columns)) or 'none'}); "
                        "choose a query whose rows link two records, e.g. query:cq06")
    keys = {node_key(v) for c in iri_columns for v in table[c].dropna()}
    D = nx.DiGraph(name=name)
    if g is None:
        D.add_nodes_from(sorted(keys))
        for column in iri_columns:
            if f"{column}Label" in table.columns:
                for iri, label in zip(table[column], table[f"{column}Label"], strict=True):
                    if _is_iri(iri) and isinstance(label, str):
                        D.nodes[node_key(iri)].setdefault(f"label_{lang}", label)
    else:
        add_described_nodes(D, _describe(D, g), sorted(keys))
    head, rest = iri_columns[0], iri_columns[1:]
    for row in table.itertuples(index=False):
        values = row._asdict()
        for col in rest:
            if _is_iri(values[head]) and _is_iri(values[col]):
                D.add_edge(node_key(values[head]), node_key(values[col]), relation=col)
    return D


