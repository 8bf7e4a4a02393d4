"""Reading a built explorer site the way a link checker does: every page parsed, every link resolved."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Tags whose URL the browser loads by itself (a request), as opposed to a link a person may follow.
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
           ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


@dataclass
class Page:
    """What one HTML file holds: its ids, links (tag, attribute, URL) and highlighted segments."""

    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    segments: list[dict[str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open_segment: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        for attr in ("href", "src", "data"):
            if attr in a:
                self.page.links.append((tag, attr, a[attr]))
        if tag == "a" and "seg" in a.get("class", "").split():
            self.open_segment = {"href": a.get("href", ""), "q": a.get("data-q", ""), "r": a.get("data-r", ""),
                                 "title": a.get("title", ""), "text": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_segment is not None:
            self.page.segments.append(self.open_segment)
            self.open_segment = None

    def handle_data(self, data: str) -> None:
        if self.open_segment is not None:
            self.open_segment["text"] += data


def parse_page(path: Path) -> Page:
    page = Page(path)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def parse_site(root: Path) -> dict[Path, Page]:
    return {p: parse_page(p) for p in sorted(root.rglob("*.html"))}


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def resolve(page: Path, url: str) -> tuple[Path, str]:
    """The file and fragment a relative link from `page` points at."""
    parts = urlsplit(url)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    return target, unquote(parts.fragment)


def broken_links(pages: dict[Path, Page]) -> list[str]:
    """Every internal link whose file is missing, or whose fragment names no id in its page."""
    resolved = {p.resolve(): page for p, page in pages.items()}
    broken = []
    for path, page in pages.items():
        for tag, attr, url in page.links:
            if is_external(url) or url.startswith("data:"):
                continue
            target, fragment = resolve(path, url)
            if not target.exists():
                broken.append(f"{path}: <{tag} {attr}={url}>: no file {target}")
            elif fragment and target.suffix == ".html" and fragment not in resolved[target].ids:
                broken.append(f"{path}: <{tag} {attr}={url}>: no id {fragment!r} in {target.name}")
    return broken


def clicks_from(pages: dict[Path, Page], start: Path) -> dict[Path, int]:
    """The fewest clicks from `start` to each page, following its internal <a> links (BFS)."""
    resolved = {p.resolve(): page for p, page in pages.items()}
    depth = {start.resolve(): 0}
    queue = deque([start.resolve()])
    while queue:
        here = queue.popleft()
        for tag, _, url in resolved[here].links:
            if tag != "a" or is_external(url):
                continue
            target, _ = resolve(here, url)
            if target in resolved and target not in depth:
                depth[target] = depth[here] + 1
                queue.append(target)
    return depth
