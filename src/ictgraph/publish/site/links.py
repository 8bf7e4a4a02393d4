"""Where each page lives in the site, and relative links between pages (so file:// and any base path work)."""

from __future__ import annotations

import pyoxigraph as ox

from ictgraph.publish.site.data import LANGS

#: The RDF formats of the ontology and the dataset description in downloads/.
DOWNLOAD_RDF = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML)
#: The formats of the per-IRI files under id/ (one file per IRI and format adds up: two keep the site
#: small; `ictgraph serve` converts the Turtle to the others on request).
ID_RDF = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD)


def record_path(lang: str, key: str) -> str:
    """A record's page: the path of its IRI under the language (`en/id/country/BR.html`)."""
    return f"{lang}/id/{key}.html"


def rdf_path(key: str, ext: str) -> str:
    """A record's triples, shared by both languages, at the path of its IRI (`id/country/BR.ttl`)."""
    return f"id/{key}.{ext}"


class Links:
    """Relative links from one page to any other, so that the site works from any folder or base path.

    Examples
    --------
    >>> links = Links("en/id/country/BR.html", "en")
    >>> links.record("country/VN"), links.to("assets/site.css"), links.switch()
    ('../../../en/id/country/VN.html', '../../../assets/site.css', '../../../ja/id/country/BR.html')
    """

    def __init__(self, page: str, lang: str) -> None:
        self.page = page
        self.lang = lang
        # Every link climbs to the site's root and down again: one string join per link, and the
        # same relative structure in both language trees.
        self.up = "../" * page.count("/")

    def to(self, target: str) -> str:
        """A link from this page to a path from the site's root."""
        return self.up + target

    def local(self, target: str) -> str:
        """A link to a path inside this page's language tree."""
        return self.to(f"{self.lang}/{target}")

    def record(self, key: str) -> str:
        return self.to(record_path(self.lang, key))

    def text(self, anchor: str = "") -> str:
        return self.local("text.html") + (f"#{anchor}" if anchor else "")

    def term(self, local: str) -> str:
        return self.local("ontology.html") + f"#{local}"

    def sparql(self, address: str) -> str:
        """The SPARQL query page: an absolute URL as given, else a path from the site's root."""
        return address if "://" in address else self.to(address)

    def topic(self, notation: str) -> str:
        return self.local(f"topic/{notation}.html")

    def switch(self) -> str:
        """The same page in the other language (the structures are identical)."""
        other = next(lang for lang in LANGS if lang != self.lang)
        return self.to(other + self.page[len(self.lang):])

    def root(self) -> str:
        """The site's root folder, relative to this page (for scripts that build links)."""
        return self.up.rstrip("/") or "."
