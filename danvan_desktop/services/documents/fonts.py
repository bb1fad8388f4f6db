"""The document font: Times New Roman where the machine has it, otherwise the bundled
Liberation Serif (metric-compatible, full Vietnamese coverage, SIL OFL; licence beside it)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...paths import resources_dir

FAMILY = "DocSerif"
_STYLES = ("regular", "bold", "italic", "bold_italic")
_TIMES = {"regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
          "bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
          "italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
          "bold_italic": ("timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf",
                          "Times New Roman Bold Italic.ttf")}
_LIBERATION = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
               "italic": "LiberationSerif-Italic.ttf", "bold_italic": "LiberationSerif-BoldItalic.ttf"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    source: str  # "Times New Roman" or "Liberation Serif"


def _system_font_dirs() -> list[Path]:
    if sys.platform == "win32":
        return [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    return [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/usr/share/fonts/TTF"),
            Path.home() / ".fonts", Path("/usr/share/fonts/truetype")]


def _find_times() -> dict[str, Path] | None:
    found: dict[str, Path] = {}
    for style, names in _TIMES.items():
        for folder in _system_font_dirs():
            hit = next((folder / n for n in names if (folder / n).is_file()), None)
            if hit:
                found[style] = hit
                break
    return found if len(found) == len(_STYLES) else None


_registered: Fonts | None = None


def _load(names: dict[str, str], files: dict[str, Path], strict: bool = False) -> list[TTFont] | None:
    """All four styles read, or None when one cannot be (a damaged or locked file)."""
    try:
        return [TTFont(names[style], str(files[style])) for style in _STYLES]
    except Exception:  # reportlab raises TTFError, OSError, struct errors… on a bad file
        if strict:
            raise
        return None


def register_fonts(prefer_system: bool = True) -> Fonts:
    """Register the family once with reportlab and return its font names."""
    global _registered
    if _registered is not None:
        return _registered
    names = {s: f"{FAMILY}-{s}" for s in _STYLES}
    times = _find_times() if prefer_system else None
    loaded = _load(names, times) if times else None  # an unreadable Times file: the bundled font
    source = "Times New Roman"
    if loaded is None:
        folder = resources_dir() / "fonts"
        loaded = _load(names, {s: folder / n for s, n in _LIBERATION.items()}, strict=True)
        source = "Liberation Serif"
    for font in loaded:
        pdfmetrics.registerFont(font)
    addMapping(FAMILY, 0, 0, names["regular"])
    addMapping(FAMILY, 1, 0, names["bold"])
    addMapping(FAMILY, 0, 1, names["italic"])
    addMapping(FAMILY, 1, 1, names["bold_italic"])
    _registered = Fonts(names["regular"], names["bold"], names["italic"], names["bold_italic"], source)
    return _registered
