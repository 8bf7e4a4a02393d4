"""A record's neighbourhood as a static SVG laid out at build time: it prints and needs no script."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from ictgraph.publish.site.palette import GROUP_COLOURS, MUTED, TEXT

WIDTH = 760
ROW = 34
TOP = 30
MAX_ROWS = 12  # per side; the lists on the page hold the rest
FONT = 12


@dataclass(frozen=True)
class Neighbour:
    """One record next to the centre: the relation (as a label), its label, colour group and page."""

    relation: str
    label: str
    group: str
    href: str


def text_width(text: str) -> float:
    """The width of `text` in ems: wide (CJK) characters count 1, others about 0.56.

    Examples
    --------
    >>> text_width("ITU"), text_width("総務省")
    (1.68, 3.0)
    """
    return round(sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text), 2)


def clip(text: str, ems: float) -> str:
    """`text` cut to fit `ems` wide, with an ellipsis where it was cut.

    Examples
    --------
    >>> clip("Ministry of Internal Affairs and Communications", 10)
    'Ministry of Inte…'
    """
    if text_width(text) <= ems:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…") > ems:
            break
        out += ch
    return out.rstrip() + "…"


def _side(items: list[Neighbour], x_node: float, anchor: str, centre: tuple[float, float], ems: float,
          more: str) -> list[str]:
    parts = []
    cx, cy = centre
    text_x = x_node - 12 if anchor == "end" else x_node + 12
    for i, n in enumerate(items[:MAX_ROWS]):
        y = TOP + i * ROW + ROW / 2
        strong = GROUP_COLOURS.get(n.group, GROUP_COLOURS["other"])[0]
        parts.append(f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x_node:.0f}" y2="{y:.0f}" stroke="{strong}" '
                     f'stroke-opacity="0.45"/>')
        parts.append(
            f'<a href="{escape(n.href)}"><title>{escape(n.relation)}: {escape(n.label)}</title>'
            f'<circle cx="{x_node:.0f}" cy="{y:.0f}" r="7" fill="{strong}"/>'
            f'<text x="{text_x:.0f}" y="{y - 4:.0f}" text-anchor="{anchor}" font-size="10" fill="{MUTED}">'
            f'{escape(clip(n.relation, ems * 1.2))}</text>'
            f'<text x="{text_x:.0f}" y="{y + 10:.0f}" text-anchor="{anchor}" font-size="{FONT}" fill="{TEXT}">'
            f'{escape(clip(n.label, ems))}</text></a>')
    if len(items) > MAX_ROWS:
        y = TOP + MAX_ROWS * ROW + 14
        parts.append(f'<text x="{text_x:.0f}" y="{y:.0f}" text-anchor="{anchor}" font-size="11" fill="{MUTED}">'
                     f'{escape(more.format(n=len(items) - MAX_ROWS))}</text>')
    return parts


def neighbourhood_svg(centre_label: str, centre_group: str, incoming: list[Neighbour], outgoing: list[Neighbour],
                      *, title: str, heads: tuple[str, str], more: str) -> str:
    """Records pointing here on the left, records this one points to on the right, the record between.

    With neighbours on one side only, the record moves to the empty side so that labels get the room.
    `heads` names the two columns; `more` is a format string with {n} for the neighbours not drawn.
    """
    rows = max(min(len(incoming), MAX_ROWS) + (len(incoming) > MAX_ROWS),
               min(len(outgoing), MAX_ROWS) + (len(outgoing) > MAX_ROWS), 1)
    height = TOP + rows * ROW + 16
    cx: float
    if incoming and not outgoing:
        cx, left, right = WIDTH - 110, WIDTH - 290, WIDTH
    elif outgoing and not incoming:
        cx, left, right = 110, 0, 290
    else:
        cx, left, right = WIDTH / 2, 205, 555
    cy = TOP + (rows * ROW) / 2
    # Room for a label between the node and the picture's edge, in ems of the label font.
    ems_left, ems_right = (left - 22) / FONT, (WIDTH - right - 22) / FONT
    strong = GROUP_COLOURS.get(centre_group, GROUP_COLOURS["other"])[0]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" class="neighbourhood" '
        f'role="group" aria-label="{escape(title)}" font-family="inherit">',
        *([f'<text x="{left - 12:.0f}" y="16" text-anchor="end" font-size="11" fill="{MUTED}">'
           f'{escape(heads[0])}</text>'] if incoming else []),
        *([f'<text x="{right + 12:.0f}" y="16" font-size="11" fill="{MUTED}">{escape(heads[1])}</text>']
          if outgoing else []),
        *_side(incoming, left, "end", (cx, cy), ems_left, more),
        *_side(outgoing, right, "start", (cx, cy), ems_right, more),
        f'<rect x="{cx - 100:.0f}" y="{cy - 18:.0f}" width="200" height="36" rx="6" fill="#FFFFFF" '
        f'stroke="{strong}" stroke-width="2.5"/>',
        f'<text x="{cx:.0f}" y="{cy + 5:.0f}" text-anchor="middle" font-size="13" font-weight="bold" fill="{TEXT}">'
        f'{escape(clip(centre_label, 14))}</text>',
        "</svg>",
    ]
    return "\n".join(parts)
