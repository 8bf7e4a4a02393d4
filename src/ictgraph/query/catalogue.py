"""The named SPARQL queries in `queries/`: their headers (title, question, typed parameters) and lookup."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ictgraph import resources
from ictgraph.errors import QueryError
from ictgraph.vocab import NAMESPACES

#: Parameter types of a `# param:` header line; `search` is a string that is NFKC-normalised and
#: case-folded before binding, for queries that compare it with folded labels. In place of `iri` a
#: header may name the class the IRI must be an instance of (`ict:Country`): the value may then also
#: be given as a key or a label of such an instance (see `ictgraph.query.resolve`).
PARAM_TYPES = ("iri", "string", "search", "date", "integer", "lang")
#: Types whose values have an order, so that a `# range: start end` header can compare them.
ORDERED_TYPES = ("date", "integer")
REQUIRED = "-"  # a header default of "-" marks a parameter that has no default
#: The longest query text read (the endpoint's limit too): real queries are a few KiB.
MAX_QUERY_BYTES = 256 * 1024

_HEADER = re.compile(r"#\s*(title|question|title@ja|question@ja|param|range):\s*(.*)")
_NUMBERED = re.compile(r"([a-z]+)0*(\d+)")


@dataclass(frozen=True)
class Param:
    """One `# param: name type default [description]` header line.

    `cls` is the prefixed name of the class an `iri` parameter's value must belong to, when the
    header names one in place of the type (`# param: country ict:Country id:country/VN …`).
    """

    name: str
    type: str
    default: str | None
    description: str = ""
    cls: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A `.rq` file and what its header says about it.

    `ranges` holds the pairs of a `# range: low high` header line: the value of `low` must not be
    above the value of `high` (a date range whose start is after its end asks for nothing).
    """

    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    text: str
    ranges: tuple[tuple[str, str], ...] = ()
    title_ja: str = ""
    question_ja: str = ""

    def title_in(self, lang: str) -> str:
        """The title in `lang` where the header gives one (`# title@ja:`), else the English title."""
        return self.title_ja if lang == "ja" and self.title_ja else self.title

    def question_in(self, lang: str) -> str:
        """The question in `lang` where the header gives one (`# question@ja:`), else the English one."""
        return self.question_ja if lang == "ja" and self.question_ja else self.question

    def question_lang(self, lang: str) -> str:
        """The language `question_in(lang)` is written in (for a page's `lang` attribute)."""
        return "ja" if lang == "ja" and self.question_ja else "en"

    @property
    def id(self) -> str:
        """The short id before the first hyphen (`cq01`), accepted wherever the full name is."""
        return self.name.split("-", 1)[0]


def parse_query_file(path: Path) -> NamedQuery:
    """Read a `.rq` file's header (`# title:`, `# question:`, their Japanese `# title@ja:` and
    `# question@ja:`, `# param:`, `# range:` lines) into a NamedQuery."""
    return parse_query_text(decode_query(path.read_bytes(), str(path)), path)


_PARSED: dict[Path, tuple[tuple[int, int, int], NamedQuery]] = {}
_LISTED: dict[Path, tuple[int, dict[str, Path]]] = {}


def _query_files(directory: Path) -> dict[str, Path]:
    """The `.rq` files of a folder by the two names each answers to (its name and its id, case-folded;
    an id shared by two files means the first in sorted order); listed again when the folder changes (a
    file added, removed or renamed changes its modification time)."""
    changed = os.stat(directory).st_mtime_ns
    known = _LISTED.get(directory)
    if known is None or known[0] != changed:
        named: dict[str, Path] = {}
        for f in sorted(f for f in os.listdir(directory) if f.endswith(".rq")):
            stem = f.removesuffix(".rq").casefold()
            named.setdefault(stem, directory / f)
            named.setdefault(stem.split("-", 1)[0], directory / f)
        known = (changed, named)
        _LISTED[directory] = known
    return known[1]


def _parsed_file(path: Path) -> NamedQuery:
    """`parse_query_file`, remembered until the file changes (a named query run in a loop reads it once)."""
    st = os.stat(path)
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    known = _PARSED.get(path)
    if known is None or known[0] != key:
        known = (key, parse_query_file(path))
        _PARSED[path] = known
    return known[1]


def decode_query(data: bytes, source: str) -> str:
    """The text of a query file: UTF-8 (a byte-order mark is dropped); anything else is one line saying what it is.

    >>> decode_query(b"\\xef\\xbb\\xbfASK {}", "q.rq")
    'ASK {}'
    >>> decode_query("SELECT * { ?s ?p 'café' }".encode("latin-1"), "q.rq")
    Traceback (most recent call last):
    ictgraph.errors.QueryError: q.rq is not UTF-8 text (byte 0xe9 on line 1): save it as UTF-8
    """
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"{source} is {len(data) // 1024} KiB: a query is read up to {MAX_QUERY_BYTES // 1024} KiB")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise QueryError(f"{source} is UTF-16 text: save it as UTF-8")
    if b"\x00" in data:
        raise QueryError(f"{source} is a binary file, not a SPARQL query (it holds NUL bytes)")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise QueryError(f"{source} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): "
                         "save it as UTF-8") from None


def _param(value: str, where: str) -> Param:
    """One `# param:` line's value: `name type-or-class default [description]`."""
    parts = value.split(None, 3)
    kind = parts[1] if len(parts) > 1 else ""
    prefix, colon, _ = kind.partition(":")
    if len(parts) < 3 or not (kind in PARAM_TYPES or (colon and prefix in NAMESPACES)):
        raise QueryError(f"{where}: bad param header {value!r}: write `# param: name "
                         f"{'|'.join(PARAM_TYPES)}|CLASS default [description]` (CLASS a prefixed name "
                         "such as ict:Country)")
    name, _, default = parts[:3]
    return Param(name, "iri" if colon else kind, None if default == REQUIRED else default,
                 parts[3] if len(parts) > 3 else "", kind if colon else None)


def parse_query_text(text: str, path: Path) -> NamedQuery:
    """A NamedQuery from query text; `path` names it in errors (a header is optional)."""
    fields: dict[str, str] = {"title": "", "question": "", "title@ja": "", "question@ja": ""}
    params: list[Param] = []
    ranges: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append(_param(value, f"{path}:{lineno}"))
        elif key == "range":
            ranges.append(_range(value, params, f"{path}:{lineno}"))
        else:
            fields[key] = value
    return NamedQuery(path.stem, path, fields["title"], fields["question"], tuple(params), text, tuple(ranges),
                      fields["title@ja"], fields["question@ja"])


def _range(value: str, params: list[Param], where: str) -> tuple[str, str]:
    """A `# range: low high` line, naming two parameters of one ordered type declared above it."""
    names = value.split()
    types = {p.name: p.type for p in params}
    if len(names) != 2 or any(types.get(n) not in ORDERED_TYPES for n in names) or len({types[n] for n in names}) > 1:
        raise QueryError(f"{where}: bad range header {value!r}: write `# range: low high` after the `# param:` "
                         f"lines of two parameters of one type ({' or '.join(ORDERED_TYPES)})")
    return names[0], names[1]


def list_queries(directory: Path = resources.QUERIES_DIR) -> list[NamedQuery]:
    """The catalogue: every `.rq` file directly in `queries/` (the QC checks in `qc/` are not for users)."""
    return [parse_query_file(p) for p in sorted(directory.glob("*.rq"))]


def find_query(name: str, directory: Path = resources.QUERIES_DIR) -> NamedQuery:
    """The query called `name`, or whose id is `name` (`cq01`, `CQ01`); otherwise an error naming the nearest."""
    wanted = name.strip().casefold()
    path = _query_files(directory).get(wanted)  # by file name: only the query asked for is read
    if path is not None:
        return _parsed_file(path)
    catalogue = list_queries(directory)
    near = suggest_queries(name, catalogue)
    hint = f"did you mean {_either(near)}? " if near else ""
    raise QueryError(f"no query named {name!r}: {hint}(`ictgraph queries` lists them all)")


def _either(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _folded(text: str) -> str:
    """Letters and digits only, NFKC-normalised and case-folded: `ISDB-T` and `ｉｓｄｂｔ` are both `isdbt`."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def suggest_queries(name: str, catalogue: list[NamedQuery]) -> list[str]:
    """The queries a mistyped name most likely meant, best first.

    In order of preference: ids with the same number (`cq1` → `cq01`) or starting with the name
    (`cq1` → `cq10` … `cq18`); queries whose name, title or question mention it (`isdbt` → the two
    ISDB-T queries); else the names closest in spelling.

    >>> from ictgraph.query.catalogue import list_queries
    >>> queries = list_queries()
    >>> suggest_queries("cq1", queries)[:3], suggest_queries("isdbt", queries)
    (['cq01', 'cq10', 'cq11'], ['cq01-isdbt-adoption', 'cq02-isdbt-cooperation-memoranda'])
    """
    wanted = name.strip().casefold()
    if not wanted:
        return []
    numbered = _NUMBERED.fullmatch(wanted)
    by_id = [q.id for q in catalogue if q.id.casefold().startswith(wanted) or (
        numbered and (m := _NUMBERED.fullmatch(q.id.casefold())) and m.groups() == numbered.groups())]
    if by_id:
        return sorted(set(by_id))
    word = _folded(name)
    if word:
        mentioned = [q.name for q in catalogue if word in _folded(f"{q.name} {q.title} {q.question}")]
        if mentioned:
            return mentioned
    names = [q.name for q in catalogue] + [q.id for q in catalogue if q.id != q.name]
    return difflib.get_close_matches(name, names, n=3, cutoff=0.6)
