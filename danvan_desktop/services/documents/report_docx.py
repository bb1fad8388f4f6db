"""The period report as an editable Word file (offices polish reports in Word before
signing): the same content as the PDF, Times New Roman 14, the letterhead as a
borderless two-column table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ...domain.periods import Period
from ...domain.text import format_date_long, nfc
from ...store.db import Store
from ...store.profile import get_profile
from .layout import Margins, number_text
from .letterhead_state import QUOC_HIEU, TIEU_NGU, state_number
from .report_content import build_content

FONT = "Times New Roman"


def _line(cell_or_doc, text: str, size: float = 14, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, underline: bool = False):
    # A new table cell already holds one empty paragraph: write into it first.
    first = cell_or_doc.paragraphs[0] if hasattr(cell_or_doc, "_tc") else None
    if first is not None and len(cell_or_doc.paragraphs) == 1 and not first.runs:
        paragraph = first
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(nfc(text))
    run.font.name, run.font.size = FONT, Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def build_report_docx(store: Store, period: Period, path: str | Path, commune_id: int | None = None,
                      margins: Margins | None = None, on: dt.date | None = None) -> Path:
    margins = margins or Margins()
    content = build_content(store, period, commune_id)
    profile = get_profile(store)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    state = profile.letterhead == "nha_nuoc"  # NĐ 30/2020 for bodies outside the Party
    number = (state_number(content.number, "BC", profile.doc_code) if state
              else number_text(content.number, "BC", profile.doc_code))
    for text, bold in ((profile.parent_body_1.upper(), False), (profile.parent_body_2.upper(), False),
                       (profile.issuing_body.upper(), True), ("" if state else "*", False),
                       (number, False)):
        if text:
            _line(left, text, bold=bold)
    if state:
        _line(right, QUOC_HIEU, 13, bold=True)
        _line(right, TIEU_NGU, 14, bold=True, underline=True)
    else:
        _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, underline=True)
    _line(right, format_date_long(on or dt.date.today(), profile.place), italic=True)

    _line(doc, "BÁO CÁO", 16, bold=True).paragraph_format.space_before = Pt(12)
    _line(doc, content.summary, bold=True)
    doc.add_heading("I. KẾT QUẢ THỰC HIỆN", level=2)
    for text in content.overview:
        _line(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for table in content.tables:
        _line(doc, table.title, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        grid = doc.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
            _line(cell, header, 12, bold=True)
        for row in table.rows:
            cells = grid.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                side = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.RIGHT
                _line(cell, value, 12, align=side)
    doc.add_heading("II. MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU", level=2)
    for n, text in enumerate(content.notable, 1):
        _line(doc, f"{n}. {text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for title, text in (("III. HẠN CHẾ", content.limitations),
                        ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", content.directions)):
        doc.add_heading(title, level=2)
        for paragraph in (text or "").split("\n"):
            if paragraph.strip():
                _line(doc, paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    sign = doc.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    _line(recipients, "Nơi nhận:", 12, bold=True, italic=True, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in profile.recipients:
        _line(recipients, f"- {line}", 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(signer, profile.signer_authority.upper(), bold=True)
    _line(signer, profile.signer_title.upper(), bold=True)
    for _ in range(4):
        _line(signer, "")
    _line(signer, profile.signer_name, bold=True)
    for heading in doc.paragraphs:
        if heading.style.name.startswith("Heading"):
            for run in heading.runs:
                run.font.name, run.font.size = FONT, Pt(14)
    path = Path(path)
    doc.save(str(path))
    return path
