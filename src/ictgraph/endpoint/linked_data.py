"""The graph's IRIs on the server: each names a thing, and 303 See Other leads to a document about it.

A browser is sent to the thing's page in the explorer, an RDF client to its triples in the format it
asks for (Turtle, N-Triples, JSON-LD, RDF/XML). Everything comes from the explorer site the server
built: the site's Turtle file of an IRI is the one description of it, on the server and on a static
host alike.

The data's IRIs are under the project's namespace (https://w3id.org/ictgraph/); the server answers
for `public`, the base its paths are reached under. When the two differ (a server reached at its own
address, not through the w3id redirect), the documents it sends speak of the IRIs it answers for:
every IRI under the namespace is rewritten under `public`, so that an RDF client that follows a link
stays on this server. SPARQL answers are the data as built.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ictgraph.endpoint.formats import GRAPH_TYPES, preferred
from ictgraph.vocab import BASE, PREFIXES

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: The RDF media types a document can be had in, Turtle first (what a client with no preference gets),
#: with the file extension of each: ttl, nt, jsonld, rdf.
RDF_FORMATS: dict[str, ox.RdfFormat] = {getattr(ox.RdfFormat, name).file_extension: getattr(ox.RdfFormat, name)
                                        for media, name in GRAPH_TYPES.items() if media != "text/plain"}
RDF_FILES = {ext: fmt.media_type for ext, fmt in RDF_FORMATS.items()}
RDF_TYPES = {media: ext for ext, media in RDF_FILES.items()}
LANGS = ("en", "ja")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def wants(accept: str | None, html: bool = True) -> str | None:
    """"html", an RDF file extension (ttl, nt, jsonld, rdf) or None (nothing offered is acceptable).

    A client that names no type gets Turtle: browsers always ask for text/html by name.

    >>> wants("text/html,application/xhtml+xml,*/*;q=0.8"), wants(None), wants("application/ld+json")
    ('html', 'ttl', 'jsonld')
    >>> wants("text/html", html=False), wants("application/rdf+xml;q=0.5, text/turtle;q=0.4")
    (None, 'rdf')
    """
    offered = [*RDF_TYPES, *(HTML_TYPES if html else ())]
    choice = preferred(accept, offered)
    if choice is None:
        return None
    return "html" if choice in HTML_TYPES else RDF_TYPES[choice]


def language(accept_language: str | None, default: str) -> str:
    """The explorer's language a browser prefers (Accept-Language), `default` when it names neither.

    >>> language("ja,en-US;q=0.9,en;q=0.8", "en"), language("fr, en;q=0.5", "ja"), language(None, "ja")
    ('ja', 'en', 'ja')
    """
    best, best_q = default, 0.0
    for item in (accept_language or "").split(","):
        tag, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.lower().split("-")[0]
        if primary in LANGS and q > best_q:
            best, best_q = primary, q
    return best


def safe_key(path: str) -> str | None:
    """The path under id/ as a key, or None if it could name something outside the site.

    >>> safe_key("country/BR"), safe_key("passage/1.1.u.pi.A.p1"), safe_key("../etc/passwd"), safe_key("a//b")
    ('country/BR', 'passage/1.1.u.pi.A.p1', None, None)
    """
    parts = path.split("/")
    if not path or len(path) > 512 or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        return None
    return path


@dataclass(frozen=True)
class Found:
    """What an IRI under id/ is: the key of the file that describes it, and the page that shows it."""

    owner: str  # the key whose id/{owner}.ttl holds the IRI's triples (a record for its quotations)
    page: str  # the explorer page, from the site's root, without the language (id/country/BR.html)


class LinkedData:
    """IRIs to documents, over one built explorer site; documents rewritten to the public base if needed."""

    def __init__(self, site: Path, public: str, data: str = BASE, cache_bytes: int = 64 << 20) -> None:
        self.site = site
        self.public = public
        self.data = data
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached = 0
        self._lock = threading.Lock()
        self.dataset_nodes = {t.subject.value for t in self._triples(site / "downloads" / "void.ttl")
                              if isinstance(t.subject, ox.NamedNode)}

    @property
    def rebased(self) -> bool:
        return self.public != self.data

    def public_iri(self, iri: str) -> str:
        """The IRI as this server answers for it."""
        return self.public + iri[len(self.data):] if iri.startswith(self.data) else iri

    # -- what an IRI is ------------------------------------------------------------------------

    def find(self, key: str) -> Found | None:
        """The file and page of `id/{key}`: a record, a passage, the source, or a node inside a record.

        A node inside a record (a quotation, an amount, a reference statement) is described in its
        record's file, so the longest key with a file is read and must hold the IRI as a subject.
        """
        parts = key.split("/")
        for end in range(len(parts), 0, -1):
            owner = "/".join(parts[:end])
            turtle = self.site / "id" / f"{owner}.ttl"
            if turtle.is_file():
                if end < len(parts) and f"{self.data}id/{key}" not in self._subjects(owner):
                    return None
                return Found(owner, self._page(owner))
        return None

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one instance per server, kept for its life
    def _subjects(self, owner: str) -> frozenset[str]:
        return frozenset(t.subject.value for t in self._triples(self.site / "id" / f"{owner}.ttl")
                         if isinstance(t.subject, ox.NamedNode))

    def _page(self, owner: str) -> str:
        if (self.site / "en" / "id" / f"{owner}.html").is_file():
            return f"id/{owner}.html"
        if owner.startswith("passage/"):
            return f"text.html#{owner.removeprefix('passage/')}"
        return "index.html"  # the source document: the home page names it and its terms

    # -- documents -----------------------------------------------------------------------------

    def document(self, rel: str, ext: str) -> bytes | None:
        """The RDF file `rel` (from the site's root, without extension) in format `ext`, or None if none.

        Read from the site's Turtle; converted (and rewritten to the public base) on first request
        and kept in a bounded cache.
        """
        turtle = self.site / f"{rel}.ttl"
        if not turtle.is_file() or ext not in RDF_FILES:
            return None
        on_disk = self.site / f"{rel}.{ext}"
        if not self.rebased and on_disk.is_file():
            return on_disk.read_bytes()
        with self._lock:
            if (rel, ext) in self._cache:
                self._cache.move_to_end((rel, ext))
                return self._cache[(rel, ext)]
        body = self._convert(turtle, ext)
        with self._lock:
            if (rel, ext) not in self._cache:
                self._cache[(rel, ext)] = body
                self._cached += len(body)
            while self._cached > self._cache_bytes and len(self._cache) > 1:
                self._cached -= len(self._cache.popitem(last=False)[1])
        return body

    def _convert(self, turtle: Path, ext: str) -> bytes:
        triples = self._triples(turtle)
        if self.rebased:
            triples = [self._rebase(t) for t in triples]
        fmt = RDF_FORMATS[ext]
        prefixes = {p: self.public_iri(str(ns)) for p, ns in PREFIXES.items() if p != "id"}
        return ox.serialize(triples, format=fmt, prefixes=None if ext in ("nt", "jsonld") else prefixes) or b""

    def _rebase(self, triple: ox.Triple) -> ox.Triple:
        """The triple with the data's namespace replaced by the public base: in IRIs, and in plain
        strings that are IRIs (void:uriSpace); blank nodes and other literals as they are."""
        s, o = triple.subject, triple.object
        subject = self._iri(s) if isinstance(s, ox.NamedNode) else s
        if isinstance(o, ox.NamedNode):
            o = self._iri(o)
        elif isinstance(o, ox.Literal) and o.language is None and o.datatype.value == XSD_STRING \
                and o.value.startswith(self.data):
            o = ox.Literal(self.public_iri(o.value))
        return ox.Triple(subject, self._iri(triple.predicate), o)

    def _iri(self, node: ox.NamedNode) -> ox.NamedNode:
        return ox.NamedNode(self.public_iri(node.value)) if node.value.startswith(self.data) else node

    @staticmethod
    def _triples(path: Path) -> list[ox.Triple]:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))

    def not_found_page(self, lang: str, root: str) -> bytes:
        """The explorer's 404 page, made to work at any address by a <base> pointing at its own place."""
        page = (self.site / lang / "404.html").read_bytes()
        return page.replace(b"<head>\n", f'<head>\n<base href="{root}/{lang}/404.html">\n'.encode(), 1)
