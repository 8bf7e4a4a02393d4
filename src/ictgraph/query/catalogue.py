"""The named SPARQL queries in `queries/`: their headers (title, question, typed parameters) and lookup."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ictgraph import resources
from ictgraph.errors import QueryError

#: Parameter types of a `# param:` header line; `search` is a string that is NFKC-normalised and
#: case-folded before binding, for queries that compare it with folded labels.
PARAM_TYPES = ("iri", "string", "search", "date", "integer", "lang")
REQUIRED = "-"  # a header default of "-" marks a parameter that has no default

_HEADER = re.compile(r"#\s*(title|question|param):\s*(.*)")


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
