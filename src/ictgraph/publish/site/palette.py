"""The explorer's colours, in one place so that the stylesheet and the contrast test read the same values."""

from __future__ import annotations

# Group -> (strong colour for graph nodes and underlines, light background for highlighted text).
# Strong colours follow Okabe–Ito (distinguishable with the common colour-vision deficiencies);
# text on the light backgrounds is TEXT, checked for WCAG AA contrast in the tests.
GROUP_COLOURS: dict[str, tuple[str, str]] = {
    "places": ("#0072B2", "#D7EAF7"),
    "organisations": ("#007A5A", "#D3F0E5"),
    "events": ("#B86E00", "#FCE8C4"),
    "agreements": ("#A8427D", "#F5DCEA"),
    "projects": ("#C24E00", "#FADBC8"),
    "people": ("#2C7FB8", "#DCEEFA"),
    "standards": ("#7050A8", "#E6DDF3"),
    "documents": ("#7A7A20", "#EFEFD2"),
    "other": ("#666666", "#E8E8E8"),
}

TEXT = "#1A1A1A"
MUTED = "#555555"
BACKGROUND = "#FFFFFF"
SURFACE = "#F4F5F7"  # panels, table headers
LINK = "#0B57A4"
LINK_VISITED = "#6B3FA0"
FOCUS = "#B35900"  # the focus ring: visible against white and against every highlight
EXCLUDED = "#5C4B00"  # underline and label of mentions left out on review
MISSING = "#B00020"
BADGE = {"planned": ("#6B4E00", "#FFF2C2"), "postponed": ("#8A1F11", "#FDE2DD"), "suspended": ("#5B3A8C", "#EEE6F8"),
         "proposed": ("#0B4F6C", "#DDF0F7"), "reference": ("#3F3F3F", "#ECECEC")}

# Pairs of (foreground, background) that the pages put text in; the test checks each is >= 4.5:1.
TEXT_PAIRS: list[tuple[str, str]] = [
    (TEXT, BACKGROUND), (MUTED, BACKGROUND), (LINK, BACKGROUND), (LINK_VISITED, BACKGROUND), (TEXT, SURFACE),
    (MUTED, SURFACE), (LINK, SURFACE), (EXCLUDED, BACKGROUND), (MISSING, BACKGROUND),
    *((TEXT, light) for _, light in GROUP_COLOURS.values()),
    *((fg, bg) for fg, bg in BADGE.values()),
]
# Non-text marks (graph nodes, underlines, the focus ring) need 3:1 against the page (WCAG 1.4.11).
GRAPHIC_PAIRS: list[tuple[str, str]] = [
    *((strong, BACKGROUND) for strong, _ in GROUP_COLOURS.values()), (FOCUS, BACKGROUND),
    *((FOCUS, light) for _, light in GROUP_COLOURS.values()),
]


def css_variables() -> str:
    """The palette as CSS custom properties, written at the top of the stylesheet."""
    lines = [f"  --text: {TEXT};", f"  --muted: {MUTED};", f"  --bg: {BACKGROUND};", f"  --surface: {SURFACE};",
             f"  --link: {LINK};", f"  --link-visited: {LINK_VISITED};", f"  --focus: {FOCUS};",
             f"  --excluded: {EXCLUDED};", f"  --missing: {MISSING};"]
    for group, (strong, light) in GROUP_COLOURS.items():
        lines += [f"  --{group}: {strong};", f"  --{group}-bg: {light};"]
    for name, (fg, bg) in BADGE.items():
        lines += [f"  --badge-{name}: {fg};", f"  --badge-{name}-bg: {bg};"]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio between two colours.

    Examples
    --------
    >>> round(contrast("#000000", "#FFFFFF"), 1)
    21.0
    """
    hi, lo = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
