"""The named SPARQL queries in `queries/`: their catalogue, safe parameter binding and execution."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ictgraph import resources

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph
    from rdflib.term import Node

    from ictgraph.query.stores.base import Store

PARAM_TYPES = ("iri", "string", "date", "integer", "lang")
REQUIRED = "-"  # a header default of "-" marks a parameter that has no default

_HEADER = re.compile(r"#\s*(title|question|param):\s*(.*)")
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# Tokens that may hold "#" or "{" without opening a comment or a group, skipped when looking for WHERE.
_SKIP = re.compile(r"<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


class QueryError(Exception):
    """A query that cannot run as asked: unknown name, bad parameter, or a syntax error with line and column."""


@dataclass(frozen=True)
class Param:
    """One `# param: name type default` header line."""

    name: str
    type: str
    default: str | None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A `.rq` file and what its header says about it."""

    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    text: str

    @property
    def id(self) -> str:
        """The short id before the first hyphen (`cq01`), accepted wherever the full name is."""
        return self.name.split("-", 1)[0]


def _blank_skipped(text: str) -> str:
    """The text with comments, IRIs and strings blanked to spaces, so that offsets stay valid."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def parse_query_file(path: Path) -> NamedQuery:
    """Read a `.rq` file's header (`# title:`, `# question:`, `# param:` lines) into a NamedQuery."""
    return parse_query_text(path.read_text(encoding="utf-8"), path)


def parse_query_text(text: str, path: Path) -> NamedQuery:
    """A NamedQuery from query text; `path` names it in errors (a header is optional)."""
    fields: dict[str, str] = {"title": "", "question": ""}
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key != "param":
            fields[key] = value
            continue
        parts = value.split(None, 3)
        if len(parts) < 3 or parts[1] not in PARAM_TYPES:
            raise QueryError(f"{path}:{lineno}: bad param header {value!r}: write `# param: name "
                             f"{'|'.join(PARAM_TYPES)} default [description]`")
        name, ptype, default = parts[:3]
        params.append(Param(name, ptype, None if default == REQUIRED else default,
                            parts[3] if len(parts) > 3 else ""))
    return NamedQuery(path.stem, path, fields["title"], fields["question"], tuple(params), text)


def list_queries(directory: Path = resources.QUERIES_DIR) -> list[NamedQuery]:
    """The catalogue: every `.rq` file directly in `queries/` (the QC checks in `qc/` are not for users)."""
    return [parse_query_file(p) for p in sorted(directory.glob("*.rq"))]


def find_query(name: str, directory: Path = resources.QUERIES_DIR) -> NamedQuery:
    """The query called `name`, or whose id is `name` (`cq01`); otherwise an error naming the nearest."""
    catalogue = list_queries(directory)
    for query in catalogue:
        if name in (query.name, query.id):
            return query
    names = [q.name for q in catalogue]
    near = difflib.get_close_matches(name, names + [q.id for q in catalogue], n=1, cutoff=0.4)
    hint = f"did you mean {near[0]!r}?" if near else "run `ictgraph queries` for the list"
    raise QueryError(f"no query named {name!r} in {directory}: {hint}")


def normalise_text(value: str) -> str:
    """NFKC then case-fold, so that full-width ＩＴＵ, ｉｔｕ and ITU all become itu.

    SPARQL has no NFKC, so search parameters are normalised here, before binding; queries compare them
    with LCASE() of labels, which suffices because the graph's labels are already NFKC-clean ASCII/kana.
    """
    return unicodedata.normalize("NFKC", value).casefold()


def to_term(param: Param, value: str, prefixes: dict[str, str]) -> URIRef | Literal:
    """The RDF term of the parameter's declared type; raises QueryError when the value does not fit it.

    Strings are normalised with `normalise_text`: the only string parameter is a search text, and the
    queries compare it with folded labels.
    """
    value = value.strip()
    fail = f"parameter {param.name!r} must be {{}}, got {value!r}"
    if param.type == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        prefix, _, local = iri.partition(":")
        if prefix in prefixes and not local.startswith("//"):
            iri = prefixes[prefix] + local
        if not _IRI.fullmatch(iri):
            raise QueryError(fail.format("an absolute IRI or a prefixed name such as id:country/VN"))
        return URIRef(iri)
    if param.type == "date":
        try:
            return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
        except ValueError:
            raise QueryError(fail.format("a date YYYY-MM-DD")) from None
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(fail.format("an integer"))
        return Literal(int(value), datatype=XSD.integer)
    if param.type == "lang":
        if not _LANG.fullmatch(value):
            raise QueryError(fail.format("a language tag such as ja or en"))
        return Literal(value.lower())
    return Literal(normalise_text(value))


def bind_query(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with every parameter placed in a VALUES block at the start of the outer WHERE.

    Values become typed RDF terms serialised by rdflib, so user text can never change the query's
    shape; the block goes on the line of `WHERE {`, so error positions still match the file.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"{query.name} has no parameter {unknown[0]!r} (its parameters: {known})")
    if not declared:
        return query.text
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(query.text)}
    terms: list[str] = []
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"{query.path}: needs --param {param.name}=<{param.type}> ({param.description})")
        terms.append(to_term(param, raw, prefixes).n3())
    where = _WHERE.search(_blank_skipped(query.text))
    if where is None:
        raise QueryError(f"{query.path}: a query with parameters needs a `WHERE {{` to bind them in")
    names = " ".join(f"?{p.name}" for p in query.params)
    block = f" VALUES ({names}) {{ ({' '.join(terms)}) }}"
    return query.text[:where.end()] + block + query.text[where.end():]


def check_syntax(text: str, source: str) -> None:
    """Raise QueryError with `source:line:column` if the text is not strict SPARQL 1.1.

    Oxigraph's parser is used for every store because it is strict (what it accepts, other SPARQL
    tools accept) and it reports the line and column, where rdflib's pyparsing errors do not.
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0]
        match = re.match(r"error at (\d+):(\d+): (.*)", first)
        where, reason = (f"{match.group(1)}:{match.group(2)}", match.group(3)) if match else ("1", first)
        reason = reason if len(reason) <= 100 else reason[:97] + "..."
        raise QueryError(f"{source}:{where}: SPARQL syntax error: {reason}") from None


def _to_python(term: Node | None) -> Any:
    """IRIs as strings; literals as Python values (date, int, Decimal, bool) where rdflib has one, else text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def _to_turtle(triples: Graph) -> str:
    """Turtle with the project's prefixes, and "x"^^xsd:string written as "x".

    RDF 1.1 makes the two the same literal, but rdflib keeps them apart and Oxigraph returns the typed
    form, so without this the same CONSTRUCT would print differently on the two stores.
    """
    from rdflib import Graph

    from ictgraph.vocab import PREFIXES

    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out.serialize(format="turtle")


def run_text(text: str, graph: Graph | Store, source: str = "<query>") -> pd.DataFrame | str | bool:
    """Run SPARQL text: a DataFrame for SELECT, Turtle text for CONSTRUCT/DESCRIBE, a bool for ASK.

    `graph` is an rdflib Graph or any store of `ictgraph.query.stores.base` (on disk, remote): both answer
    `.query(text)` with an rdflib Result.
    """
    import pandas as pd

    check_syntax(text, source)
    result = graph.query(text)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return _to_turtle(result.graph)
    columns = [str(v) for v in result.vars or []]
    rows = [[_to_python(row[i]) for i in range(len(columns))] for row in result]
    return pd.DataFrame(rows, columns=columns)


def prepare_query(name: str, lang: str = "en", **params: str) -> tuple[NamedQuery, str]:
    """Find a named query and bind its parameters; `lang` fills a declared `lang` parameter not given."""
    query = find_query(name)
    if any(p.name == "lang" for p in query.params):
        params.setdefault("lang", lang)
    return query, bind_query(query, {k: str(v) for k, v in params.items()})


def run_query(name: str, graph: Graph | None = None, lang: str = "en",
              **params: str) -> pd.DataFrame | str | bool:
    """Run a named query (`cq01` or `cq01-isdbt-adoption`) with its parameters.

    Without a graph, the built graph is loaded with the ontology, because the queries read labels of
    topics, flags and roles (which live in the ontology) and subclass links for class parameters.
    `lang` picks the label language for queries that declare a `lang` parameter.

    >>> df = run_query("cq01")
    >>> df.loc[0, "countryLabel"], df.loc[0, "date"]
    ('Japan', '2003-12')
    """
    query, text = prepare_query(name, lang, **params)
    if graph is None:
        from ictgraph.query.stores.spec import load

        graph = load(with_ontology=True)
    return run_text(text, graph, source=str(query.path))
