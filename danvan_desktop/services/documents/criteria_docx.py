"""The criteria documents as editable Word files: the same parts as the PDF (criteria_pdf.py),
Times New Roman, the letterhead as a borderless two-column table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ...domain.entities import OfficeProfile
from ...domain.text import format_date_long, nfc
from ...store.db import Store
from ...store.profile import get_profile
from .criteria_content import Grid, Page
from .layout import Margins, margins_of, number_text

FONT = "Times New Roman"
CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


def _line(
    where,
    text: str,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=CENTER,
    underline: bool = False,
):
    first = where.paragraphs[0] if hasattr(where, "_tc") else None
    paragraph = (
        first
        if first is not None and len(where.paragraphs) == 1 and not first.runs
        else where.add_paragraph()
    )
    paragraph.alignment = align
    run = paragraph.add_run(nfc(text))
    run.font.name, run.font.size = FONT, Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _letterhead(doc, profile: OfficeProfile, number: str, on: dt.date) -> None:
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    for text, bold in (
        (profile.parent_body_1.upper(), False),
        (profile.parent_body_2.upper(), False),
        (profile.issuing_body.upper(), True),
        ("*", False),
        (number, False),
    ):
        if text:
            _line(left, text, bold=bold)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, underline=True)
    _line(right, format_date_long(on, profile.place), italic=True)


def _grid(doc, grid: Grid, width_mm: float) -> None:
    table = doc.add_table(rows=1, cols=len(grid.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, grid.headers, strict=True):
        _line(cell, header, 12, bold=True)
    for index, row in enumerate(grid.rows):
        cells = table.add_row().cells
        bold = index in grid.bold_rows
        if index in grid.spans:
            merged = cells[0].merge(cells[-1])
            _line(merged, row[0], 12, bold=True, align=LEFT)
            continue
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _line(cell, text, 12, bold=bold, align=CENTER if column in grid.centred else LEFT)
    # Word and LibreOffice read a fixed layout's widths from the grid and every cell.
    table.autofit = False
    for column, share in zip(table.columns, grid.shares, strict=False):
        column.width = Mm(width_mm * share)
    for row in table.rows:
        for cell, share in zip(row.cells, grid.shares, strict=False):
            cell.width = Mm(width_mm * share)


def _signature(doc, page: Page, profile: OfficeProfile, on: dt.date | None) -> None:
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    if page.evaluator is not None:
        day = dt.date.fromisoformat(page.signed_on[:10]) if page.signed_on else None
        date = (
            f"Ngày {day.day:02d} tháng {day.month} năm {day.year}"
            if day
            else "Ngày ...... tháng ...... năm ........"
        )
        _line(right, date, italic=True)
        _line(right, "NGƯỜI CHẤM", bold=True)
        _line(right, "(Ký, ghi rõ họ tên)", italic=True)
        for _ in range(3):
            _line(right, "")
        _line(right, page.evaluator, bold=True)
        return
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, underline=True, align=LEFT)
    for line in profile.recipients:
        _line(left, f"- {line}", 12, align=LEFT)
    _line(right, profile.signer_authority.upper(), bold=True)
    _line(right, profile.signer_title.upper(), bold=True)
    for _ in range(4):
        _line(right, "")
    _line(right, profile.signer_name, bold=True)


def _page(doc, page: Page, profile: OfficeProfile, width_mm: float, number: str, on: dt.date | None) -> None:
    if page.type_code:
        _letterhead(
            doc, profile, number_text(number, page.type_code, profile.doc_code), on or dt.date.today()
        )
    _line(doc, page.kind.upper(), 16, bold=True).paragraph_format.space_before = Pt(12)
    _line(doc, page.summary, bold=True)
    if page.note:
        _line(doc, page.note, italic=True)
    _line(doc, "")
    for label, value in page.lines:
        paragraph = _line(doc, f"{label}:", align=LEFT)
        run = paragraph.add_run(" " + (nfc(value) or "." * 60))
        run.font.name, run.font.size, run.bold = FONT, Pt(14), bool(value)
    for kind, value in page.blocks:
        if kind == "grid":
            _grid(doc, value, width_mm)
            _line(doc, "")
        else:
            _line(doc, value, bold=kind == "heading", align=LEFT)
    if page.evaluator is not None or page.type_code:
        _signature(doc, page, profile, on)


def write_docx(
    store: Store,
    pages: list[Page],
    path: str | Path,
    number: str = "",
    margins: Margins | None = None,
    on: dt.date | None = None,
) -> Path:
    margins = margins or margins_of(store)
    profile = get_profile(store)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    for index, page in enumerate(pages):
        section = doc.sections[0] if index == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        _page(doc, page, profile, 210 - margins.left - margins.right, number, on)
    path = Path(path)
    doc.save(str(path))
    return path
