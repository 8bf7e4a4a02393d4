"""Normalise the PDF-extracted source text and cut it into passages with stable ids."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ictgraph import resources

# ア-level headings become romaji in passage ids; （ア）-level ones get a "p" (parenthesised) prefix,
# so that 「ア」 and 「（ア）」 at different depths can never give the same id segment.
KANA_ROMAJI = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
}
_KANA = "".join(KANA_ROMAJI)

# Heading patterns, most specific first. Leading ASCII spaces occur where a page break fell.
_SECTION = re.compile(r"^第(\d+)節\s*(.+)$")
_PART = re.compile(r"^ ?([12]) (\S.*)$")
_SUBSECTION = re.compile(r"^([12])\t\s*(\S.*)$")
_KANA_HEAD = re.compile(rf"^([{_KANA}])\u3000(\S.*)$")
_PAREN_HEAD = re.compile(rf"^ ?（([{_KANA}])）\u3000?(\S.*)$")
_LETTER_HEAD = re.compile(r"^([A-Z])\u3000(\S.*)$")
_BULLET_HEAD = re.compile(r"^●(\S.*)$")
_FIGURE_HEAD = re.compile(r"^図表(\d+(?:-\d+)+)\s+(\S.*)$")
_FOOTNOTE = re.compile(r"^＊(\d+)\t\s*(.*)$")
_FIGURE_ENTRY = re.compile(r"^（\d{4}年\d{1,2}月(?:方式決定|開始|方式再表明)）$")
_FOOTNOTE_MARK = re.compile(r"＊(\d+)")
# A space between two non-ASCII characters: the mark of a letter-spaced line.
_SPACED = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
_SPACED_MIN = 6


@dataclass(frozen=True)
class Heading:
    """One heading of the section's hierarchy, with the id segment it contributes."""

    level: int  # 0 section, 1 part, 2 subsection, 3 ア, 4 （ア）, 5 A or ●
    label: str  # as printed: 「1」, 「ア」, 「（ア）」, 「A」, 「●」
    title: str
    segment: str
    line: int


@dataclass
class Passage:
    """A paragraph, heading, footnote or figure of the source, addressable by a stable id."""

    id: str
    kind: str  # paragraph | heading | footnote | figure
    text: str
    headings: tuple[Heading, ...]
    line: int  # first line in the source file (1-based)
    order: int = 0
    footnotes: list[str] = field(default_factory=list)

    @property
    def part(self) -> int:
        """The part of the section (1 or 2) the passage belongs to; 0 for the section title."""
        return next((int(h.label) for h in self.headings if h.level == 1), 0)

    @property
    def heading_path(self) -> str:
        """The headings above the passage, as a reader sees them."""
        return " > ".join(f"{h.label} {h.title}".strip() for h in self.headings)


@dataclass(frozen=True)
class Corpus:
    """The segmented source: passages in reading order, looked up by id."""

    source: Path
    sha256: str
    passages: tuple[Passage, ...]

    def __getitem__(self, passage_id: str) -> Passage:
        return self._index()[passage_id]

    def __contains__(self, passage_id: object) -> bool:
        return passage_id in self._index()

    def _index(self) -> dict[str, Passage]:
        # Built lazily and cached on the frozen instance: look-ups happen once per quote.
        cached = self.__dict__.get("_by_id")
        if cached is None:
            cached = {p.id: p for p in self.passages}
            object.__setattr__(self, "_by_id", cached)
        return cached

    def text(self) -> str:
        """The whole normalised text, one passage per block, for scanning (the audit)."""
        return "\n\n".join(p.text for p in self.passages)

    def closest(self, passage_id: str, n: int = 3) -> list[str]:
        """The passage ids most like `passage_id`, best first: what an author probably meant.

        Examples
        --------
        >>> load_corpus().closest("1.1.u.pa.D.p9")
        ['1.1.u.pa.D.p2', '1.1.u.pa.D.p1', '1.1.u.pa.D.h']
        """
        return difflib.get_close_matches(passage_id, self._index(), n=n, cutoff=0.5)


def undo_letter_spacing(line: str) -> str:
    """Remove the spaces of a letter-spaced line (「最 高 意 思 決 定」) and leave other lines alone.

    Ordinary lines keep their single spaces between Japanese words (「河野 宇博氏」), so only a line
    with many such spaces is treated as letter-spaced.

    Examples
    --------
    >>> undo_letter_spacing("ITU－Dに お け る 最 高 意 思 決 定 会 議 と し て は、4年 に1度")
    'ITU－Dにおける最高意思決定会議としては、4年に1度'
    >>> undo_letter_spacing("SG4（衛星業務）の副議長に河野 宇博氏")
    'SG4（衛星業務）の副議長に河野 宇博氏'
    """
    if len(_SPACED.findall(line)) < _SPACED_MIN:
        return line
    return _SPACED.sub("", line)


def _match_heading(line: str, lineno: int) -> Heading | None:
    if m := _SECTION.match(line):
        return Heading(0, f"第{m[1]}節", m[2], "", lineno)
    if m := _SUBSECTION.match(line):
        return Heading(2, m[1], m[2], m[1], lineno)
    if m := _PART.match(line):
        return Heading(1, m[1], m[2], m[1], lineno)
    if m := _KANA_HEAD.match(line):
        return Heading(3, m[1], m[2], KANA_ROMAJI[m[1]], lineno)
    if m := _PAREN_HEAD.match(line):
        return Heading(4, f"（{m[1]}）", m[2].lstrip("\u3000 "), "p" + KANA_ROMAJI[m[1]], lineno)
    if m := _LETTER_HEAD.match(line):
        return Heading(5, m[1], m[2], m[1], lineno)
    if m := _BULLET_HEAD.match(line):
        return Heading(5, "●", m[1], "b", lineno)
    return None


class _Segmenter:
    """Walks the lines once, keeping the heading stack and the open paragraph or footnote."""

    def __init__(self) -> None:
        self.stack: list[Heading] = []
        self.passages: list[Passage] = []
        self.counters: dict[str, int] = {}
        self.para: list[str] = []
        self.para_line = 0
        self.footnote: tuple[str, int, list[str]] | None = None
        self.figure: tuple[str, str, int, list[str]] | None = None

    # -- ids -------------------------------------------------------------------------------
    def _path(self) -> str:
        return ".".join(h.segment for h in self.stack if h.segment)

    def _next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def _add(self, pid: str, kind: str, text: str, line: int) -> None:
        self.passages.append(Passage(pid, kind, text, tuple(self.stack), line))

    # -- blocks ----------------------------------------------------------------------------
    def close_paragraph(self) -> None:
        if self.para:
            path = self._path()
            n = self._next(f"{path}#p")
            pid = f"{path}.p{n}" if path else f"p{n}"
            self._add(pid, "paragraph", "".join(self.para).strip(), self.para_line)
            self.para = []

    def close_footnote(self) -> None:
        if self.footnote:
            num, line, parts = self.footnote
            # Tabs separate words in footnote lines (「ITU:\tInternational」): read them as spaces.
            body = "".join(parts).strip().replace("\t", " ")
            self.passages.append(Passage(f"fn{num}", "footnote", body, (), line))
            self.footnote = None

    def close_figure(self) -> None:
        if not self.figure:
            return
        number, title, line, lines = self.figure
        entries: list[str] = []
        centre: list[str] = []
        for i, text in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _FIGURE_ENTRY.match(text):
                entries[-1] += text
            elif _FIGURE_ENTRY.match(nxt):
                entries.append(text)
            else:
                centre.append(text)
        body = "\n".join([f"図表{number} {title}", *centre, *entries])
        self._add(f"{self._path()}.fig{number}", "figure", body, line)
        self.figure = None

    def heading(self, h: Heading) -> None:
        self.close_paragraph()
        self.close_figure()
        self.stack = [s for s in self.stack if s.level < h.level]
        if h.segment == "b":
            parent = self._path()
            h = Heading(h.level, h.label, h.title, f"b{self._next(parent + '#b')}", h.line)
        self.stack.append(h)
        path = self._path()
        self._add(f"{path}.h" if path else "title", "heading", f"{h.label}　{h.title}", h.line)

    def text(self, line: str, lineno: int) -> None:
        body = line.lstrip(" ")
        if self.para and not self.para[-1].rstrip().endswith("。"):
            self.para.append(body)
            return
        self.close_paragraph()
        self.para = [body]
        self.para_line = lineno

    def feed(self, raw: str, lineno: int) -> None:
        line = undo_letter_spacing(raw.rstrip("\n"))
        if not line.strip():
            return
        if self.footnote:
            _, _, parts = self.footnote
            continues = not line[0].isspace() and not _FOOTNOTE.match(line)
            if continues and not "".join(parts).rstrip().endswith("。"):
                parts.append(line)
                return
            self.close_footnote()
        if m := _FOOTNOTE.match(line):
            self.footnote = (m[1], lineno, [m[2]])
            return
        if m := _FIGURE_HEAD.match(line):
            self.close_paragraph()
            self.figure = (m[1], m[2], lineno, [])
            return
        if h := _match_heading(line, lineno):
            self.heading(h)
            return
        if self.figure:
            self.figure[3].append(line.strip())
            return
        self.text(line, lineno)

    def finish(self) -> list[Passage]:
        self.close_footnote()
        self.close_paragraph()
        self.close_figure()
        return self.passages


def _attach_footnotes(passages: list[Passage]) -> list[Passage]:
    """Attach each footnote to the passage whose ＊N marker it explains, and move it after it.

    In the PDF a footnote stands where a page ended, often in the middle of another paragraph;
    a reader expects it next to its marker, under the same headings.
    """
    by_id = {p.id: p for p in passages}
    ordered: list[Passage] = []
    for p in passages:
        if p.kind == "footnote":
            continue
        ordered.append(p)
        p.footnotes = [f"fn{n}" for n in _FOOTNOTE_MARK.findall(p.text) if f"fn{n}" in by_id]
        for fid in p.footnotes:
            by_id[fid].headings = p.headings
            ordered.append(by_id[fid])
    orphans = [p.id for p in passages if p.kind == "footnote" and p not in ordered]
    if orphans:
        raise ValueError(f"footnotes without a marker in the text: {', '.join(orphans)}")
    return ordered


def segment_text(text: str) -> list[Passage]:
    """Cut normalised source text into passages in reading order.

    Examples
    --------
    >>> ps = segment_text("1 部\\n\\n1\\t 節\\nICT分\\n\\n野の話。\\nD　タイ\\n\\nタイについては、")
    >>> for p in ps:
    ...     print(p.id, p.text)
    1.h 1　部
    1.1.h 1　節
    1.1.p1 ICT分野の話。
    1.1.D.h D　タイ
    1.1.D.p1 タイについては、
    """
    seg = _Segmenter()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        seg.feed(raw, lineno)
    passages = _attach_footnotes(seg.finish())
    for order, p in enumerate(passages, start=1):
        p.order = order
    return passages


def load_corpus(source: Path | None = None) -> Corpus:
    """Read and segment the white paper section; the ids are unique by construction, checked here."""
    source = source or resources.CORPUS_DIR / "wp2020-ch6-sec8.txt"
    raw = source.read_bytes()
    passages = segment_text(raw.decode("utf-8"))
    seen: set[str] = set()
    for p in passages:
        if p.id in seen:
            raise ValueError(f"{source}:{p.line}: passage id {p.id!r} is not unique")
        seen.add(p.id)
    return Corpus(source, hashlib.sha256(raw).hexdigest(), tuple(passages))


def iter_passage(corpus: Corpus, passage_id: str) -> Iterator[str]:
    """Lines of `ictgraph passage ID`: where the passage stands, its normalised text (the text a
    quote is copied from) and its footnotes; the caller checks that the id exists."""
    p = corpus[passage_id]
    yield f"{p.id} [{p.kind}] {p.heading_path}"
    yield ""
    yield p.text
    for fid in p.footnotes:
        yield ""
        yield f"{fid} [footnote] {corpus[fid].text}"


def iter_outline(corpus: Corpus, width: int = 40) -> Iterator[str]:
    """Lines of the outline printed by `ictgraph corpus`: headings indented, passages under them."""
    for p in corpus.passages:
        depth = len(p.headings)
        if p.kind == "heading":
            yield f"{'  ' * (depth - 1)}{p.id:<24} {p.text}"
        else:
            snippet = p.text.replace("\n", " / ")
            snippet = snippet if len(snippet) <= width else snippet[: width - 1] + "…"
            yield f"{'  ' * depth}{p.id:<24} [{p.kind}] {snippet}"
