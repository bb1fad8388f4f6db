"""The period report as an editable Word file (offices polish reports in Word before
signing): the same content and look as the PDF — Times New Roman 14, the letterhead as a
borderless two-column table sized like the PDF's, plain bold headings (never Word's blue
Heading styles), the tables' column widths and alignments, first-line indents, bold
totals, page numbers at the top from page 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib.units import mm

from ...domain.periods import Period
from ...domain.text import format_date_long, nfc
from ...store.db import Store
from ...store.profile import get_profile
from .fonts import register_fonts
from .layout import BLANK, PARTY_LINE, Margins, head_share, margins_of, number_text, sign_share
from .letterhead_state import QUOC_HIEU, TIEU_NGU, from_party_number
from .period_report import ROMAN
from .report_content import FigureTable, build_content

FONT = "Times New Roman"
LEFT, CENTER, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER,
                                WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY)


def _line(cell_or_doc, text: str, size: float = 14, bold: bool = False, italic: bool = False,
          align=CENTER, underline: bool = False, indent: bool = False, after: float = 0,
          raw: bool = False):
    # A new table cell already holds one empty paragraph: write into it first.
    first = cell_or_doc.paragraphs[0] if hasattr(cell_or_doc, "_tc") else None
    if first is not None and len(cell_or_doc.paragraphs) == 1 and not first.runs:
        paragraph = first
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text if raw else nfc(text))  # raw: keeps the blank for a number
    run.font.name, run.font.size = FONT, Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(0), Pt(after)
    if indent:
        form.first_line_indent = Mm(10)
        form.line_spacing = 1.15
    return paragraph


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice otherwise share the width equally)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _page_numbers(section) -> None:
    """The page number centred at the top, from page 2 (page 1 has an empty header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.name, run.font.size = FONT, Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _figure_table(doc, table: FigureTable, width: float) -> None:
    _keep_with_next(_line(doc, table.title, bold=True, align=LEFT, after=3))
    first = 0.34 if len(table.headers) > 3 else 0.5
    rest = (1 - first) / (len(table.headers) - 1)
    shares = ([0.1, 0.6, 0.3] if table.headers[0] == "STT"
              else [first] + [rest] * (len(table.headers) - 1))
    text_columns = {0, 1} if table.headers[0] == "STT" else {0}
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _line(cell, header, 11, bold=True)
    for row in table.rows:
        bold = "Tổng cộng" in row[:2]
        cells = grid.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _line(cell, value, 11, bold=bold, align=LEFT if index in text_columns else RIGHT)
    _widths(grid, [width * s for s in shares])
    _cell_margins(grid)
    for row in grid.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _line(doc, "", 6)


def _cell_margins(table, top: int = 40, bottom: int = 60, sides: int = 60) -> None:
    """Room inside the cells (twentieths of a point), as the PDF's tables have."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("bottom", bottom), ("left", sides), ("right", sides)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _letterhead(doc, profile, number: str, on: dt.date, width: float) -> None:
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    state = profile.letterhead == "nha_nuoc"  # NĐ 30/2020 for bodies outside the Party (MTTQ)
    for text, bold in ((profile.parent_body_1.upper(), False), (profile.parent_body_2.upper(), False),
                       (profile.issuing_body.upper(), True), ("" if state else "*", False)):
        if text:
            _line(left, text, bold=bold)
    number = from_party_number(number) if state else number
    _line(left, number, raw=BLANK in number)
    if state:  # Quốc hiệu over the Tiêu ngữ, underlined as long as the line
        _line(right, QUOC_HIEU, 12, bold=True)  # NĐ 30: 12–13 pt
        _line(right, TIEU_NGU, 14, bold=True, underline=True, after=8)
    else:  # Underlining the whole line gives the rule HD 36 asks for: exactly as long as the line.
        _line(right, PARTY_LINE, 15, bold=True, underline=True, after=8)
    _line(right, format_date_long(on, profile.place), italic=True)
    share = 0.4 if state else head_share(profile, register_fonts(), width * mm)
    _widths(head, [width * share, width * (1 - share)])
    _cell_margins(head, 0, 0, 0)  # as the PDF: the columns' whole width for the lines


def _signature(doc, profile, width: float) -> None:
    sign = doc.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    _line(recipients, "Nơi nhận:", 12, bold=True, italic=True, underline=True, align=LEFT)
    for line in profile.recipients:
        if nfc(line):
            _line(recipients, f"- {line}", 12, align=LEFT)
    for text in (profile.signer_authority, profile.signer_title):
        if nfc(text):
            _line(signer, text.upper(), bold=True)
    for _ in range(4):
        _line(signer, "")
    _line(signer, profile.signer_name, bold=True)
    share = sign_share(profile, register_fonts(), width * mm)
    _widths(sign, [width * (1 - share), width * share])
    _cell_margins(sign, 0, 0, 0)
    for row in sign.rows:  # the signature block never splits over two pages
        row_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        row_pr.append(cant)


def build_report_docx(store: Store, period: Period, path: str | Path, commune_id: int | None = None,
                      margins: Margins | None = None, on: dt.date | None = None,
                      number: str | None = None) -> Path:
    margins = margins or margins_of(store)
    content = build_content(store, period, commune_id, number)
    profile = get_profile(store)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance = Mm(margins.top / 3)
    width = 210 - margins.left - margins.right
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _page_numbers(section)

    _letterhead(doc, profile, number_text(content.number, "BC", profile.doc_code),
                on or dt.date.today(), width)
    _line(doc, "BÁO CÁO", 16, bold=True).paragraph_format.space_before = Pt(12)
    _line(doc, content.summary, bold=True, after=10)
    found = _sections(content)
    for index, (title, paragraphs, tables) in enumerate(found):
        _keep_with_next(_line(doc, f"{ROMAN[index]}. {title}", bold=True, align=LEFT, after=3))
        for text in paragraphs:
            _line(doc, text, align=JUSTIFY, indent=True, after=4)
        for table in tables:
            _figure_table(doc, table, width)
    _signature(doc, profile, width)
    path = Path(path)
    doc.save(str(path))
    return path


def _sections(content) -> list[tuple[str, list[str], list[FigureTable]]]:
    """The same sections as the PDF: those with nothing written are left out."""
    found = [("KẾT QUẢ THỰC HIỆN", content.overview, content.tables)]
    if content.notable:
        found.append(("MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU",
                      [f"{n}. {text}" for n, text in enumerate(content.notable, 1)], []))
    for title, text in (("HẠN CHẾ", content.limitations),
                        ("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", content.directions)):
        paragraphs = [p for p in (text or "").split("\n") if p.strip()]
        if paragraphs:
            found.append((title, paragraphs, []))
    return found
