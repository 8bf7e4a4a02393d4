"""Japanese in matplotlib plots: find Noto Sans CJK even when matplotlib's font cache predates it.

matplotlib lists the system's fonts once and keeps the list in a cache file (`fontlist-v*.json` in
its cache folder); a font installed afterwards (`make system-deps` after a first plot) stays unknown,
and Japanese labels come out as empty boxes with a "Glyph … missing" warning. Here the font files
that fontconfig knows for Japanese are added to matplotlib's list (and the cache is rewritten), and a
font that is truly missing is named with the command that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from collections.abc import Iterable
from pathlib import Path

JAPANESE_FONT = "Noto Sans CJK JP"
INSTALL_HINT = "install the Debian package fonts-noto-cjk (`make system-deps` as root)"


def _known(family: str) -> bool:
    from matplotlib import font_manager

    return any(f.name == family for f in font_manager.fontManager.ttflist)


def font_files(family: str = JAPANESE_FONT) -> list[Path]:
    """The files of a font family as fontconfig lists them for Japanese (`fc-list "FAMILY:lang=ja" file`).

    Without fontconfig, the files matplotlib finds in the system font folders whose family name is
    `family`. Empty when the font is not installed.
    """
    fc_list = shutil.which("fc-list")
    if fc_list:
        done = subprocess.run([fc_list, f"{family}:lang=ja", "--format", "%{file}\n"], capture_output=True,
                              text=True, check=False, timeout=60)
        return sorted({Path(line) for line in done.stdout.splitlines() if line.strip()})
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    found = []
    for name in font_manager.findSystemFonts():
        try:
            if FT2Font(name).family_name == family:
                found.append(Path(name))
        except (OSError, RuntimeError):  # a file matplotlib cannot read is not the font looked for
            continue
    return sorted(found)


def _refresh_cache(files: Iterable[Path]) -> None:
    """Add font files to matplotlib's font list and rewrite its cache, so that later sessions know them."""
    import matplotlib as mpl
    from matplotlib import font_manager

    for path in files:
        font_manager.fontManager.addfont(str(path))
    cache = Path(mpl.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
    # matplotlib logs (and otherwise ignores) a cache folder it cannot write: this session knows the font anyway.
    font_manager.json_dump(font_manager.fontManager, cache)


def use_japanese_font(family: str = JAPANESE_FONT) -> str | None:
    """Make matplotlib draw Japanese with Noto Sans CJK (Debian's fonts-noto-cjk); the family in use, or None.

    When the font is installed but matplotlib's cache does not list it, its files are added (and the
    cache rewritten). When it is not installed: a warning that says how to install it, and the
    default font stays, so that plots still appear (with empty boxes for Japanese).
    """
    import matplotlib as mpl

    if not _known(family):
        _refresh_cache(font_files(family))
    if _known(family):
        # Through the generic family, so that matplotlib does not warn about each absent fallback font.
        sans = [name for name in mpl.rcParams["font.sans-serif"] if name != family]
        mpl.rcParams["font.sans-serif"] = [family, *sans]
        mpl.rcParams["font.family"] = "sans-serif"
        return family
    warnings.warn(f"font {family!r} not found: Japanese labels will not render; {INSTALL_HINT}", stacklevel=2)
    return None


def missing_glyphs(text: str, family: str | None = None) -> list[str]:
    """The characters of `text` that the font matplotlib would use for `family` cannot draw.

    `family` defaults to the current sans-serif choice. A non-empty answer means empty boxes in a plot.

    Examples
    --------
    >>> missing_glyphs("ISDB-T")
    []
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=[family or "sans-serif"]))
    charmap = FT2Font(path).get_charmap()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in charmap})
