"""The explorer site `ictgraph serve` serves, built once per distinct input into a cache folder.

Building the whole site takes about 6 s of CPU; rendering pages on request would instead keep the
explorer's view of the graph in the server (a second in-memory store and every label, about 1.5 s
to load) and still need the whole reading view and search index at start. So the server builds the
site with the library's own builder, keyed by a hash of everything the pages are made from (the
graph, its description, the ontology, the corpus, the facts, the audit's exclusions, the queries,
the program itself and the options): a restart with the same inputs finds it ready and starts at
once, and an edit anywhere gives a new site. The cache keeps the last few sites it built.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from ictgraph import resources
from ictgraph.errors import IctgraphError
from ictgraph.publish.site.build import MARKER, SiteError, build_site

#: How many built sites the cache keeps (about 25 MB each): the current one and a few before it.
KEEP = 3
#: The address of the SPARQL query page that the explorer's menu links to, from the site's root.
SPARQL_PAGE = "sparql"
_PACKAGE = Path(__file__).resolve().parents[2]  # the ictgraph package


class ExplorerError(IctgraphError):
    """The explorer cannot be built or found; str() is the one line the user reads."""


def default_cache() -> Path:
    """Where the server keeps its sites: $XDG_CACHE_HOME/ictgraph/explorer, else ~/.cache/ictgraph/explorer."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "ictgraph" / "explorer"


def site_key(graph: Path, ontology: Path, lang: str) -> str:
    """A digest of every input of the site, so that a cached site is reused only if it would be rebuilt the same.

    >>> len(site_key(resources.GRAPH_TTL, resources.ONTOLOGY, "en"))
    20
    """
    digest = hashlib.sha256(f"lang={lang} sparql={SPARQL_PAGE}\n".encode())
    folders = (resources.CORPUS_DIR, resources.FACTS_DIR, resources.QUERIES_DIR, resources.EXCLUSIONS.parent,
               resources.LINKING_TABLE.parent, _PACKAGE)
    for path in (graph, graph.parent / "void.ttl", ontology, *_files(folders)):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _files(folders: Iterable[Path]) -> list[Path]:
    found = []
    for folder in folders:
        found += sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return found


def ensure_site(cache: Path, graph: Path, ontology: Path, lang: str,
                progress: Callable[[str], None] | None = None) -> Path:
    """The folder of the site for these inputs: found in `cache`, or built there now (atomically).

    Only folders this program wrote (they hold the site builder's marker file) are ever replaced or
    removed; the cache keeps the KEEP most recently used.
    """
    for path, what in ((graph, "graph"), (graph.parent / "void.ttl", "dataset description"), (ontology, "ontology")):
        if not path.is_file():
            raise ExplorerError(f"{path}: no {what} there: run `ictgraph build` first")
    site = cache / f"site-{site_key(graph, ontology, lang)}"
    if (site / MARKER).is_file():
        os.utime(site)  # most recently used: the last to be pruned
        return site
    if progress:
        progress(f"building the explorer into {site} (once for this graph; a few seconds)")
    try:
        build_site(site, lang=lang, graph=graph, ontology=ontology, sparql=SPARQL_PAGE)
    except SiteError as exc:
        raise ExplorerError(str(exc)) from None
    except OSError as exc:
        raise ExplorerError(f"cannot write the explorer into {cache}: {exc.strerror or exc}; "
                            "choose another folder with --site-cache") from None
    _prune(cache)
    return site


def _prune(cache: Path) -> None:
    """Remove all but the KEEP most recently used sites this program built; never anything else."""
    ours = [p for p in cache.glob("site-*") if p.is_dir() and (p / MARKER).is_file()]
    for old in sorted(ours, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
