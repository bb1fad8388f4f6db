"""Where each line of a certificate sits and how big it prints, on A4 or A3 landscape.
Positions are measured on A4 landscape (297×210 mm) and scaled for A3 (420×297 mm), so
one layout serves both. A long line wraps (a name over two lines, the achievement over
three) at a readable size; what still does not fit is reported (``fit``), never cut."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

PAPERS = {"A4": landscape(A4), "A3": landscape(A3)}
A4_WIDTH_MM = 297.0
LEADING = 1.18  # line spacing of wrapped lines, times the font size


@dataclass(frozen=True)
class Line:
    label: str         # what the user calls it (warnings, the alignment dialog)
    top: float         # baseline of the first line, mm from the top of an A4 landscape page
    font: str          # "regular", "bold", "italic"
    size: float        # pt on A4
    min_size: float    # the smallest size still readable on A4
    max_lines: int
    width: float       # mm on A4
    right: bool = False  # in the right half (date and signature), else centred on the page
    on_form: bool = False  # printed on a blank form already (only drawn in full mode)


LINES: dict[str, Line] = {
    "authority": Line("Cơ quan khen thưởng", 26, "bold", 16, 12, 2, 237, on_form=True),
    "title": Line("Tiêu đề", 46, "bold", 40, 28, 1, 237, on_form=True),
    "to": Line("Chữ “Tặng”", 60, "italic", 18, 16, 1, 237, on_form=True),
    "name": Line("Tên người, tập thể", 72, "bold", 28, 20, 2, 237),
    "position": Line("Chức vụ, đơn vị", 92, "italic", 16, 12, 2, 237),
    "achievement": Line("Thành tích", 108, "regular", 17, 13, 3, 237),
    "decision": Line("Quyết định, số sổ", 134, "regular", 13, 11, 1, 237),
    "date": Line("Địa danh, ngày tháng", 146, "italic", 14, 11, 1, 110, right=True),
    "signer_authority": Line("Thẩm quyền ký (T/M…)", 154, "bold", 14, 11, 1, 110, right=True),
    "signer_title": Line("Chức vụ người ký", 161, "bold", 14, 11, 1, 110, right=True),
    "signer_name": Line("Họ tên người ký", 186, "bold", 15, 12, 1, 110, right=True),
}
RIGHT_CENTRE = 0.72  # the date and signature column's centre, as a share of the page width


def scale_of(paper: str) -> float:
    return PAPERS[paper][0] / (A4_WIDTH_MM * mm)


def anchor(line: str, paper: str, offset: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """The point (pt, from the bottom-left corner) a line is centred on: its first baseline."""
    width, height = PAPERS[paper]
    spec = LINES[line]
    x = width * (RIGHT_CENTRE if spec.right else 0.5)
    y = height - spec.top * scale_of(paper) * mm
    return x + offset[0] * mm, y - offset[1] * mm


def _lines(words: list[str], widths: list[float], space: float, limit: float) -> list[str]:
    """Words into lines no wider than ``limit``, given each word's width (a line's width
    is the sum of its words' and spaces' widths: reportlab applies no kerning)."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word, width in zip(words, widths, strict=True):
        extra = width + (space if current else 0.0)
        if current and used + extra > limit:
            lines.append(" ".join(current))
            current, used = [word], width
        else:
            current.append(word)
            used += extra
    return [*lines, " ".join(current)] if current else lines


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words = text.split()
    return _lines(words, [stringWidth(w, font, size) for w in words], stringWidth(" ", font, size),
                  width)


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]
    fits: bool


@lru_cache(maxsize=65536)
def _unit_width(word: str, font: str) -> float:
    return stringWidth(word, font, 1)


@lru_cache(maxsize=4096)  # the signer's lines and a round's achievement repeat on every page
def fit(text: str, line: str, font: str, paper: str) -> Fitted:
    """The size and lines a text prints with: one line at the full size or slightly
    smaller, else wrapped over the line's allowed lines down to its smallest readable
    size. ``fits`` is False when even that is not enough (the caller warns)."""
    spec, scale = LINES[line], scale_of(paper)
    width = spec.width * scale * mm
    top, bottom = spec.size * scale, spec.min_size * scale
    if not text:
        return Fitted(top, (), True)
    # Widths at 1 pt, measured once: at any size they scale with it.
    words = text.split()
    if not words:
        return Fitted(top, (), True)
    units = [_unit_width(w, font) for w in words]
    space = _unit_width(" ", font)
    widest = max(units)
    one_line_floor = max(bottom, top * 0.86)
    for allowed, floor in ((1, one_line_floor), (spec.max_lines, bottom)):
        size = top
        while size >= floor - 1e-6:
            lines = _lines(words, [u * size for u in units], space * size, width)
            if len(lines) <= allowed and widest * size <= width:
                return Fitted(size, tuple(lines), True)
            size -= 0.5
    return Fitted(bottom, tuple(_lines(words, [u * bottom for u in units], space * bottom, width)), False)
