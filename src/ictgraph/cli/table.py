"""A query answer as a person reads it in a terminal: labels first, IRIs compact, fitted to the width.

The table fits the terminal (120 columns when the output is not one): columns of names and values
come first and columns of IRIs last, IRIs are written with the project's prefixes (`id:country/BR`),
and when the natural widths do not fit, the widest text columns are cut with an ellipsis — never
below their heading — until they do. An IRI is never cut (half an IRI names nothing): columns that
still do not fit are left out from the right, IRI columns first, and the table says so. Widths are
counted in terminal cells (`wcwidth`), so Japanese text, two cells a character, lines up. Control
characters in the data are never written to the terminal.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

from ictgraph.query.results import Iri, Table
from ictgraph.vocab import shorten

#: Width of the table when the output is not a terminal.
DEFAULT_WIDTH = 120
GAP = "  "
ELLIPSIS = "…"
#: No column is cut below this many cells (or its heading, if that is wider).
MIN_CELLS = 6
#: While text columns would be cut narrower than this, IRI columns that a label column stands for
#: (`country` beside `countryLabel`) are left out to make room.
COMFORTABLE = 24
#: Numbers at least this large are written with thousands separators (years stay 2019).
GROUPED_FROM = 100_000
#: Unicode categories replaced on output: controls (newlines and tabs become spaces), line and
#: paragraph separators; and format, surrogate, private and unassigned characters, which a terminal
#: may act on (bidirectional overrides) or cannot show.
_AS_SPACE = {"Cc", "Zl", "Zp"}
_AS_REPLACEMENT = {"Cf", "Cs", "Co", "Cn"}


def clean(text: str) -> str:
    """Text safe for a terminal, on one line.

    >>> clean("a\\nb\\x1b[31mc\\u202e")
    'a b [31mc�'
    """
    def safe(ch: str) -> str:
        category = unicodedata.category(ch)
        return " " if category in _AS_SPACE else "\ufffd" if category in _AS_REPLACEMENT else ch

    return "".join(map(safe, text))


def shown(value: Any) -> str:
    """A cell as the table shows it.

    >>> shown(Iri("https://w3id.org/ictgraph/id/country/BR")), shown(Decimal("79200000000")), shown(2019)
    ('id:country/BR', '79,200,000,000', '2019')
    """
    if value is None:
        return ""
    if isinstance(value, Iri):
        return clean(shorten(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal) and Decimal(value).is_finite() and abs(Decimal(value)) >= GROUPED_FROM:
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(str(value))


#: Code points whose width every Unicode version agrees on, and the cells each takes: printable ASCII,
#: CJK punctuation (without its combining marks), kana, CJK ideographs, full-width forms; and the
#: narrow signs the section's text uses besides (accented Latin letters, dashes and the ellipsis,
#: arrows, circled digits, bullets and shapes short of the two emoji squares at U+25FD and U+25FE).
KNOWN_WIDTHS = ((0x20, 0x7E, 1), (0x3000, 0x3029, 2), (0x3030, 0x303E, 2), (0x3041, 0x3096, 2), (0x30A0, 0x30FF, 2),
                 (0x4E00, 0x9FFF, 2), (0xFF01, 0xFF60, 2), (0xA1, 0xFF, 1), (0x2010, 0x2027, 1), (0x2030, 0x205E, 1),
                 (0x2190, 0x21FF, 1), (0x2460, 0x24FF, 1), (0x2500, 0x25FC, 1))


def char_cells(ch: str) -> int:
    """How many terminal cells one character takes, as `wcwidth` counts it (0 for one it cannot show).

    English and Japanese text is counted here; anything else asks `wcwidth`, imported only then (it
    costs a cold `ictgraph query` about 13 ms).
    """
    code = ord(ch)
    for low, high, cells in KNOWN_WIDTHS:
        if low <= code <= high:
            return cells
    from wcwidth import wcwidth

    return max(wcwidth(ch), 0)


def cells_wide(text: str) -> int:
    """How many terminal cells `text` takes (clean text only: no control characters).

    >>> cells_wide("ブラジル"), cells_wide("Brazil")
    (8, 6)
    """
    return len(text) if text.isascii() and text.isprintable() else sum(map(char_cells, text))


def cut(text: str, width: int) -> str:
    """`text` cut to `width` cells, ending in an ellipsis if anything was cut.

    >>> cut("日本で地上デジタル放送", 9), cut("Japan", 9)
    ('日本で地…', 'Japan')
    """
    if cells_wide(text) <= width:
        return text
    taken, used = [], 0
    for ch in text:
        w = char_cells(ch)
        if used + w > width - 1:
            break
        taken.append(ch)
        used += w
    return "".join(taken) + ELLIPSIS


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - cells_wide(text))
    return space + text if right else text + space


def _is_iri_column(table: Table, i: int) -> bool:
    values = [row[i] for row in table.rows if row[i] is not None]
    return bool(values) and all(isinstance(v, Iri) for v in values)


def _is_number_column(table: Table, i: int) -> bool:
    return all(isinstance(row[i], int | float | Decimal) and not isinstance(row[i], bool)
               for row in table.rows if row[i] is not None)


def reader_order(table: Table) -> list[int]:
    """Column positions with columns of IRIs moved after the others (each group in query order)."""
    iri_columns = [i for i in range(len(table.columns)) if _is_iri_column(table, i)]
    return [i for i in range(len(table.columns)) if i not in iri_columns] + iri_columns


def _fit(natural: list[int], minimum: list[int], budget: int) -> int | None:
    """The largest cap on column widths with which the columns fit `budget` (None: not even at their minimums)."""
    def total(cap: int) -> int:
        return sum(min(n, max(m, cap)) for n, m in zip(natural, minimum, strict=True))

    if total(0) > budget:
        return None
    low, high = 0, max(natural, default=0)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if total(mid) <= budget else (low, mid - 1)
    return low


def _leave_out_order(headers: list[str], iri: list[bool]) -> list[int]:
    """Which columns go first when the table is too wide: IRI columns that a label column stands for
    (`country` beside `countryLabel`), then the other IRI columns, then the rest, each from the right."""
    named = [c for c in range(len(headers)) if iri[c] and f"{headers[c]}Label" in headers]
    other_iris = [c for c in range(len(headers)) if iri[c] and c not in named]
    rest = [c for c in range(len(headers)) if not iri[c]]
    return named[::-1] + other_iris[::-1] + rest[::-1]


def render_table(table: Table, width: int = DEFAULT_WIDTH, wide: bool = False) -> str:
    """The table as text: a heading line, a rule, one line per row, and a line saying what it holds.

    With `wide`, nothing is cut or left out (the lines are as long as the data).
    """
    if not table.rows:
        return "(no rows)\n"
    columns = reader_order(table)
    headers = [table.columns[i] for i in columns]
    rows = [[shown(row[i]) for i in columns] for row in table.rows]
    iri = [_is_iri_column(table, i) for i in columns]
    right = [_is_number_column(table, i) for i in columns]
    natural = [max([cells_wide(h)] + [cells_wide(r[c]) for r in rows]) for c, h in enumerate(headers)]
    # IRIs and numbers are never cut: half of one names nothing, or the wrong amount.
    minimum = [n if iri[c] or right[c] else min(n, max(cells_wide(headers[c]), MIN_CELLS))
               for c, n in enumerate(natural)]
    kept = list(range(len(headers)))
    if not wide:
        droppable = _leave_out_order(headers, iri)
        comfortable = len([c for c in droppable if iri[c] and f"{headers[c]}Label" in headers])
        while True:
            budget = width - len(GAP) * (len(kept) - 1)
            cap = _fit([natural[c] for c in kept], [minimum[c] for c in kept], budget)
            fits = sum(natural[c] for c in kept) <= budget
            if fits or (cap is not None and (cap >= COMFORTABLE or not comfortable)) or len(kept) == 1:
                break
            kept.remove(droppable.pop(0))
            comfortable = max(comfortable - 1, 0)
    widths = {c: natural[c] if wide or cap is None else min(natural[c], max(minimum[c], cap)) for c in kept}
    lines = [GAP.join(_pad(headers[c], widths[c], right[c]) for c in kept).rstrip(),
             GAP.join("-" * widths[c] for c in kept)]
    lines += [GAP.join(_pad(cut(row[c], widths[c]), widths[c], right[c]) for c in kept).rstrip() for row in rows]
    notes = [f"{len(rows)} row{'s' if len(rows) != 1 else ''}"]
    if any(widths[c] < natural[c] for c in kept):
        notes.append("long cells cut (…)")
    left_out = [headers[c] for c in range(len(headers)) if c not in kept]
    if left_out:
        notes.append(f"{len(left_out)} column{'s' if len(left_out) > 1 else ''} left out ({', '.join(left_out)})")
    if len(notes) > 1:
        notes.append("--wide shows everything")
    return "\n".join(lines) + "\n\n" + "; ".join(notes) + "\n"
